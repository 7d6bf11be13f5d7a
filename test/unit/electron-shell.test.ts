import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelNames } from '../../shared/contract/channels';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../support/temp-dir';

/**
 * The Electron shell against a fake `electron` module: no Electron binary can
 * be installed here, so this asserts the window's security options and the IPC
 * registration the shell asks Electron for.
 */
const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  const on = (store: Map<string, Listener[]>) => (name: string, listener: Listener) => {
    store.set(name, [...(store.get(name) ?? []), listener]);
  };
  const state = {
    handles: new Map<string, (...args: unknown[]) => unknown>(),
    windowOptions: undefined as unknown,
    windows: [] as { events: Map<string, Listener[]>; webContents: ReturnType<typeof makeContents>; destroyed: boolean }[],
    partitions: [] as string[],
    windowOpenHandler: undefined as undefined | (() => unknown),
    permissionRequest: undefined as undefined | ((...args: unknown[]) => void),
    permissionCheck: undefined as undefined | (() => boolean),
    schemes: [] as unknown[],
    switches: [] as [string, string][],
    protocolHandler: undefined as undefined | ((request: Request) => Promise<Response>),
    loadedUrl: '',
    historyCleared: 0,
    sent: [] as unknown[],
    hasLock: true,
    quit: 0,
    exits: [] as number[],
    appEvents: new Map<string, Listener[]>(),
  };
  let nextId = 7;
  function makeContents() {
    const events = new Map<string, Listener[]>();
    const contents = {
      id: nextId++,
      events,
      mainFrame: { url: 'app://kiosk/index.html' },
      loads: [] as string[],
      crashed: 0,
      setWindowOpenHandler: (handler: () => unknown) => (state.windowOpenHandler = handler),
      on: on(events),
      once: on(events),
      emit: (name: string, ...args: unknown[]) => (events.get(name) ?? []).forEach((listener) => listener(...args)),
      send: (...args: unknown[]) => state.sent.push(args),
      isDestroyed: () => false,
      reload: () => undefined,
      loadURL: async (url: string) => void contents.loads.push(url),
      forcefullyCrashRenderer: () => (contents.crashed += 1),
      zoomLimits: [] as number[],
      setVisualZoomLevelLimits: async (min: number, max: number) => void (contents.zoomLimits = [min, max]),
      // The hang watchdog's ping ('1') is never answered here; the wait for the laid-out welcome screen is.
      executeJavaScript: (code: string) => (code === '1' ? new Promise(() => undefined) : Promise.resolve(true)),
      navigationHistory: { clear: () => (state.historyCleared += 1) },
    };
    return contents;
  }
  class BrowserWindow {
    webContents = makeContents();
    events = new Map<string, Listener[]>();
    destroyed = false;
    constructor(options: unknown) {
      state.windowOptions = options;
      state.windows.push(this as never);
    }
    once = on(this.events);
    on = on(this.events);
    emit(name: string, ...args: unknown[]) {
      (this.events.get(name) ?? []).forEach((listener) => listener(...args));
    }
    isDestroyed() {
      return this.destroyed;
    }
    show() {}
    focus() {}
    async loadURL(url: string) {
      state.loadedUrl = url;
    }
  }
  const kioskSession = {
    setPermissionRequestHandler: (handler: (...args: unknown[]) => void) => (state.permissionRequest = handler),
    setPermissionCheckHandler: (handler: () => boolean) => (state.permissionCheck = handler),
    protocol: { handle: (_scheme: string, handler: (request: Request) => Promise<Response>) => (state.protocolHandler = handler) },
  };
  const electron = {
    app: {
      requestSingleInstanceLock: () => state.hasLock,
      quit: () => (state.quit += 1),
      exit: (code = 0) => void state.exits.push(code),
      getPath: () => '/nonexistent',
      whenReady: async () => undefined,
      on: on(state.appEvents),
      commandLine: { appendSwitch: (name: string, value: string) => state.switches.push([name, value]) },
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string, handler: (...args: unknown[]) => unknown) => state.handles.set(channel, handler) },
    Menu: { setApplicationMenu: () => undefined },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => state.schemes.push(...schemes),
    },
    session: {
      fromPartition: (partition: string) => {
        state.partitions.push(partition);
        return kioskSession;
      },
    },
  };
  const current = () => state.windows.at(-1)!;
  return { state, current, electron };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const temp = makeTempDir();
