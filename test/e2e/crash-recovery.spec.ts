import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import type { KioskApp } from '../support/kiosk-app';
import { enterPasswordChange, openPasswordChange } from '../support/flows';
import { HANAKO, kioskCall, signIn } from '../support/sign-in';

/**
 * A renderer that dies, hangs, or a browser that is killed: the kiosk puts the
 * welcome screen back by itself within 5 seconds, with the customer's session
 * ended in the core and nothing half-done. Chromium shell only: the Electron
 * shell's handlers are unit-tested (test/unit/electron-shell.test.ts).
 */
test.skip(({ shell }) => shell !== 'chromium', 'Electron: its crash handlers are unit-tested against the fake electron module');

/** Operating-system pids of the browser's processes of one type, as Chromium reports them. */
async function processIds(browser: Browser, type: 'renderer' | 'browser'): Promise<number[]> {
  const session = await browser.newBrowserCDPSession();
  const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await session.detach();
  return processInfo.filter((info) => info.type === type).map((info) => info.id);
}

async function startPasswordChange(page: Page): Promise<void> {
  await signIn(page, HANAKO);
  await openPasswordChange(page);
  await enterPasswordChange(page, HANAKO.password, 'Crash-test-77');
}

/** The welcome screen is back within 5 s, the old customer is not signed in, and the password did not change. */
async function expectRecovered(kiosk: KioskApp, why: RegExp): Promise<Page> {
  // The kiosk closes what is left of the lost page before it opens the new one.
  await expect.poll(() => kiosk.page.isClosed()).toBe(true);
  const page = await kiosk.currentPage();
  expect(page).not.toBe(kiosk.page);
  await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible({ timeout: 5_000 });
  expect(await kioskCall(page, 'session', 'current')).toEqual({ ok: true, value: null });
  expect(readFileSync(join(kiosk.dataDir, 'logs', 'kiosk.log'), 'utf8')).toMatch(why);
  await signIn(page, HANAKO);
  await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
  return page;
}

test('a killed renderer mid-wizard comes back on the welcome screen', async ({ kiosk }) => {
  await startPasswordChange(kiosk.page);
  for (const pid of await processIds(kiosk.browser, 'renderer')) process.kill(pid, 'SIGKILL');
  await expectRecovered(kiosk, /page lost.*page crashed/);
});

test('a hung renderer is replaced by a fresh welcome screen', async ({ kiosk }) => {
  await startPasswordChange(kiosk.page);
  // A script stuck in an endless loop: the page answers nothing any more.
  await kiosk.page.evaluate(() => void setTimeout(() => { for (;;); }, 0));
  await expectRecovered(kiosk, /page lost.*page hung/);
});

test('a killed browser is started again on the welcome screen', async ({ kiosk }) => {
  await startPasswordChange(kiosk.page);
  const [browserPid] = await processIds(kiosk.browser, 'browser');
  process.kill(browserPid!, 'SIGKILL');
  // Which the shell hears of first, the page or the browser, depends on timing.
  await expectRecovered(kiosk, /page lost.*(browser gone|page closed)/);
});

test('a closed window comes back; only staff or SIGTERM end the app', async ({ kiosk }) => {
  await signIn(kiosk.page, HANAKO);
  await kiosk.page.close();
  await expectRecovered(kiosk, /page lost.*page closed/);
  expect(kiosk.process.exitCode).toBeNull();
});
