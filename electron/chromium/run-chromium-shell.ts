import { loadConfig } from '../core/config';
import { startCore } from '../core/kiosk-core';
import { findChromium } from './find-chromium';
import { launchChromiumShell } from './chromium-shell';
import { createPdfSlipPrinter } from './pdf-slip-printer';

/**
 * Runs the kiosk in Debian's Chromium, driven over CDP by this Node process.
 * Ends when the window closes or on SIGTERM/SIGINT, closing the browser and the
 * store before exiting.
 */
export async function runChromiumShell(rendererRoot: string): Promise<void> {
  const config = loadConfig(process.env);
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error('no Chromium found: install Debian\'s "chromium" package or set CHROME_PATH');
  }
  const slipPrinter = createPdfSlipPrinter(executablePath);
  const core = await startCore({ config, slipPrinter, onQuit: () => void stop(0) });

  let stopping: Promise<void> | undefined;
  const stop = (exitCode: number) => {
    stopping ??= (async () => {
      await shell?.close();
      await slipPrinter.close();
      await core.close();
      process.exit(exitCode);
    })();
    return stopping;
  };

  let shell: Awaited<ReturnType<typeof launchChromiumShell>> | undefined;
  process.once('SIGTERM', () => void stop(0));
  process.once('SIGINT', () => void stop(0));
  try {
    shell = await launchChromiumShell(core, {
      executablePath,
      rendererRoot,
      remoteDebuggingPort: config.remoteDebuggingPort,
      onClosed: () => void stop(0),
    });
  } catch (error) {
    core.log.error('chromium shell failed to start', { error: error instanceof Error ? error.message : 'unknown' });
    await stop(1);
    return;
  }
  const where = config.remoteDebuggingPort ? `, CDP on 127.0.0.1:${config.remoteDebuggingPort}` : '';
  console.log(`[kiosk] ready: chromium shell, data in ${config.dataDir}${where}`);
}
