import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type ElectronApplication, type Page } from '@playwright/test';
import { electronAvailability } from './electron-binary';
import { freePort } from './free-port';
import { kioskLaunchPlan, launchElectron } from './electron-launch';

export type ShellName = 'chromium' | 'electron';

/** A running kiosk app (either shell), driven through the public CDP test hook. */
export interface KioskApp {
  shell: ShellName;
  /** The kiosk page found at start. */
  page: Page;
  /** The kiosk page on screen now (the kiosk replaces its page after a crash, a hang or a close). */
  currentPage(): Promise<Page>;
  browser: Browser;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  /** Console errors and CSP violations seen in the page. */
  pageErrors: string[];
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
  /** The Electron shell only: Playwright's handle on the app, for checks in the main process. */
  electronApp?: ElectronApplication;
}

const APP_URL_PREFIX: Record<ShellName, string> = {
  chromium: 'https://kiosk.invalid/',
  electron: 'app://kiosk/',
};

export interface LaunchOptions {
  shell: ShellName;
  dataDir?: string;
  env?: Record<string, string>;
  /** Runs the kiosk as this (unprivileged) user: `setpriv` execs it, so signals reach the kiosk itself. */
  runAs?: { uid: number; gid: number };
  /** Which launch this is (a lost CDP port starts the kiosk again, up to three times). */
  attempt?: number;
}

/** Every kiosk process a test started and has not seen exit. */
const running = new Set<ChildProcess>();

/**
 * Ends every kiosk process still running: for a spec's afterEach, which runs
 * even when the test timed out before its own clean-up (a kiosk left behind
 * would outlive its screen and the run).
 */
export async function stopAllKiosks(): Promise<void> {
  await Promise.all(
    [...running].map(async (child) => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
    }),
  );
}

/**
 * Starts the kiosk in its own data dir and waits for its ready line (no fixed
 * sleeps): the Chromium shell as `npm start`'s entry, the Electron shell with
 * Playwright's `_electron.launch()` (see electron-launch.ts).
 */
export async function launchKiosk(options: LaunchOptions): Promise<KioskApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
  const port = await freePort();
  const plan = kioskLaunchPlan(options.shell, electronAvailability());
  if (plan.kind === 'not-run') throw new Error(plan.reason);
  if (plan.kind === 'playwright-electron') return launchElectronKiosk(plan, options, dataDir, port);
  const command = options.runAs
    ? ['setpriv', `--reuid=${options.runAs.uid}`, `--regid=${options.runAs.gid}`, '--clear-groups', process.execPath]
    : [process.execPath];
  const child = spawn(command[0]!, [...command.slice(1), 'out/main/start.js'], {
    env: {
      ...process.env,
      KIOSK_DATA_DIR: dataDir,
      KIOSK_REMOTE_DEBUGGING_PORT: String(port),
      KIOSK_SHELL: options.shell,
      // Speech warms its Japanese analyser at start (0.6 s of CPU): only the specs that listen turn it on.
      KIOSK_SPEECH_ENGINE: 'off',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('[kiosk] ready')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`kiosk exited (${code}) before it was ready:\n${output}`)));
  });

  let browser: Browser;
  try {
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  } catch (error) {
    // Another process (a test's mail relay) took the port between its pick and Chromium's bind: start again on another.
    child.kill('SIGTERM');
    await exited;
    if ((options.attempt ?? 1) >= 3) throw error;
    return launchKiosk({ ...options, dataDir, attempt: (options.attempt ?? 1) + 1 });
  }
  const appPages = (from: Browser) =>
    from
      .contexts()
      .flatMap((context) => context.pages())
      .filter((candidate) => !candidate.isClosed() && candidate.url().startsWith(APP_URL_PREFIX[options.shell]));
  const page = appPages(browser)[0];
  if (!page) throw new Error(`no kiosk page among ${browser.contexts().flatMap((c) => c.pages().map((p) => p.url()))}`);
  let latest = { browser, page };

  const pageErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));

  return {
    shell: options.shell,
    page,
    browser,
    dataDir,
    process: child,
    currentPage: async () => {
      if (!latest.page.isClosed() && latest.browser.isConnected()) return latest.page;
      // The kiosk may have started a new browser: connect again (same port) until its page shows.
      for (;;) {
        if (child.exitCode !== null) throw new Error(`kiosk exited (${child.exitCode}):\n${output}`);
        const next = latest.browser.isConnected() ? latest.browser : await chromium.connectOverCDP(`http://127.0.0.1:${port}`).catch(() => undefined);
        const found = next && appPages(next)[0];
        if (next && found) {
          latest = { browser: next, page: found };
          return found;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    output: () => output,
    pageErrors,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

async function launchElectronKiosk(
  plan: Parameters<typeof launchElectron>[0],
  options: LaunchOptions,
  dataDir: string,
  port: number,
): Promise<KioskApp> {
  const { electronApp, child, page, browser, output } = await launchElectron(plan, { KIOSK_DATA_DIR: dataDir, ...options.env }, port);
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const pageErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    shell: 'electron',
    page,
    browser,
    dataDir,
    process: child,
    electronApp,
    // Electron reopens its window in the same app: the newest window is the kiosk.
    currentPage: async () => electronApp.windows().at(-1) ?? (await electronApp.firstWindow()),
    output,
    pageErrors,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) await electronApp.close().catch(() => child.kill('SIGTERM'));
      return exited;
    },
  };
}
