import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  protocol,
  session,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import { channelNames } from '../../shared/contract/channels';
import { isBlockedKey } from '../../shared/input/blocked-keys';
import { fail } from '../../shared/contract/result';
import { readAppFile } from '../core/app-page/app-page';
import { loadConfig } from '../core/config';
import type { KioskCore } from '../core/kiosk-core';
import { runHost, type Shell } from '../core/lifecycle/run-host';
import { createElectronSlipPrinter } from './slip-printer';
import { watchForHang } from '../core/lifecycle/hang-watchdog';
import { closeQuietly } from '../core/lifecycle/close-quietly';

/** The Electron shell: the product as shipped. Only this file and preload.ts touch Electron. */
export const APP_SCHEME = 'app';
export const APP_URL = 'app://kiosk/index.html';
export const EVENT_CHANNEL = 'kiosk:event';

const APP_HOST = 'kiosk';
/**
 * The kiosk window's session. No "persist:" prefix: an in-memory session, so
 * nothing of a customer (form data, cache, storage) ever reaches the disk.
 */
export const KIOSK_PARTITION = 'kiosk';

/** Compares scheme and host: URL.origin is "null" for custom schemes outside Electron. */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * The kiosk window. The options are written out here, in the constructor call,
 * so that Electronegativity's static checks can see them.
 */
