import { fail, ok } from '../../../shared/contract/result';
import { accountOverview } from '../account/account-service';
import type { SessionRegistry } from '../auth/session-registry';
import type { SignInService } from '../auth/sign-in-service';
import type { CodeChallenge } from '../codes/code-challenge';
import type { IdChangeService } from '../id-change/id-change-service';
import type { DemoMailbox } from '../mail/demo-mailbox';
import type { PasswordChangeService } from '../password-change/password-change-service';
import type { CounterRecoveryService } from '../recovery/counter-recovery-service';
import type { PasswordResetService } from '../recovery/password-reset-service';
import { pdfPreview } from '../print/pdf-preview';
import type { PrintService } from '../print/print-service';
import type { SettingsService } from '../settings/settings-service';
import type { SpeechService } from '../speech/speech-service';
import type { ManagerViews } from '../staff/manager-views';
import type { StaffAccounts } from '../staff/staff-accounts';
import type { StaffService } from '../staff/staff-service';
import type { CustomersRepo } from '../store/customers-repo';
import type { CallContext, Handlers } from './dispatcher';
import type { PrinterWatch } from '../print/printer-watch';
import type { OpeningHoursService } from '../shop/opening-hours-service';
import type { FunnelTracker } from '../funnel/funnel-tracker';

export interface HandlerDeps {
  customers: CustomersRepo;
  sessions: SessionRegistry;
  signIn: SignInService;
  idChange: IdChangeService;
  passwordChange: PasswordChangeService;
  passwordReset: PasswordResetService;
  codes: CodeChallenge;
  recovery: CounterRecoveryService;
  print: PrintService;
  staff: StaffService;
  staffAccounts: StaffAccounts;
  managerViews: ManagerViews;
  settings: SettingsService;
  speech: SpeechService;
  printerWatch: PrinterWatch;
  hours: OpeningHoursService;
  funnel: FunnelTracker;
  demo: boolean;
  staffIdleSeconds: number;
  demoMailbox: () => DemoMailbox | undefined;
  quit: () => void;
  now: () => number;
}

