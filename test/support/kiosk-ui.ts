import { DEMO_MANAGER } from './staff-entry';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Types on the on-screen keyboard only: each character is a touch on its key. */
export async function typeOnScreen(page: Page, text: string): Promise<void> {
  const dock = page.locator('.keyboard-dock');
  await expect(dock).toBeVisible();
  for (const char of text) {
    const upper = char !== char.toLowerCase();
    if (upper) await dock.locator('[data-skbtn="{shift}"]').first().click();
    await dock.locator(`[data-skbtn="${char}"]`).click();
    if (upper) await dock.locator('[data-skbtn="{shift}"]').first().click();
  }
}

/** The keys the on-screen keyboard offers right now. */
export async function keyboardKeys(page: Page): Promise<string[]> {
  return page.locator('.keyboard-dock [data-skbtn]').evaluateAll((keys) => keys.map((key) => key.getAttribute('data-skbtn') ?? ''));
}

/** Holds the logo for the long press, then enters the staff number and PIN (`null`: leaves the dialog open, empty). */
export async function openStaffMode(page: Page, who: { number: string; pin: string } | null = DEMO_MANAGER): Promise<void> {
  // A late web font can move the logo between hover and press: wait until text is laid out.
  await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
  await page.getByRole('button', { name: /スタッフモード|Staff mode/ }).hover();
  await page.mouse.down();
  await expect(page.getByRole('dialog', { name: /スタッフモード|Staff mode/ })).toBeVisible({ timeout: 15_000 });
  await page.mouse.up();
  if (who) await enterStaffNumberAndPin(page, who);
}

/** Fills 「スタッフ番号」 and 「PIN」 of the open staff dialog and presses 「開く」. */
export async function enterStaffNumberAndPin(page: Page, who: { number: string; pin: string }): Promise<void> {
  const dialog = page.getByRole('dialog', { name: /スタッフモード|Staff mode/ });
  await dialog.getByLabel(/^(スタッフ番号|Staff number)$/).fill(who.number);
  await dialog.getByLabel(/^PIN$/).fill(who.pin);
  await dialog.getByRole('button', { name: /^(開く|Open)$/ }).click();
}

/** Staff mode's tab by its name (「お客さま対応」, 「店舗」, 「管理」), opened with one touch. */
export async function staffTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

/**
 * axe (WCAG 2.2 A/AA rules): no violations on the screen as it is now. `enhancedContrast`
 * adds the AAA rules, WCAG 1.4.6 (text at 7:1) among them: what the high-contrast theme promises.
 */
export async function expectAccessible(page: Page, screen: string, { enhancedContrast = false } = {}): Promise<void> {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', ...(enhancedContrast ? ['wcag2aaa'] : [])];
  // Legacy mode runs axe inside the page: its default opens a helper page, which the kiosk closes at once.
  const results = await new AxeBuilder({ page }).setLegacyMode().withTags(tags).analyze();
  const violations = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')}${v.id === 'color-contrast-enhanced' ? ` ${n.failureSummary ?? ''}` : ''}`).join(' | ')}`);
  expect(violations, `axe on ${screen}`).toEqual([]);
}

/** axe on the screen in Japanese, then in English (switched on the screen itself), then back. */
export async function expectAccessibleInBoth(page: Page, screen: string, options: { enhancedContrast?: boolean } = {}): Promise<void> {
  await expectAccessible(page, `${screen} (ja)`, options);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectAccessible(page, `${screen} (en)`, options);
  await page.getByRole('button', { name: '日本語に切り替える' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
}

/**
 * Touch and reading sizes (issue: targets ≥ 48×48 px, text ≥ 18 px): lists every
 * visible control smaller than that (a control inside its <label> counts as the
 * label) and every visible text set smaller.
 */
export async function expectTouchFriendly(page: Page, screen: string): Promise<void> {
  const problems = await page.evaluate(() => {
    const out: string[] = [];
    const visible = (el: Element) => {
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
    };
    for (const el of document.querySelectorAll('button, a[href], input, select, [role="button"]')) {
      if (!visible(el)) continue;
      const target = el.closest('label') ?? el;
      const rect = target.getBoundingClientRect();
      if (rect.width < 48 || rect.height < 48) out.push(`target ${Math.round(rect.width)}×${Math.round(rect.height)}: ${(el.textContent || el.getAttribute('aria-label') || el.outerHTML).trim().slice(0, 40)}`);
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !node.textContent?.trim() || !visible(parent)) continue;
      const size = parseFloat(getComputedStyle(parent).fontSize);
      if (size < 18) out.push(`text ${size}px: ${node.textContent.trim().slice(0, 40)}`);
    }
    return out;
  });
  expect(problems, `sizes on ${screen}`).toEqual([]);
}