const renderer = makeTempDir();

beforeAll(async () => {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(`${renderer.dir}/index.html`, '<!doctype html><title>kiosk</title>');
  vi.stubEnv('KIOSK_DATA_DIR', temp.dir);
  vi.stubEnv('KIOSK_REMOTE_DEBUGGING_PORT', '9555');
  const { runElectronShell } = await import('../../electron/electron-shell/electron-shell');
  await runElectronShell({ preloadPath: '/app/preload.cjs', rendererRoot: renderer.dir });
});
afterAll(() => {
  vi.unstubAllEnvs();
  temp.cleanup();
  renderer.cleanup();
});

describe('Electron shell', () => {
  it('opens one sandboxed, isolated kiosk window without devtools', () => {
    expect(fake.state.windowOptions).toMatchObject({
      kiosk: true,
      webPreferences: {
        preload: '/app/preload.cjs',
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        devTools: false,
        spellcheck: false,
        disableBlinkFeatures: 'Auxclick',
        // In memory: nothing of a customer reaches the disk.
        partition: 'kiosk',
      },
    });
    expect(fake.state.partitions).toEqual(['kiosk']);
    // No pinch zoom.
    expect(fake.current().webContents.zoomLimits).toEqual([1, 1]);
    expect(fake.state.loadedUrl).toBe('app://kiosk/index.html');
    expect(fake.state.historyCleared).toBeGreaterThan(0);
  });

  it('serves the app from its own privileged scheme with a strict CSP', async () => {
    expect(fake.state.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const page = await fake.state.protocolHandler!(new Request('app://kiosk/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fake.state.protocolHandler!(new Request('app://kiosk/../../etc/passwd'))).status).not.toBe(200);
    expect((await fake.state.protocolHandler!(new Request('app://elsewhere/index.html'))).status).toBe(404);
  });

  it('registers exactly one IPC handler per contract channel', () => {
    expect([...fake.state.handles.keys()].sort()).toEqual(channelNames.map((c) => `kiosk:${c}`).sort());
  });

  it('answers calls from the kiosk page and refuses other senders and frames', async () => {
    const handler = fake.state.handles.get('kiosk:session.current')!;
    const contents = fake.current().webContents;
    const own = { sender: contents, senderFrame: contents.mainFrame };
    expect(await handler(own, {})).toEqual({ ok: true, value: null });
    const subFrame = { sender: contents, senderFrame: { url: 'app://kiosk/index.html' } };
    expect(await handler(subFrame, {})).toEqual({ ok: false, code: 'forbidden_sender' });
    const otherContents = { sender: { id: 99 }, senderFrame: contents.mainFrame };
    expect(await handler(otherContents, {})).toEqual({ ok: false, code: 'forbidden_sender' });
    expect(await handler(own, { unexpected: true })).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('denies new windows, foreign navigation, webviews and every permission', () => {
    expect(fake.state.windowOpenHandler!()).toEqual({ action: 'deny' });
    const events = fake.current().webContents.events;
    const navigate = events.get('will-navigate')![0]!;
    const foreign = { url: 'https://example.com/', preventDefault: vi.fn() };
    navigate(foreign);
    expect(foreign.preventDefault).toHaveBeenCalled();
    const own = { url: 'app://kiosk/index.html', preventDefault: vi.fn() };
    navigate(own);
    expect(own.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    events.get('will-attach-webview')![0]!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    const callback = vi.fn();
    fake.state.permissionRequest!({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(fake.state.permissionCheck!()).toBe(false);
  });

  it('exposes CDP on loopback only when KIOSK_REMOTE_DEBUGGING_PORT is set', () => {
    expect(fake.state.switches).toEqual([
      ['remote-debugging-port', '9555'],
      ['remote-debugging-address', '127.0.0.1'],
    ]);
  });

  it('filters every key that could leave, reload, zoom, print or open devtools before the page sees it', () => {
    const filter = fake.current().webContents.events.get('before-input-event')![0]!;
    const press = (key: string, mods: { control?: boolean; alt?: boolean; meta?: boolean } = {}) => {
      const event = { preventDefault: vi.fn() };
      filter(event, { type: 'keyDown', key, control: false, alt: false, meta: false, shift: false, ...mods });
      return event.preventDefault.mock.calls.length > 0;
    };
    for (const key of ['w', 'q', 'r', 'n', 't', 'p', 'o', 's', '+', '-', '0', 'i']) expect(press(key, { control: true }), `Ctrl+${key}`).toBe(true);
    for (const key of ['F4', 'ArrowLeft', 'ArrowRight']) expect(press(key, { alt: true }), `Alt+${key}`).toBe(true);
    for (const key of ['F1', 'F5', 'F11', 'F12', 'ContextMenu', 'BrowserBack']) expect(press(key), key).toBe(true);
    for (const key of ['a', 'Z', '7', '@', ' ', 'Backspace', 'Enter', 'Tab', 'Escape', 'ArrowLeft']) expect(press(key), key).toBe(false);
  });

  it('brings the welcome screen back after a renderer crash or hang, with the customer session ended', async () => {
    const contents = fake.current().webContents;
    const before = contents.loads.length;
    contents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(contents.loads.slice(before)).toEqual(['app://kiosk/index.html']);
    contents.emit('unresponsive');
    expect(contents.crashed).toBe(1);
    expect(contents.loads.slice(before)).toHaveLength(2);
  });

  it('keeps its window: a close is refused, and a window destroyed anyway is opened again', async () => {
    const first = fake.current() as unknown as { emit(name: string, ...args: unknown[]): void; destroyed: boolean };
    const close = { preventDefault: vi.fn() };
    first.emit('close', close);
    expect(close.preventDefault).toHaveBeenCalled();
    const windows = fake.state.windows.length;
    first.destroyed = true;
    first.emit('closed');
    await vi.waitFor(() => expect(fake.state.windows.length).toBe(windows + 1));
    expect(fake.current()).not.toBe(first);
    // Electron's "last window closed → quit" does not apply.
    const quits = fake.state.quit;
    for (const listener of fake.state.appEvents.get('window-all-closed') ?? []) listener();
    expect(fake.state.appEvents.get('window-all-closed')).toHaveLength(1);
    expect(fake.state.quit).toBe(quits);
    // IPC now answers the new window's page, and no longer the old one's.
    const handler = fake.state.handles.get('kiosk:session.current')!;
    const contents = fake.current().webContents;
    expect(await handler({ sender: contents, senderFrame: contents.mainFrame }, {})).toEqual({ ok: true, value: null });
  });

  it('quits at once when another instance holds the single-instance lock', async () => {
    fake.state.hasLock = false;
    const quitsBefore = fake.state.quit;
    const { runElectronShell } = await import('../../electron/electron-shell/electron-shell');
    await runElectronShell({ preloadPath: '/x', rendererRoot: renderer.dir });
    expect(fake.state.quit).toBe(quitsBefore + 1);
  });

  // Last: the core is closed by it.
  it('holds the quit until the core has closed (its stopped heartbeat, the outbox and the log written), then exits', async () => {
    const event = { preventDefault: vi.fn() };
    for (const listener of fake.state.appEvents.get('will-quit') ?? []) listener(event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    expect(fake.state.exits).toEqual([]);
    await vi.waitFor(() => expect(fake.state.exits).toEqual([0]));
    const log = readFileSync(join(temp.dir, 'logs', 'kiosk.log'), 'utf8').trim().split('\n');
    expect(JSON.parse(log.at(-1)!)).toMatchObject({ message: 'core stopped' });
  });
});
