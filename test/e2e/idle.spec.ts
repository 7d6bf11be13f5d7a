import { test as base, expect } from '../support/fixtures';
import { launchKiosk } from '../support/kiosk-app';
import { changeHanakoPassword } from '../support/flows';
import { expectAccessible } from '../support/kiosk-ui';
import { TARO, kioskCall, signIn } from '../support/sign-in';

/** A short idle time and countdown, so each reset takes seconds. */
const test = base.extend({
  kiosk: async ({ shell }, use) => {
    const app = await launchKiosk({ shell, env: { KIOSK_IDLE_SECONDS: '10', KIOSK_IDLE_WARNING_SECONDS: '5' } });
    await use(app);
    await app.stop();
  },
});

const RESET_TIMEOUT = { timeout: 30_000 };

async function expectNothingLeft(page: import('@playwright/test').Page, secret: string) {
  await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible(RESET_TIMEOUT);
  await expect(page.locator('body')).not.toContainText(secret);
  await expect(page.locator('.keyboard-dock')).toHaveCount(0);
  await page.goBack().catch(() => null);
  await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
  expect(await kioskCall(page, 'session', 'current')).toEqual({ ok: true, value: null });
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  await expect(page.getByLabel('iTSCOM ID')).toHaveValue('');
}

test('from the code step: a warning with 「操作を続ける」, then a reset that leaves nothing', async ({ page, shot }) => {
  await signIn(page, TARO);
  await page.getByRole('link', { name: 'iTSCOM ID 変更画面へ' }).click();
  await page.getByLabel('新しいiTSCOM ID').fill('idle.taro@example.com');
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByText('idle.taro@example.com に認証コードを送信しました。')).toBeVisible();

  const warning = page.getByRole('alertdialog', { name: 'まだ操作を続けますか' });
  await expect(warning).toBeVisible(RESET_TIMEOUT);
  await expect(warning).toContainText('秒で最初の画面に戻ります');
  await shot('70-idle-warning');
  await expectAccessible(page, 'idle warning');
  await warning.getByRole('button', { name: '操作を続ける' }).click();
  await expect(warning).toHaveCount(0);
  await expect(page.getByText('idle.taro@example.com に認証コードを送信しました。')).toBeVisible();

  await expect(warning).toBeVisible(RESET_TIMEOUT);
  await expectNothingLeft(page, 'idle.taro@example.com');
  await shot('71-idle-reset');
});

test('from the print view: the new password is gone after the reset', async ({ page }) => {
  await changeHanakoPassword(page, 'Idle.print-7');
  await page.getByRole('link', { name: '印刷用画面へ' }).click();
  await expect(page.getByText('Idle.print-7')).toBeVisible();
  await expectNothingLeft(page, 'Idle.print-7');
});

test('with the on-screen keyboard open, in English: the next customer gets Japanese and nothing else', async ({ page }) => {
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByLabel('iTSCOM ID').click();
  await page.getByLabel('iTSCOM ID').fill('yamada.taro');
  await page.getByLabel('Password').click();
  await expect(page.locator('.keyboard-dock')).toBeVisible();
  const warning = page.getByRole('alertdialog', { name: 'Are you still there?' });
  await expect(warning).toBeVisible(RESET_TIMEOUT);
  await expectAccessible(page, 'idle warning (en)');
  await expectNothingLeft(page, 'yamada.taro');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
});
