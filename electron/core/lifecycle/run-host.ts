import type { KioskConfig } from '../../../shared/config/kiosk-config';
import { startCore, type KioskCore } from '../kiosk-core';
import type { SlipPrinter } from '../print/print-service';
import { guardProcess } from '../process-guards';
import { closeQuietly } from './close-quietly';
import { exitFatally, watchLifelines } from './lifelines';
import { systemdNotifier, type SystemdNotifier } from './systemd-notify';

/** What a shell (Electron, or Debian's Chromium over CDP) adds to the core: the kiosk's window. */
export interface Shell {
  /** "electron" or "chromium", for the start line. */
  readonly name: string;
  /**
   * Puts the kiosk's window up over the core, which may still be starting (a
   * browser starts meanwhile). `onUnrecoverable`: what the window runs on is
   * gone (the display, the browser binary); the kiosk must end.
   */
  open(core: Promise<KioskCore>, onUnrecoverable: (why: string) => void): Promise<void>;
  /** Takes the window down; the core closes after it. Never rejects. */
  close(): Promise<void>;
  /** What the start line says of the shell beyond its name (for instance its sandbox). */
  describe(core: KioskCore): string;
}

export interface HostOptions {
  config: KioskConfig;
  shell: Shell;
  slipPrinter: SlipPrinter & { close?(): Promise<void> };
  /** Ends the process with this status (process.exit, or Electron's app.exit). */
  exit: (code: number) => void;
  /** The environment systemd's notify protocol is read from (NOTIFY_SOCKET, WATCHDOG_USEC); default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface Host {
  /** The orderly stop: the shell, the slip printer, the core, then exit with `code`. Once (a second call waits for the first); never rejects. */
  stop(code: number): Promise<void>;
}

/**
 * The kiosk's one way up and down, for both shells. Up: the core (store,
 * lock, log, mail, presence, sessions: kiosk-core.ts) starts while the shell
 * opens its window; the process is guarded, its lifelines watched, and the
 * start line printed. Down, by staff's 「キオスクを終了」, SIGTERM/SIGINT or a
 * failed start: the shell, then the slip printer, then the core (which
 * releases its parts in reverse), then exit. A lost lifeline stops the same
 * way, with status 1 and a deadline.
 */
export async function runHost({ config, shell, slipPrinter, exit, env = process.env }: HostOptions): Promise<Host> {
  let stopping: Promise<void> | undefined;
  // Set once the kiosk is ready (a stop before that has nothing to tell systemd).
  const systemd: { notifier?: SystemdNotifier } = {};
  let stopFeeding = () => {};
  const coreStarting = startCore({ config, slipPrinter, onQuit: () => void stop(0) });
  // Awaited once the shell is up (or has failed): until then its failure must not count as unhandled.
  coreStarting.catch(() => undefined);
  const stop = (code: number): Promise<void> => {
    stopping ??= (async () => {
      // systemd hears first, so a slow stop is not taken for a hang.
      systemd.notifier?.stopping();
      stopFeeding();
      await closeQuietly(shell.close());
      await closeQuietly(slipPrinter.close?.());
      // A core that never started has nothing to close; one that fails to close has logged why.
      await closeQuietly((await coreStarting.catch(() => undefined))?.close());
      systemd.notifier?.close();
      exit(code);
    })();
    return stopping;
  };
  const fatal = (why: string) => {
    // Logged if the core is up; the exit follows either way.
    void coreStarting.then((core) => core.log.error('the kiosk ends: it lost what it runs on', { why }), () => undefined);
    exitFatally(() => stop(1), exit);
  };
  process.once('SIGTERM', () => void stop(0));
  process.once('SIGINT', () => void stop(0));

  let core: KioskCore;
  try {
    await shell.open(coreStarting, fatal);
    core = await coreStarting;
  } catch (error) {
    const message = error instanceof Error ? error.message : 'unknown';
    const started = await coreStarting.catch(() => undefined);
    if (started) started.log.error(`${shell.name} shell failed to start`, { error: message });
    else console.error(`[kiosk] could not start: ${message}`);
    await stop(1);
    return { stop };
  }
  guardProcess(process, core.log);
  watchLifelines(fatal);
  // The relay is tried once in the background: a start never waits on it, but IT sees what is wrong. (relayCheck never rejects.)
  void core.relayCheck.then((problem) => problem && console.warn(`[kiosk] WARNING: mail relay: ${problem}; mail waits in the outbox`));
  const where = config.remoteDebuggingPort ? `, CDP on 127.0.0.1:${config.remoteDebuggingPort}` : '';
  const detail = shell.describe(core);
  const metrics = core.metricsAddress ? `, metrics on http://${core.metricsAddress}/metrics` : '';
  console.log(`[kiosk] ready: ${shell.name} shell${detail ? ` (${detail})` : ''}, ${await core.describe()}, data in ${config.dataDir}${where}${metrics}`);
  // The welcome screen is interactive (the shell's open waited for it): systemd may count the kiosk as started.
  const notifier = await systemdNotifier(env, core.log).catch((error: unknown) => {
    core.log.warn('systemd notify socket cannot be used', { error: error instanceof Error ? error.message : 'unknown' });
    return undefined;
  });
  if (notifier && stopping) notifier.close();
  else if (notifier) {
    systemd.notifier = notifier;
    notifier.ready(`serving on ${shell.name} shell`);
    // Fed only while both answer: a hung core or page is restarted by systemd.
    stopFeeding = notifier.watch(async () => core.liveness.pageAnswering() && (await core.answering()));
  }
  return { stop };
}
