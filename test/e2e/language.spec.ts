import { expect, test } from '../support/fixtures';
import { HANAKO } from '../support/sign-in';

test('switching language mid-form keeps what was typed and changes every string', async ({ page, shot }) => {
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  await page.getByLabel('iTSCOM ID').fill(HANAKO.itscomId);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to My Page' })).toBeVisible();
  await expect(page.getByLabel('iTSCOM ID')).toHaveValue(HANAKO.itscomId);
  await page.getByLabel('Password').fill('wrong-pass');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The iTSCOM ID or password is not correct.');
  await page.getByLabel('Password').fill(HANAKO.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'My Page top' })).toBeVisible();
  await shot('a0-top-english');

  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Your details' }).click();
  await page.getByRole('link', { name: 'Change account details' }).click();
  await page.getByRole('link', { name: 'Change password' }).click();
  await page.getByLabel('Current password', { exact: true }).fill(HANAKO.password);
  await page.getByLabel('New password', { exact: true }).fill('abc#defg1');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByText('“#” cannot be used.', { exact: false })).toBeVisible();

  // Back to Japanese: the typed values and the error stay, in Japanese.
  await page.getByRole('button', { name: '日本語に切り替える' }).click();
  await expect(page.getByLabel('現在のパスワード', { exact: true })).toHaveValue(HANAKO.password);
  await expect(page.getByLabel('新しいパスワード', { exact: true })).toHaveValue('abc#defg1');
  await expect(page.getByText('「#」は使用できません。', { exact: false })).toBeVisible();

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByLabel('New password', { exact: true }).fill('English/pw=2');
  await page.getByLabel('New password again', { exact: true }).fill('English/pw=2');
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const done = page.getByRole('region', { name: 'Your iTSCOM ID password has been changed.' });
  const today = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric' }).format(new Date());
  await expect(done).toContainText(today);
  await shot('a1-password-done-english');

  // The next customer starts in Japanese.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
});
