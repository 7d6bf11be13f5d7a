import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { chromium } from './playwright';
import type { KioskCore } from '../core/kiosk-core';
import { readAppFile } from '../core/app-page/app-page';
import { EMIT_FUNCTION, INVOKE_BINDING, browserApiScript } from './browser-api-script';

/** The app's own origin. `.invalid` never resolves, so nothing but our router answers it. */
export const APP_ORIGIN = 'https://kiosk.invalid';
export const APP_URL = `${APP_ORIGIN}/index.html`;
const WINDOW_ID = 'kiosk-window';

export interface ChromiumShellOptions {
  executablePath: string;
  rendererRoot: string;
  remoteDebuggingPort?: number;
  /** Called once when the kiosk window is gone (closed by the user or crashed). */
  onClosed: () => void;
}

export interface ChromiumShell {
  page: Page;
  close(): Promise<void>;
}

/**
 * Flags: kiosk (full screen, no browser UI), a throwaway profile, and no
 * background traffic (the shop network must only ever see our own mail).
 */
function chromiumArgs(remoteDebuggingPort?: number): string[] {
  const args = [
    '--kiosk',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-translate',
    '--disable-features=Translate,MediaRouter,OptimizationHints',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--noerrdialogs',
    '--disable-session-crashed-bubble',
    '--password-store=basic',
    '--lang=ja',
  ];
  if (remoteDebuggingPort !== undefined) {
    args.push(`--remote-debugging-port=${remoteDebuggingPort}`, '--remote-debugging-address=127.0.0.1');
  }
  return args;
}

/**
 * Serves the app's files and refuses every other request, so the page cannot
 * leave the app. A navigation elsewhere is answered 204 No Content, which makes
 * Chromium stay on the current page (an aborted one would show an error page).
 */
async function routeAppOnly(context: BrowserContext, rendererRoot: string): Promise<void> {
  await context.route('**/*', async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (url.origin !== APP_ORIGIN) {
      return request.isNavigationRequest() ? route.fulfill({ status: 204 }) : route.abort('blockedbyclient');
    }
    const file = await readAppFile(rendererRoot, url.pathname);
    return route.fulfill({ status: file.status, headers: file.headers, body: file.body });
  });
}

/**
 * --kiosk asks the window manager for full screen; a bare X server (Xvfb, a
 * kiosk box without a WM) has none to ask and leaves a default-sized window.
 * Leaving full screen, sizing the window to the screen and entering it again
 * makes the window fill the screen either way.
 */
async function fillScreen(page: Page, cdp: CDPSession): Promise<void> {
  type Bounds = { left?: number; top?: number; width?: number; height?: number; windowState?: 'normal' | 'fullscreen' };
  const size = await page.evaluate(() => {
    const { screen } = globalThis as unknown as { screen: { width: number; height: number } };
    return { width: screen.width, height: screen.height };
  });
  const { windowId, bounds } = (await cdp.send('Browser.getWindowForTarget')) as { windowId: number; bounds: Bounds };
  if ((bounds.width ?? 0) >= size.width - 1 && (bounds.height ?? 0) >= size.height - 1) return;
  const setBounds = (next: Bounds) => cdp.send('Browser.setWindowBounds', { windowId, bounds: next });
  await setBounds({ windowState: 'normal' });
  await setBounds({ left: 0, top: 0, ...size });
  await setBounds({ windowState: 'fullscreen' });
  // Both sides: the width arrives with the bounds, the height only once full screen hides the tab strip.
  await page.waitForFunction(
    ({ width, height }) => {
      const view = globalThis as unknown as { innerWidth: number; innerHeight: number };
      return view.innerWidth >= width - 1 && view.innerHeight >= height - 1;
    },
    size,
  );
}

/**
 * Launches the browser while the core is still starting (the two take about
 * as long), then wires the page to the core once both are up.
 */
export async function launchChromiumShell(coreStarting: Promise<KioskCore>, options: ChromiumShellOptions): Promise<ChromiumShell> {
  const profileDir = await mkdtemp(join(tmpdir(), 'kiosk-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: options.executablePath,
    headless: false,
    viewport: null,
    args: chromiumArgs(options.remoteDebuggingPort),
    // No "controlled by automated software" bar over the kiosk screen.
    ignoreDefaultArgs: ['--enable-automation'],
    locale: 'ja-JP',
  });
  let core: KioskCore;
  try {
    core = await coreStarting;
  } catch (error) {
    await context.close().catch(() => undefined);
    await rm(profileDir, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());

  await routeAppOnly(context, options.rendererRoot);
  await context.exposeBinding(INVOKE_BINDING, async (source, channel: unknown, input: unknown) => {
    // Only the kiosk page's own top frame may call the core (Electron: senderFrame check).
    if (source.page !== page || source.frame !== page.mainFrame() || !source.frame.url().startsWith(APP_ORIGIN)) {
      return { ok: false, code: 'forbidden_sender' };
    }
    return core.dispatch({ windowId: WINDOW_ID }, channel, input);
  });
  await context.addInitScript({ content: browserApiScript() });

  // A popup can only come from a bug or an attack: close it at once.
  context.on('page', (other) => {
    if (other !== page) void other.close();
  });

  const cdp = await context.newCDPSession(page);
  const clearHistory = () => cdp.send('Page.resetNavigationHistory').catch(() => undefined);

  const stopEvents = core.onEvent((windowId, name, payload) => {
    if (windowId !== WINDOW_ID || page.isClosed()) return;
    void page.evaluate(([fn, n, p]) => (globalThis as unknown as Record<string, (a: unknown, b: unknown) => void>)[fn]?.(n, p), [EMIT_FUNCTION, name, payload] as const).catch(() => undefined);
    // Nothing of the customer may be reachable by "back" once the session ends.
    if (name === 'session.ended') void clearHistory();
  });

  // A new document means the renderer's state is gone: the core's customer must go too.
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) core.endWindowSession(WINDOW_ID);
  });

  let closing = false;
  const closed = () => {
    stopEvents();
    core.endWindowSession(WINDOW_ID);
    if (!closing) options.onClosed();
  };
  page.on('close', closed);
  page.on('crash', () => void page.reload().catch(() => undefined));

  await page.goto(APP_URL);
  // Ready means the welcome screen is on and laid out in its fonts, not just that the document loaded.
  await page.locator('#app main').first().waitFor();
  await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
  await clearHistory();
  await fillScreen(page, cdp);

  return {
    page,
    close: async () => {
      closing = true;
      await context.close().catch(() => undefined);
      // Chromium may still be flushing its profile as it exits: retry, and never fail shutdown over it.
      await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => undefined);
    },
  };
}
