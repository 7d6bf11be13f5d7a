import type { CustomerSummary } from '../../../shared/contract/models';
import { fail, ok, type KioskResult } from '../../../shared/contract/result';
import type { SignInInput } from '../../../shared/rules/sign-in';
import { itscomIdKey } from '../../../shared/domain/itscom-id';
import type { Customer, CustomersRepo } from '../store/customers-repo';
import type { Logger } from '../logger';
import { hashPassword, needsRehash, verifyPassword } from './password-hash';
import type { SessionRegistry } from './session-registry';

export const MAX_SIGN_IN_FAILURES = 5;
export const LOCK_MILLISECONDS = 15 * 60 * 1000;
/**
 * Verified against for unknown IDs so they cost as much as a wrong password. A
 * fixed hash (at the current parameters) of a random password nobody kept, so
 * start-up spends no KDF work on it.
 */
export const UNKNOWN_ID_HASH = 'scrypt$131072$8$1$Lq86GgQIs053SnLUZ9IERg==$f6TJPs/pO5w9jUtB+EDyfvjx023UwHKVWTeZFdnnSBo=';
/** Bounds the memory spent on failures for IDs that do not exist. */
const MAX_UNKNOWN_TRACKED = 10_000;

interface FailureState {
  failures: number;
  lockedUntil: number | null;
}

export interface SignInDeps {
  customers: CustomersRepo;
  sessions: SessionRegistry;
  log: Logger;
  now: () => number;
}

/**
 * Sign-in with lockout. Unknown IDs get the same answer, the same KDF work and
 * the same lockout as real ones, so the kiosk never tells whether an ID exists.
 */
export function createSignInService(deps: SignInDeps) {
  const { customers, sessions, log, now } = deps;
  const unknownIdFailures = new Map<string, FailureState>();

  function afterFailure(state: FailureState, at: number): FailureState {
    const failures = state.failures + 1;
    return failures >= MAX_SIGN_IN_FAILURES
      ? { failures, lockedUntil: at + LOCK_MILLISECONDS }
      : { failures, lockedUntil: null };
  }

  /** A lock that has run out starts the count again. */
  function current(state: FailureState, at: number): FailureState {
    return state.lockedUntil !== null && state.lockedUntil <= at ? { failures: 0, lockedUntil: null } : state;
  }

  async function signInUnknown(key: string, password: string): Promise<KioskResult<CustomerSummary>> {
    const at = now();
    const state = current(unknownIdFailures.get(key) ?? { failures: 0, lockedUntil: null }, at);
    if (state.lockedUntil !== null) return fail('account_locked');
    await verifyPassword(password, UNKNOWN_ID_HASH);
    const next = afterFailure(state, at);
    if (unknownIdFailures.size >= MAX_UNKNOWN_TRACKED) unknownIdFailures.clear();
    unknownIdFailures.set(key, next);
    return fail(next.lockedUntil === null ? 'invalid_credentials' : 'account_locked');
  }

  /**
   * Checks a known customer's password with the lockout rules: used by sign-in
   * and by every later password re-entry, so all wrong entries count alike.
   */
  async function checkPassword(customer: Customer, password: string): Promise<'ok' | 'wrong' | 'locked'> {
    const at = now();
    const state = current({ failures: customer.failedSignIns, lockedUntil: customer.lockedUntil }, at);
    if (state.lockedUntil !== null) {
      log.info('password refused: locked', { customerId: customer.id });
      return 'locked';
    }
    if (!(await verifyPassword(password, customer.passwordHash))) {
      // Re-read after the await: another attempt may have counted meanwhile.
      const fresh = customers.findById(customer.id) ?? customer;
      const next = afterFailure(current({ failures: fresh.failedSignIns, lockedUntil: fresh.lockedUntil }, now()), now());
      customers.setSignInFailures(customer.id, next.failures, next.lockedUntil, now());
      log.info('wrong password', { customerId: customer.id, failures: next.failures });
      return next.lockedUntil === null ? 'wrong' : 'locked';
    }
    customers.setSignInFailures(customer.id, 0, null, now());
    if (needsRehash(customer.passwordHash)) {
      customers.setPasswordHash(customer.id, await hashPassword(password), now());
    }
    return 'ok';
  }

  async function signIn(windowId: string, input: SignInInput): Promise<KioskResult<CustomerSummary>> {
    const epoch = sessions.epoch(windowId);
    const customer = customers.findByKey(itscomIdKey(input.itscomId));
    if (!customer) return signInUnknown(itscomIdKey(input.itscomId), input.password);
    const outcome = await checkPassword(customer, input.password);
    if (outcome !== 'ok') return fail(outcome === 'locked' ? 'account_locked' : 'invalid_credentials');
    // The window was reset (idle, crash, reload) while the password was checked: its next customer is not this one.
    if (sessions.epoch(windowId) !== epoch) return fail('not_signed_in');
    sessions.start(windowId, customer.id, now());
    log.info('signed in', { customerId: customer.id });
    return ok({ itscomId: customer.itscomId, isLegacyId: customer.isLegacyId });
  }

  return { signIn, checkPassword };
}

export type SignInService = ReturnType<typeof createSignInService>;
