import { nobodyHash } from '../auth/nobody-hash';
import { hashPassword, needsRehash, verifyPassword } from '../auth/password-hash';
import type { CustomersRepo } from '../store/customers-repo';
import type { AccountStore } from './account-store';

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
      return (await verifyPassword(password, customer?.passwordHash ?? (await nobodyHash()))) ? 'ok' : 'wrong';
    },
    async passwordAccepted(customer, password) {
      if (needsRehash(customer.passwordHash)) await customers.setPasswordHash(customer.id, await hashPassword(password), now());
    },
    isCurrentPassword: (customer, password) => verifyPassword(password, customer.passwordHash),
    setPassword: async (_customer, password) => ({ stored: await hashPassword(password) }),
    changeId: async () => 'ok',
  };
}
