import type { Reason } from '../../../shared/contract/reasons';
import type { PasswordChangeCompletion, PasswordChangeStart } from '../../../shared/contract/models';
import { fail, ok, type KioskError, type KioskResult } from '../../../shared/contract/result';
import { passwordMessages, type NewPasswordInput } from '../../../shared/rules/password';
import { ProcedureSessions } from '../auth/procedure-sessions';
import type { CustomerSession } from '../auth/session-registry';
import type { SignInService } from '../auth/sign-in-service';
import { calendarDay } from '../../../shared/domain/calendar-day';
import type { PasswordSource } from '../account/account-store';
import { RECORDED_LATER, type JournalEntry } from '../account/change-journal';
import type { Customer } from '../store/customers-repo';
import { recordPassword } from '../account/change-records';
import type { Store } from '../store/store';
import { CredentialsChangedError } from '../store/store-errors';
import { newPasswordRefusal, policyRefusal } from './new-password-rules';
import type { ProcedureDeps } from '../auth/procedure-deps';

/**
 * Where a customer is in the password change. The new password lives only
 * here, in memory, for this session: for the commit and then for the print
 * view; never in the DB, logs or mail.
 */
type Procedure =
  | { step: 'entering' }
  | { step: 'confirming'; currentPassword: string; newPassword: string }
  /** `procedureId` undefined: the directory made the change and the journal records it later. */
  | { step: 'done'; completion: PasswordChangeCompletion; procedureId: number | undefined };

export interface PasswordChangeDeps extends ProcedureDeps {
  store: Pick<Store, 'customers' | 'procedures'>;
  signIn: SignInService;
}

export interface PasswordInput {
  currentPassword: string;
  newPassword: string;
  newPasswordAgain: string;
}

const field = (name: keyof PasswordInput, reason: Reason) => fail('invalid_input', { field: name, reason });

