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
import { channelNames } from '../shared/contract/channels';
import { fail } from '../shared/contract/result';
import { readAppFile } from './core/app-page/app-page';
import { loadConfig } from './core/config';
import { startCore, type KioskCore } from './core/kiosk-core';
import { createElectronSlipPrinter } from './electron-slip-printer';

/** The Electron shell: the product as shipped. Only this file and preload.ts touch Electron. */
export const APP_SCHEME = 'app';
export const APP_URL = 'app://kiosk/index.html';
export const EVENT_CHANNEL = 'kiosk:event';

const APP_HOST = 'kiosk';

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
      navigateOnDragDrop: false,
      safeDialogs: true,
      // A middle click must not open a link in a new window.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/** One handler per channel; each checks that the call comes from the kiosk page's own top frame. */
export function registerIpc(core: KioskCore, contents: WebContents): void {
  const windowId = String(contents.id);
  for (const channel of channelNames) {
    ipcMain.handle(`kiosk:${channel}`, (event: IpcMainInvokeEvent, input: unknown) => {
      const frame = event.senderFrame;
      if (event.sender !== contents || !frame || frame !== contents.mainFrame || !isAppUrl(frame.url)) {
        return fail('forbidden_sender');
      }
      return core.dispatch({ windowId }, channel, input);
    });
  }
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
  contents.on('render-process-gone', () => {
    core.endWindowSession(windowId);
    contents.reload();
  });
  core.onEvent((target, name, payload) => {
    if (target !== windowId || contents.isDestroyed()) return;
    contents.send(EVENT_CHANNEL, name, payload);
    if (name === 'session.ended') contents.navigationHistory.clear();
  });
}

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

  await app.whenReady();
  const core = await startCore({ config, slipPrinter: createElectronSlipPrinter(), onQuit: () => app.quit() });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, async (request) => {
    if (!isAppUrl(request.url)) return new Response(null, { status: 404 });
    const file = await readAppFile(paths.rendererRoot, new URL(request.url).pathname);
    return new Response(file.status === 200 ? new Uint8Array(file.body) : null, {
      status: file.status,
      headers: file.headers,
    });
  });

  const window = createKioskWindow(paths.preloadPath);
  const contents = window.webContents;
  registerIpc(core, contents);
  lockDownContents(core, contents);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => app.quit());
  app.on('second-instance', () => window.focus());
  app.on('will-quit', () => void core.close());
  process.once('SIGTERM', () => app.quit());
  process.once('SIGINT', () => app.quit());

  await window.loadURL(APP_URL);
  contents.navigationHistory.clear();
  const where = config.remoteDebuggingPort ? `, CDP on 127.0.0.1:${config.remoteDebuggingPort}` : '';
  console.log(`[kiosk] ready: electron shell, data in ${config.dataDir}${where}`);
}
