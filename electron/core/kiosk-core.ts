import type { EventName } from '../../shared/contract/channels';
import type { EventPayloads } from '../../shared/contract/models';
import type { KioskConfig } from '../../shared/config/kiosk-config';
import { hashPassword } from './auth/password-hash';
import { SessionRegistry } from './auth/session-registry';
import { createSignInService } from './auth/sign-in-service';
import { createDispatcher, type Dispatch } from './bridge/dispatcher';
import { createHandlers } from './bridge/handlers';
import { createLogger, type Logger } from './logger';
import { createCustomersRepo } from './store/customers-repo';
import { openDatabase } from './store/database';
import { seedDemoCustomers } from './store/demo-seed';
import { createTransact } from './store/transaction';

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
  /** The window reloaded, navigated or closed: its customer is gone. */
  endWindowSession(windowId: string): void;
  close(): Promise<void>;
}

export interface CoreOptions {
  config: KioskConfig;
  now?: () => number;
}

export async function startCore({ config, now = Date.now }: CoreOptions): Promise<KioskCore> {
  const db = openDatabase(config.dataDir);
  const log = createLogger(config.dataDir);
  const transact = createTransact(db);
  const customers = createCustomersRepo(db);
  const sessions = new SessionRegistry();
  const listeners = new Set<EventListener>();

  if (config.demo && (await seedDemoCustomers(customers, transact, hashPassword, now()))) {
    log.info('demo customers seeded');
  }

  sessions.onEnd((windowId, reason) => {
    for (const listener of listeners) listener(windowId, 'session.ended', { reason });
  });

  const signIn = createSignInService({ customers, sessions, log, now });
  const dispatch = createDispatcher(createHandlers({ customers, sessions, signIn, now }), log);
  log.info('core started', { demo: config.demo });

  let closed = false;
  return {
    config,
    log,
    dispatch,
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    endWindowSession: (windowId) => {
      if (sessions.get(windowId)) sessions.end(windowId, 'replaced');
    },
    close: async () => {
      if (closed) return;
      closed = true;
      listeners.clear();
      log.info('core stopped');
      db.close();
      await log.close();
    },
  };
}
