import { randomUUID } from 'node:crypto';
import { hashPassword, isAtCurrentCost } from './password-hash';

/**
 * Verified against for unknown IDs (and unknown staff numbers) so they cost as
 * much as a wrong password. A fixed hash (at the current parameters) of a
 * random password nobody kept, so start-up spends no KDF work on it.
 */
export const UNKNOWN_ID_HASH = 'scrypt$131072$8$1$Lq86GgQIs053SnLUZ9IERg==$f6TJPs/pO5w9jUtB+EDyfvjx023UwHKVWTeZFdnnSBo=';

/** The unknown-ID hash at the cost new hashes get now (another only under the unit tests' cheaper KDF). */
let atCost: Promise<string> | undefined;
export function nobodyHash(): Promise<string> {
  if (isAtCurrentCost(UNKNOWN_ID_HASH)) return Promise.resolve(UNKNOWN_ID_HASH);
  atCost ??= hashPassword(randomUUID());
  return atCost;
}
