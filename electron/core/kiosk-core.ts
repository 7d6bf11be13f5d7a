import type { EventName } from '../../shared/contract/channels';
import type { EventPayloads } from '../../shared/contract/models';
import type { KioskConfig } from '../../shared/config/kiosk-config';
import { SessionRegistry } from './auth/session-registry';
import { createSignInService, FAILURE_WINDOW_MS } from './auth/sign-in-service';
import { createDispatcher, type Dispatch } from './bridge/dispatcher';
import { createHandlers } from './bridge/handlers';
import { createLogger, type Logger } from './logger';
import { createCodeChallenge } from './codes/code-challenge';
import { createIdChangeService } from './id-change/id-change-service';
import { startMail } from './mail/mail-service';
import { createPasswordChangeService } from './password-change/password-change-service';
import { createCounterRecoveryService } from './recovery/counter-recovery-service';
import { createPasswordResetService } from './recovery/password-reset-service';
import { Cups } from './print/cups';
import { CupsPdfOutput } from './print/cups-pdf-output';
import { createPrintService, type SlipPrinter } from './print/print-service';
import type { SlipContent, SlipKind } from './print/slip';
import { createSettingsService } from './settings/settings-service';
import { createStaffService, DEMO_STAFF_PIN } from './staff/staff-service';
import { readOrCreateKioskId } from './kiosk-identity';
import { ensurePrivateDir } from './store/database';
import { takeInstanceLock } from './store/instance-lock';
import type { Store } from './store/store';
import { seedDemoCustomers } from './store/demo-seed';
import { openStore } from './store/store';
import { OFFLINE_AFTER_MS, startPresence } from './shop/kiosk-presence';
import { startShopClock } from './shop/shop-clock';
import { ResourceStack } from './lifecycle/resource-stack';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

/** How often expired codes, secrets and sessions are dropped. */
export const PURGE_INTERVAL_MS = 60_000;
/** Beyond the screen's idle reset: a customer typing without submitting makes no calls. */
export const SESSION_GRACE_SECONDS = 5 * 60;
/**
 * How often the kiosk asks the store whether a signed-in customer changed the
 * password at another kiosk of the shop (then the session here ends). A poll
 * of one indexed read, and only while someone is signed in: the same on both
 * engines, where LISTEN/NOTIFY would be PostgreSQL's alone.
 */
export const SESSION_CHECK_MS = 2_000;

export type EventListener = <E extends EventName>(windowId: string, name: E, payload: EventPayloads[E]) => void;

/**
 * The runtime-neutral main-process core: store, services and the dispatcher.
 * Never imports `electron`; each shell creates one and wires a window to it.
 */
export interface KioskCore {
  readonly config: KioskConfig;
  readonly log: Logger;
  dispatch: Dispatch;
  /** Events for the renderer of a window (and for the shell, e.g. to clear history). */
  onEvent(listener: EventListener): () => void;
  /** The window reloaded, navigated or closed: its customer (and staff mode) is gone. */
  endWindowSession(windowId: string): void;
  /** For the start line: demo or not, which mail relay, which store, which printer. Never a secret. */
  describe(): Promise<string>;
  /**
   * The relay tried once at start, without sending (connect, STARTTLS, login): why it
   * cannot be used, or undefined. The start never waits for it; the shells warn on it.
   */
  readonly relayCheck: Promise<string | undefined>;
  /** Settles when the store's part of the purge round in progress (every minute) has ended. */
  purged(): Promise<void>;
  close(): Promise<void>;
}

export interface CoreOptions {
  config: KioskConfig;
  now?: () => number;
  /** The shell's native printing; without it 「印刷」 answers not_available. */
  slipPrinter?: SlipPrinter;
  /** Staff chose 「キオスクを終了」: the shell closes the app. */
  onQuit?: () => void;
  /** Tests that must see a commit race another kiosk's change, not the poll, set it longer (default SESSION_CHECK_MS). */
  sessionCheckMs?: number;
  /** The reset's floor for each answer (default EVEN_ANSWER_MS); tests of other things shorten it. */
  evenAnswerMs?: number;
}

export async function startCore(options: CoreOptions): Promise<KioskCore> {
  // Everything acquired below is released in reverse, once: on a failed start as on close.
  const resources = new ResourceStack();
  try {
    return await assembleCore(resources, options);
  } catch (error) {
    // The start's own failure is the one to report; what could be released has been.
    await resources.close().catch(() => undefined);
    throw error;
  }
}

/** A demo kiosk publishes its PIN and shows codes on screen: never over a shop's real customers. */
async function refuseDemoOverRealCustomers(config: KioskConfig, store: Store): Promise<void> {
  if (!config.demo) return;
  const real = await store.customers.countNotDemo();
  if (real === 0) return;
  throw new Error(
    `demo mode refused: ${store.description} holds ${real} customer(s) the demo did not seed, and demo mode publishes its staff PIN and shows codes on screen. ` +
      'Set KIOSK_SMTP_URL (the shop\'s mail relay) and leave KIOSK_DEMO unset, or use a store of its own for a training kiosk',
  );
}