function createKioskWindow(preloadPath: string): BrowserWindow {
  return new BrowserWindow({
    kiosk: true,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      // Strangers touch this screen: the renderer gets no Node and no Electron, only window.kiosk.
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
      spellcheck: false,
      partition: KIOSK_PARTITION,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // A middle click must not open a link in a new window.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/**
 * One handler per channel; each checks that the call comes from the kiosk
 * page's own top frame (of the kiosk window on screen now: it is replaced if
 * it ever goes away).
 */
export function registerIpc(core: KioskCore, kioskContents: () => WebContents | undefined): void {
  for (const channel of channelNames) {
    ipcMain.handle(`kiosk:${channel}`, (event: IpcMainInvokeEvent, input: unknown) => {
      const contents = kioskContents();
      const frame = event.senderFrame;
      if (!contents || event.sender !== contents || !frame || frame !== contents.mainFrame || !isAppUrl(frame.url)) {
        return fail('forbidden_sender');
      }
      return core.dispatch({ windowId: String(contents.id) }, channel, input);
    });
  }
}

/**
 * Keys never reach the page or Electron's own handling when they could leave,
 * reload, zoom, print, open devtools or copy (the same rule the renderer
 * applies, shared/input/blocked-keys.ts); the app menu is null besides.
 */
export function filterKeys(contents: WebContents): void {
  contents.on('before-input-event', (event, input) => {
    if (isBlockedKey({ key: input.key, ctrlKey: input.control, altKey: input.alt, metaKey: input.meta })) event.preventDefault();
  });
}

/**
 * A renderer that died or hangs must not leave a white or frozen screen:
 * the customer's session ends in the core and the welcome screen loads again.
 */
export function recoverRenderer(core: KioskCore, contents: WebContents, log: (why: string) => void): () => void {
  const windowId = String(contents.id);
  const restart = (why: string) => {
    log(why);
    core.endWindowSession(windowId);
    // A load cut short by the next crash is retried by that crash's own restart.
    if (!contents.isDestroyed()) void closeQuietly(contents.loadURL(APP_URL));
  };
  contents.on('render-process-gone', (_event, details) => restart(`renderer gone (${details.reason})`));
  contents.on('unresponsive', () => {
    contents.forcefullyCrashRenderer();
    restart('renderer unresponsive');
  });
  // Chromium's own hang detection takes long: ask the page directly, as the Chromium shell does.
  let stop = () => {};
  const watch = () => {
    stop();
    stop = watchForHang(
      () => contents.executeJavaScript('1'),
      () => {
        contents.forcefullyCrashRenderer();
        restart('renderer hung');
      },
      { onAnswer: () => core.liveness.pageAnswered() },
    );
  };
  contents.on('did-finish-load', watch);
  return () => stop();
}

function lockDownContents(core: KioskCore, contents: WebContents): void {
  const windowId = String(contents.id);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // A new document means the renderer's state is gone: the core's customer must go too.
  contents.on('did-navigate', () => core.endWindowSession(windowId));
  filterKeys(contents);
  // Pinch zoom would leave the layout half off the screen for the next customer.
  void closeQuietly(contents.setVisualZoomLevelLimits(1, 1));
  const stopEvents = core.onEvent((target, name, payload) => {
    if (target !== windowId || contents.isDestroyed()) return;
    contents.send(EVENT_CHANNEL, name, payload);
    if (name === 'session.ended') contents.navigationHistory.clear();
  });
  contents.once('destroyed', stopEvents);
}

/** Resolves in the page once the app's first screen is mounted and its fonts are loaded. */
const WELCOME_LAID_OUT = `new Promise((resolve) => {
  const check = () => (document.querySelector('#app main') ? document.fonts.ready.then(() => resolve(true)) : setTimeout(check, 50));
  check();
})`;

export interface ElectronShellPaths {
  preloadPath: string;
  rendererRoot: string;
}

export async function runElectronShell(paths: ElectronShellPaths): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const config = loadConfig(process.env, app.getPath('userData'));
  if (config.remoteDebuggingPort !== undefined) {
    app.commandLine.appendSwitch('remote-debugging-port', String(config.remoteDebuggingPort));
    app.commandLine.appendSwitch('remote-debugging-address', '127.0.0.1');
  }
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  // No default menu: its accelerators (reload, devtools, zoom) have no place on a kiosk.
  Menu.setApplicationMenu(null);
  // crashReporter is never started: no crash dumps (which hold page memory, so customer data)
  // are written locally or uploaded. The fake electron module in the unit tests has none to start.

  // Only staff's 「キオスクを終了」 and SIGTERM/SIGINT end the app (through the host's stop); a window that goes away comes back.
  let quitting = false;
  let window: BrowserWindow | undefined;
  await app.whenReady();

  const shell: Shell = {
    name: 'electron',
    async open(coreStarting: Promise<KioskCore>) {
      const core = await coreStarting;
      const kioskSession = session.fromPartition(KIOSK_PARTITION);
      kioskSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
      kioskSession.setPermissionCheckHandler(() => false);
      kioskSession.protocol.handle(APP_SCHEME, async (request) => {
        if (!isAppUrl(request.url)) return new Response(null, { status: 404 });
        const file = await readAppFile(paths.rendererRoot, new URL(request.url).pathname);
        return new Response(file.status === 200 ? new Uint8Array(file.body) : null, {
          status: file.status,
          headers: file.headers,
        });
      });
      const openWindow = async (): Promise<void> => {
        const next = createKioskWindow(paths.preloadPath);
        window = next;
        const contents = next.webContents;
        const windowId = String(contents.id);
        lockDownContents(core, contents);
        const stopWatch = recoverRenderer(core, contents, (why) => core.log.warn('kiosk page lost: opening the welcome screen again', { why }));
        next.once('ready-to-show', () => next.show());
        next.on('close', (event) => {
          if (!quitting) event.preventDefault();
        });
        next.on('closed', () => {
          stopWatch();
          core.endWindowSession(windowId);
          if (quitting) return;
          core.log.warn('kiosk window gone: opening it again');
          openWindow().catch((error: unknown) => core.log.error('kiosk window did not open again', { error: error instanceof Error ? error.message : 'unknown' }));
        });
        await next.loadURL(APP_URL);
        // Ready means the welcome screen is on and laid out in its fonts (as the Chromium shell waits): systemd's READY=1 follows.
        await contents.executeJavaScript(WELCOME_LAID_OUT);
        contents.navigationHistory.clear();
      };
      registerIpc(core, () => (window && !window.isDestroyed() ? window.webContents : undefined));
      app.on('second-instance', () => window?.focus());
      // Electron quits when its last window closes unless told otherwise: here the window comes back instead.
      app.on('window-all-closed', () => {
        if (quitting) app.quit();
      });
      await openWindow();
    },
    async close() {
      // The window may close now; app.exit (the host's last step) takes it down.
      quitting = true;
    },
    describe: () => '',
  };
  const host = await runHost({ config, shell, slipPrinter: createElectronSlipPrinter(), exit: (code) => app.exit(code) });
  // Electron would end the process as soon as will-quit returns, cutting the core's close short (the
  // "stopped" heartbeat, mail in flight, the log's last lines): a quit from outside waits for the host's stop.
  // app.exit emits no will-quit, and a second quit while stopping waits for the same stop.
  app.on('will-quit', (event) => {
    event.preventDefault();
    void host.stop(0); // never rejects: each step of the stop closes quietly
  });
}
