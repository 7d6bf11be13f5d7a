import { expect, test } from '../support/fixtures';
import { HANAKO, TARO, kioskCall, signIn } from '../support/sign-in';

for (const customer of [TARO, HANAKO]) {
  test(`sign-out leaves nothing of ${customer.itscomId} behind, not even via back`, async ({ page, shot }) => {
    await signIn(page, customer);
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'お客さま情報確認・変更' }).click();
    await expect(page.getByText(customer.itscomId)).toBeVisible();

    await page.getByRole('button', { name: 'ログアウト' }).click();
    await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
    await shot(`20-signed-out-${customer.itscomId.split('@')[0]}`);

    // The browser's back (mouse button, Alt+←) and history both lead nowhere.
    await page.goBack().catch(() => null);
    await page.keyboard.press('Alt+ArrowLeft');
    await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
    expect(await page.evaluate(() => (globalThis as unknown as { history: { length: number } }).history.length)).toBe(1);
    await expect(page.locator('body')).not.toContainText(customer.itscomId);

    // The core forgot the customer too, and the sign-in form starts empty.
    expect(await kioskCall(page, 'session', 'current')).toEqual({ ok: true, value: null });
    expect(await kioskCall(page, 'account', 'overview')).toEqual({ ok: false, code: 'not_signed_in' });
    await page.getByRole('link', { name: 'マイページにログイン' }).click();
    await expect(page.getByLabel('iTSCOM ID')).toHaveValue('');
    await expect(page.getByLabel('パスワード')).toHaveValue('');
  });
}

test('a reload ends the customer session', async ({ page }) => {
  await signIn(page, TARO);
  await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
  expect(await kioskCall(page, 'session', 'current')).toEqual({ ok: true, value: null });
});
