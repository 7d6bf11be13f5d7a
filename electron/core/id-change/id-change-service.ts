import type { CodeSent, CodeVerified, IdChangeCompletion, IdChangeStart } from '../../../shared/contract/models';
import { fail, ok, type KioskResult } from '../../../shared/contract/result';
import { calendarDay } from '../../../shared/domain/calendar-day';
import { itscomIdKey } from '../../../shared/domain/itscom-id';
import { newIdMessages, sameId } from '../../../shared/rules/itscom-id';
import { ProcedureSessions, type ProcedureContext } from '../auth/procedure-sessions';
import type { CustomerSession, SessionRegistry } from '../auth/session-registry';
import type { SignInService } from '../auth/sign-in-service';
import type { Logger } from '../logger';
import type { OutboxWorker } from '../mail/outbox-worker';
import { newMessageId, queueMail } from '../mail/queue-mail';
import type { SecretSlots } from '../mail/secret-slots';
import { contactChangedMail, idChangedMail, verificationCodeMail, type MailContent } from '../mail/templates';
import type { OutboxRepo } from '../store/outbox-repo';
import type { RateEventsRepo } from '../store/rate-events-repo';
import type { Repos, Store } from '../store/store';
import { CredentialsChangedError, ItscomIdTakenError } from '../store/store-errors';
import { CodeHasher, newVerificationCode } from '../codes/verification-code';
import { checkStoredCode, codeRefusal } from '../codes/code-check';
import { RESEND_WAIT_MS, resendRefusal, takeHourlySend } from '../codes/hourly-sends';

export const RECENT_AUTH_MS = 15 * 60_000;
export { MAX_SENDS_PER_HOUR, RESEND_WAIT_MS } from '../codes/hourly-sends';
export { MAX_WRONG_CODES } from '../codes/code-check';

/** Where a customer is in the ID change; a later step's channel before its step is refused. */
type Procedure =
  | { step: 'entering' }
  | { step: 'code_sent'; newItscomId: string; sentAt: number }
  | { step: 'verified'; newItscomId: string }
  | { step: 'done'; completion: IdChangeCompletion };

export interface IdChangeDeps {
  store: Pick<Store, 'customers' | 'codes' | 'transaction'>;
  sessions: SessionRegistry;
  signIn: SignInService;
  secrets: SecretSlots;
  mailer: Pick<OutboxWorker, 'kick'>;
  log: Logger;
  now: () => number;
  codeTtlMs: number;
  /** Read at each use: staff may change them. */
  mailFrom: () => string;
  demoMailbox: () => boolean;
  /** The window that should hear a mail's delivery status. */
  ownMail: (mailId: number, windowId: string) => void;
}


/**
 * The ID change procedure (docs/product.md, "4. iTSCOM IDの変更") as a state machine per customer session:
 * start → (re-enter password) → request code → verify code → commit.
 */
