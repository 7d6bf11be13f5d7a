import { randomUUID } from 'node:crypto';
import type { PasswordChangeCompletion, PasswordResetStart, ResetCodeSent } from '../../../shared/contract/models';
import { fail, ok, type KioskResult } from '../../../shared/contract/result';
import { calendarDay } from '../../../shared/domain/calendar-day';
import { itscomIdKey } from '../../../shared/domain/itscom-id';
import type { NewPasswordInput } from '../../../shared/rules/password';
import { oneAtATime } from '../auth/one-at-a-time';
import { hashPassword } from '../auth/password-hash';
import type { SessionRegistry } from '../auth/session-registry';
import { signInSubject } from '../auth/sign-in-service';
import { checkStoredCode, codeRefusal, MAX_WRONG_CODES, type CodeCheck } from '../codes/code-check';
import { RESEND_WAIT_MS, resendRefusal, takeHourlySend } from '../codes/hourly-sends';
import { CodeHasher, newVerificationCode, type CodeBinding } from '../codes/verification-code';
import type { Logger } from '../logger';
import type { OutboxWorker } from '../mail/outbox-worker';
import { newMessageId, queueMail } from '../mail/queue-mail';
import type { SecretSlots } from '../mail/secret-slots';
import { passwordResetCodeMail, passwordResetMail } from '../mail/templates';
import { newPasswordRefusal } from '../password-change/new-password-rules';
import type { Store } from '../store/store';
import { CredentialsChangedError } from '../store/store-errors';
import { atLeast } from './even-answers';

/**
 * How long step 1, a resend and a code entry take at the least: the work
 * behind a known ID (a code stored, a mail queued) and an unknown one
 * (nothing) must not differ in time.
 */
export const EVEN_ANSWER_MS = 300;
/** A reset's code binds to this instead of a new address: an ID change's code is never a reset's. */
const RESET_PURPOSE = 'password-reset';

/**
 * Where a window is in the reset. Nobody is signed in: the window holds it,
 * and loses it whenever the window is reset (idle, sign-out, reload). An
 * unknown ID walks the same steps with its code checks kept here.
 */
type Reset =
  | { step: 'entering'; resetId: string }
  | { step: 'code_sent'; resetId: string; idKey: string; target: Target; sentAt: number }
  | { step: 'verified'; resetId: string; customerId: number; itscomId: string }
  | { step: 'done'; resetId: string; completion: PasswordChangeCompletion };

/** Whom the codes of a reset go to: a customer, or nobody (an unknown ID, answered alike). */
type Target = { customerId: number } | { customerId: null; expiresAt: number; wrongAttempts: number };

export interface PasswordResetDeps {
  store: Pick<Store, 'customers' | 'codes' | 'transaction'>;
  sessions: SessionRegistry;
  secrets: SecretSlots;
  mailer: Pick<OutboxWorker, 'kick'>;
  log: Logger;
  now: () => number;
  codeTtlMs: number;
  mailFrom: () => string;
  demoMailbox: () => boolean;
  /** Tests shorten it; the kiosk uses EVEN_ANSWER_MS. */
  evenAnswerMs?: number;
}

/**
 * 「パスワードをお忘れの方」: ID → a code to the ID's contact address → a new
 * password → done. Every answer is the same for an ID that does not exist (no
 * mail goes out for it), in words and in time; the code follows the ID
 * change's rules (TTL, single use, five wrong entries, a resend after 60 s, five
 * sends an hour per ID, a keyed hash bound to this reset and ID).
 */
