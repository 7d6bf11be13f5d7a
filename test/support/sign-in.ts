import type { Page } from '@playwright/test';

/** The demo customers (docs/product.md, "Demo data"). */
export const TARO = { itscomId: 'yamada.taro', password: 'Demo-pass1' } as const;
export const HANAKO = { itscomId: 'hanako.suzuki@example.com', password: 'Hanako_2026' } as const;

/** From the welcome screen, through the sign-in form, as a customer would. */
export async function signIn(page: Page, who: { itscomId: string; password: string }): Promise<void> {
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  await page.getByLabel('iTSCOM ID').fill(who.itscomId);
  await page.getByLabel('パスワード').fill(who.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
}

/** Calls window.kiosk.<area>.<verb>() in the page, as the renderer would. */
export function kioskCall(page: Page, area: string, verb: string, input: unknown = {}): Promise<unknown> {
  return page.evaluate(
    ([a, v, i]) => (globalThis as unknown as { kiosk: Record<string, Record<string, (x: unknown) => unknown>> }).kiosk[a]![v]!(i),
    [area, verb, input] as const,
  );
}
