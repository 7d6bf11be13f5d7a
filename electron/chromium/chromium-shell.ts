import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { chromium } from './playwright';
import type { KioskCore } from '../core/kiosk-core';
import { readAppFile } from '../core/app-page/app-page';
import { EMIT_FUNCTION, INVOKE_BINDING, browserApiScript } from './browser-api-script';
import { watchForHang } from '../core/lifecycle/hang-watchdog';
import { closeQuietly } from '../core/lifecycle/close-quietly';
import { closeStrayWindows } from './stray-windows';

/** The app's own origin. `.invalid` never resolves, so nothing but our router answers it. */
export const APP_ORIGIN = 'https://kiosk.invalid';
export const APP_URL = `${APP_ORIGIN}/index.html`;

export interface ChromiumShellOptions {
  executablePath: string;
  rendererRoot: string;
  remoteDebuggingPort?: number;
  /** Chromium's sandbox (see sandbox.ts): off only when the kiosk runs as root. */
  sandbox: boolean;
  /**
   * The browser died and cannot be started again (its display is gone): the
   * kiosk can show nothing, so it must end and let its supervisor restart it.
   */
  onUnrecoverable?: (why: string) => void;
}

export interface ChromiumShell {
  /** The kiosk page on screen now: a new one after a crash, a hang or a close. */
  page(): Page | undefined;
  close(): Promise<void>;
}

/**
 * Flags: kiosk (full screen, no browser UI), no background traffic (the shop
 * network must only ever see our own mail), and nothing that remembers or
 * reports: no autofill, password manager, translation, spell-check service or
 * crash dumps. The managed policy the set-up installs (build/chromium-policy.json)
 * says the same where a flag cannot.
 */
