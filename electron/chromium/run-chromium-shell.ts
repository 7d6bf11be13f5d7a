import { loadConfig } from '../core/config';
import type { KioskCore } from '../core/kiosk-core';
import { runHost, type Shell } from '../core/lifecycle/run-host';
import { findChromium } from './find-chromium';
import { guardBrowserKeys } from './key-guard';
import { launchChromiumShell } from './chromium-shell';
import { createPdfSlipPrinter } from './pdf-slip-printer';
import { SANDBOX_UNAVAILABLE, sandboxPlan } from './sandbox';

/**
 * Runs the kiosk in Debian's Chromium, driven over CDP by this Node process
 * (the host's way up and down: core/lifecycle/run-host.ts). Ends only when
 * staff quit or on SIGTERM/SIGINT; a window that closes or crashes is brought back.
 */
export async function runChromiumShell(rendererRoot: string): Promise<void> {
  const config = loadConfig(process.env);
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error('no Chromium found: install Debian\'s "chromium" package or set CHROME_PATH');
  }
  const { sandbox, warning } = sandboxPlan(process.getuid?.());
  if (warning) console.warn(`[kiosk] WARNING: ${warning}`);
  let browser: Awaited<ReturnType<typeof launchChromiumShell>> | undefined;
  let keyGuard: { stop(): void } | undefined;

  const shell: Shell = {
    name: 'chromium',
    async open(core: Promise<KioskCore>, onUnrecoverable) {
      try {
        // Before the browser: it must never receive the keys it would open its own windows with.
        keyGuard = await guardBrowserKeys(onUnrecoverable);
        browser = await launchChromiumShell(core, { executablePath, rendererRoot, remoteDebuggingPort: config.remoteDebuggingPort, sandbox, onUnrecoverable });
      } catch (error) {
        // The kiosk never falls back to running unsandboxed: it says why it cannot start.
        if (sandbox && error instanceof Error && /sandbox/i.test(error.message)) console.error(`[kiosk] ${SANDBOX_UNAVAILABLE}`);
        throw error;
      }
      if (warning) (await core).log.warn('chromium sandbox off: running as root');
    },
    async close() {
      await browser?.close();
      keyGuard?.stop();
    },
    describe: () => `sandbox ${sandbox ? 'on' : 'OFF'}`,
  };
  await runHost({ config, shell, slipPrinter: createPdfSlipPrinter(executablePath, sandbox), exit: (code) => process.exit(code) });
}