export function createPasswordResetService(deps: PasswordResetDeps) {
  const { store, sessions, secrets, mailer, log, now } = deps;
  const evenAnswerMs = deps.evenAnswerMs ?? EVEN_ANSWER_MS;
  const hasher = new CodeHasher();
  const resets = new Map<string, Reset>();
  /** Message-IDs of each window's code mails: the demo mailbox shows the window these only. */
  const codeMails = new Map<string, string[]>();
  const inLine = oneAtATime();

  /** The window was reset: its reset, its code and its completion are gone. */
  function forget(windowId: string): void {
    const reset = resets.get(windowId);
    resets.delete(windowId);
    codeMails.delete(windowId);
    if (reset?.step === 'code_sent' && reset.target.customerId !== null) {
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

  const binding = (customerId: number, resetId: string, idKey: string): CodeBinding => ({
    customerId,
    sessionId: resetId,
    newIdKey: `${RESET_PURPOSE}:${idKey}`,
  });

  /** A code for the ID's contact address, or, for an unknown ID, the same steps without one. */
  async function sendCode(windowId: string, reset: Reset, idKey: string): Promise<KioskResult<ResetCodeSent>> {
    const at = now();
    const code = newVerificationCode();
    const expiresAt = at + deps.codeTtlMs;
    const messageId = newMessageId(deps.mailFrom());
    const sent = await store.transaction(async (tx): Promise<KioskResult<{ target: Target; mailId?: number }>> => {
      // The ID's hourly sends, known or not: the limit itself tells nothing.
      const allowed = await takeHourlySend(tx.rateEvents, `reset-send:${idKey}`, at);
      if (!allowed.ok) return allowed;
      const customer = await tx.customers.findByKey(idKey);
      if (!customer) return ok({ target: { customerId: null, expiresAt, wrongAttempts: 0 } });
      await tx.codes.lockCustomer(customer.id);
      const bound = binding(customer.id, reset.resetId, idKey);
      await tx.codes.insert({ ...bound, codeHash: hasher.hash(code, bound), createdAt: at, expiresAt });
      const mail = passwordResetCodeMail(Math.round(deps.codeTtlMs / 60_000));
      const mailId = await queueMail(tx.outbox, mail, { kind: 'password_reset_code', to: customer.contactMail, from: deps.mailFrom(), messageId, hasSecretSlot: true }, at);
      return ok({ target: { customerId: customer.id }, mailId });
    });
    if (!sent.ok) return sent;
    const { target, mailId } = sent.value;
    if (!advance(windowId, reset, { step: 'code_sent', resetId: reset.resetId, idKey, target, sentAt: at })) return fail('out_of_order');
    if (mailId !== undefined) {
      secrets.set(mailId, code, expiresAt);
      codeMails.set(windowId, [...(codeMails.get(windowId) ?? []), messageId]);
      log.info('reset code queued', { customerId: target.customerId, mailId });
      void mailer.kick();
    }
    return ok({ sentAt: at, resendAvailableAt: at + RESEND_WAIT_MS, expiresAt });
  }

  /** The entered code against the reset's target. */
  async function checkCode(reset: Extract<Reset, { step: 'code_sent' }>, code: string): Promise<KioskResult<null>> {
    const { target } = reset;
    const customerId = target.customerId;
    const check =
      customerId === null
        ? checkNoCode(target)
        : await store.transaction((tx) => checkStoredCode(tx.codes, hasher, binding(customerId, reset.resetId, reset.idKey), code, now()));
    return check.outcome === 'right' ? ok(null) : codeRefusal(check);
  }

  /** An unknown ID has no code: every entry is wrong, counted and expiring exactly as a stored one. */
  function checkNoCode(target: Extract<Target, { customerId: null }>): CodeCheck {
    if (now() >= target.expiresAt) return { outcome: 'expired' };
    target.wrongAttempts += 1;
    if (target.wrongAttempts >= MAX_WRONG_CODES) return { outcome: 'cancelled' };
    return { outcome: 'wrong', remainingAttempts: MAX_WRONG_CODES - target.wrongAttempts };
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
      const tooSoon = reset.step === 'code_sent' ? resendRefusal(reset.sentAt, now()) : undefined;
      if (tooSoon) return tooSoon;
      return atLeast(evenAnswerMs, () => sendCode(windowId, reset, itscomIdKey(itscomId)));
    },

    async resendCode(windowId: string): Promise<KioskResult<ResetCodeSent>> {
      const reset = resets.get(windowId);
      if (reset?.step !== 'code_sent') return fail('out_of_order');
      const tooSoon = resendRefusal(reset.sentAt, now());
      if (tooSoon) return tooSoon;
      return atLeast(evenAnswerMs, () => sendCode(windowId, reset, reset.idKey));
    },

    /** Step 2. A wrong, expired or cancelled code answers alike for every ID. */
    async verifyCode(windowId: string, code: string): Promise<KioskResult<null>> {
      const reset = resets.get(windowId);
      if (reset?.step !== 'code_sent') return fail('out_of_order');
      const result = await atLeast(evenAnswerMs, () => checkCode(reset, code));
      if (result.ok) {
        const customer = reset.target.customerId === null ? undefined : await store.customers.findById(reset.target.customerId);
        if (!customer) return fail('code_expired');
        advance(windowId, reset, { step: 'verified', resetId: reset.resetId, customerId: customer.id, itscomId: customer.itscomId });
      } else if (result.code === 'code_expired' || result.code === 'procedure_cancelled') {
        if (result.code === 'procedure_cancelled') log.info('password reset cancelled: wrong codes');
        advance(windowId, reset, { step: 'entering', resetId: reset.resetId });
      }
      return result;
    },

    /** Step 3: the new password, the lockout cleared, every session ended, a notice and an audit row. */
    async commit(windowId: string, input: NewPasswordInput): Promise<KioskResult<PasswordChangeCompletion>> {
      const reset = resets.get(windowId);
      if (reset?.step !== 'verified') return fail('out_of_order');
      const refusal = newPasswordRefusal(input, reset.itscomId);
      if (refusal) return refusal;
      const passwordHash = await hashPassword(input.newPassword);
      // The window may have been reset during the hashing: then nothing is changed.
      if (resets.get(windowId)?.resetId !== reset.resetId) return fail('out_of_order');
      const at = now();
      const changedOn = calendarDay(at);
      await store.transaction(async ({ customers, procedures, outbox, attempts }) => {
        const customer = await customers.findById(reset.customerId);
        if (!customer) throw new Error('customer vanished');
        // The reset replaces whatever the credentials are now (read in this transaction).
        if (!(await customers.changePassword(customer.id, passwordHash, at, { ifVersion: customer.credentialVersion }))) {
          throw new CredentialsChangedError();
        }
        await attempts.clear(signInSubject(itscomIdKey(customer.itscomId)));
        const procedureId = await procedures.record({ customerId: customer.id, kind: 'password_reset', outcome: 'completed', at });
        await queueMail(outbox, passwordResetMail(changedOn), { kind: 'password_reset_notice', to: customer.contactMail, from: deps.mailFrom(), procedureId }, at);
      });
      const completion = { newPassword: input.newPassword, changedOn };
      advance(windowId, reset, { step: 'done', resetId: reset.resetId, completion });
      // Sessions opened with the old password end: here at once, at the shop's other kiosks at their next check.
      sessions.endCustomer(reset.customerId, windowId);
      log.info('password reset', { customerId: reset.customerId });
      void mailer.kick();
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

    /** Message-IDs of the window's reset code mails (what the demo mailbox may show there). */
    codeMailIds(windowId: string): readonly string[] {
      return codeMails.get(windowId) ?? [];
    },
  };

  // One step of a window at a time: a burst of taps is taken in order, each seeing where the last left the reset.
  const step = <T>(windowId: string, task: () => T | Promise<T>) => inLine(windowId, async () => task());
  return {
    ...service,
    start: (windowId: string) => step(windowId, () => service.start(windowId)),
    requestCode: (windowId: string, itscomId: string) => step(windowId, () => service.requestCode(windowId, itscomId)),
    resendCode: (windowId: string) => step(windowId, () => service.resendCode(windowId)),
    verifyCode: (windowId: string, code: string) => step(windowId, () => service.verifyCode(windowId, code)),
    commit: (windowId: string, input: NewPasswordInput) => step(windowId, () => service.commit(windowId, input)),
    finish: (windowId: string) => step(windowId, () => service.finish(windowId)),
  };
}

export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
