import { randomUUID } from 'node:crypto';
import type { PasswordChangeCompletion, PasswordResetStart, ResetCodeSent } from '../../../shared/contract/models';
import { fail, ok, type KioskResult } from '../../../shared/contract/result';
import { calendarDay } from '../../../shared/domain/calendar-day';
import { itscomIdKey } from '../../../shared/domain/itscom-id';
import type { NewPasswordInput } from '../../../shared/rules/password';
import type { SentChallenge } from '../codes/code-challenge';
import { recordPassword } from '../account/change-records';
import { newPasswordRefusal, policyRefusal } from '../password-change/new-password-rules';
import { atLeast } from './even-answers';
import type { CodeProcedureDeps } from '../auth/procedure-deps';

/**
 * How long step 1, a resend and a code entry take at the least: the work
 * behind a known ID (a code stored, a mail queued) and an unknown one
 * (nothing) must not differ in time.
 */
export const EVEN_ANSWER_MS = 300;

/**
 * Where a window is in the reset. Nobody is signed in: the window holds it,
 * and loses it whenever the window is reset (idle, sign-out, reload). An
 * unknown ID walks the same steps, its challenge sent to nobody.
 */
type Reset =
  | { step: 'entering'; resetId: string }
  | { step: 'code_sent'; resetId: string; idKey: string; code: SentChallenge }
  | { step: 'verified'; resetId: string; customerId: number; itscomId: string }
  | { step: 'done'; resetId: string; completion: PasswordChangeCompletion };

export interface PasswordResetDeps extends CodeProcedureDeps {
  /** Tests shorten it; the kiosk uses EVEN_ANSWER_MS. */
  evenAnswerMs?: number;
}

/**
 * 「パスワードをお忘れの方」: ID → a code to the ID's contact address → a new
 * password → done. Every answer is the same for an ID that does not exist (no
 * mail goes out for it), in words and in time; the code is the ID change's
 * (codes/code-challenge.ts), bound to this reset and ID, its hourly sends
 * counted per typed ID. Steps of one window run one at a time (the dispatcher's line).
 */
