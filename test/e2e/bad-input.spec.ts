import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { enterStaffNumberAndPin, openStaffMode, staffTab } from '../support/kiosk-ui';
import { DEMO_MANAGER } from '../support/staff-entry';
import { expectFieldError } from '../support/relay-fixture';
import { HANAKO, signIn, TARO } from '../support/sign-in';
import { openPasswordChange } from '../support/flows';

/**
 * What strangers paste: control characters, invisible ones, emoji, full-width
 * text and far too much of it. Every field answers each with its own message,
 * next to the field, and the form goes nowhere.
 */
const CONTROL = '改行・タブなどの制御文字は使えません。削除してから入力し直してください。';
const INVISIBLE = '目に見えない文字(ゼロ幅スペースなど)が含まれています。削除してから入力し直してください。';
const EMOJI = '絵文字は使えません。';
const HUGE = 'a'.repeat(5_000);

interface Field {
  label: string;
  submit: string;
  /** What the field says to far too long input, and to full-width input (when it refuses that). */
  tooLong: string;
  fullWidth?: string;
}

async function expectEachClassRefused(page: Page, field: Field, stay: () => Promise<void>): Promise<void> {
  const cases: [string, string][] = [
    ['abc\u0000def', CONTROL],
    ['abc\tdef', CONTROL],
    ['abc\u200bdef', INVISIBLE],
    ['\ufeffabcdef', INVISIBLE],
    ['abc😀def', EMOJI],
    [HUGE, field.tooLong],
    ...(field.fullWidth ? ([['ａｂｃｄｅｆ', field.fullWidth]] as [string, string][]) : []),
  ];
  for (const [value, message] of cases) {
    await page.getByLabel(field.label, { exact: true }).fill(value);
    await page.getByRole('button', { name: field.submit, exact: true }).click();
    await expectFieldError(page, field.label, message);
    await stay();
  }
}

test('every customer field answers pasted junk with a specific message', async ({ page, shot }) => {
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  const onSignIn = () => expect(page.getByRole('heading', { name: 'マイページにログイン' })).toBeVisible();
  for (const label of ['iTSCOM ID', 'パスワード']) {
    await page.getByLabel(label === 'iTSCOM ID' ? 'パスワード' : 'iTSCOM ID', { exact: true }).fill('placeholder');
    await expectEachClassRefused(page, { label, submit: 'ログイン', tooLong: '入力できる文字数を超えています。', fullWidth: '半角で入力してください。' }, onSignIn);
  }
  await shot('90-sign-in-junk');

  await page.getByLabel('iTSCOM ID', { exact: true }).fill(TARO.itscomId);
  await page.getByLabel('パスワード', { exact: true }).fill(TARO.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByRole('link', { name: 'iTSCOM ID 変更画面へ' }).click();
  const onIdEntry = () => expect(page.getByLabel('新しいiTSCOM ID', { exact: true })).toBeVisible();
  await expectEachClassRefused(
    page,
    { label: '新しいiTSCOM ID', submit: '次へ', tooLong: '4~100文字以内で入力してください。', fullWidth: '半角で入力してください。' },
    onIdEntry,
  );
  await shot('91-new-id-junk');

  await page.getByLabel('新しいiTSCOM ID', { exact: true }).fill('taro.junk@example.com');
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByLabel('認証コード', { exact: true })).toBeVisible();
  await expectEachClassRefused(
    page,
    { label: '認証コード', submit: '次へ', tooLong: '6桁の数字で入力してください。', fullWidth: '半角で入力してください。' },
    () => expect(page.getByLabel('認証コード', { exact: true })).toBeVisible(),
  );
  await shot('92-code-junk');
});

test('the password fields answer pasted junk with a specific message', async ({ page, shot }) => {
  await signIn(page, HANAKO);
  await openPasswordChange(page);
  const fields = ['現在のパスワード', '新しいパスワード', '新しいパスワード 再入力'];
  const onEntry = () => expect(page.getByRole('button', { name: 'この内容で登録する' })).toBeVisible();
  for (const label of fields) {
    for (const other of fields.filter((f) => f !== label)) {
      await page.getByLabel(other, { exact: true }).fill(other === '現在のパスワード' ? HANAKO.password : 'Counter/42=ok');
    }
    await expectEachClassRefused(page, { label, submit: 'この内容で登録する', tooLong: '6~32文字以内で入力してください。' }, onEntry);
  }
  await shot('93-password-junk');
});

test('staff mode answers pasted junk with a specific message', async ({ page, shot }) => {
  await openStaffMode(page, null);
  const onDialog = () => expect(page.getByRole('dialog', { name: 'スタッフモード' })).toBeVisible();
  await page.getByLabel('PIN').fill('246810');
  await expectEachClassRefused(page, { label: 'スタッフ番号', submit: '開く', tooLong: '入力できる文字数を超えています。' }, onDialog);
  await page.getByLabel('スタッフ番号').fill('1001');
  await expectEachClassRefused(page, { label: 'PIN', submit: '開く', tooLong: '入力できる文字数を超えています。' }, onDialog);
  await enterStaffNumberAndPin(page, DEMO_MANAGER);
  const onStaff = () => expect(page.getByRole('heading', { name: 'スタッフモード', level: 1 })).toBeVisible();
  await staffTab(page, '管理');
  for (const [label, tooLong] of [
    ['店舗名', '入力できる文字数を超えています。'],
    ['送信元メールアドレス', '入力できる文字数を超えています。'],
    ['SMTPリレーのURL(空欄: デモ用メールボックス)', '入力できる文字数を超えています。'],
  ] as const) {
    const before = await page.getByLabel(label, { exact: true }).inputValue();
    await expectEachClassRefused(page, { label, submit: '設定を保存', tooLong }, onStaff);
    await page.getByLabel(label, { exact: true }).fill(before);
  }
  await shot('94-staff-junk');
});
