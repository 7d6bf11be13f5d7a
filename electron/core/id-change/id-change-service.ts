import type { CodeSent, CodeVerified, IdChangeCompletion, IdChangeStart } from '../../../shared/contract/models';
import { fail, ok, type KioskResult } from '../../../shared/contract/result';
import { calendarDay } from '../../../shared/domain/calendar-day';
import { itscomIdKey } from '../../../shared/domain/itscom-id';
import { newIdMessages, sameId } from '../../../shared/rules/itscom-id';
import { ProcedureSessions, type ProcedureContext } from '../auth/procedure-sessions';
import type { CustomerSession } from '../auth/session-registry';
import type { SignInService } from '../auth/sign-in-service';
import type { SentChallenge } from '../codes/code-challenge';
import { RECORDED_LATER } from '../account/change-journal';
import { recordIdChange } from '../account/change-records';
import { CredentialsChangedError, ItscomIdTakenError } from '../store/store-errors';
import type { CodeProcedureDeps } from '../auth/procedure-deps';

export const RECENT_AUTH_MS = 15 * 60_000;
export { MAX_SENDS_PER_HOUR, RESEND_WAIT_MS } from '../codes/hourly-sends';
export { MAX_WRONG_CODES } from '../codes/code-check';

/** Where a customer is in the ID change; a later step's channel before its step is refused. */
type Procedure =
  | { step: 'entering' }
  | { step: 'code_sent'; newItscomId: string; code: SentChallenge }
  | { step: 'verified'; newItscomId: string }
  | { step: 'done'; completion: IdChangeCompletion };

export interface IdChangeDeps extends CodeProcedureDeps {
  signIn: SignInService;
}

/**
 * The ID change procedure (docs/product.md, "4. iTSCOM IDの変更") as a state machine per customer session:
 * start → (re-enter password) → request code → verify code → commit.
 * Steps of one window run one at a time (the dispatcher's line).
 */