export function createIdChangeService(deps: IdChangeDeps) {
  const { store, sessions, signIn, secrets, mailer, log, now } = deps;
  const hasher = new CodeHasher();
  // A leaving customer's codes die with their session (or, if the store is away, with their expiry).
  // Only this session's: a reset of the same ID at another kiosk keeps its own code.
  const inProgress = new ProcedureSessions<Procedure>(sessions, store.customers, (session) =>
    store.codes.endSession(session.sessionId, 'cancelled').catch((error: unknown) => {
      log.warn('codes of an ended session left to expire', { error: error instanceof Error ? error.message : 'unknown' });
    }),
  );
  const context = (windowId: string) => inProgress.context(windowId);
  type Context = ProcedureContext<Procedure>;

  const needsReauth = (session: CustomerSession) => now() - session.authenticatedAt > RECENT_AUTH_MS;

  // The code mails of each window's current procedure, by Message-ID: the demo mailbox shows a customer these and nothing else.
  const codeMails = new Map<string, string[]>();
  sessions.onEnd((_session, windowId) => codeMails.delete(windowId));

  const enqueue = (outbox: OutboxRepo, mail: MailContent, to: string, kind: string, procedureId?: number, hasSecretSlot = false, messageId = newMessageId(deps.mailFrom())) =>
    queueMail(outbox, mail, { kind, to, from: deps.mailFrom(), messageId, hasSecretSlot, procedureId }, now());

  /** One of the customer's hourly sends (a code sent, or an address probed and found taken). */
  const takeCustomerSend = (rateEvents: RateEventsRepo, customerId: number, at: number) =>
    takeHourlySend(rateEvents, `code-send:${customerId}`, at);

  /** Sends a fresh code for `newItscomId`, within the hourly limit (counted and spent in one transaction). */
  async function sendCode(ctx: Context, newItscomId: string, windowId: string): Promise<KioskResult<CodeSent>> {
    const at = now();
    const code = newVerificationCode();
    const binding = { customerId: ctx.customer.id, sessionId: ctx.session.sessionId, newIdKey: itscomIdKey(newItscomId) };
    const expiresAt = at + deps.codeTtlMs;
    const messageId = newMessageId(deps.mailFrom());
    const queued = await store.transaction(async (tx: Repos): Promise<KioskResult<number>> => {
      const allowed = await takeCustomerSend(tx.rateEvents, ctx.customer.id, at);
      if (!allowed.ok) return allowed;
      await tx.codes.lockCustomer(ctx.customer.id);
      await tx.codes.insert({ ...binding, codeHash: hasher.hash(code, binding), createdAt: at, expiresAt });
      const mail = verificationCodeMail(Math.round(deps.codeTtlMs / 60_000));
      return ok(await enqueue(tx.outbox, mail, newItscomId, 'verification_code', undefined, true, messageId));
    });
    if (!queued.ok) return queued;
    const mailId = queued.value;
    codeMails.set(windowId, [...(codeMails.get(windowId) ?? []), messageId]);
    secrets.set(mailId, code, expiresAt);
    deps.ownMail(mailId, windowId);
    inProgress.set(ctx.session, { step: 'code_sent', newItscomId, sentAt: at });
    log.info('verification code queued', { customerId: ctx.customer.id, mailId });
    void mailer.kick();
    return ok({ sentTo: newItscomId, mailId, sentAt: at, resendAvailableAt: at + RESEND_WAIT_MS, expiresAt });
  }

  /** The code check of verifyCode, inside its transaction, and where the procedure goes from there. */
  async function checkCode(
    tx: Repos,
    ctx: Context,
    procedure: Extract<Procedure, { step: 'code_sent' }>,
    code: string,
  ): Promise<{ result: KioskResult<CodeVerified>; next?: Procedure }> {
    const binding = { customerId: ctx.customer.id, sessionId: ctx.session.sessionId, newIdKey: itscomIdKey(procedure.newItscomId) };
    const check = await checkStoredCode(tx.codes, hasher, binding, code, now());
    if (check.outcome === 'right') {
      return {
        result: ok({ newItscomId: procedure.newItscomId, currentId: ctx.customer.itscomId }),
        next: { step: 'verified', newItscomId: procedure.newItscomId },
      };
    }
    if (check.outcome === 'cancelled') log.info('id change cancelled: wrong codes', { customerId: ctx.customer.id });
    // A wrong code stays at this step; an expired or cancelled one starts the procedure again.
    return { result: codeRefusal(check), next: check.outcome === 'wrong' ? undefined : { step: 'entering' } };
  }

  const service = {
    async start(windowId: string): Promise<KioskResult<IdChangeStart>> {
      const ctx = await context(windowId);
      if (!ctx) return fail('not_signed_in');
      await store.codes.endSession(ctx.session.sessionId, 'cancelled');
      inProgress.set(ctx.session, { step: 'entering' });
      codeMails.delete(windowId);
      return ok({
        currentId: ctx.customer.itscomId,
        needsReauth: needsReauth(ctx.session),
        mailFrom: deps.mailFrom(),
        demoMailbox: deps.demoMailbox(),
      });
    },

    async reauthenticate(windowId: string, password: string): Promise<KioskResult<null>> {
      const ctx = await context(windowId);
      if (!ctx) return fail('not_signed_in');
      if (!ctx.procedure) return fail('out_of_order');
      const outcome = await signIn.checkPassword(ctx.customer, password);
      if (outcome === 'locked') {
        // A locked ID cannot go on: the customer is signed out, as at sign-in.
        sessions.end(windowId, 'signed_out');
        return fail('account_locked');
      }
      if (outcome === 'wrong') return fail('invalid_credentials', { field: 'password' });
      // The customer may have left while the password was checked.
      if (sessions.get(windowId)?.sessionId !== ctx.session.sessionId) return fail('not_signed_in');
      sessions.reauthenticated(windowId, now());
      return ok(null);
    },

    async requestCode(windowId: string, newItscomId: string): Promise<KioskResult<CodeSent>> {
      const ctx = await context(windowId);
      if (!ctx) return fail('not_signed_in');
      if (!ctx.procedure || ctx.procedure.step === 'done') return fail('out_of_order');
      if (needsReauth(ctx.session)) return fail('reauth_required');
      // Back at the address with a code already sent: a new send is a resend, and waits as one.
      const tooSoon = ctx.procedure.step === 'code_sent' ? resendRefusal(ctx.procedure.sentAt, now()) : undefined;
      if (tooSoon) return tooSoon;
      if (sameId(newItscomId, ctx.customer.itscomId)) {
        return fail('invalid_input', { field: 'newItscomId', reason: newIdMessages.sameAsCurrent });
      }
      const holder = await store.customers.findByKey(itscomIdKey(newItscomId));
      if (holder && holder.id !== ctx.customer.id) {
        // "Taken" tells that an ID exists: each answer spends one of the hourly sends, so it is no unlimited oracle.
        const probe = await store.transaction((tx) => takeCustomerSend(tx.rateEvents, ctx.customer.id, now()));
        if (!probe.ok) return probe;
        return fail('invalid_input', { field: 'newItscomId', reason: newIdMessages.taken });
      }
      return sendCode(ctx, newItscomId, windowId);
    },

    async resendCode(windowId: string): Promise<KioskResult<CodeSent>> {
      const ctx = await context(windowId);
      if (!ctx) return fail('not_signed_in');
      if (ctx.procedure?.step !== 'code_sent') return fail('out_of_order');
      const tooSoon = resendRefusal(ctx.procedure.sentAt, now());
      if (tooSoon) return tooSoon;
      return sendCode(ctx, ctx.procedure.newItscomId, windowId);
    },

    async verifyCode(windowId: string, code: string): Promise<KioskResult<CodeVerified>> {
      const ctx = await context(windowId);
      if (!ctx) return fail('not_signed_in');
      const procedure = ctx.procedure;
      if (procedure?.step !== 'code_sent') return fail('out_of_order');
      // The screen's step moves only once the store has committed what it decided.
      const { result, next } = await store.transaction((tx) => checkCode(tx, ctx, procedure, code));
      if (next) inProgress.set(ctx.session, next);
      return result;
    },

    async commit(windowId: string, setAsContact: boolean): Promise<KioskResult<IdChangeCompletion>> {
      const ctx = await context(windowId);
      if (!ctx) return fail('not_signed_in');
      const procedure = ctx.procedure;
      if (procedure?.step !== 'verified') return fail('out_of_order');
      const at = now();
      const changedOn = calendarDay(at);
      const newItscomId = procedure.newItscomId;
      let contactChanged = false;
      try {
        // One transaction: the new ID, the contact mail, the audit row and every mail about it.
        await store.transaction(async ({ customers, procedures, outbox }) => {
          const customer = await customers.findById(ctx.customer.id);
          if (!customer) throw new Error('customer vanished');
          const key = itscomIdKey(newItscomId);
          const holder = await customers.findByKey(key);
          if (holder && holder.id !== customer.id) throw new ItscomIdTakenError();
          const contactMail = setAsContact ? newItscomId : customer.contactMail;
          contactChanged = contactMail !== customer.contactMail;
          // A registration that raced this one past the check above ends here, as ItscomIdTakenError.
          const change = { itscomId: newItscomId, itscomIdKey: key, isLegacyId: false, contactMail };
          // Only the credentials this session signed in with: a reset or staff's temporary password elsewhere wins.
          if (!(await customers.changeItscomId(customer.id, change, at, { ifVersion: ctx.session.credentialVersion }))) {
            throw new CredentialsChangedError();
          }
          const procedureId = await procedures.record({ customerId: customer.id, kind: 'id_change', outcome: 'completed', at });
          await enqueue(outbox, idChangedMail(newItscomId, changedOn), contactMail, 'id_change_confirmation', procedureId);
          if (contactChanged) await enqueue(outbox, contactChangedMail(changedOn), customer.contactMail, 'contact_change_notice', procedureId);
        });
      } catch (error) {
        if (error instanceof CredentialsChangedError) {
          sessions.end(windowId, 'replaced');
          return fail('session_ended');
        }
        if (!(error instanceof ItscomIdTakenError)) throw error;
        inProgress.set(ctx.session, { step: 'entering' });
        return fail('id_taken', { field: 'newItscomId' });
      }
      sessions.credentialsChanged(windowId, ctx.session.credentialVersion + 1);
      const completion = { newItscomId, changedOn, contactChanged };
      inProgress.set(ctx.session, { step: 'done', completion });
      log.info('itscom id changed', { customerId: ctx.customer.id });
      void mailer.kick();
      return ok(completion);
    },

    finish: (windowId: string) => {
      codeMails.delete(windowId);
      return inProgress.finish(windowId);
    },

    /** The completion of this session's ID change, for the print view; gone with the session. */
    completion(windowId: string): IdChangeCompletion | undefined {
      const procedure = inProgress.current(windowId);
      return procedure?.step === 'done' ? procedure.completion : undefined;
    },

    /** Message-IDs of the code mails of the window's current procedure (what its customer may see in the demo mailbox). */
    codeMailIds(windowId: string): readonly string[] {
      return codeMails.get(windowId) ?? [];
    },
  };
  const step = inProgress.step.bind(inProgress);
  return {
    ...service,
    start: (windowId: string) => step(windowId, () => service.start(windowId)),
    reauthenticate: (windowId: string, password: string) => step(windowId, () => service.reauthenticate(windowId, password)),
    requestCode: (windowId: string, newItscomId: string) => step(windowId, () => service.requestCode(windowId, newItscomId)),
    resendCode: (windowId: string) => step(windowId, () => service.resendCode(windowId)),
    verifyCode: (windowId: string, code: string) => step(windowId, () => service.verifyCode(windowId, code)),
    commit: (windowId: string, setAsContact: boolean) => step(windowId, () => service.commit(windowId, setAsContact)),
  };
}

export type IdChangeService = ReturnType<typeof createIdChangeService>;
