import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { launchKiosk, type KioskApp } from '../support/kiosk-app';
import { TARO, signIn } from '../support/sign-in';
import { startXDisplay, type XDisplay } from '../support/x-display';

/**
 * Someone with a keyboard and a mouse at the kiosk, with real X input events
 * (xdotool through XTEST, which reach the browser's own accelerators; CDP key
 * events never do). After each attempt the kiosk must still be there, alone on
 * the screen, on the same screen or the welcome screen, at its normal zoom.
 */
const LETTERS = ['w', 'o', 's', 'p', 'n', 't', 'q', 'l', 'h', 'j', 'u', 'f', 'g', 'r', 'd', 'e', 'k', 'b', 'm', 'i', 'plus', 'minus', '0'];
const COMBOS = [
  ...['ctrl', 'ctrl+shift', 'alt'].flatMap((mod) => LETTERS.map((key) => `${mod}+${key}`)),
  ...Array.from({ length: 12 }, (_, i) => `F${i + 1}`),
  'alt+F4',
  'alt+Left',
  'alt+Right',
  'ctrl+Tab',
  'ctrl+shift+Delete',
  'Escape',
  // Chromium's Task Manager: held on the display by the kiosk's key guard, it never reaches the browser.
  'shift+Escape',
  'Menu',
];

const WELCOME = 'マイページにログイン';
const TOP = 'マイページトップ';

interface Attack {
  x: XDisplay;
  kiosk: KioskApp;
}

test.describe('no way out by keyboard or pointer', () => {
  let attack: Attack;

  test.beforeEach(async ({ shell }) => {
    const x = await startXDisplay();
    attack = { x, kiosk: await launchKiosk({ shell, env: { DISPLAY: x.display } }) };
  });
  test.afterEach(async () => {
    await attack.kiosk.stop();
    await attack.x.stop();
  });

  /** The kiosk's visible windows: exactly one is the only acceptable answer. */
  const visibleWindows = async ({ x }: Attack) => (await x.xdotool('search', '--onlyvisible', '--name', '.')).split('\n').filter(Boolean);

  /**
   * Focuses the kiosk window and types a marker key until the page has seen
   * it: every event sent before it has then been handled, with no fixed wait.
   */
  async function settle(a: Attack, after = 'start'): Promise<Page> {
    await expect.poll(() => visibleWindows(a), { message: `${after}: one kiosk window and nothing else` }).toHaveLength(1);
    const [window] = await visibleWindows(a);
    const page = await a.kiosk.currentPage();
    await page.evaluate(() => {
      const g = globalThis as unknown as { __marks?: number; addEventListener: (t: string, l: (e: { key: string }) => void, c: boolean) => void };
      if (g.__marks !== undefined) return;
      g.__marks = 0;
      g.addEventListener('keyup', (event) => event.key === 'x' && (g.__marks = (g.__marks ?? 0) + 1), true);
    });
    const before = await page.evaluate(() => (globalThis as unknown as { __marks: number }).__marks);
    await expect
      .poll(async () => {
        await a.x.xdotool('windowfocus', '--sync', window!);
        // Escape first: GTK's Ctrl+Shift+U starts a Unicode entry in the input method that takes the next keys.
        await a.x.xdotool('key', '--clearmodifiers', 'Escape', 'x');
        return page.evaluate(() => (globalThis as unknown as { __marks: number }).__marks);
      }, { message: `${after}: the kiosk page has the keyboard` })
      .toBeGreaterThan(before);
    return page;
  }

  async function expectStillThere(a: Attack, page: Page, what: string): Promise<void> {
    expect(a.kiosk.process.exitCode, `${what}: the kiosk process is running`).toBeNull();
    expect(page.url(), what).toMatch(/^(https:\/\/kiosk\.invalid|app:\/\/kiosk)\//);
    const heading = page.getByRole('heading', { level: 1 }).first();
    await expect(heading, what).toHaveText(new RegExp(`^(${TOP}|${WELCOME})$`));
    const zoom = await page.evaluate(() => {
      const g = globalThis as unknown as { devicePixelRatio: number; visualViewport: { scale: number } };
      return { ratio: g.devicePixelRatio, scale: g.visualViewport.scale };
    });
    expect(zoom, `${what}: not zoomed`).toEqual({ ratio: 1, scale: 1 });
  }

  test('every browser and desktop accelerator leaves the kiosk on its screen', async () => {
    test.setTimeout(240_000);
    await signIn(attack.kiosk.page, TARO);
    await expect(attack.kiosk.page.getByRole('heading', { name: TOP })).toBeVisible();
    let page = await settle(attack);
    for (const combo of COMBOS) {
      await attack.x.xdotool('key', '--clearmodifiers', combo);
      page = await settle(attack, combo);
      await expectStillThere(attack, page, combo);
    }
    // Nothing above was enough to end the customer's visit.
    await expect(page.getByRole('heading', { name: TOP })).toBeVisible();
  });

  test('right, middle and side clicks and Ctrl+wheel change nothing', async () => {
    const { kiosk, x } = attack;
    await signIn(kiosk.page, TARO);
    await expect(kiosk.page.getByRole('heading', { name: TOP })).toBeVisible();
    await settle(attack);
    // The middle of the screen, over text and over a link, then each button and the wheel with Ctrl held.
    for (const [px, py] of [[640, 600], [640, 300]] as const) {
      await x.xdotool('mousemove', '--sync', String(px), String(py));
      for (const button of ['2', '3', '8', '9']) {
        await x.xdotool('click', button);
        await expectStillThere(attack, await settle(attack), `button ${button} at ${px},${py}`);
      }
      await x.xdotool('keydown', 'ctrl', 'click', '--repeat', '3', '4', 'click', '--repeat', '3', '5', 'keyup', 'ctrl');
      await expectStillThere(attack, await settle(attack), `ctrl+wheel at ${px},${py}`);
    }
    await expect(kiosk.page.getByRole('heading', { name: TOP })).toBeVisible();
  });
});