export function createIdChangeService(deps: IdChangeDeps) {
  const { store, accounts, journal, sessions, signIn, codes, mailer, log, now } = deps;
  // A leaving customer's codes die with their session (or, if the store is away, with their expiry).
  // Only this session's: a reset of the same ID at another kiosk keeps its own code.
  const inProgress = new ProcedureSessions<Procedure>(sessions, store.customers, (session) =>
    store.codes.endSession(session.sessionId, 'cancelled').catch((error: unknown) => {
      log.warn('codes of an ended session left to expire', { error: error instanceof Error ? error.message : 'unknown' });
    }),
  );
  sessions.onEnd((_session, windowId) => codes.forgetWindow(windowId));
  const context = (windowId: string) => inProgress.context(windowId);
  type Context = ProcedureContext<Procedure>;

  const needsReauth = (session: CustomerSession) => now() - session.authenticatedAt > RECENT_AUTH_MS;
  /** The customer's hourly sends: codes sent, and addresses probed and found taken. */
  const sendSubject = (customerId: number) => `code-send:${customerId}`;

  /** Sends a fresh code for `newItscomId` to that address, within the customer's hourly sends. */
  async function sendCode(ctx: Context, newItscomId: string, windowId: string): Promise<KioskResult<CodeSent>> {
    const sent = await codes.send({
      purpose: 'id_change',
      windowId,
      sessionId: ctx.session.sessionId,
      sendSubject: sendSubject(ctx.customer.id),
      bindTo: itscomIdKey(newItscomId),
      recipient: { customerId: ctx.customer.id, address: newItscomId },
      reportDelivery: true,
    });
    if (!sent.ok) return sent;
    inProgress.set(ctx.session, { step: 'code_sent', newItscomId, code: sent.value });
    return ok({ sentTo: newItscomId, mailId: sent.value.mailId ?? 0, ...codes.times(sent.value) });
  }

  const service = {
    async start(windowId: string): Promise<KioskResult<IdChangeStart>> {
      const ctx = await context(windowId);
      if (!ctx) return fail('not_signed_in');
      await store.codes.endSession(ctx.session.sessionId, 'cancelled');
      inProgress.set(ctx.session, { step: 'entering' });
      codes.forgetWindow(windowId);
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
      const tooSoon = codes.resendRefusal(ctx.procedure.step === 'code_sent' ? ctx.procedure.code : undefined);
      if (tooSoon) return tooSoon;
      if (sameId(newItscomId, ctx.customer.itscomId)) {
        return fail('invalid_input', { field: 'newItscomId', reason: newIdMessages.sameAsCurrent });
      }
      const holder = await accounts.find(itscomIdKey(newItscomId));
      if (holder && holder.id !== ctx.customer.id) {
        // "Taken" tells that an ID exists: each answer spends one of the hourly sends, so it is no unlimited oracle.
        const probe = await codes.spendSend(sendSubject(ctx.customer.id));
        if (!probe.ok) return probe;
        return fail('invalid_input', { field: 'newItscomId', reason: newIdMessages.taken });
      }
      return sendCode(ctx, newItscomId, windowId);
    },

    async resendCode(windowId: string): Promise<KioskResult<CodeSent>> {
      const ctx = await context(windowId);
      if (!ctx) return fail('not_signed_in');
      if (ctx.procedure?.step !== 'code_sent') return fail('out_of_order');
      const tooSoon = codes.resendRefusal(ctx.procedure.code);
      if (tooSoon) return tooSoon;
      return sendCode(ctx, ctx.procedure.newItscomId, windowId);
    },

    async verifyCode(windowId: string, code: string): Promise<KioskResult<CodeVerified>> {
      const ctx = await context(windowId);
      if (!ctx) return fail('not_signed_in');
      const procedure = ctx.procedure;
      if (procedure?.step !== 'code_sent') return fail('out_of_order');
      // The screen's step moves only once the store has committed what it decided.
      const check = await codes.check(procedure.code, code);
      if (check.outcome === 'right') {
        inProgress.set(ctx.session, { step: 'verified', newItscomId: procedure.newItscomId });
        return ok({ newItscomId: procedure.newItscomId, currentId: ctx.customer.itscomId });
      }
      if (check.outcome === 'cancelled') log.info('id change cancelled: wrong codes', { customerId: ctx.customer.id });
      // A wrong code stays at this step; an expired or cancelled one starts the procedure again.
      if (check.outcome !== 'wrong') inProgress.set(ctx.session, { step: 'entering' });
      return codes.refusal(check);
    },

    async commit(windowId: string, setAsContact: boolean): Promise<KioskResult<IdChangeCompletion>> {
      const ctx = await context(windowId);
      if (!ctx) return fail('not_signed_in');
      const procedure = ctx.procedure;
      if (procedure?.step !== 'verified') return fail('out_of_order');
      const at = now();
      const changedOn = calendarDay(at);
      const newItscomId = procedure.newItscomId;
      let contactChanged: boolean;
      try {
        // The journal first where the account store is outside the kiosk's, then the account store (a directory renames the entry), then the kiosk records it.
        const entry = await journal.begin(ctx.customer, { kind: 'id_change', newItscomId, setAsContact });
        const contactAfter = setAsContact ? newItscomId : ctx.customer.contactMail;
        if ((await accounts.changeId(ctx.customer, newItscomId, contactAfter)) === 'taken') {
          await entry.drop();
          throw new ItscomIdTakenError();
        }
        // One transaction: the new ID, the contact mail, the audit row and every mail about it.
        // Only the credentials this session signed in with: a reset or staff's temporary password elsewhere wins (a directory has decided already).
        const ifVersion = accounts.external ? {} : { ifVersion: ctx.session.credentialVersion };
        const recorded = await entry.record((tx) =>
          recordIdChange(tx, { customerId: ctx.customer.id, at, mailFrom: deps.mailFrom(), newItscomId, setAsContact, ...ifVersion }),
        );
        contactChanged = recorded === RECORDED_LATER ? setAsContact && newItscomId !== ctx.customer.contactMail : recorded.contactChanged;
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
      mailer.nudge();
      return ok(completion);
    },

    finish: (windowId: string) => {
      codes.forgetWindow(windowId);
      return inProgress.finish(windowId);
    },

    /** The completion of this session's ID change, for the print view; gone with the session. */
    completion(windowId: string): IdChangeCompletion | undefined {
      const procedure = inProgress.current(windowId);
      return procedure?.step === 'done' ? procedure.completion : undefined;
    },

  };
  return service;
}

export type IdChangeService = ReturnType<typeof createIdChangeService>;