async function assembleCore(resources: ResourceStack, { config, now: injectedNow, slipPrinter, onQuit, sessionCheckMs = SESSION_CHECK_MS, evenAnswerMs }: CoreOptions): Promise<KioskCore> {
  ensurePrivateDir(config.dataDir);
  // One kiosk per data dir: a second would send each mail twice and fight over codes.
  await resources.use(
    () => takeInstanceLock(config.dataDir),
    (instance) => instance.release(),
  );
  const log = await resources.use(
    () => createLogger(config.dataDir),
    (logger) => logger.close(),
  );
  const kiosk = { id: readOrCreateKioskId(config.dataDir).id, name: config.kioskName, shop: config.shop };
  const store = await resources.use(
    () =>
      openStore({
        dataDir: config.dataDir,
        databaseUrl: config.databaseUrl,
        kioskId: kiosk.id,
        shop: kiosk.shop,
        ownMailOnly: config.demo,
        allowUnverifiedTls: config.databaseUnverifiedTls,
        onConnectionError: (error) => log.warn('store connection lost while idle', { error: error.message }),
      }),
    (opened) => opened.close(),
  );
  resources.defer(() => log.info('core stopped'));
  if (config.databaseUnverifiedTls) log.warn('KIOSK_DATABASE_UNVERIFIED_TLS=1: the store\'s server is not checked (sslmode=require)');
  // The shop's one clock (the database server's), unless a test drives the time.
  const clock = injectedNow ? undefined : await resources.use(() => startShopClock(store), (started) => started.stop());
  const now = injectedNow ?? clock!.now;
  if (clock && Math.abs(clock.offsetMs) > 2_000) log.warn('this PC\'s clock differs from the store\'s: the store\'s is used', { offsetMs: clock.offsetMs });
  const settings = await createSettingsService(config, store.settings);
  if (settings.scrubbedRelayPassword) log.warn('a relay password stored by an older version was removed from the store: the relay takes its password from KIOSK_SMTP_URL');
  await refuseDemoOverRealCustomers(config, store);
  const { customers } = store;
  const sessions = new SessionRegistry();
  const listeners = new Set<EventListener>();
  const emit: EventListener = (windowId, name, payload) => {
    for (const listener of listeners) listener(windowId, name, payload);
  };

  // Which window asked for a mail, so its delivery status reaches that screen only.
  const mailOwners = new Map<number, string>();
  // Nothing configured at all is an operator's mistake to fix before the kiosk serves. (A stored relay
  // that no longer parses is not: the kiosk starts, mail waits in the outbox, staff see a warning.)
  if (!config.demo && !settings.current().smtpUrl && settings.warnings().length === 0) {
    throw new Error(
      `not in demo mode and no mail relay: set KIOSK_SMTP_URL (e.g. smtp://relay.example.com:587)${
        config.databaseUrl ? '; a training shop with demo customers only sets KIOSK_DEMO=1' : ', or KIOSK_DEMO=1 for the embedded demo mailbox'
      }`,
    );
  }
  const mail = await resources.use(() => startMail({
    demo: config.demo,
    smtpUrl: settings.current().smtpUrl,
    outbox: store.outbox,
    log,
    now,
    relayOptions: { ca: config.smtpCa?.pem, ehloName: config.smtpEhloName },
    onStatus: (mailId, state) => {
      const windowId = mailOwners.get(mailId);
      if (windowId !== undefined) emit(windowId, 'mail.status', { mailId, state });
      if (state === 'sent' || state === 'failed') mailOwners.delete(mailId);
    },
  }), (started) => started.close());
  settings.onChange((next) => {
    mail.useRelay(next.smtpUrl).catch((error: unknown) => {
      log.error('mail relay not switched: mail waits in the outbox', { error: error instanceof Error ? error.message : 'unknown' });
    });
  });

  if (config.demo && (await seedDemoCustomers(store, now()))) {
    log.info('demo customers seeded');
  }
  sessions.onEnd((_session, windowId, reason) => emit(windowId, 'session.ended', { reason }));

  const mailFrom = () => settings.current().mailFrom;
  const demoMailboxActive = () => mail.demoMailbox() !== undefined;
  const { attempts } = store;
  const signIn = createSignInService({ customers, attempts, sessions, log, now });
  // The one code-by-mail procedure of the ID change and the reset.
  const codes = createCodeChallenge({
    store,
    secrets: mail.secrets,
    mailer: mail.worker,
    log,
    now,
    codeTtlMs: config.codeTtlSeconds * 1000,
    mailFrom,
    ownMail: (mailId, windowId) => mailOwners.set(mailId, windowId),
  });
  const codeProcedure = { store, sessions, codes, mailer: mail.worker, log, now, mailFrom, demoMailbox: demoMailboxActive };
  const idChange = createIdChangeService({ ...codeProcedure, signIn });
  const passwordChange = createPasswordChangeService({
    store,
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
  // The demo printer's copies of a customer's slips leave with the customer (or the window's reset).
  // discardSlips never rejects: a copy already gone is fine.
  sessions.onWindowReset((windowId) => void print.discardSlips(windowId));
  const staff = createStaffService({
    repo: store.staff,
    attempts,
    settingsRepo: store.settings,
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
  });
  await staff.ensurePin(config.staffPin ?? (config.demo ? DEMO_STAFF_PIN : undefined));
  const recovery = createCounterRecoveryService({
    store,
    sessions,
    print,
    mailer: mail.worker,
    log,
    now,
    mailFrom,
    isStaff: (windowId) => staff.isStaff(windowId),
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
      settings,
      demo: config.demo,
      demoMailbox: mail.demoMailbox,
      quit: () => onQuit?.(),
      now,
    }),
    log,
    (ctx) => {
      const session = sessions.get(ctx.windowId);
      return {
        customer: !session ? 'none' : session.mustChangePassword ? 'must-change-password' : 'signed-in',
        staff: staff.isStaff(ctx.windowId),
      };
    },
  );
  const dispatch: Dispatch = (ctx, channel, input) => {
    sessions.touch(ctx.windowId, now());
    return dispatchCall(ctx, channel, input);
  };

  // Nothing is kept longer than needed: codes a day (for the hourly limit and
  // audit), code secrets until they expire, and a customer session no longer
  // than the screen's own idle reset plus a margin for slow typing.
  // The shop sees this kiosk from here on; a second live kiosk with its name stops this start.
  await resources.use(
    () =>
      startPresence({
        kiosks: store.kiosks,
        outbox: store.outbox,
        kiosk,
        instance: `${hostname()}:${resolve(config.dataDir)}`,
        now,
        log,
        state: async () => ({ inUse: sessions.size > 0, printer: await print.status() }),
      }),
    (presence) => presence.stop(),
  );

  // A password changed at another kiosk of the shop ends the customer's session here.
  let checkingSessions: Promise<void> | undefined;
  const sessionCheck = setInterval(() => {
    if (sessions.size === 0 || checkingSessions) return;
    checkingSessions = store.customers
      .passwordChanges(sessions.customerIds())
      .then((changes) => {
        const ended = sessions.endOutdated(changes);
        if (ended > 0) log.info('sessions ended: password changed at another kiosk', { ended });
      })
      // A store away for a moment: the next poll asks again.
      .catch(() => undefined)
      .finally(() => (checkingSessions = undefined));
  }, sessionCheckMs);
  sessionCheck.unref();
  resources.defer(async () => {
    clearInterval(sessionCheck);
    await checkingSessions;
  });

  let purging: Promise<void> = Promise.resolve();
  const purge = setInterval(() => {
    mail.secrets.purge(now());
    const { idleSeconds, idleWarningSeconds } = settings.current();
    const expired = sessions.expireIdle(now() - (idleSeconds + idleWarningSeconds + SESSION_GRACE_SECONDS) * 1000);
    if (expired > 0) log.info('idle sessions ended by the core', { expired });
    purging = Promise.all([
      store.codes.purge(now() - 24 * 60 * 60_000),
      store.rateEvents.purge(now() - 24 * 60 * 60_000),
      attempts.purge(now(), FAILURE_WINDOW_MS),
      // A code mail of a kiosk that is gone cannot be sent with its code: its procedure died with that kiosk.
      store.outbox.expireOrphanedCodeMails(now() - OFFLINE_AFTER_MS, 'the kiosk that held its code stopped'),
    ]).then(
      () => undefined,
      (error: unknown) => {
        // A full, locked or unreachable store: the next round purges instead.
        log.warn('purge skipped', { error: error instanceof Error ? error.message : 'unknown' });
      },
    );
  }, PURGE_INTERVAL_MS);
  purge.unref();
  resources.defer(async () => {
    clearInterval(purge);
    await purging;
  });
  resources.defer(() => listeners.clear());
  // Not awaited by close (an unreachable relay takes its connection timeout); nothing is logged once closing began.
  let closing = false;
  const relayCheck = mail.probe().then((problem) => {
    if (problem && !closing) log.warn('mail relay cannot be used: mail waits in the outbox', { problem });
    return problem;
  });
  resources.defer(() => (closing = true));
  log.info('core started', { demo: config.demo, mail: demoMailboxActive() ? 'demo mailbox' : 'relay' });

  return {
    config,
    log,
    relayCheck,
    dispatch,
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    describe: async () => {
      const { smtpUrl, printer: configured } = settings.current();
      // Scheme and host only: the URL may hold the relay's user and password.
      const relay = smtpUrl && new URL(smtpUrl);
      const mailText = demoMailboxActive()
        ? 'demo mailbox'
        : relay
          ? `relay ${relay.protocol}//${relay.host}`
          : 'no usable relay (mail waits in the outbox)';
      const printer = configured ?? `system default (${(await cups.printerName()) ?? 'none'})`;
      return `${config.demo ? 'demo mode' : 'production mode'}, kiosk: ${kiosk.name} (shop ${kiosk.shop}), mail: ${mailText}, store: ${store.description}, printer: ${printer}`;
    },
    purged: () => purging,
    endWindowSession: (windowId) => {
      staff.lock(windowId);
      if (sessions.get(windowId)) sessions.end(windowId, 'replaced');
      else sessions.invalidate(windowId);
    },
    close: () => resources.close(),
  };
}
