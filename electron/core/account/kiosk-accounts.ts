import { randomUUID } from 'node:crypto';
import { hashPassword, isAtCurrentCost, needsRehash, verifyPassword } from '../auth/password-hash';
import type { CustomersRepo } from '../store/customers-repo';
import type { AccountStore } from './account-store';

/**
 * Verified against for unknown IDs so they cost as much as a wrong password. A
 * fixed hash (at the current parameters) of a random password nobody kept, so
 * start-up spends no KDF work on it.
 */
export const UNKNOWN_ID_HASH = 'scrypt$131072$8$1$Lq86GgQIs053SnLUZ9IERg==$f6TJPs/pO5w9jUtB+EDyfvjx023UwHKVWTeZFdnnSBo=';

/** The unknown-ID hash at the cost new hashes get now (another only under the unit tests' cheaper KDF). */
let unknownIdHashAtCost: Promise<string> | undefined;
function unknownIdHash(): Promise<string> {
  if (isAtCurrentCost(UNKNOWN_ID_HASH)) return Promise.resolve(UNKNOWN_ID_HASH);
  unknownIdHashAtCost ??= hashPassword(randomUUID());
  return unknownIdHashAtCost;
}

/**
 * The accounts in the kiosk's own store (SQLite or the shop's PostgreSQL):
 * passwords as the kiosk's scrypt hashes (or imported ones, upgraded at the
 * next sign-in); an ID's uniqueness is the store's, decided in the change's
 * own transaction.
 */
export function createKioskAccounts(customers: CustomersRepo, now: () => number): AccountStore {
  return {
    find: (idKey) => customers.findByKey(idKey),
    findByContactMail: (contactMail) => customers.findByContactMail(contactMail),
    async checkPassword(customer, password) {
      return (await verifyPassword(password, customer?.passwordHash ?? (await unknownIdHash()))) ? 'ok' : 'wrong';
    },
    async passwordAccepted(customer, password) {
      if (needsRehash(customer.passwordHash)) await customers.setPasswordHash(customer.id, await hashPassword(password), now());
    },
    isCurrentPassword: (customer, password) => verifyPassword(password, customer.passwordHash),
    setPassword: async (_customer, password) => ({ stored: await hashPassword(password) }),
    changeId: async () => 'ok',
  };
}
