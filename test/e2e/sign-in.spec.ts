import { expect, test } from '../support/fixtures';
import { TARO } from '../support/sign-in';

test.describe('sign-in', () => {
  test('welcome screen leads to the sign-in form', async ({ page, shot }) => {
    await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
    await shot('00-welcome');
    await page.getByRole('link', { name: 'マイページにログイン' }).click();
    await expect(page.getByRole('heading', { name: 'マイページにログイン' })).toBeVisible();
    await expect(page.getByLabel('iTSCOM ID')).toBeVisible();
    await expect(page.getByLabel('パスワード')).toHaveAttribute('type', 'password');
    await shot('01-sign-in');
  });

  test('empty fields are refused next to each field, before reaching the core', async ({ page, shot }) => {
    await page.getByRole('link', { name: 'マイページにログイン' }).click();
    await page.getByRole('button', { name: 'ログイン' }).click();
    const idField = page.getByLabel('iTSCOM ID');
    await expect(idField).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator(`#${await idField.getAttribute('aria-describedby')}`)).toHaveText('入力してください。');
    await expect(page.getByLabel('パスワード')).toHaveAttribute('aria-invalid', 'true');
    await shot('02-sign-in-empty');
  });

  test('a wrong password and an unknown ID get the same generic message', async ({ page, shot }) => {
    await page.getByRole('link', { name: 'マイページにログイン' }).click();
    await page.getByLabel('iTSCOM ID').fill(TARO.itscomId);
    await page.getByLabel('パスワード').fill('Wrong-pass1');
    await page.getByRole('button', { name: 'ログイン' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toHaveText('iTSCOM IDまたはパスワードが正しくありません。');
    await expect(page.getByLabel('パスワード')).toHaveValue('');
    await shot('03-sign-in-refused');

    await page.getByLabel('iTSCOM ID').fill('no.such.customer');
    await page.getByLabel('パスワード').fill('Demo-pass1');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await expect(alert).toHaveText('iTSCOM IDまたはパスワードが正しくありません。');
    await expect(page.getByRole('heading', { name: 'マイページトップ' })).toHaveCount(0);
  });

  test('five failures lock the ID and the customer is told to ask staff', async ({ page, shot }) => {
    await page.getByRole('link', { name: 'マイページにログイン' }).click();
    await page.getByLabel('iTSCOM ID').fill(TARO.itscomId);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await page.getByLabel('パスワード').fill(`Wrong-pass${attempt}`);
      await page.getByRole('button', { name: 'ログイン' }).click();
      // The form empties the password once the answer is back.
      await expect(page.getByLabel('パスワード')).toHaveValue('');
    }
    await expect(page.getByRole('alert')).toContainText('ロックされています');
    await expect(page.getByRole('alert')).toContainText('スタッフにお声がけください');
    await page.getByLabel('パスワード').fill(TARO.password);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await expect(page.getByRole('alert')).toContainText('ロックされています');
    await shot('04-sign-in-locked');
  });
});
