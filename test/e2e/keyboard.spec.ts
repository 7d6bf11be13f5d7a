import { expect, test } from '../support/fixtures';
import { keyboardKeys, typeOnScreen } from '../support/kiosk-ui';
import { HANAKO } from '../support/sign-in';
import { openPasswordChange } from '../support/flows';

test('a whole password change typed on the on-screen keyboard alone', async ({ page, shot }) => {
  const newPassword = 'Touch/only=9';
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  await page.getByLabel('iTSCOM ID').click();
  // The ID field offers exactly what IDs may hold: @ _ - . and no other symbol.
  const idKeys = await keyboardKeys(page);
  expect(idKeys).toEqual(expect.arrayContaining(['@', '_', '-', '.', 'a', '0', '{shift}', '{bksp}', '{done}']));
  expect(idKeys).not.toContain('+');
  await typeOnScreen(page, HANAKO.itscomId);
  await shot('80-keyboard-sign-in');
  await page.getByLabel('パスワード').click();
  await typeOnScreen(page, HANAKO.password);
  await expect(page.getByLabel('パスワード')).toHaveValue(HANAKO.password);
  await page.locator('.keyboard-dock [data-skbtn="{done}"]').click();
  await expect(page.locator('.keyboard-dock')).toHaveCount(0);
  await page.getByRole('button', { name: 'ログイン' }).click();

  await openPasswordChange(page);
  await page.getByLabel('現在のパスワード', { exact: true }).click();
  // Password fields offer the password symbols, and only those.
  const passwordKeys = await keyboardKeys(page);
  expect(passwordKeys).toEqual(expect.arrayContaining(['%', '+', '.', '/', ':', '=', '@', '^', '_', '-']));
  expect(passwordKeys).not.toContain('#');
  await typeOnScreen(page, HANAKO.password);
  await page.getByLabel('新しいパスワード', { exact: true }).click();
  await typeOnScreen(page, newPassword);
  await page.getByLabel('新しいパスワード 再入力', { exact: true }).click();
  await typeOnScreen(page, newPassword);
  await shot('81-keyboard-password');
  await page.locator('.keyboard-dock [data-skbtn="{done}"]').click();
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await page.getByRole('button', { name: '登録', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'iTSCOM IDのパスワード変更が完了しました。' })).toBeVisible();

  await page.getByRole('button', { name: 'ログアウト' }).click();
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  await page.getByLabel('iTSCOM ID').fill(HANAKO.itscomId);
  await page.getByLabel('パスワード').fill(newPassword);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
});

test('backspace, shift and the physical keyboard work together', async ({ page }) => {
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  const field = page.getByLabel('iTSCOM ID');
  await field.click();
  await typeOnScreen(page, 'Ab');
  await page.keyboard.type('c');
  await expect(field).toHaveValue('Abc');
  await page.locator('.keyboard-dock [data-skbtn="{bksp}"]').click();
  await expect(field).toHaveValue('Ab');
  await typeOnScreen(page, '.1');
  await expect(field).toHaveValue('Ab.1');
});
