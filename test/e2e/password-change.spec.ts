import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from '../support/fixtures';
import { expectFieldError, testWithRelay } from '../support/relay-fixture';
import { openPasswordChange } from '../support/flows';
import { HANAKO, signIn } from '../support/sign-in';

const test = testWithRelay;

const NEW_PASSWORD = 'Counter/42=ok';

async function fill(page: Page, current: string, next: string, again = next) {
  await page.getByLabel('現在のパスワード', { exact: true }).fill(current);
  await page.getByLabel('新しいパスワード', { exact: true }).fill(next);
  await page.getByLabel('新しいパスワード 再入力', { exact: true }).fill(again);
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

test('hanako.suzuki changes the password, sees it on the print view, and signs in with it', async ({ page, kiosk, sink, shot }) => {
  await signIn(page, HANAKO);
  await openPasswordChange(page);
  await expect(page.getByText('※6~32文字以内で入力してください。※半角英数字、特殊文字(%、+、.、/、:、=、@、^、_、-)がご利用できます。')).toBeVisible();
  await shot('50-password-entry');

  await fill(page, HANAKO.password, NEW_PASSWORD);
  await expect(page.getByText('パスワードを変更します。よろしければ「登録」ボタンをクリックしてください。')).toBeVisible();
  await shot('51-password-confirm');

  // 戻る keeps nothing secret: step 1 comes back empty.
  await page.getByRole('button', { name: '戻る' }).click();
  await expect(page.getByLabel('現在のパスワード', { exact: true })).toHaveValue('');
  await expect(page.getByLabel('新しいパスワード', { exact: true })).toHaveValue('');
  await fill(page, HANAKO.password, NEW_PASSWORD);
  await page.getByRole('button', { name: '登録', exact: true }).click();

  const done = page.getByRole('region', { name: 'iTSCOM IDのパスワード変更が完了しました。' });
  await expect(done).toBeVisible();
  await expect(done.getByRole('img', { name: '新しいパスワード(非表示)' })).toBeVisible();
  await expect(done).not.toContainText(NEW_PASSWORD);
  await expect(done).toContainText('連絡先メールアドレスに確認メールを送信しました。');
  await shot('52-password-done-masked');
  const show = done.getByRole('button', { name: '押している間だけ表示' });
  await show.hover();
  await page.mouse.down();
  await expect(done.getByTestId('new-password')).toHaveText(NEW_PASSWORD);
  await shot('53-password-done-revealed');
  await page.mouse.up();
  await expect(done).not.toContainText(NEW_PASSWORD);

  await done.getByRole('button', { name: /とても満足/ }).click();
  await expect(done.getByRole('status').filter({ hasText: 'ご回答ありがとうございました。' })).toBeVisible();

  const mail = await sink.waitFor((m) => m.subject.includes('パスワード変更完了'));
  expect(mail.to).toEqual([HANAKO.itscomId]);
  expect(mail.text + mail.html).not.toContain(NEW_PASSWORD);

  await done.getByRole('link', { name: '印刷用画面へ' }).click();
  const slip = page.getByRole('region', { name: 'iTSCOM IDのパスワード' });
  await expect(page.getByText('iTSCOM My PAGE')).toBeVisible();
  await expect(slip).toContainText('あなたの登録情報です。大切に保管してください。');
  await expect(slip).toContainText(`新パスワード${NEW_PASSWORD}`);
  const today = new Date();
  await expect(slip).toContainText(`変更日${today.getFullYear()}年${String(today.getMonth() + 1).padStart(2, '0')}月${String(today.getDate()).padStart(2, '0')}日`);
  await shot('54-password-print-view');
  await page.getByRole('button', { name: '閉じる' }).click();
  await expect(page.getByRole('heading', { name: 'お客さま情報確認・変更' })).toBeVisible();
  await expect(page.locator('body')).not.toContainText(NEW_PASSWORD);

  await page.getByRole('button', { name: 'ログアウト' }).click();
  await signIn(page, HANAKO);
  await expect(page.getByRole('alert')).toHaveText('iTSCOM IDまたはパスワードが正しくありません。');
  await page.getByLabel('パスワード').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();

  // Not one clear-text copy: nothing in the data directory (store, WAL, logs) holds it.
  expect(await kiosk.stop()).toBe(0);
  const holders = filesUnder(kiosk.dataDir).filter((file) => readFileSync(file).includes(Buffer.from(NEW_PASSWORD)));
  expect(holders).toEqual([]);
  expect(kiosk.output()).not.toContain(NEW_PASSWORD);
});

test('every refusal of a new password is shown on its field', async ({ page, shot }) => {
  await signIn(page, HANAKO);
  await openPasswordChange(page);
  const cases: [string, string, string, string, string][] = [
    ['', 'Abcdef-1', 'Abcdef-1', '現在のパスワード', '入力してください。'],
    [HANAKO.password, 'Ab-1', 'Ab-1', '新しいパスワード', '6~32文字以内で入力してください。'],
    [HANAKO.password, `Ab-1${'x'.repeat(29)}`, `Ab-1${'x'.repeat(29)}`, '新しいパスワード', '6~32文字以内で入力してください。'],
    [HANAKO.password, 'Ａｂｃｄｅｆ１', 'Ａｂｃｄｅｆ１', '新しいパスワード', '半角で入力してください。'],
    [HANAKO.password, 'Abc#def1', 'Abc#def1', '新しいパスワード', '「#」は使用できません。半角英数字と「%」「+」「.」「/」「:」「=」「@」「^」「_」「-」が使えます。'],
    [HANAKO.password, 'Abcdef-1', 'Abcdef-2', '新しいパスワード 再入力', '新しいパスワードと再入力が一致しません。'],
    [HANAKO.password, HANAKO.password, HANAKO.password, '新しいパスワード', '現在のパスワードと同じです。別のパスワードを入力してください。'],
    [HANAKO.password, 'hanako.suzuki-1', 'hanako.suzuki-1', '新しいパスワード', 'iTSCOM IDを含むパスワードは使用できません。'],
    [HANAKO.password, 'password1', 'password1', '新しいパスワード', 'よく使われていて推測されやすいパスワードです。別のパスワードを入力してください。'],
    ['Wrong_2026', NEW_PASSWORD, NEW_PASSWORD, '現在のパスワード', '現在のパスワードが正しくありません。'],
  ];
  for (const [current, next, again, label, message] of cases) {
    await fill(page, current, next, again);
    await expectFieldError(page, label, message);
  }
  await shot('55-password-refused');
  await expect(page.getByRole('list', { name: '手続きの進み具合' }).locator('[aria-current="step"]')).toContainText('変更内容の入力');
});
