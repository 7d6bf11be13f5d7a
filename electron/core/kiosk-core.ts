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
async function assembleCore(resources: ResourceStack, { config, now: injectedNow, slipPrinter, onQuit, sessionCheckMs = SESSION_CHECK_MS, evenAnswerMs, speechEngine }: CoreOptions): Promise<KioskCore> {
  const base = await openBase(resources, config, injectedNow);
  const { log, kiosk, store, settings } = base;
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
  const services = await createServices(base, mail, sessions, { slipPrinter, onQuit, evenAnswerMs, speech, ownMail: (mailId, windowId) => mailOwners.set(mailId, windowId) });
  const { staff, cups, dispatch } = services;
  const duties = await startShopDuties(resources, base, mail, sessions, services, sessionCheckMs);
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
    endWindowSession: (windowId) => {
      // The audit trail's failure is logged there; the window ends either way.
      staff.lock(windowId, 'window').catch(() => undefined);
      if (sessions.get(windowId)) sessions.end(windowId, 'replaced');
      else sessions.invalidate(windowId);
    },
    close: () => resources.close(),
  };
}
