import type { Logger } from '../logger';

/**
 * systemd's notify protocol (sd_notify(3)), spoken by the kiosk itself:
 * READY=1 once the welcome screen is interactive, WATCHDOG=1 every half
 * WatchdogSec while the core and the page answer, STOPPING=1 at an orderly
 * stop. The unit (build/linux/mypage-kiosk.service) is Type=notify with
 * NotifyAccess=all: the kiosk runs under xinit, not as the unit's main
 * process, so systemd's WATCHDOG_PID names xinit and is not a reason to stay
 * silent (as sd_watchdog_enabled would be).
 */
export interface SystemdNotifier {
  ready(status: string): void;
  stopping(): void;
  /** Feeds the watchdog every half WATCHDOG_USEC while `alive()` says yes; returns its stop. Without a watchdog, does nothing. */
  watch(alive: () => Promise<boolean>): () => void;
  close(): void;
}

/** The interval systemd asked for (WATCHDOG_USEC), in ms; undefined when there is no watchdog. */
export function watchdogMs(env: NodeJS.ProcessEnv): number | undefined {
  const usec = Number(env.WATCHDOG_USEC);
  return Number.isInteger(usec) && usec > 0 ? Math.floor(usec / 1000) : undefined;
}

/** A notifier on NOTIFY_SOCKET, or undefined when systemd did not give one (started by hand, or Type=simple). */
export async function systemdNotifier(env: NodeJS.ProcessEnv, log: Pick<Logger, 'info' | 'warn'>): Promise<SystemdNotifier | undefined> {
  const path = env.NOTIFY_SOCKET;
  if (!path) return undefined;
  if (!path.startsWith('/')) {
    log.warn('NOTIFY_SOCKET is not a path (an abstract socket): systemd is not told when the kiosk is ready', { socket: path.slice(0, 100) });
    return undefined;
  }
  // Loaded only here: a kiosk outside systemd never needs the native module.
  const { createSocket } = await import('unix-dgram');
  const socket = createSocket('unix_dgram');
  let failing = false;
  const send = (state: string) => {
    const message = Buffer.from(state);
    socket.send(message, 0, message.length, path, (error) => {
      // Said once, not at every feed: systemd itself restarts a kiosk whose feeds do not arrive.
      if (error && !failing) log.warn('systemd notify socket refused a message', { error: error.message });
      failing = Boolean(error);
    });
  };
  socket.on('error', () => undefined);
  const intervalMs = watchdogMs(env);
  let closed = false;
  return {
    ready: (status) => send(`READY=1\nSTATUS=${status.replace(/\n/g, ' ').slice(0, 200)}`),
    stopping: () => send('STOPPING=1\nSTATUS=stopping'),
    watch: (alive) => {
      if (intervalMs === undefined) return () => {};
      log.info('systemd watchdog fed while the core and the page answer', { everyMs: Math.floor(intervalMs / 2) });
      let checking = false;
      const timer = setInterval(() => {
        if (checking) return;
        checking = true;
        alive()
          .then((yes) => {
            if (yes && !closed) send('WATCHDOG=1');
          }, () => undefined)
          .finally(() => (checking = false));
      }, Math.floor(intervalMs / 2));
      return () => clearInterval(timer);
    },
    close: () => {
      closed = true;
      socket.close();
    },
  };
}
