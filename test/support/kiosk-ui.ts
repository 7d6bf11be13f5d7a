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

/** Holds the logo for the long press, then enters the PIN. */
export async function openStaffMode(page: Page, pin = '2468'): Promise<void> {
  // A late web font can move the logo between hover and press: wait until text is laid out.
  await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
  await page.getByRole('button', { name: /スタッフモード|Staff mode/ }).hover();
  await page.mouse.down();
  await expect(page.getByRole('dialog', { name: /スタッフモード|Staff mode/ })).toBeVisible({ timeout: 15_000 });
  await page.mouse.up();
  if (pin) {
    await page.getByLabel('PIN').fill(pin);
    await page.getByRole('button', { name: /^(開く|Open)$/ }).click();
  }
}

/** axe (WCAG 2.2 A/AA rules): no violations on the screen as it is now. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const violations = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(violations, `axe on ${screen}`).toEqual([]);
}
