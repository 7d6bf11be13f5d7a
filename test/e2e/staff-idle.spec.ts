import type { Page } from '@playwright/test';
import { expect, test as base } from '../support/fixtures';
import { launchKiosk } from '../support/kiosk-app';
import { openStaffMode } from '../support/kiosk-ui';
import { DEMO_MANAGER } from '../support/staff-entry';

/**
 * Staff who walk away: the next walk-in finds no staff mode, in none of its
 * forms. The kiosk runs with the shortest staff idle time (30 s); the
 * screens' own polls (the printer and hours every 5 s) go on meanwhile, as
 * they do at a counter, and keep nothing awake.
 */
const test = base.extend({
  kiosk: async ({ shell }, use) => {
    const app = await launchKiosk({ shell, env: { KIOSK_STAFF_IDLE_SECONDS: '30' } });
    await use(app);
    await app.stop();
  },
});

type Answer = { ok: boolean; code?: string };
/** A call of the page's own bridge, as any script in the page could make it. */
const call = (page: Page, channel: 'overview' | 'members' | 'setPin') =>
  page.evaluate(async (name): Promise<Answer> => {
    const staff = (globalThis as unknown as { kiosk: { staff: Record<string, (input?: unknown) => Promise<Answer>> } }).kiosk.staff;
    return name === 'setPin' ? staff.setPin!({ pin: '731592', pinAgain: '731592' }) : staff[name]!();
  }, channel);

test('a staff screen left alone closes within 35 s, and staff calls are refused from then on', async ({ page }) => {
  test.setTimeout(90_000);
  await openStaffMode(page);
  await expect(page.getByText('スタッフ: 1001 山田')).toBeVisible();
  const leftAt = Date.now();
  await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible({ timeout: 40_000 });
  expect(Date.now() - leftAt).toBeLessThan(35_000);
  expect(await call(page, 'overview')).toEqual({ ok: false, code: 'not_staff' });
  expect(await call(page, 'members')).toEqual({ ok: false, code: 'not_staff' });
});

test('a set-your-PIN step left alone for 45 s opens nothing for a PIN typed then', async ({ page }) => {
  test.setTimeout(120_000);
  // A manager resets 佐藤's PIN: 佐藤's next entry asks for a PIN of their own first.
  const reset = await page.evaluate(async (manager) => {
    const staff = (globalThis as unknown as { kiosk: { staff: Record<string, (input?: unknown) => Promise<{ ok: boolean }>> } }).kiosk.staff;
    await staff.unlock!({ ...manager, endCustomerSession: false });
    const answer = await staff.resetMemberPin!({ number: '2001', pin: '580213' });
    await staff.lock!();
    return answer.ok;
  }, DEMO_MANAGER);
  expect(reset).toBe(true);
  await openStaffMode(page, { number: '2001', pin: '580213' });
  const dialog = page.getByRole('dialog', { name: 'スタッフモード' });
  await expect(dialog.getByText('ご自分のPINを設定してください。')).toBeVisible();
  // Walked away: the step is gone from the screen by itself, and the core took the entry back.
  await expect(dialog).toHaveCount(0, { timeout: 40_000 });
  await page.waitForTimeout(45_000 - 30_000);
  // The next walk-in types a PIN of their choice: nothing opens, the reset PIN still asks for a new one.
  expect(await call(page, 'setPin')).toEqual({ ok: false, code: 'not_staff' });
  expect(await call(page, 'overview')).toEqual({ ok: false, code: 'not_staff' });
  await expect(page.getByText(/^スタッフ: /)).toHaveCount(0);
  await openStaffMode(page, { number: '2001', pin: '580213' });
  await expect(dialog.getByText('ご自分のPINを設定してください。')).toBeVisible();
});
