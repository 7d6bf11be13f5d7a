import { _electron, chromium, type ElectronApplication } from '@playwright/test';

/** The main-process entry Electron loads (package.json "main"). */
export const ELECTRON_MAIN_ENTRY = 'out/main/electron.js';

/**
 * How a spec reaches the kiosk in a shell. The Chromium shell is `npm start`'s
 * Node process, reached over its CDP port. The Electron shell is launched the
 * way Playwright's Electron users launch apps, `_electron.launch()`, which
 * also gives `electronApp.evaluate()` in the main process. Without a binary it
 * does not run, and says why.
 */
export type KioskLaunchPlan =
  | { kind: 'node-cdp' }
  | { kind: 'playwright-electron'; executablePath: string; args: string[] }
  | { kind: 'not-run'; reason: string };

export function kioskLaunchPlan(shell: 'chromium' | 'electron', electron: { available: boolean; path: string }): KioskLaunchPlan {
  if (shell === 'chromium') return { kind: 'node-cdp' };
  if (!electron.available) {
    return {
      kind: 'not-run',
      reason: `no Electron binary at ${electron.path}: set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron to run the Electron shell`,
    };
  }
  return { kind: 'playwright-electron', executablePath: electron.path, args: [ELECTRON_MAIN_ENTRY] };
}

/**
 * Starts the Electron shell with Playwright's Electron support and waits for
 * its ready line. The CDP port is opened too, so the specs that look at the
 * browser's processes reach Electron's the same way as Chromium's.
 */
export async function launchElectron(
  plan: Extract<KioskLaunchPlan, { kind: 'playwright-electron' }>,
  env: Record<string, string>,
  port: number,
) {
  const electronApp: ElectronApplication = await _electron.launch({
    executablePath: plan.executablePath,
    args: plan.args,
    env: { ...(process.env as Record<string, string>), ...env, KIOSK_SHELL: 'electron', KIOSK_REMOTE_DEBUGGING_PORT: String(port) },
  });
  const child = electronApp.process();
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('[kiosk] ready')) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`Electron exited (${code}) before it was ready:\n${output}`)));
  });
  const page = await electronApp.firstWindow();
  await ready;
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  return { electronApp, child, page, browser, output: () => output };
}
