import type { EventName } from '../../shared/contract/channels';
import type { EventPayloads } from '../../shared/contract/models';
import type { KioskConfig } from '../../shared/config/kiosk-config';
import { SessionRegistry } from './auth/session-registry';
import type { Dispatch } from './bridge/dispatcher';
import { ResourceStack } from './lifecycle/resource-stack';
import type { Logger } from './logger';
import type { SlipPrinter } from './print/print-service';
import { createServices } from './startup/create-services';
import { openBase } from './startup/open-base';
import { openMail } from './startup/open-mail';
import { startShopDuties } from './startup/shop-duties';
import type { SpeechEngine } from './speech/speech-engine';
import { openSpeech } from './speech/speech-setup';
import { createLiveness, type Liveness } from './lifecycle/liveness';
import { createKioskMetrics, type KioskMetrics } from './metrics/kiosk-metrics';
import { serveMetrics } from './metrics/metrics-server';
import { STORE_CHECK_TIMEOUT_MS } from './metrics/health';
import { settleWithin } from './lifecycle/settle-within';
import { version as appVersion } from '../../package.json';

export { PURGE_INTERVAL_MS, SESSION_GRACE_SECONDS } from './startup/shop-duties';
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
  /** What the shell says of its page (it answered its ping): the systemd watchdog and /healthz read it. */
  readonly liveness: Liveness;
  /** The core answers: its event loop runs and the store settles a round trip (answered or refused) in time. A store that hangs is a hung core. */
  answering(): Promise<boolean>;
  /** The metrics and health (served at KIOSK_METRICS_LISTEN when set). */
  readonly metrics: KioskMetrics;
  /** Where the metrics are served (HOST:PORT), when they are. */
  readonly metricsAddress: string | undefined;
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
  /** A test's own speech engine in place of the configured one. */
  speechEngine?: SpeechEngine;
  /** How often the printer is asked (default PRINTER_POLL_MS): tests of the printer's notice ask more often. */
  printerPollMs?: number;
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

/**
 * The core's parts, each acquired in order and its release deferred on the
 * stack at once, so a failed start and the close unwind alike, in reverse:
 * base (data dir lock, log, store, clock, settings) → mail (relay, outbox
 * worker) → services (sessions, procedures, print, staff, dispatcher) → the
 * shop's duties (heartbeat, session check, purge) → the relay probe.
 */
async function assembleCore(
  resources: ResourceStack,
  { config, now: injectedNow, slipPrinter, onQuit, sessionCheckMs = SESSION_CHECK_MS, evenAnswerMs, speechEngine, printerPollMs }: CoreOptions,
): Promise<KioskCore> {
  const opened = await openBase(resources, config, injectedNow);
  const { kiosk, store, now } = opened;
  const liveness = createLiveness();
  // Read at each scrape; `services` is there by the time anything is served.
  const metrics = createKioskMetrics({
    version: appVersion,
    mode: config.demo ? 'demo' : 'production',
    engine: store.engine,
    kiosk,
    pingStore: () => store.ping(),
    // The driver's words (host, user, database) go to the kiosk's log, never to whoever asks /healthz.
    storeFailed: (detail) => opened.log.warn('health check: store unavailable', { error: detail }),
    pendingMail: () => store.outbox.pending(),
    printer: () => services.printerWatch.current(),
    openCalls: () => store.staff.pendingSupportCalls(),
    hours: () => services.hours.state(),
    liveness,
    now,
  });
  // Every part from here on logs through this: each error is counted by kind.
  const base = { ...opened, log: countingErrors(opened.log, metrics.error) };
  const { log, settings } = base;
  const listeners = new Set<EventListener>();
  const emit: EventListener = (windowId, name, payload) => {
    for (const listener of listeners) listener(windowId, name, payload);
  };
  // Which window asked for a mail, so its delivery status reaches that screen only.
  const mailOwners = new Map<number, string>();
  const mail = await openMail(resources, base, (mailId, state) => {
    const windowId = mailOwners.get(mailId);
    if (windowId !== undefined) emit(windowId, 'mail.status', { mailId, state });
    if (state === 'sent' || state === 'failed') mailOwners.delete(mailId);
  });
  const sessions = new SessionRegistry();
  sessions.onEnd((_session, windowId, reason) => emit(windowId, 'session.ended', { reason }));
  const speech = openSpeech(config.speech, log, speechEngine);
  resources.defer(() => speech.close());
  const services = await createServices(base, mail, sessions, {
    slipPrinter,
    onQuit,
    evenAnswerMs,
    speech,
    ownMail: (mailId, windowId) => mailOwners.set(mailId, windowId),
    onFunnel: metrics.funnel,
    printerPollMs,
  });
  resources.defer(() => services.printerWatch.stop());
  resources.defer(() => services.hours.stop());
  // Before the store closes: the events of the windows the shell just closed (left at 'window').
  resources.defer(() => services.funnelCounted());
  const { staff, cups, dispatch, funnel } = services;
  const duties = await startShopDuties(resources, base, mail, sessions, services, sessionCheckMs);
  const served = config.metricsListen ? await resources.use(() => serveMetrics(metrics, config.metricsListen!, log), (server) => server.close()) : undefined;
  const demoMailboxActive = () => mail.demoMailbox() !== undefined;

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
    purged: duties.purged,
    liveness,
    metrics,
    metricsAddress: served?.address,
    // Answered or refused, the core answers; only a round trip that does not settle in time is a hang.
    answering: async () => (await settleWithin(store.ping(), STORE_CHECK_TIMEOUT_MS)).state !== 'late',
    endWindowSession: (windowId) => {
      // A window that reloaded, crashed or closed left its procedure there.
      funnel.leave(windowId, 'window');
      // The audit trail's failure is logged there; the window ends either way.
      staff.lock(windowId, 'window').catch(() => undefined);
      if (sessions.get(windowId)) sessions.end(windowId, 'replaced');
      else sessions.invalidate(windowId);
    },
    close: () => resources.close(),
  };
}

/** A logger that also counts each error by its message (a fixed text of the code). */
function countingErrors(log: Logger, count: (kind: string) => void): Logger {
  return {
    ...log,
    error: (message, fields) => {
      count(message);
      log.error(message, fields);
    },
  };
}
