import type { SessionRegistry } from '../auth/session-registry';
import { createChangeJournal, type ChangeJournal } from '../account/change-journal';
import { createDirectoryAccounts } from '../account/directory-accounts';
import { createKioskAccounts } from '../account/kiosk-accounts';
import { createSignInService } from '../auth/sign-in-service';
import { createDispatcher, type Dispatch } from '../bridge/dispatcher';
import { createHandlers } from '../bridge/handlers';
import { createCodeChallenge } from '../codes/code-challenge';
import { createIdChangeService } from '../id-change/id-change-service';
import type { MailService } from '../mail/mail-service';
import { createPasswordChangeService } from '../password-change/password-change-service';
import { Cups } from '../print/cups';
import { CupsPdfOutput } from '../print/cups-pdf-output';
import { createPrintService, type PrintService, type SlipPrinter } from '../print/print-service';
import type { SlipContent, SlipKind } from '../print/slip';
import { createCounterRecoveryService } from '../recovery/counter-recovery-service';
import { createPasswordResetService } from '../recovery/password-reset-service';
import { createAuditTrail } from '../audit/audit-trail';
import { createStaffEntry } from '../staff/staff-entry';
import { createManagerViews } from '../staff/manager-views';
import { createStaffAccounts } from '../staff/staff-accounts';
import { createStaffService, type StaffService } from '../staff/staff-service';
import type { Base } from './open-base';
import type { SpeechService } from '../speech/speech-service';
import { watchPrinter, type PrinterWatch } from '../print/printer-watch';
import { createOpeningHours, type OpeningHoursService } from '../shop/opening-hours-service';
import { createFunnelTracker, type FunnelRecord, type FunnelTracker } from '../funnel/funnel-tracker';
import { DEFAULT_STAFF_IDLE_SECONDS } from '../../../shared/config/kiosk-config';
import { isChannelName } from '../../../shared/contract/channels';
import { isATouch } from '../../../shared/contract/touches';
import { anchorsInLogFolder, newestOf } from '../audit/audit-anchors';

/** What the core's other parts need of the services. */
export interface Services {
  print: PrintService;
  printerWatch: PrinterWatch;
  hours: OpeningHoursService;
  funnel: FunnelTracker;
  /** Settles when the procedure events on their way to the store are written (the close waits for them). */
  funnelCounted(): Promise<void>;
  staff: StaffService;
  cups: Cups;
  dispatch: Dispatch;
  journal: ChangeJournal;
}

export interface ServiceOptions {
  slipPrinter: SlipPrinter | undefined;
  onQuit: (() => void) | undefined;
  evenAnswerMs: number | undefined;
  speech: SpeechService;
  /** Remembers which window asked for a mail, so its delivery status reaches that screen only. */
  ownMail: (mailId: number, windowId: string) => void;
  /** Each procedure event also goes to the metrics. */
  onFunnel: (entry: FunnelRecord) => void;
  /** How often the printer is asked (default PRINTER_POLL_MS). */
  printerPollMs: number | undefined;
}

/**
 * The procedures over the customer sessions (sign-in, the code by mail, the
 * ID change, the password change and reset, recovery at the counter),
 * printing, staff mode, and the dispatcher every call from a shell goes through.
 */