export function chromiumArgs(remoteDebuggingPort?: number): string[] {
  const args = [
    '--kiosk',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-translate',
    '--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication,PasswordManagerOnboarding,SpellcheckService',
    '--disable-breakpad',
    '--disable-crash-reporter',
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

interface KioskPage {
  windowId: string;
  context: BrowserContext;
  page: Page;
  targetId: string;
  cdp: CDPSession;
}

/**
 * Keeps one kiosk page on screen for the life of the app. Each page lives in a
 * fresh off-the-record context (nothing of a customer reaches a profile on
 * disk: no form history, cache, cookies or storage). When the page crashes,
 * hangs or is closed, or the whole browser dies, the customer's session ends
 * in the core and a new page opens on the welcome screen; only close() (staff's
 * 「キオスクを終了」 or SIGTERM) ends it for good.
 */
export async function launchChromiumShell(coreStarting: Promise<KioskCore>, options: ChromiumShellOptions): Promise<ChromiumShell> {
  const launchBrowser = () =>
    chromium.launch({
      executablePath: options.executablePath,
      headless: false,
      args: chromiumArgs(options.remoteDebuggingPort),
      chromiumSandbox: options.sandbox,
      // No "controlled by automated software" bar over the kiosk screen.
      ignoreDefaultArgs: ['--enable-automation'],
    });

  // The browser starts while the core opens the store and the mail service.
  let browser: Browser = await launchBrowser().catch(async (error: unknown) => {
    // The browser's failure is the one to report; the core's (if any) is the caller's, who awaits it too.
    await coreStarting.catch(() => undefined);
    throw error;
  });
  let core: KioskCore;
  try {
    core = await coreStarting;
  } catch (error) {
    await closeQuietly(browser.close());
    throw error;
  }

  let closing = false;
  let current: KioskPage | undefined;
  // Each page is a window of its own to the core: what a lost page's calls still do lands nowhere on screen.
  let pages = 0;
  let opening: Promise<void> | undefined;
  let stopWatchdog = () => {};

  const stopEvents = core.onEvent((target, name, payload) => {
    const page = current?.page;
    if (target !== current?.windowId || !page || page.isClosed()) return;
    // A page that closes while an event is on its way misses it: the next page starts from the welcome screen.
    void closeQuietly(
      page.evaluate(([fn, n, p]) => (globalThis as unknown as Record<string, (a: unknown, b: unknown) => void>)[fn]?.(n, p), [EMIT_FUNCTION, name, payload] as const),
    );
    // Nothing of the customer may be reachable by "back" once the session ends (a page already gone has no history).
    if (name === 'session.ended') void closeQuietly(current?.cdp.send('Page.resetNavigationHistory'));
  });

  async function watchBrowser(target: Browser): Promise<void> {
    target.on('disconnected', () => target === browser && recover('browser gone'));
    await closeStrayWindows(
      target,
      async (targetId) => {
        // Only whether the kiosk's page is open matters here: a failed opening is recover()'s to report.
        await closeQuietly(opening);
        return targetId === current?.targetId;
      },
      () => core.log.warn('kiosk: a window the kiosk did not open was closed'),
    );
  }

  async function openPage(): Promise<KioskPage> {
    if (!browser.isConnected()) {
      browser = await launchBrowser();
      await watchBrowser(browser);
    }
    const pageWindowId = `kiosk-window-${++pages}`;
    const context = await browser.newContext({ viewport: null, locale: 'ja-JP' });
    await routeAppOnly(context, options.rendererRoot);
    const kiosk: { page?: Page } = {};
    await context.exposeBinding(INVOKE_BINDING, async (source, channel: unknown, input: unknown) => {
      // Only the kiosk page's own top frame may call the core (Electron: senderFrame check).
      if (!kiosk.page || source.page !== kiosk.page || source.frame !== kiosk.page.mainFrame() || !source.frame.url().startsWith(APP_ORIGIN)) {
        return { ok: false, code: 'forbidden_sender' };
      }
      return core.dispatch({ windowId: pageWindowId }, channel, input);
    });
    await context.addInitScript({ content: browserApiScript() });
    const page = await context.newPage();
    kiosk.page = page;
    const cdp = await context.newCDPSession(page);
    const { targetInfo } = (await cdp.send('Target.getTargetInfo')) as { targetInfo: { targetId: string } };

    // An alert, confirm or "leave this page?" would freeze the kiosk behind a browser dialog: dismissed at once.
    page.on('dialog', (dialog) => void closeQuietly(dialog.dismiss()));
    // A new document means the renderer's state is gone: the core's customer must go too.
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) core.endWindowSession(pageWindowId);
    });
    // Only the page on screen counts: the lost one's context closing also reports its close.
    page.on('crash', () => current?.page === page && recover('page crashed'));
    page.on('close', () => current?.page === page && recover('page closed'));
    return { windowId: pageWindowId, context, page, targetId: targetInfo.targetId, cdp };
  }

  async function showWelcome({ page, cdp }: KioskPage): Promise<void> {
    await page.goto(APP_URL);
    // Ready means the welcome screen is on and laid out in its fonts, not just that the document loaded.
    await page.locator('#app main').first().waitFor();
    await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
    await cdp.send('Page.resetNavigationHistory');
    await fillScreen(page, cdp);
  }

  /**
   * Opens a page and shows the welcome screen, retrying with a growing pause
   * until it works or the app closes. At start-up, three failures are an error
   * to report rather than a loop to sit in.
   */
  let shownOnce = false;
  function open(): Promise<void> {
    opening ??= (async () => {
      for (let attempt = 0; !closing; attempt++) {
        let next: KioskPage | undefined;
        try {
          next = await openPage();
          current = next;
          await showWelcome(next);
          const shown = next;
          stopWatchdog = watchForHang(() => shown.page.evaluate(() => true), () => recover('page hung'), { onAnswer: () => core.liveness.pageAnswered() });
          shownOnce = true;
          return;
        } catch (error) {
          // A half-opened page goes before the next try (its close is not a loss to recover from).
          if (next && current === next) current = undefined;
          void closeQuietly(next?.context.close());
          if (closing) return;
          if (!shownOnce && attempt >= 2) throw error;
          // Three tries in a row could not even start a browser: the display (or the binary) is gone.
          if (attempt >= 2 && !browser.isConnected()) {
            options.onUnrecoverable?.(`the browser cannot start again: ${error instanceof Error ? error.message.split('\n')[0] : 'unknown'}`);
            return;
          }
          core.log.warn('kiosk page did not open', { attempt, error: error instanceof Error ? error.message.slice(0, 200) : 'unknown' });
          await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, 5000)));
        }
      }
    })().finally(() => {
      opening = undefined;
    });
    return opening;
  }

  /** The page is gone or useless: end the customer's session and put a new page up. */
  function recover(why: string): void {
    if (closing || opening) return;
    core.log.warn('kiosk page lost: opening the welcome screen again', { why });
    const lost = current;
    if (lost) core.endWindowSession(lost.windowId);
    stopWatchdog();
    current = undefined;
    void closeQuietly(lost?.context.close());
    // Once a page has been shown, open() reports and retries its own failures: it does not reject.
    void open();
  }

  try {
    await watchBrowser(browser);
    await open();
    if (!current) throw new Error('the kiosk page did not open');
  } catch (error) {
    closing = true;
    await closeQuietly(browser.close());
    throw error;
  }

  return {
    page: () => current?.page,
    close: async () => {
      closing = true;
      stopWatchdog();
      stopEvents();
      if (current) core.endWindowSession(current.windowId);
      await closeQuietly(opening);
      await closeQuietly(browser.close());
    },
  };
}
