import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { expectAccessible, expectAccessibleInBoth } from './kiosk-ui';

/** The two screens kiosks ship with. */
export const SCREEN_SIZES = [
  { width: 1280, height: 1024 },
  { width: 1920, height: 1080 },
] as const;

const TOGGLES = ['文字を大きく', 'ハイコントラスト', 'ふりがな'] as const;

/** Turns on larger text, high contrast and furigana from the customer toolbar (the hardest case for a layout). */
export async function turnOnLargeContrastFurigana(page: Page): Promise<void> {
  for (const name of TOGGLES) {
    const toggle = page.getByRole('button', { name });
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  }
  await expect(page.locator('html')).toHaveClass(/large-text/);
  await expect(page.locator('html')).toHaveClass(/high-contrast/);
}

/** Every toggle off and <html> plain again: what the next customer finds. */
export async function expectTogglesReset(page: Page): Promise<void> {
  for (const name of ['音声案内', ...TOGGLES]) await expect(page.getByRole('button', { name })).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('html')).not.toHaveClass(/large-text|high-contrast/);
  await expect(page.locator('ruby')).toHaveCount(0);
}

/** Until every text with kanji on the page carries its furigana. */
export async function furiganaSettled(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() => {
        const kanji = /[\u4e00-\u9fff]/u;
        const root = document.getElementById('app');
        if (!root) return ['no page'];
        const bare: string[] = [];
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const parent = node.parentElement;
          if (!parent || !kanji.test(node.nodeValue ?? '') || parent.closest('[data-furigana], [data-no-furigana], input, .keyboard-dock')) continue;
          if (parent.checkVisibility()) bare.push((node.nodeValue ?? '').trim().slice(0, 20));
        }
        return bare;
      }),
    { message: 'every kanji has its furigana' },
  )
    .toEqual([]);
}

/**
 * What larger text must not do, at this screen size: scroll sideways, clip a
 * text in its box, or lay two controls or texts over each other.
 */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth) out.push(`scrolls sideways: ${root.scrollWidth} > ${window.innerWidth}`);
    const visible = (el: Element) => (el as HTMLElement).checkVisibility() && el.getBoundingClientRect().width > 0;
    // The part of an element a scroll box lets show (a list scrolled under a dialog's buttons is not over them).
    const shownPart = (el: Element) => {
      const r = el.getBoundingClientRect();
      const part = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      for (let box = el.parentElement; box; box = box.parentElement) {
        const style = getComputedStyle(box);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const b = box.getBoundingClientRect();
        part.left = Math.max(part.left, b.left);
        part.top = Math.max(part.top, b.top);
        part.right = Math.min(part.right, b.right);
        part.bottom = Math.min(part.bottom, b.bottom);
      }
      return part;
    };
    const describe = (el: Element) => `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}"`;
    for (const el of document.querySelectorAll('body *')) {
      if (!visible(el) || el.closest('.keyboard-dock')) continue;
      const style = getComputedStyle(el);
      const clips = /hidden|clip/.test(style.overflowX) || /hidden|clip/.test(style.overflowY);
      if (clips && !el.classList.contains('visually-hidden') && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) out.push(`clipped: ${describe(el)}`);
    }
    // Controls and lines of text, each against the others that are not its own ancestors or descendants,
    // on the top layer only (an open dialog covers the screen behind it on purpose).
    const dialogs = Array.from(document.querySelectorAll('[aria-modal="true"]')).filter(visible);
    const layer: ParentNode = dialogs.at(-1) ?? document;
    const boxes = Array.from(layer.querySelectorAll('button, a[href], input, label, h1, h2, h3, p, dt, dd, li'))
      .filter((el) => visible(el) && !el.closest('.keyboard-dock, [aria-hidden="true"]'))
      .map((el) => ({ el, rect: shownPart(el) }))
      .filter(({ rect }) => rect.right - rect.left > 0 && rect.bottom - rect.top > 0);
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const overlapX = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
        const overlapY = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
        if (overlapX > 2 && overlapY > 2) out.push(`overlap: ${describe(a.el)} / ${describe(b.el)}`);
      }
    }
    return out;
  });
}

/** The screen at both sizes: a screenshot of each, then its layout checked. */
export async function checkLayoutAtBothSizes(page: Page, name: string): Promise<void> {
  const dir = join('test-results', 'screens', 'chromium', 'large');
  mkdirSync(dir, { recursive: true });
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(dir, `${name}-${size.width}x${size.height}.png`) });
    expect(await layoutProblems(page), `${name} at ${size.width}×${size.height}, 1.5× text`).toEqual([]);
  }
  await page.setViewportSize(SCREEN_SIZES[0]);
}

/**
 * One customer screen in the larger, high-contrast, furigana mode: its layout
 * at both screen sizes (a screenshot of each), and axe in both languages with
 * the 7:1 text contrast of WCAG 1.4.6.
 */
export async function checkLargeScreen(page: Page, name: string, { dialog = false } = {}): Promise<void> {
  await furiganaSettled(page);
  await checkLayoutAtBothSizes(page, name);
  // A dialog covers the language button: its English side is accessibility.spec.ts's.
  if (dialog) await expectAccessible(page, `${name} (large, high contrast, furigana)`, { enhancedContrast: true });
  else await expectAccessibleInBoth(page, `${name} (large, high contrast, furigana)`, { enhancedContrast: true });
  await furiganaSettled(page);
}