/** The password change (docs/product.md, "5. パスワードの変更"): enter (checked) → confirm → commit. */
export function createPasswordChangeService(deps: PasswordChangeDeps) {
  const { store, accounts, journal, sessions, signIn, mailer, log, now } = deps;
  const inProgress = new ProcedureSessions<Procedure>(sessions, store.customers);
  const context = (windowId: string) => inProgress.context(windowId);

  /**
   * The new password's hash (or a directory's marker), its audit row and the
   * confirmation mail in one transaction; every other session of the customer
   * ends (here at once, at the shop's other kiosks when they next check the
   * store: SESSION_CHECK_MS). Undefined when the credentials changed elsewhere
   * first: nothing was written or mailed, and this session has ended. A
   * directory's change the store could not record now: RECORDED_LATER.
   */
  async function storeChange(session: CustomerSession, stored: string, at: number, entry: JournalEntry): Promise<number | typeof RECORDED_LATER | undefined> {
    // Known to this session before the store says so: the session check never takes this change for another kiosk's.
    const knew = session.passwordChangedAt;
    sessions.passwordChanged(session.windowId, at);
    let procedureId: number | typeof RECORDED_LATER;
    try {
      // Only the credentials this session signed in with, in the kiosk's store: another kiosk, staff or a reset may have replaced them.
      // A directory has decided already (bound with the current password): what it made is recorded.
      const ifVersion = accounts.external ? {} : { ifVersion: session.credentialVersion };
      procedureId = await entry.record((tx) =>
        recordPassword(tx, 'password_change', { customerId: session.customerId, at, mailFrom: deps.mailFrom(), stored, ...ifVersion }),
      );
    } catch (error) {
      sessions.passwordChanged(session.windowId, knew);
      if (error instanceof CredentialsChangedError) {
        sessions.end(session.windowId, 'replaced');
        return undefined;
      }
      throw error;
    }
    sessions.credentialsChanged(session.windowId, session.credentialVersion + 1);
    sessions.endCustomer(session.customerId, session.windowId);
    mailer.nudge();
    return procedureId;
  }

  /**
   * The new password made in the account store, journalled first where that
   * store is outside the kiosk's: what the kiosk's transaction then records,
   * or the policy's refusal, or `not_signed_in` when the customer left
   * meanwhile (the kiosk's own store then changes nothing; a directory's
   * change is recorded all the same).
   */
  async function setInAccountStore(
    windowId: string,
    ctx: { customer: Customer; session: CustomerSession },
    password: string,
    source: PasswordSource,
  ): Promise<{ stored: string; entry: JournalEntry } | KioskError> {
    const entry = await journal.begin(ctx.customer, { kind: 'password_change' });
    const set = await accounts.setPassword(ctx.customer, password, source);
    if ('refused' in set) {
      await entry.drop();
      return policyRefusal(set.refused);
    }
    if (sessions.get(windowId)?.sessionId !== ctx.session.sessionId) {
      await entry.recordNow();
      return fail('not_signed_in');
    }
    return { stored: set.stored, entry };
  }

  const service = {
    async start(windowId: string): Promise<KioskResult<PasswordChangeStart>> {
      const ctx = await context(windowId);
      if (!ctx) return fail('not_signed_in');
      inProgress.set(ctx.session, { step: 'entering' });
      return ok({ itscomId: ctx.customer.itscomId });
    },

    /** Step 1: every rule, then the current password (which counts toward the lockout). */
    async check(windowId: string, input: PasswordInput): Promise<KioskResult<null>> {
      const ctx = await context(windowId);
      if (!ctx) return fail('not_signed_in');
      if (!ctx.procedure || ctx.procedure.step === 'done') return fail('out_of_order');
      const refusal = newPasswordRefusal(input, ctx.customer.itscomId);
      if (refusal) return refusal;
      const outcome = await signIn.checkPassword(ctx.customer, input.currentPassword);
      if (outcome === 'locked') {
        sessions.end(windowId, 'signed_out');
        return fail('account_locked');
      }
      if (outcome === 'wrong') return field('currentPassword', passwordMessages.wrongCurrent);
      if (input.newPassword === input.currentPassword) return field('newPassword', passwordMessages.sameAsCurrent);
      // The customer may have left while the current password was checked: then the new one is not kept.
      if (!inProgress.set(ctx.session, { step: 'confirming', currentPassword: input.currentPassword, newPassword: input.newPassword })) return fail('not_signed_in');
      return ok(null);
    },

    /** Step 2's 「戻る」: the new password is dropped; step 1 starts empty. */
    async back(windowId: string): Promise<KioskResult<null>> {
      const ctx = await context(windowId);
      if (!ctx) return fail('not_signed_in');
      inProgress.set(ctx.session, { step: 'entering' });
      return ok(null);
    },

    /** Step 2's 「登録」: hash, then hash + audit row + confirmation mail in one transaction. */
    async commit(windowId: string): Promise<KioskResult<PasswordChangeCompletion>> {
      const ctx = await context(windowId);
      if (!ctx) return fail('not_signed_in');
      const procedure = ctx.procedure;
      if (procedure?.step !== 'confirming') return fail('out_of_order');
      const set = await setInAccountStore(windowId, ctx, procedure.newPassword, { by: 'customer', current: procedure.currentPassword });
      if ('ok' in set) return set;
      const at = now();
      const changedOn = calendarDay(at);
      const procedureId = await storeChange(ctx.session, set.stored, at, set.entry);
      if (procedureId === undefined) return fail('session_ended');
      const completion = { newPassword: procedure.newPassword, changedOn };
      inProgress.set(ctx.session, { step: 'done', completion, procedureId: procedureId === RECORDED_LATER ? undefined : procedureId });
      log.info('password changed', { customerId: ctx.customer.id });
      return ok(completion);
    },

    /**
     * 「新しいパスワードを設定してください」: a customer signed in with a
     * staff-issued temporary password replaces it before anything else opens.
     */
    async setRequired(windowId: string, input: NewPasswordInput): Promise<KioskResult<null>> {
      const ctx = await context(windowId);
      if (!ctx) return fail('not_signed_in');
      if (!ctx.session.mustChangePassword) return fail('out_of_order');
      const refusal = newPasswordRefusal(input, ctx.customer.itscomId);
      if (refusal) return refusal;
      // The temporary password was on paper: it must not become the customer's own.
      if (await accounts.isCurrentPassword(ctx.customer, input.newPassword)) return field('newPassword', passwordMessages.sameAsTemporary);
      const set = await setInAccountStore(windowId, ctx, input.newPassword, { by: 'replacing-temporary' });
      if ('ok' in set) return set;
      if ((await storeChange(ctx.session, set.stored, now(), set.entry)) === undefined) return fail('session_ended');
      sessions.passwordSet(windowId);
      log.info('temporary password replaced', { customerId: ctx.customer.id });
      return ok(null);
    },

    /** 「お客さまの声をお聞かせください」: one tap, stored with the procedure, no personal data. */
    async rate(windowId: string, rating: number): Promise<KioskResult<null>> {
      const ctx = await context(windowId);
      if (!ctx) return fail('not_signed_in');
      if (ctx.procedure?.step !== 'done') return fail('out_of_order');
      // A change the journal records later has no audit row yet: the rating is thanked for and not kept.
      if (ctx.procedure.procedureId === undefined) return ok(null);
      return (await store.procedures.rate(ctx.procedure.procedureId, rating)) ? ok(null) : fail('out_of_order');
    },

    finish: (windowId: string) => inProgress.finish(windowId),

    completion(windowId: string): PasswordChangeCompletion | undefined {
      const procedure = inProgress.current(windowId);
      return procedure?.step === 'done' ? procedure.completion : undefined;
    },
  };
  return service;
}

export type PasswordChangeService = ReturnType<typeof createPasswordChangeService>;
