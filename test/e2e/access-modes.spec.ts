import { rmSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { flat, pdfInfo, pdfText, printedPdfsContaining } from '../support/cups';
import { expect, test } from '../support/fixtures';
import { checkLargeScreen, expectTogglesReset, turnOnLargeContrastFurigana } from '../support/access-modes';
import { codeInOpenMailbox, openPasswordChange } from '../support/flows';
import { HANAKO, TARO, signIn } from '../support/sign-in';

// Every customer screen at 1.5× text with high contrast and furigana: no sideways scroll, nothing clipped
// or overlapping at 1280×1024 and 1920×1080 (a screenshot of each in test-results/screens/chromium/large/),
// and axe with 7:1 text contrast in both languages. The normal size and theme are accessibility.spec.ts's.

// Each screen: two sizes, axe twice in two languages.
test.describe.configure({ timeout: 240_000 });

/** A field by its form name: with furigana on, a label's text holds the readings too (its accessible name does not). */
const field = (page: Page, name: string) => page.locator(`input[name="${name}"]`);

async function codeFromMailbox(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'デモ用メールボックスを開く' }).click();
  return codeInOpenMailbox(page);
}

test('welcome, sign-in and My Page; the toggles are off again for the next customer', async ({ page }) => {
  await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
  await turnOnLargeContrastFurigana(page);
  // Furigana from the core's analyser, the readings out of the names.
  await expect(page.locator('ruby').filter({ hasText: '変更' }).first().locator('rt')).toHaveText('へんこう');
  await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
  await checkLargeScreen(page, 'welcome');
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByLabel('iTSCOM ID')).toHaveAttribute('aria-invalid', 'true');
  await checkLargeScreen(page, 'sign-in-errors');
  await page.getByLabel('iTSCOM ID').click();
  await expect(page.locator('.keyboard-dock')).toBeVisible();
  await checkLargeScreen(page, 'sign-in-keyboard');
  await page.getByRole('link', { name: '戻る' }).click();

  await signIn(page, TARO);
  await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
  await checkLargeScreen(page, 'top');
  const menu = page.getByRole('navigation', { name: 'メニュー' });
  await menu.getByRole('link', { name: 'お客さま情報確認・変更' }).click();
  await expect(page.getByRole('region', { name: 'アカウント情報' })).toContainText(TARO.itscomId);
  await checkLargeScreen(page, 'customer-info');
  await page.getByRole('link', { name: 'アカウント情報を変更する' }).click();
  await expect(page.getByRole('link', { name: 'iTSCOM IDを変更' })).toBeVisible();
  await checkLargeScreen(page, 'account');
  await menu.getByRole('link', { name: 'ヘルプ' }).click();
  await checkLargeScreen(page, 'help');
  await page.getByRole('button', { name: 'お問い合わせ・サポート' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await checkLargeScreen(page, 'support-dialog', { dialog: true });
  await page.getByRole('button', { name: '閉じる' }).click();

  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
  await expectTogglesReset(page);
});

test('the ID change and the password change with their slips', async ({ page }) => {
  await turnOnLargeContrastFurigana(page);
  await signIn(page, TARO);
  await page.getByRole('link', { name: 'iTSCOM ID 変更画面へ' }).click();
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByLabel('新しいiTSCOM ID')).toHaveAttribute('aria-invalid', 'true');
  await checkLargeScreen(page, 'id-change-1');
  await page.getByLabel('新しいiTSCOM ID').fill('large.text.taro@example.com');
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByRole('status').filter({ hasText: '送信しました' })).toBeVisible();
  await checkLargeScreen(page, 'id-change-2');
  const code = await codeFromMailbox(page);
  await checkLargeScreen(page, 'demo-mailbox', { dialog: true });
  await page.getByRole('dialog').getByRole('button', { name: '閉じる' }).click();
  await field(page, 'code').fill(code);
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByRole('heading', { name: '変更内容の確認' })).toBeVisible();
  await checkLargeScreen(page, 'id-change-3');
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await expect(page.getByRole('heading', { name: 'iTSCOM IDの変更が完了しました。' })).toBeVisible();
  await checkLargeScreen(page, 'id-change-4');
  await page.getByRole('link', { name: '印刷用画面へ' }).click();
  await checkLargeScreen(page, 'id-change-print');
  await page.getByRole('button', { name: '閉じる' }).click();
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();

  await turnOnLargeContrastFurigana(page);
  await signIn(page, HANAKO);
  await openPasswordChange(page);
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await checkLargeScreen(page, 'password-1');
  await field(page, 'currentPassword').fill(HANAKO.password);
  await field(page, 'newPassword').fill('Larger-Text4');
  await field(page, 'newPasswordAgain').fill('Larger-Text4');
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await expect(page.getByRole('button', { name: '登録', exact: true })).toBeVisible();
  await checkLargeScreen(page, 'password-2');
  await page.getByRole('button', { name: '登録', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'iTSCOM IDのパスワード変更が完了しました。' })).toBeVisible();
  await checkLargeScreen(page, 'password-3');
  await page.getByRole('link', { name: '印刷用画面へ' }).click();
  await checkLargeScreen(page, 'password-print');

  // The slip is the core's own document: its usual size and wording, whatever the screen shows.
  await page.getByRole('button', { name: '印刷' }).click();
  await expect(page.getByRole('status')).toContainText('印刷しました', { timeout: 30_000 });
  const [pdf, ...others] = printedPdfsContaining('Larger-Text4');
  expect(others).toEqual([]);
  const { pages, width, height } = pdfInfo(pdf!);
  expect({ pages, width: Math.round(width), height: Math.round(height) }).toEqual({ pages: 1, width: 595, height: 842 });
  const text = pdfText(pdf!);
  expect(text).toContain(flat('新パスワード'));
  expect(text).not.toMatch(/しん|へんこう|とうろく/);
  rmSync(pdf!);
});

test('the reset of a forgotten password', async ({ page }) => {
  await turnOnLargeContrastFurigana(page);
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  await page.getByRole('link', { name: 'パスワードをお忘れの方' }).click();
  await expect(page.getByRole('heading', { name: 'パスワードの再設定' })).toBeVisible();
  await checkLargeScreen(page, 'reset-1');
  await page.getByLabel('iTSCOM ID').fill(TARO.itscomId);
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByRole('status').filter({ hasText: '認証コードを送信しました' })).toBeVisible();
  await checkLargeScreen(page, 'reset-2');
  const code = await codeFromMailbox(page);
  await page.getByRole('dialog').getByRole('button', { name: '閉じる' }).click();
  await field(page, 'code').fill(code);
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByRole('heading', { name: '新しいパスワードの入力' })).toBeVisible();
  await checkLargeScreen(page, 'reset-3');
  await field(page, 'newPassword').fill('Reset-Large5');
  await field(page, 'newPasswordAgain').fill('Reset-Large5');
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await expect(page.getByRole('heading', { name: 'パスワードの再設定が完了しました。' })).toBeVisible();
  await checkLargeScreen(page, 'reset-4');
  await page.getByRole('link', { name: '印刷用画面へ' }).click();
  await checkLargeScreen(page, 'reset-print');
});
