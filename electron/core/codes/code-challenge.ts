import type { CodeTimes } from '../../../shared/contract/models';
import { ok, type KioskResult } from '../../../shared/contract/result';
import type { Logger } from '../logger';
import type { OutboxWorker } from '../mail/outbox-worker';
import { newMessageId, queueMail } from '../mail/queue-mail';
import type { SecretSlots } from '../mail/secret-slots';
import { passwordResetCodeMail, verificationCodeMail, type MailContent } from '../mail/templates';
import type { Store } from '../store/store';
import { checkStoredCode, codeRefusal, MAX_WRONG_CODES, type CodeCheck } from './code-check';
import { RESEND_WAIT_MS, resendRefusal, takeHourlySend } from './hourly-sends';
import { CodeHasher, newVerificationCode, type CodeBinding } from './verification-code';

/** What a code is for: its mail, its outbox kind and the prefix of what it binds to (a reset's code is never an ID change's). */
const purposes = {
  id_change: { mail: verificationCodeMail, mailKind: 'verification_code', bindingPrefix: '' },
  password_reset: { mail: passwordResetCodeMail, mailKind: 'password_reset_code', bindingPrefix: 'password-reset:' },
} as const satisfies Record<string, { mail: (ttlMinutes: number) => MailContent; mailKind: string; bindingPrefix: string }>;

export type CodePurpose = keyof typeof purposes;

/** Whom a code goes to (found before the send: a directory's look-up is no query of the kiosk's store). */
export interface CodeRecipient {
  customerId: number;
  address: string;
}

/** One code request: whose sends it spends, what it binds to, and whom it is for. */
export interface CodeRequest {
  purpose: CodePurpose;
  /** The window whose demo mailbox may show the mail. */
  windowId: string;
  /** The session (or reset) the code belongs to: it dies with it. */
  sessionId: string;
  /** Whose hourly sends it spends (a customer, or an ID typed at the reset: known or not). */
  sendSubject: string;
  /** What the code is bound to besides the session (the new ID's key, the reset ID's key). */
  bindTo: string;
  /** The recipient, or undefined for nobody (an unknown ID walks the same steps, no mail). */
  recipient: CodeRecipient | undefined;
  /** The window hears the mail's delivery status (never at a reset: it would tell a known ID from an unknown one). */
  reportDelivery: boolean;
}

/**
 * A code that went out (or, for nobody, would have): what its step keeps to
 * check entries and to time a resend. An unknown ID's wrong entries are
 * counted here, in memory, exactly as a stored code's are in the store.
 */
export interface SentChallenge {
  purpose: CodePurpose;
  sessionId: string;
  bindTo: string;
  customerId: number | null;
  sentAt: number;
  expiresAt: number;
  wrongWithoutCode: number;
  mailId?: number;
}

export interface CodeChallengeDeps {
  store: Pick<Store, 'codes' | 'transaction'>;
  secrets: SecretSlots;
  mailer: Pick<OutboxWorker, 'nudge'>;
  log: Logger;
  now: () => number;
  codeTtlMs: number;
  mailFrom: () => string;
  /** The window that should hear a mail's delivery status. */
  ownMail?: (mailId: number, windowId: string) => void;
}

/**
 * The code-by-mail procedure both the ID change and the password reset use:
 * a six-digit code, stored as a keyed hash bound to purpose, session and
 * target, mailed with the code in a secret slot (never in the outbox),
 * within five sends an hour per subject and one a minute per procedure,
 * checked single-use with five wrong entries at most.
 */