export async function createServices(
  { config, log, kiosk, store, now, settings, directory }: Base,
  mail: MailService,
  sessions: SessionRegistry,
  { slipPrinter, onQuit, evenAnswerMs, speech, ownMail, onFunnel, printerPollMs }: ServiceOptions,
): Promise<Services> {
  const { customers } = store;
  const mailFrom = () => settings.current().mailFrom;
  const demoMailboxActive = () => mail.demoMailbox() !== undefined;
  const { attempts } = store;
  // Where customers' accounts live: the provider's directory when one is configured, else the kiosk's own store.
  const accounts = directory ? createDirectoryAccounts(directory, customers, now) : createKioskAccounts(customers, now);
  const journal = createChangeJournal({ store, accounts, sessions, mailer: mail.worker, log, now, mailFrom });
  const signIn = createSignInService({ accounts, attempts, sessions, log, now });
  // The one code-by-mail procedure of the ID change and the reset.
  const codes = createCodeChallenge({
    store,
    secrets: mail.secrets,
    mailer: mail.worker,
    log,
    now,
    codeTtlMs: config.codeTtlSeconds * 1000,
    mailFrom,
    ownMail,
  });
  const codeProcedure = { store, accounts, journal, sessions, codes, mailer: mail.worker, log, now, mailFrom, demoMailbox: demoMailboxActive };
  const idChange = createIdChangeService({ ...codeProcedure, signIn });
  const passwordChange = createPasswordChangeService({
    store,
    accounts,
    journal,
    sessions,
    signIn,
    mailer: mail.worker,
    log,
    now,
    mailFrom,
  });
  const passwordReset = createPasswordResetService({ ...codeProcedure, ...(evenAnswerMs !== undefined ? { evenAnswerMs } : {}) });
  const completion = (windowId: string, kind: SlipKind): SlipContent | undefined => {
    if (kind === 'password') {
      // A signed-in customer's change, or the reset of a window where nobody is signed in.
      const done = passwordChange.completion(windowId) ?? passwordReset.completion(windowId);
      return done && { kind, ...done };
    }
    const done = idChange.completion(windowId);
    return done && { kind, newItscomId: done.newItscomId, changedOn: done.changedOn };
  };
  const cups = new Cups(() => settings.current().printer);
  const print = createPrintService({
    cups,
    printer: slipPrinter,
    completion,
    settings: () => settings.current(),
    demoOutput: new CupsPdfOutput(),
    log,
    now,
  });
  const printerWatch = watchPrinter(() => print.status(), log, printerPollMs);
  const hours = await createOpeningHours(store.shopSettings, now, log);
  // Counted in the store (the shop's day) and in the metrics (this kiosk's counters); a store away loses the count, never the customer's step.
  const counting = new Set<Promise<void>>();
  const funnel = createFunnelTracker((entry) => {
    onFunnel(entry);
    const written = store.funnel
      .record({ at: now(), kind: entry.kind, step: entry.step, event: entry.event, ...(entry.reason ? { reason: entry.reason } : {}) })
      .catch((error: unknown) => log.warn('procedure step not counted', { error: error instanceof Error ? error.message.slice(0, 200) : 'unknown' }))
      .finally(() => counting.delete(written));
    counting.add(written);
  });
  // A customer signed out by the core (idle past the screen's reset) left the procedure they were in.
  sessions.onEnd((_session, windowId, reason) => {
    if (reason === 'idle') funnel.leave(windowId, 'idle');
  });
  // The demo printer's copies of a customer's slips leave with the customer (or the window's reset).
  // discardSlips never rejects: a copy already gone is fine.
  sessions.onWindowReset((windowId) => void print.discardSlips(windowId));
  // The next customer hears nothing of the last one, and cannot have it repeated.
  sessions.onWindowReset((windowId) => speech.forget(windowId));
  const audit = createAuditTrail({ repo: store.audit, now, log, shop: kiosk.shop });
  // The anchors this kiosk's log kept (the journal keeps them too: IT's verify reads both), read when a manager
  // first opens 「操作履歴」, not at every start: the log folder holds up to 60 MB. Later heads are this kiosk's own.
  let loggedAnchors: ReturnType<typeof anchorsInLogFolder> | undefined;
  const entry = createStaffEntry({
    members: store.staffMembers,
    attempts,
    audit,
    kiosk,
    log,
    now,
    idleMs: () => (config.staffIdleSeconds ?? DEFAULT_STAFF_IDLE_SECONDS) * 1000,
  });
  const staff = createStaffService({
    repo: store.staff,
    entry,
    audit,
    attempts,
    settings,
    sessions,
    log,
    now,
    printers: () => cups.printers(),
    printerStatus: () => print.status(),
    kickMail: () => mail.worker.nudge(),
    demoMailboxActive,
    relay: () => ({ caFile: config.smtpCa?.file ?? null, problem: mail.relayProblem() ?? null }),
    demo: config.demo,
    kiosk,
    shopKiosks: (since) => store.kiosks.inShop(kiosk.shop, since),
    hours,
    funnelSince: (since) => store.funnel.countsSince(since),
    numbersLockedSince: async (since) =>
      (await store.audit.list({ from: since, action: 'staff_number_locked' }, { limit: 1000 })).flatMap((row) => (row.subject ? [row.subject] : [])),
    memberNames: async () => new Map((await store.staffMembers.list()).map((member) => [member.number, member.name])),
  });
  const staffAccounts = createStaffAccounts({ members: store.staffMembers, attempts, settingsRepo: store.settings, audit, kiosk, log, now, numberAt: entry.numberAt });
  await staffAccounts.ensureStaff({ demo: config.demo, sharedPin: config.staffPin });
  const managerViews = createManagerViews({
    repo: store.staff,
    auditRepo: store.audit,
    members: store.staffMembers,
    audit,
    settings,
    shopKiosks: (since) => store.kiosks.inShop(kiosk.shop, since),
    printDocument: (windowId, kind, html) => print.printDocument(windowId, kind, html),
    funnelSince: (since) => store.funnel.countsSince(since),
    now,
    numberAt: entry.numberAt,
    anchors: async () => newestOf([(loggedAnchors ??= anchorsInLogFolder(config.dataDir, kiosk.shop)), { head: audit.lastAnchor(), front: await store.audit.recordedFront() }]),
  });
  const recovery = createCounterRecoveryService({
    store,
    accounts,
    journal,
    sessions,
    print,
    mailer: mail.worker,
    log,
    now,
    mailFrom,
    isStaff: (windowId) => staff.isStaff(windowId),
    record: (windowId, action, fields) => staff.record(windowId, action, fields),
  });
  staff.onLock((windowId) => recovery.forget(windowId));

  const dispatchCall = createDispatcher(
    createHandlers({
      customers,
      sessions,
      signIn,
      idChange,
      passwordChange,
      passwordReset,
      codes,
      recovery,
      print,
      staff,
      staffAccounts,
      managerViews,
      settings,
      speech,
      printerWatch,
      hours,
      funnel,
      demo: config.demo,
      staffIdleSeconds: config.staffIdleSeconds ?? DEFAULT_STAFF_IDLE_SECONDS,
      demoMailbox: mail.demoMailbox,
      quit: () => onQuit?.(),
      now,
    }),
    log,
    (ctx) => {
      const session = sessions.get(ctx.windowId);
      const role = staff.roleOf(ctx.windowId);
      return {
        customer: !session ? 'none' : session.mustChangePassword ? 'must-change-password' : 'signed-in',
        staff: role !== undefined,
        manager: role === 'manager',
      };
    },
  );
  const dispatch: Dispatch = (ctx, channel, input) => {
    // Only a person's action keeps a customer's session or a staff window awake: the page's own polls and speech do not.
    if (isChannelName(channel) && isATouch(channel)) {
      sessions.touch(ctx.windowId, now());
      staff.touch(ctx.windowId);
    }
    return dispatchCall(ctx, channel, input);
  };

  return { print, printerWatch, hours, funnel, funnelCounted: async () => void (await Promise.all(counting)), staff, cups, dispatch, journal };
}
