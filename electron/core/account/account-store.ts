import type { Customer } from '../store/customers-repo';
import type { PendingChange } from './change-journal';

/** How a new password comes: the customer's own change (with the current one), a reset by mailed code, staff's temporary one, or the customer's replacement of a temporary one. */
export type PasswordSource =
  | { by: 'customer'; current: string }
  | { by: 'reset' }
  | { by: 'staff-temporary' }
  | { by: 'replacing-temporary' };

/** Why the account store's own password policy refused a new password (a directory's; the kiosk's rules come before). */
export type PasswordRefusal = 'in_history' | 'quality' | 'too_young';

/**
 * Where customers' accounts live, as the core reads and changes them: the
 * kiosk's own store (kiosk-accounts.ts) or the provider's directory (directory-accounts.ts).
 * Everything the kiosk itself owns (procedures, codes, attempts and lockouts,
 * outbox, settings, staff, audit) stays in the kiosk's store either way, and
 * each customer keeps a row there (the id procedures and codes refer to).
 *
 * Changes come in two steps: the account store first (a directory changes
 * there), then the kiosk's transaction records the change (a new password's
 * hash, or the marker a directory's row keeps), the procedure and its mail.
 * A change made outside the kiosk's store is journalled before it is made, so
 * a kiosk that stops between the two steps leaves it to be recorded later.
 */
export interface AccountStore {
  /** The customer with this ID key (mail-form IDs compare case-insensitively). */
  find(idKey: string): Promise<Customer | undefined>;
  /** The customers whose contact address is `contactMail` (letter case aside), for staff's ID look-up. */
  findByContactMail(contactMail: string): Promise<Customer[]>;
  /**
   * Checks a password. `undefined` (an unknown ID) takes the same work as a
   * known customer's wrong password, so timing tells nothing.
   */
  checkPassword(customer: Customer | undefined, password: string): Promise<'ok' | 'wrong' | 'locked'>;
  /** After a right password: an old or imported hash upgraded to today's, where the kiosk keeps hashes. */
  passwordAccepted(customer: Customer, password: string): Promise<void>;
  /** Whether `password` is the one the customer has now, checked without counting as an attempt (a temporary one must not become the customer's own). */
  isCurrentPassword(customer: Customer, password: string): Promise<boolean>;
  /** Makes `password` the customer's in the account store; `stored` is what the kiosk's transaction writes to the customer's row. */
  setPassword(customer: Customer, password: string, source: PasswordSource): Promise<{ stored: string } | { refused: PasswordRefusal }>;
  /** A new ID (and contact address) in the account store, before the kiosk's transaction; 'taken' when another account holds it. */
  changeId(customer: Customer, newItscomId: string, contactMail: string): Promise<'ok' | 'taken'>;
  /** Present where changes are made outside the kiosk's store (a directory): the kiosk journals them (change-journal.ts). */
  readonly external?: ExternalChanges;
}

/** What the change journal asks of an account store whose changes are made outside the kiosk's store. */
export interface ExternalChanges {
  /** The password's state now (a directory's pwdChangedTime; null before its first change), journalled before a password change. */
  passwordMark(customer: Customer): Promise<string | null>;
  /** Whether a journalled change has been made (the password's mark moved on, the account has the new ID). */
  happened(customer: Customer, change: PendingChange): Promise<boolean>;
  /** What the customer's row in the kiosk's store holds for a password kept outside it. */
  readonly storedPassword: string;
}