export function createCodeChallenge(deps: CodeChallengeDeps) {
  const { store, secrets, mailer, log, now } = deps;
  const hasher = new CodeHasher();
  /** Message-IDs of each window's code mails: the demo mailbox shows a customer these and nothing else. */
  const codeMails = new Map<string, string[]>();

  const binding = (customerId: number, challenge: Pick<SentChallenge, 'purpose' | 'sessionId' | 'bindTo'>): CodeBinding => ({
    customerId,
    sessionId: challenge.sessionId,
    newIdKey: `${purposes[challenge.purpose].bindingPrefix}${challenge.bindTo}`,
  });

  return {
    /** One of the subject's hourly sends, spent without a code (an ID change's address found taken). */
    spendSend: (subject: string): Promise<KioskResult<null>> => store.transaction((tx) => takeHourlySend(tx.rateEvents, subject, now())),

    /** too_soon while the last code of this procedure is less than a minute old. */
    resendRefusal: (sent: Pick<SentChallenge, 'sentAt'> | undefined) => (sent ? resendRefusal(sent.sentAt, now()) : undefined),

    /** A fresh code: the send counted, the code stored and its mail queued in one transaction. */
    async send(request: CodeRequest): Promise<KioskResult<SentChallenge>> {
      const at = now();
      const code = newVerificationCode();
      const expiresAt = at + deps.codeTtlMs;
      const messageId = newMessageId(deps.mailFrom());
      const purpose = purposes[request.purpose];
      const challenge = { purpose: request.purpose, sessionId: request.sessionId, bindTo: request.bindTo, sentAt: at, expiresAt, wrongWithoutCode: 0 };
      const sent = await store.transaction(async (tx): Promise<KioskResult<SentChallenge>> => {
        const allowed = await takeHourlySend(tx.rateEvents, request.sendSubject, at);
        if (!allowed.ok) return allowed;
        const recipient = request.recipient;
        if (!recipient) return ok({ ...challenge, customerId: null });
        await tx.codes.lockCustomer(recipient.customerId);
        const bound = binding(recipient.customerId, challenge);
        await tx.codes.insert({ ...bound, codeHash: hasher.hash(code, bound), createdAt: at, expiresAt });
        const mail = purpose.mail(Math.round(deps.codeTtlMs / 60_000));
        const envelope = { kind: purpose.mailKind, to: recipient.address, from: deps.mailFrom(), messageId, hasSecretSlot: true };
        const mailId = await queueMail(tx.outbox, mail, envelope, at);
        return ok({ ...challenge, customerId: recipient.customerId, mailId });
      });
      if (!sent.ok || sent.value.mailId === undefined) return sent;
      const mailId = sent.value.mailId;
      secrets.set(mailId, code, expiresAt);
      codeMails.set(request.windowId, [...(codeMails.get(request.windowId) ?? []), messageId]);
      if (request.reportDelivery) deps.ownMail?.(mailId, request.windowId);
      log.info('code queued', { purpose: request.purpose, customerId: sent.value.customerId, mailId });
      mailer.nudge();
      return sent;
    },

    /** An entered code against the challenge (in the store, or in memory for nobody): right, wrong, expired or cancelled. */
    async check(challenge: SentChallenge, code: string): Promise<CodeCheck> {
      const customerId = challenge.customerId;
      if (customerId === null) return checkWithoutCode(challenge);
      return store.transaction((tx) => checkStoredCode(tx.codes, hasher, binding(customerId, challenge), code, now()));
    },

    /** The window's procedure ended: its code mails leave the demo mailbox's view. */
    forgetWindow(windowId: string): void {
      codeMails.delete(windowId);
    },

    /** Message-IDs of the window's code mails (what the demo mailbox may show there). */
    mailIds(windowId: string): readonly string[] {
      return codeMails.get(windowId) ?? [];
    },

    /** The code step's dates of a sent challenge. */
    times: (sent: SentChallenge): CodeTimes => ({ sentAt: sent.sentAt, resendAvailableAt: sent.sentAt + RESEND_WAIT_MS, expiresAt: sent.expiresAt }),

    /** The answer to an entry that was not right: the same words for every procedure and every ID. */
    refusal: codeRefusal,
  };

  /** Nobody has a code: every entry is wrong, counted and expiring exactly as a stored one. */
  function checkWithoutCode(challenge: SentChallenge): CodeCheck {
    if (now() >= challenge.expiresAt) return { outcome: 'expired' };
    challenge.wrongWithoutCode += 1;
    if (challenge.wrongWithoutCode >= MAX_WRONG_CODES) return { outcome: 'cancelled' };
    return { outcome: 'wrong', remainingAttempts: MAX_WRONG_CODES - challenge.wrongWithoutCode };
  }
}

export type CodeChallenge = ReturnType<typeof createCodeChallenge>;