/** Each handler: input already parsed by the dispatcher, one service call, a typed result. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { customers, sessions, signIn, idChange, passwordChange, passwordReset, codes, recovery, print, staff, staffAccounts, managerViews, settings, demoMailbox, now, hours, funnel } = deps;
  const signedInCustomer = async (ctx: CallContext) => {
    const session = sessions.get(ctx.windowId);
    return session ? customers.findById(session.customerId) : undefined;
  };

  const handlers: Handlers = {
    'session.signIn': async (ctx, input) => {
      // Outside opening hours nobody begins; a customer already signed in finishes.
      if (!hours.state().open) return fail('shop_closed');
      const result = await signIn.signIn(ctx.windowId, input);
      // The next customer at the window: staff mode there is over.
      if (result.ok) await staff.lock(ctx.windowId, 'customer');
      return result;
    },
    'session.signOut': (ctx, input) => {
      // First: the wizard the sign-out takes off the screen then has nothing left to count.
      funnel.leave(ctx.windowId, input.reason === 'idle' ? 'idle' : 'sign-out');
      sessions.end(ctx.windowId, 'signed_out');
      return ok(null);
    },
    'session.current': async (ctx) => {
      const customer = await signedInCustomer(ctx);
      const mustChangePassword = sessions.get(ctx.windowId)?.mustChangePassword ?? false;
      return ok(customer ? { itscomId: customer.itscomId, isLegacyId: customer.isLegacyId, mustChangePassword } : null);
    },
    'account.overview': async (ctx) => {
      const customer = await signedInCustomer(ctx);
      return customer ? ok(accountOverview(customer, new Date(now()))) : fail('not_signed_in');
    },
    'session.setPassword': (ctx, input) => passwordChange.setRequired(ctx.windowId, input),
    'idChange.start': (ctx) => idChange.start(ctx.windowId),
    'idChange.reauthenticate': (ctx, input) => idChange.reauthenticate(ctx.windowId, input.password),
    'idChange.requestCode': (ctx, input) => idChange.requestCode(ctx.windowId, input.newItscomId),
    'idChange.resendCode': (ctx) => idChange.resendCode(ctx.windowId),
    'idChange.verifyCode': (ctx, input) => idChange.verifyCode(ctx.windowId, input.code),
    'idChange.commit': (ctx, input) => idChange.commit(ctx.windowId, input.setAsContact),
    'idChange.finish': (ctx) => idChange.finish(ctx.windowId),
    'passwordChange.start': (ctx) => passwordChange.start(ctx.windowId),
    'passwordChange.check': (ctx, input) => passwordChange.check(ctx.windowId, input),
    'passwordChange.back': (ctx) => passwordChange.back(ctx.windowId),
    'passwordChange.commit': (ctx) => passwordChange.commit(ctx.windowId),
    'passwordChange.rate': (ctx, input) => passwordChange.rate(ctx.windowId, input.rating),
    'passwordChange.finish': (ctx) => passwordChange.finish(ctx.windowId),
    'passwordReset.start': (ctx) => (hours.state().open ? passwordReset.start(ctx.windowId) : fail('shop_closed')),
    'passwordReset.requestCode': (ctx, input) => passwordReset.requestCode(ctx.windowId, input.itscomId),
    'passwordReset.resendCode': (ctx) => passwordReset.resendCode(ctx.windowId),
    'passwordReset.verifyCode': (ctx, input) => passwordReset.verifyCode(ctx.windowId, input.code),
    'passwordReset.commit': (ctx, input) => passwordReset.commit(ctx.windowId, input),
    'passwordReset.finish': async (ctx) => {
      // The slip's demo copy holds the new password: it goes with the reset.
      await print.discardSlips(ctx.windowId);
      return passwordReset.finish(ctx.windowId);
    },
    'print.slip': (ctx, input) => print.printSlip(ctx.windowId, input.kind),
    // The demo mailbox shows codes: only in demo mode, only with a customer (or a reset) at the kiosk, and
    // only the mails of that window's own procedure (the next customer must not read the last one's code).
    'mailbox.list': (ctx) => {
      const mailbox = demoMailbox();
      if (!mailbox) return fail('not_available');
      const own = new Set(codes.mailIds(ctx.windowId));
      if (!sessions.get(ctx.windowId) && own.size === 0) return fail('not_signed_in');
      return ok(mailbox.list().filter((mail) => own.has(mail.messageId)));
    },
    'kiosk.info': () => {
      const current = settings.current();
      return ok({
        idleSeconds: current.idleSeconds,
        idleWarningSeconds: current.idleWarningSeconds,
        staffIdleSeconds: deps.staffIdleSeconds,
        privateSpeech: deps.speech.hasPrivateOutput(),
        demo: deps.demo,
      });
    },
    'kiosk.status': async (_ctx, input) => {
      // Asked fresh before a procedure that ends in a slip; otherwise the last poll (every few seconds) answers.
      const printer = input.fresh ? await deps.printerWatch.refresh() : deps.printerWatch.current();
      const state = hours.state();
      return ok({ canPrint: printer.problem === null, open: state.open, nextOpening: state.nextOpening });
    },
    'funnel.step': (ctx, input) => {
      funnel.step(ctx.windowId, input.kind, input.step);
      return ok(null);
    },
    'funnel.leave': (ctx) => {
      funnel.leave(ctx.windowId, 'back');
      return ok(null);
    },
    'support.call': () => staff.callStaff(),
    'speech.say': (ctx, input) => deps.speech.say(ctx.windowId, { text: input.text, lang: input.lang, volume: input.volume }, input.kind),
    'speech.repeat': (ctx, input) => deps.speech.repeat(ctx.windowId, input.volume),
    'speech.stop': (ctx) => deps.speech.stop(ctx.windowId),
    'reading.furigana': (_ctx, input) => deps.speech.furigana(input.texts),
    'staff.unlock': (ctx, input) => staff.unlock(ctx.windowId, input.number, input.pin, input.endCustomerSession ?? false),
    'staff.setPin': (ctx, input) => staff.setPin(ctx.windowId, input.pin),
    'staff.lock': (ctx) => staff.lock(ctx.windowId),
    'staff.overview': async (ctx) => ok(await staff.overview(ctx.windowId)),
    'staff.saveSettings': (ctx, input) => staff.saveSettings(ctx.windowId, input),
    'staff.retryMail': (ctx, input) => staff.retryMail(ctx.windowId, input.id),
    'staff.printTestPage': () => print.printTestPage(),
    'staff.demoPrintout': async () => {
      const file = print.latestDemoOutput();
      const image = file && (await pdfPreview(file));
      return image ? ok({ image }) : fail('not_available');
    },
    'staff.unlockId': (ctx, input) => staff.unlockId(ctx.windowId, input.itscomId),
    'staff.issueTemporaryPassword': (ctx, input) => recovery.issueTemporaryPassword(ctx.windowId, input.itscomId),
    'staff.reprintTemporaryPassword': (ctx) => recovery.reprintTemporaryPassword(ctx.windowId),
    'staff.lookUpIds': (ctx, input) => recovery.lookUpIds(ctx.windowId, input.contactMail),
    'staff.printId': (ctx, input) => recovery.printId(ctx.windowId, input.itscomId),
    'staff.resolveCall': (_ctx, input) => staff.resolveCall(input.id),
    'staff.mailbox': () => {
      const mailbox = demoMailbox();
      return mailbox ? ok(mailbox.list()) : fail('not_available');
    },
    'staff.quit': async (ctx) => {
      await staff.record(ctx.windowId, 'kiosk_quit', { outcome: 'ok' });
      await staff.lock(ctx.windowId, 'quit');
      // After the answer has gone back to the page.
      setImmediate(deps.quit);
      return ok(null);
    },
    'staff.members': () => staffAccounts.members(),
    'staff.addMember': (ctx, input) => staffAccounts.addMember(ctx.windowId, input),
    'staff.deactivateMember': (ctx, input) => staffAccounts.deactivateMember(ctx.windowId, input.number),
    'staff.resetMemberPin': (ctx, input) => staffAccounts.resetMemberPin(ctx.windowId, input.number, input.pin),
    'staff.auditTrail': (_ctx, input) => managerViews.auditPage(input),
    'staff.saveOpeningHours': (ctx, input) => staff.saveOpeningHours(ctx.windowId, input.hours),
    'staff.printDayReport': (ctx) => managerViews.printDayReport(ctx.windowId),
  };
  return handlers;
}