export function createPasswordResetService(deps: PasswordResetDeps) {
  const { store, accounts, journal, sessions, codes, mailer, log, now } = deps;
  const evenAnswerMs = deps.evenAnswerMs ?? EVEN_ANSWER_MS;
  const resets = new Map<string, Reset>();

  /** The window was reset: its reset, its code and its completion are gone. */
  function forget(windowId: string): void {
    const reset = resets.get(windowId);
    resets.delete(windowId);
    codes.forgetWindow(windowId);
    if (reset?.step === 'code_sent' && reset.code.customerId !== null) {
      store.codes.endSession(reset.resetId, 'cancelled').catch((error: unknown) => {
        log.warn('code of an ended reset left to expire', { error: error instanceof Error ? error.message : 'unknown' });
      });
    }
  }
  sessions.onWindowReset(forget);

  /** Moves the window's reset on, unless the window was reset (or a new reset began) meanwhile. */
  function advance(windowId: string, from: Reset, next: Reset): boolean {
    if (resets.get(windowId)?.resetId !== from.resetId) return false;
    resets.set(windowId, next);
    return true;
  }

  /** A code for the ID's contact address, or, for an unknown ID, the same steps without one. */
  async function sendCode(windowId: string, reset: Reset, idKey: string): Promise<KioskResult<ResetCodeSent>> {
    const customer = await accounts.find(idKey);
    const sent = await codes.send({
      purpose: 'password_reset',
      windowId,
      sessionId: reset.resetId,
      // The ID's hourly sends, known or not: the limit itself tells nothing.
      sendSubject: `reset-send:${idKey}`,
      bindTo: idKey,
      // Found before the send's transaction: a directory's look-up is no query of the kiosk's store.
      recipient: customer && { customerId: customer.id, address: customer.contactMail },
      reportDelivery: false,
    });
    if (!sent.ok) return sent;
    if (!advance(windowId, reset, { step: 'code_sent', resetId: reset.resetId, idKey, code: sent.value })) return fail('out_of_order');
    return ok(codes.times(sent.value));
  }

  const service = {
    /** 「パスワードをお忘れの方」: a fresh reset for the window. */
    start(windowId: string): KioskResult<PasswordResetStart> {
      forget(windowId);
      resets.set(windowId, { step: 'entering', resetId: randomUUID() });
      return ok({ demoMailbox: deps.demoMailbox() });
    },

    /** Step 1. The same answer, after the same time, whether the ID exists or not. */
    async requestCode(windowId: string, itscomId: string): Promise<KioskResult<ResetCodeSent>> {
      const reset = resets.get(windowId);
      if (reset?.step !== 'entering' && reset?.step !== 'code_sent') return fail('out_of_order');
      // Back at the ID with a code already sent: a new send is a resend, and waits as one.
      const tooSoon = codes.resendRefusal(reset.step === 'code_sent' ? reset.code : undefined);
      if (tooSoon) return tooSoon;
      return atLeast(evenAnswerMs, () => sendCode(windowId, reset, itscomIdKey(itscomId)));
    },

    async resendCode(windowId: string): Promise<KioskResult<ResetCodeSent>> {
      const reset = resets.get(windowId);
      if (reset?.step !== 'code_sent') return fail('out_of_order');
      const tooSoon = codes.resendRefusal(reset.code);
      if (tooSoon) return tooSoon;
      return atLeast(evenAnswerMs, () => sendCode(windowId, reset, reset.idKey));
    },

    /** Step 2. A wrong, expired or cancelled code answers alike for every ID. */
    async verifyCode(windowId: string, code: string): Promise<KioskResult<null>> {
      const reset = resets.get(windowId);
      if (reset?.step !== 'code_sent') return fail('out_of_order');
      const check = await atLeast(evenAnswerMs, () => codes.check(reset.code, code));
      if (check.outcome === 'right') {
        const customer = reset.code.customerId === null ? undefined : await store.customers.findById(reset.code.customerId);
        if (!customer) return fail('code_expired');
        advance(windowId, reset, { step: 'verified', resetId: reset.resetId, customerId: customer.id, itscomId: customer.itscomId });
        return ok(null);
      }
      if (check.outcome === 'cancelled') log.info('password reset cancelled: wrong codes');
      // A wrong code stays at this step; an expired or cancelled one starts the reset again.
      if (check.outcome !== 'wrong') advance(windowId, reset, { step: 'entering', resetId: reset.resetId });
      return codes.refusal(check);
    },

    /** Step 3: the new password, the lockout cleared, every session ended, a notice and an audit row. */
    async commit(windowId: string, input: NewPasswordInput): Promise<KioskResult<PasswordChangeCompletion>> {
      const reset = resets.get(windowId);
      if (reset?.step !== 'verified') return fail('out_of_order');
      const refusal = newPasswordRefusal(input, reset.itscomId);
      if (refusal) return refusal;
      const customer = await store.customers.findById(reset.customerId);
      if (!customer) return fail('code_expired');
      const entry = await journal.begin(customer, { kind: 'password_reset' });
      const set = await accounts.setPassword(customer, input.newPassword, { by: 'reset' });
      if ('refused' in set) {
        await entry.drop();
        return policyRefusal(set.refused);
      }
      // The window may have been reset during the hashing: a kiosk's own store then changes nothing; a directory's change is recorded.
      if (resets.get(windowId)?.resetId !== reset.resetId) {
        await entry.recordNow();
        return fail('out_of_order');
      }
      const at = now();
      const changedOn = calendarDay(at);
      // The reset replaces whatever the credentials are now (read in the transaction); the lockout ends with it.
      await entry.record((tx) => recordPassword(tx, 'password_reset', { customerId: customer.id, at, mailFrom: deps.mailFrom(), stored: set.stored }));
      const completion = { newPassword: input.newPassword, changedOn };
      advance(windowId, reset, { step: 'done', resetId: reset.resetId, completion });
      // Sessions opened with the old password end: here at once, at the shop's other kiosks at their next check.
      sessions.endCustomer(reset.customerId, windowId);
      log.info('password reset', { customerId: reset.customerId });
      mailer.nudge();
      return ok(completion);
    },

    /** 「ログイン画面へ」 or the print view closed: the new password is gone for good. */
    finish(windowId: string): KioskResult<null> {
      forget(windowId);
      return ok(null);
    },

    /** The window's completed reset, for the print view. */
    completion(windowId: string): PasswordChangeCompletion | undefined {
      const reset = resets.get(windowId);
      return reset?.step === 'done' ? reset.completion : undefined;
    },

  };
  return service;
}

export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
