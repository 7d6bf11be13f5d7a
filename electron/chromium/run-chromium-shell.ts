import { loadConfig } from '../core/config';
import { startCore } from '../core/kiosk-core';
import { guardProcess } from '../core/process-guards';
import { exitFatally, watchLifelines } from '../core/lifecycle/lifelines';
import { findChromium } from './find-chromium';
import { guardBrowserKeys } from './key-guard';
import { launchChromiumShell } from './chromium-shell';
import { createPdfSlipPrinter } from './pdf-slip-printer';
import { SANDBOX_UNAVAILABLE, sandboxPlan } from './sandbox';

/**
 * Runs the kiosk in Debian's Chromium, driven over CDP by this Node process.
 * Ends only when staff quit or on SIGTERM/SIGINT, closing the browser and the
 * store before exiting; a window that closes or crashes is brought back.
 */
export async function runChromiumShell(rendererRoot: string): Promise<void> {
  const config = loadConfig(process.env);
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error('no Chromium found: install Debian\'s "chromium" package or set CHROME_PATH');
  }
  const { sandbox, warning } = sandboxPlan(process.getuid?.());
  if (warning) console.warn(`[kiosk] WARNING: ${warning}`);
  const slipPrinter = createPdfSlipPrinter(executablePath, sandbox);
  let stopping: Promise<void> | undefined;
  let shell: Awaited<ReturnType<typeof launchChromiumShell>> | undefined;
  let keyGuard: { stop(): void } | undefined;
  const coreStarting = startCore({ config, slipPrinter, onQuit: () => void stop(0) });
  // Awaited only once the browser is up: until then a failure must not count as unhandled.
  coreStarting.catch(() => undefined);
  /** A lifeline is gone (display, parent, output pipe): end with status 1 within FATAL_EXIT_DEADLINE_MS. */
  const fatal = (why: string) => {
    void coreStarting.then((core) => core.log.error('the kiosk ends: it lost what it runs on', { why }), () => undefined);
    exitFatally(() => stop(1));
  };
  const stop = (exitCode: number) => {
    stopping ??= (async () => {
      await shell?.close();
      keyGuard?.stop();
      await slipPrinter.close();
      await (await coreStarting.catch(() => undefined))?.close();
      process.exit(exitCode);
    })();
    return stopping;
  };

  process.once('SIGTERM', () => void stop(0));
  process.once('SIGINT', () => void stop(0));
  try {
    // Before the browser: it must never receive the keys it would open its own windows with.
    keyGuard = await guardBrowserKeys(fatal);
    // The browser starts while the core opens the store and the mail service.
    shell = await launchChromiumShell(coreStarting, {
      executablePath,
      rendererRoot,
      remoteDebuggingPort: config.remoteDebuggingPort,
      sandbox,
      onUnrecoverable: fatal,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : 'unknown';
    const core = await coreStarting.catch(() => undefined);
    if (core) core.log.error('chromium shell failed to start', { error: message });
    else console.error(`[kiosk] could not start: ${message}`);
    // The kiosk never falls back to running unsandboxed: it says why it cannot start.
    if (sandbox && /sandbox/i.test(message)) console.error(`[kiosk] ${SANDBOX_UNAVAILABLE}`);
    await stop(1);
    return;
  }
  const core = await coreStarting;
  guardProcess(process, core.log);
  watchLifelines(fatal);
  if (warning) core.log.warn('chromium sandbox off: running as root');
  const where = config.remoteDebuggingPort ? `, CDP on 127.0.0.1:${config.remoteDebuggingPort}` : '';
  // The relay is tried once in the background: a start never waits on it, but IT sees what is wrong.
  void core.relayCheck.then((problem) => problem && console.warn(`[kiosk] WARNING: mail relay: ${problem}; mail waits in the outbox`));
  console.log(`[kiosk] ready: chromium shell (sandbox ${sandbox ? 'on' : 'OFF'}), ${await core.describe()}, data in ${config.dataDir}${where}`);
}
