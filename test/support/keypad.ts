import { expect, type Page } from '@playwright/test';
import type { XDisplay } from './x-display';

/**
 * A customer with the kiosk's tactile keypad: arrows, Enter and Escape, sent
 * as real X key events (xdotool), never CDP's. The page is only read (where
 * the focus is) to decide the next key and to wait for the last one.
 */
export interface Keypad {
  /** Sends keys (xdotool names: Down, Up, Left, Right, Return, Escape) and waits until the page has handled them. */
  press(...keys: string[]): Promise<void>;
  /** Down (or Up) until the focus is on the control so named. */
  focus(name: string | RegExp, direction?: 'Down' | 'Up'): Promise<void>;
  /** Focus the control, then Enter. */
  activate(name: string | RegExp): Promise<void>;
  /** From a focused text field: Enter into the on-screen keyboard, each character by arrows and Enter, then 「完了」. */
  type(text: string): Promise<void>;
}

interface Focused {
  name: string;
  inKeyboard: boolean;
  key: string | null;
  row: number;
  index: number;
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const dock = el?.closest('.keyboard-dock');
    const label = el instanceof HTMLInputElement ? Array.from(el.labels ?? [], (l) => l.textContent ?? '').join(' ') : '';
    // The name as a sighted customer reads it: the text, without what is aria-hidden (furigana's ruby).
    const named = (node: Node): string =>
      node instanceof Element ? (node.getAttribute('aria-hidden') === 'true' ? '' : Array.from(node.childNodes, named).join('')) : (node.textContent ?? '');
    const text = el ? named(el) : '';
    const name = (el?.getAttribute('aria-label') || label || text || '').replace(/\s+/g, ' ').trim();
    if (!dock || !el) return { name, inKeyboard: false, key: null, row: -1, index: -1 };
    const rows = Array.from(dock.querySelectorAll('.hg-row'), (row) => Array.from(row.querySelectorAll('.hg-button')));
    const row = rows.findIndex((keys) => keys.includes(el));
    return { name, inKeyboard: true, key: el.dataset.skbtn ?? null, row, index: rows[row]!.indexOf(el) };
  });
}

export async function openKeypad(page: Page, x: XDisplay): Promise<Keypad> {
  // Every key event the page handles bumps a counter: a press has landed when it moved on.
  await page.evaluate(() => {
    const g = globalThis as unknown as { __keys?: number; addEventListener: typeof addEventListener };
    if (g.__keys !== undefined) return;
    g.__keys = 0;
    g.addEventListener('keyup', () => (g.__keys = (g.__keys ?? 0) + 1), true);
  });
  const [window] = (await x.xdotool('search', '--onlyvisible', '--name', '.')).split('\n').filter(Boolean);
  await x.xdotool('windowfocus', '--sync', window!);
  const keyCount = () => page.evaluate(() => (globalThis as unknown as { __keys: number }).__keys);

  const press = async (...keys: string[]) => {
    const before = await keyCount();
    await x.xdotool('key', '--clearmodifiers', '--delay', '15', ...keys);
    await expect.poll(keyCount, { message: `keys ${keys.join(' ')} reached the page`, intervals: [20, 50, 100] }).toBeGreaterThanOrEqual(before + keys.length);
  };

  const focus = async (name: string | RegExp, direction: 'Down' | 'Up' = 'Down') => {
    const matches = (text: string) => (typeof name === 'string' ? text === name : name.test(text));
    for (let steps = 0; steps < 60; steps += 1) {
      const seen = (await focused(page)).name;
      if (matches(seen)) return;
      await press(direction);
    }
    throw new Error(`the keypad never reached ${String(name)} (focus on ${(await focused(page)).name})`);
  };

  /** To a key of the on-screen keyboard: rows by Up/Down, then along the row by Left/Right. */
  const toKey = async (key: string) => {
    const target = await page.evaluate((wanted) => {
      const rows = Array.from(document.querySelectorAll('.keyboard-dock .hg-row'), (row) => Array.from(row.querySelectorAll<HTMLElement>('.hg-button'), (k) => k.dataset.skbtn));
      const row = rows.findIndex((keys) => keys.includes(wanted));
      return row === -1 ? null : { row, index: rows[row]!.indexOf(wanted), length: rows[row]!.length };
    }, key);
    if (!target) return false;
    let at = await focused(page);
    const vertical = target.row - at.row;
    if (vertical !== 0) await press(...Array<string>(Math.abs(vertical)).fill(vertical > 0 ? 'Down' : 'Up'));
    at = await focused(page);
    const right = (target.index - at.index + target.length) % target.length;
    const left = (at.index - target.index + target.length) % target.length;
    if (right !== 0) await press(...Array<string>(Math.min(right, left)).fill(right <= left ? 'Right' : 'Left'));
    expect((await focused(page)).key, `the keypad is on ${key}`).toBe(key);
    return true;
  };

  const type = async (text: string) => {
    await press('Return');
    await expect.poll(async () => (await focused(page)).inKeyboard, { message: 'Enter took the keypad into the on-screen keyboard' }).toBe(true);
    for (const char of text) {
      if (!(await toKey(char))) {
        // On the other layer: shift, the key, then shift back.
        expect(await toKey('{shift}'), 'the keyboard has a shift key').toBe(true);
        await press('Return');
        expect(await toKey(char), `the keyboard offers ${char}`).toBe(true);
        await press('Return');
        await toKey('{shift}');
        await press('Return');
        continue;
      }
      await press('Return');
    }
    await toKey('{done}');
    await press('Return');
    await expect(page.locator('.keyboard-dock')).toHaveCount(0);
  };

  return {
    press,
    focus,
    activate: async (name) => {
      await focus(name);
      await press('Return');
    },
    type,
  };
}

/** The focus ring as drawn: its width and style, and its contrast with what is behind it. */
export async function focusRing(page: Page): Promise<{ width: string; style: string; contrast: number }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    const rgb = (color: string) => (color.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map(Number);
    const luminance = (color: string) => {
      const [r, g, b] = rgb(color).map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    // What the ring is drawn over: the first ancestor with a background of its own.
    let behind = el.parentElement;
    while (behind && /rgba\(0, 0, 0, 0\)|transparent/.test(getComputedStyle(behind).backgroundColor)) behind = behind.parentElement;
    const ring = luminance(style.outlineColor);
    const back = luminance(behind ? getComputedStyle(behind).backgroundColor : 'rgb(255, 255, 255)');
    const contrast = (Math.max(ring, back) + 0.05) / (Math.min(ring, back) + 0.05);
    return { width: style.outlineWidth, style: style.outlineStyle, contrast };
  });
}
