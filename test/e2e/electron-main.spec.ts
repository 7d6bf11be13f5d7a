import { expect, test } from '../support/fixtures';

// The Electron shell's main process, seen the way Playwright's Electron users see an app:
// through electronApp.evaluate(). Runs in the electron-shell project only (global set-up
// says whether that project exists here, and why not).

test('the kiosk window is sandboxed and isolated, has no menu, and every permission is refused', async ({ shell, kiosk }) => {
  test.skip(shell !== 'electron', 'main-process checks need the Electron shell');
  const app = kiosk.electronApp!;
  const facts = await app.evaluate(({ BrowserWindow, Menu }) => {
    const [window] = BrowserWindow.getAllWindows();
    // Undocumented but long-standing (Electron's own devtools use it): the preferences the page got.
    const contents = window?.webContents as unknown as { getLastWebPreferences?: () => Record<string, unknown> } | undefined;
    const prefs = contents?.getLastWebPreferences?.();
    const session = window?.webContents.session;
    return {
      windows: BrowserWindow.getAllWindows().length,
      kiosk: window?.isKiosk(),
      menu: Menu.getApplicationMenu(),
      sandbox: prefs?.sandbox,
      contextIsolation: prefs?.contextIsolation,
      nodeIntegration: prefs?.nodeIntegration,
      webviewTag: prefs?.webviewTag,
      devTools: prefs?.devTools,
      spellcheck: prefs?.spellcheck,
      // The customer's data lives in memory only: no persist: partition.
      persistentSession: session?.isPersistent(),
    };
  });
  expect(facts).toEqual({
    windows: 1,
    kiosk: true,
    menu: null,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webviewTag: false,
    devTools: false,
    spellcheck: false,
    persistentSession: false,
  });
  // What the page itself can reach: no Node, no Electron, only window.kiosk.
  expect(await kiosk.page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual([
    'undefined',
    'undefined',
  ]);
  // The permission handlers answer no, whatever the page asks.
  expect(await kiosk.page.evaluate(() => Notification.requestPermission())).toBe('denied');
  const geolocation = await kiosk.page.evaluate(() => navigator.permissions.query({ name: 'geolocation' }).then((status) => status.state));
  expect(geolocation).toBe('denied');
});
