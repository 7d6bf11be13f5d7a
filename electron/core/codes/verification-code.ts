import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const CODE_DIGITS = 6;

/** Six digits from the OS CSPRNG, leading zeros kept. */
export function newVerificationCode(): string {
  return String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
}

/** What a code is bound to: a code for one customer, session or address is wrong for any other. */
export interface CodeBinding {
  customerId: number;
  sessionId: string;
  newIdKey: string;
}

/**
 * Keyed hashes of codes. The key lives only in this process's memory: a stolen
 * database holds nothing a 10^6 brute force could check, and a restart (which
 * ends every session, and so every code) needs no key.
 */
export class CodeHasher {
  private readonly key = randomBytes(32);

  hash(code: string, binding: CodeBinding): string {
    return createHmac('sha256', this.key)
      .update(JSON.stringify([binding.customerId, binding.sessionId, binding.newIdKey, code]))
      .digest('base64');
  }

  matches(code: string, binding: CodeBinding, storedHash: string): boolean {
    const expected = Buffer.from(storedHash, 'base64');
    const actual = Buffer.from(this.hash(code, binding), 'base64');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
