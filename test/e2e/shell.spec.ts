import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures';
import { launchKiosk } from '../support/kiosk-app';
import { TARO, kioskCall, signIn } from '../support/sign-in';
import { freePort } from '../support/free-port';
import { openNotifySocket } from '../support/notify-socket';

test.describe('kiosk shell', () => {
  test('the page cannot leave the app or open windows', async ({ page, kiosk }) => {
    const start = page.url();
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    }).catch(() => undefined);
    await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
    expect(page.url()).toBe(start);

    await page.evaluate(() => (globalThis as unknown as { open: (u: string) => unknown }).open('https://example.com/'));
    await expect.poll(() => kiosk.browser.contexts().flatMap((c) => c.pages()).filter((p) => !p.isClosed()).length).toBe(1);
  });

  test('the page reaches the core only through window.kiosk, and bad calls get typed errors', async ({ page }) => {
    expect(await kioskCall(page, 'session', 'signIn', { itscomId: 'x', password: 'y', admin: true })).toEqual({
      ok: false,
      code: 'invalid_input',
      reason: 'errors.unexpectedField',
    });
    expect(await kioskCall(page, 'session', 'signIn', { itscomId: 42 })).toMatchObject({ ok: false, code: 'invalid_input', field: 'itscomId' });
    // The raw binding the Chromium shell builds window.kiosk on is not left for page code.
    const globals = await page.evaluate(() => Object.getOwnPropertyNames(globalThis));
    expect(globals).toContain('kiosk');
    expect(globals).not.toContain('__kioskInvoke');
  });

  test('SIGTERM shuts down cleanly: store closed, browser gone', async ({ kiosk }) => {
    await signIn(kiosk.page, TARO);
    await expect(kiosk.page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
    expect(await kiosk.stop()).toBe(0);
    // A cleanly closed SQLite database in WAL mode leaves no -wal file behind.
    expect(existsSync(join(kiosk.dataDir, 'kiosk.sqlite3-wal'))).toBe(false);
    expect(readFileSync(join(kiosk.dataDir, 'logs', 'kiosk.log'), 'utf8')).toContain('core stopped');
    expect(kiosk.browser.isConnected()).toBe(false);
  });

  test('a second kiosk on the same data dir exits at once, naming the one that runs', async ({ kiosk, shell }) => {
    const second = launchKiosk({ shell, dataDir: kiosk.dataDir });
    await expect(second).rejects.toThrow(new RegExp(`kiosk exited \\(1\\)[\\s\\S]*another kiosk is already running on ${kiosk.dataDir} \\(pid \\d+`));
    // The first one goes on serving.
    await expect(kiosk.page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
    expect(kiosk.process.exitCode).toBeNull();
  });

  test('the start line says how the kiosk runs: mode, kiosk and shop, mail, store and printer', async ({ kiosk }) => {
    expect(kiosk.output()).toMatch(/\[kiosk\] ready: \w+ shell( \(sandbox (on|OFF)\))?, demo mode, kiosk: .+ \(shop main\), mail: demo mailbox, store: SQLite \S+kiosk\.sqlite3, printer: /);
  });

  test('under systemd: READY=1 once the welcome screen is up, the watchdog fed while it answers, /healthz and /metrics served, STOPPING=1 at SIGTERM', async ({ shell }) => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-notify-'));
    const socket = openNotifySocket(dir);
    const port = await freePort();
    try {
      const app = await launchKiosk({
        shell,
        env: { NOTIFY_SOCKET: socket.path, WATCHDOG_USEC: '2000000', KIOSK_METRICS_LISTEN: `127.0.0.1:${port}` },
      });
      expect(await socket.next((m) => m.startsWith('READY=1'))).toBe(`READY=1\nSTATUS=serving on ${shell} shell`);
      // Every second (half of WatchdogSec=2s) while the core and the page answer.
      await socket.next((m) => m === 'WATCHDOG=1');
      await expect(app.page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
      expect(app.output()).toContain(`metrics on http://127.0.0.1:${port}/metrics`);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ready: true, checks: { store: { ok: true }, page: { ok: true } } });
      const scrape = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(scrape).toMatch(/^kiosk_ready\{kiosk="[^"]+",shop="main"\} 1$/m);
      expect(await app.stop()).toBe(0);
      expect(socket.messages.at(-1)).toBe('STOPPING=1\nSTATUS=stopping');
    } finally {
      socket.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
