import type { CustomerSummary } from '../../../shared/contract/models';
import { fail, ok, type KioskResult } from '../../../shared/contract/result';
import type { SignInInput } from '../../../shared/rules/sign-in';
import { itscomIdKey } from '../../../shared/domain/itscom-id';
import type { AccountStore } from '../account/account-store';
import type { Customer } from '../store/customers-repo';
import type { Logger } from '../logger';
import type { SessionRegistry } from './session-registry';
import { createCountedAttempts } from './counted-attempt';
import type { AttemptLimits, AttemptsRepo } from '../store/attempts-repo';

export const MAX_SIGN_IN_FAILURES = 5;
export const LOCK_MILLISECONDS = 15 * 60 * 1000;
/** Failures count within this window and expire after it. */
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const SIGN_IN_LIMITS: AttemptLimits = {
  max: MAX_SIGN_IN_FAILURES,
  windowMs: FAILURE_WINDOW_MS,
  lockMs: LOCK_MILLISECONDS,
  leaseMs: 30_000,
};
/** The counter of an iTSCOM ID, known or not: the same row, the same rules. */
export const signInSubject = (key: string) => `signin:${key}`;

export interface SignInDeps {
  accounts: AccountStore;
  attempts: AttemptsRepo;
  sessions: SessionRegistry;
  log: Logger;
  now: () => number;
}

/**
 * Sign-in with lockout. Each attempt is counted in the store before the
 * password is checked, one attempt per ID at a time; unknown IDs take the same
 * path (a counter of their own, the same KDF work, the same answers), so no
 * burst tells which IDs exist.
 */
export function createSignInService(deps: SignInDeps) {
  const { accounts, attempts, sessions, log, now } = deps;
  const counted = createCountedAttempts(attempts, now);

  /**
   * One counted attempt of `password` for the ID `key`, against the customer
   * found *inside* the attempt (after it is counted and in line), so a known
   * and an unknown ID take the very same steps in the same order.
   */
  async function attempt(key: string, password: string, find: () => Promise<Customer | undefined>) {
    let customer: Customer | undefined;
    let verdict = 'wrong' as 'ok' | 'wrong' | 'locked';
    const counting = await counted(signInSubject(key), SIGN_IN_LIMITS, async () => {
      customer = await find();
      verdict = await accounts.checkPassword(customer, password);
      return verdict === 'ok';
    });
    // An account its own store has locked (a directory's password policy) answers as locked here too.
    const outcome = counting.outcome === 'wrong' && verdict === 'locked' ? 'locked' : counting.outcome;
    if (customer) {
      if (outcome === 'ok') await accounts.passwordAccepted(customer, password);
      log.info(outcome === 'ok' ? 'password accepted' : outcome === 'wrong' ? 'wrong password' : 'password refused: locked', {
        customerId: customer.id,
      });
    }
    return { outcome, customer };
  }

  /**
   * Checks a known customer's password with the lockout rules: used by every
   * password re-entry after sign-in, so all wrong entries count alike.
   */
  async function checkPassword(customer: Customer, password: string): Promise<'ok' | 'wrong' | 'locked'> {
    return (await attempt(itscomIdKey(customer.itscomId), password, async () => customer)).outcome;
  }

  async function signIn(windowId: string, input: SignInInput): Promise<KioskResult<CustomerSummary>> {
    const epoch = sessions.epoch(windowId);
    const key = itscomIdKey(input.itscomId);
    const { outcome, customer } = await attempt(key, input.password, () => accounts.find(key));
    if (outcome !== 'ok' || !customer) return fail(outcome === 'locked' ? 'account_locked' : 'invalid_credentials');
    // Told only to whoever knows the password: the slip's holder, who must go back to staff.
    const temporary = customer.temporaryPasswordExpiresAt;
    if (temporary !== null && now() >= temporary) {
      log.info('temporary password refused: expired', { customerId: customer.id });
      return fail('temporary_password_expired');
    }
    // The window was reset (idle, crash, reload) while the password was checked: its next customer is not this one.
    if (sessions.epoch(windowId) !== epoch) return fail('not_signed_in');
    const mustChangePassword = temporary !== null;
    sessions.start(windowId, customer.id, now(), {
      passwordChangedAt: customer.passwordChangedAt,
      mustChangePassword,
      credentialVersion: customer.credentialVersion,
    });
    log.info('signed in', { customerId: customer.id, temporaryPassword: mustChangePassword });
    return ok({ itscomId: customer.itscomId, isLegacyId: customer.isLegacyId, mustChangePassword });
  }

  return { signIn, checkPassword };
}

export type SignInService = ReturnType<typeof createSignInService>;
