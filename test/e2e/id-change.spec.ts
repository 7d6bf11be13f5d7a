import type { Page } from '@playwright/test';
import { expect } from '../support/fixtures';
import { expectFieldError, testWithRelay } from '../support/relay-fixture';
import { TARO, signIn } from '../support/sign-in';
import { codeIn } from '../support/smtp-sink';

/** The kiosk on a real SMTP relay on loopback (KIOSK_SMTP_URL), with the demo customers. */
const test = testWithRelay;

const NEW_ID = 'taro.yamada.new@example.com';

async function openIdChange(page: Page) {
  await signIn(page, TARO);
  await page.getByRole('link', { name: 'iTSCOM ID 変更画面へ' }).click();
  await expect(page.getByRole('list', { name: '手続きの進み具合' }).locator('[aria-current="step"]')).toContainText('変更内容の入力');
}

test('yamada.taro changes the ID with the code from the mail, then signs in with the new ID', async ({ page, sink, shot }) => {
  await openIdChange(page);
  await expect(page.getByText('現在のiTSCOM ID')).toBeVisible();
  await expect(page.getByText('※4~100文字以内')).toBeVisible();
  await expect(page.getByText('「mypage@itscom.jp」より認証コードを送信し')).toBeVisible();
  await shot('30-id-entry');

  await page.getByLabel('新しいiTSCOM ID').fill(NEW_ID);
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByText(`${NEW_ID} に認証コードを送信しました。`)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '認証コードのメールを送信しました。' })).toBeVisible();
  await expect(page.getByRole('button', { name: '認証コードを再送する' })).toBeDisabled();
  await shot('31-id-code');

  const mail = await sink.waitFor((m) => m.to.includes(NEW_ID));
  expect(mail.from).toBe('mypage@itscom.jp');
  const code = codeIn(mail);

  const wrong = code === '000000' ? '111111' : '000000';
  await page.getByLabel('認証コード', { exact: true }).fill(wrong);
  await page.getByRole('button', { name: '次へ' }).click();
  await expectFieldError(page, '認証コード', '認証コードが正しくありません。(あと4回入力できます)');
  await shot('32-id-code-wrong');

  await page.getByLabel('認証コード', { exact: true }).fill(code);
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByRole('heading', { name: '変更内容の確認' })).toBeVisible();
  await expect(page.getByText(NEW_ID)).toBeVisible();
  await page.getByRole('radio', { name: '連絡先メールアドレスに設定する' }).check();
  await shot('33-id-confirm');

  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await expect(page.getByRole('heading', { name: 'iTSCOM IDの変更が完了しました。' })).toBeVisible();
  const today = new Date();
  const date = `${today.getFullYear()}年${String(today.getMonth() + 1).padStart(2, '0')}月${String(today.getDate()).padStart(2, '0')}日`;
  const done = page.getByRole('region', { name: 'iTSCOM IDの変更が完了しました。' });
  await expect(done).toContainText(`新しいiTSCOM ID${NEW_ID}`);
  await expect(done).toContainText(`変更日${date}`);
  await expect(done).toContainText('連絡先メールアドレスに確認メールを送信しました。');
  await expect(done).toContainText('今後確認できません');
  await shot('34-id-done');

  const confirmation = await sink.waitFor((m) => m.subject.includes('iTSCOM ID変更完了'));
  expect(confirmation.to).toEqual([NEW_ID]);
  expect((await sink.waitFor((m) => m.subject.includes('連絡先メールアドレス変更'))).to).toEqual(['taro.yamada@example.com']);

  await page.getByRole('link', { name: '印刷用画面へ' }).click();
  await expect(page.getByText('iTSCOM My PAGE')).toBeVisible();
  const slip = page.getByRole('region', { name: 'iTSCOM ID' });
  await expect(slip).toContainText('あなたの登録情報です。大切に保管してください。');
  await expect(slip).toContainText(NEW_ID);
  await expect(slip).toContainText(date);
  await shot('35-id-print-view');
  await page.getByRole('button', { name: '閉じる' }).click();
  await expect(page.getByRole('heading', { name: 'お客さま情報確認・変更' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'アカウント情報' })).toContainText(NEW_ID);

  await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'トップ' }).click();
  await expect(page.getByRole('region', { name: 'お知らせ' })).toContainText('現在お知らせはありません。');
  await page.getByRole('button', { name: 'ログアウト' }).click();

  await signIn(page, TARO);
  await expect(page.getByRole('alert')).toHaveText('iTSCOM IDまたはパスワードが正しくありません。');
  await page.getByLabel('iTSCOM ID').fill(NEW_ID);
  await page.getByLabel('パスワード').fill(TARO.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'iTSCOM ID 変更画面へ' })).toHaveCount(0);
});

test('every refusal of a new ID is shown next to the field and sends no mail', async ({ page, sink, shot }) => {
  await openIdChange(page);
  const cases: [string, string][] = [
    ['', '入力してください。'],
    ['ｔａｒｏ@example.com', '半角で入力してください。'],
    ['a@b', '4~100文字以内で入力してください。'],
    [`${'a'.repeat(89)}@example.com`, '4~100文字以内で入力してください。'],
    ['taro+1@example.com', '使用できない文字が含まれています。半角英数字と「@」「_」「-」「.」が使えます。'],
    ['taro.yamada', 'メールアドレスの形式で入力してください。(例:taro@example.com)'],
    ['yamada.taro', 'メールアドレスの形式で入力してください。(例:taro@example.com)'],
    ['HANAKO.SUZUKI@example.com', 'このメールアドレスはiTSCOM IDとして登録できません。別のメールアドレスを入力してください。'],
  ];
  for (const [value, message] of cases) {
    await page.getByLabel('新しいiTSCOM ID').fill(value);
    await page.getByRole('button', { name: '次へ' }).click();
    await expectFieldError(page, '新しいiTSCOM ID', message);
  }
  await page.getByLabel('新しいiTSCOM ID').fill('ｔａｒｏ@example.com');
  await page.getByRole('button', { name: '次へ' }).click();
  await shot('36-id-entry-refused');
  expect(sink.mails).toHaveLength(0);
  await expect(page.getByRole('list', { name: '手続きの進み具合' }).locator('[aria-current="step"]')).toContainText('変更内容の入力');
});

test('戻る from the code step returns to step 1 with the address kept', async ({ page, sink }) => {
  await openIdChange(page);
  await page.getByLabel('新しいiTSCOM ID').fill(NEW_ID);
  await page.getByRole('button', { name: '次へ' }).click();
  await sink.waitFor((m) => m.to.includes(NEW_ID));
  await page.getByRole('button', { name: '戻る' }).click();
  await expect(page.getByLabel('新しいiTSCOM ID')).toHaveValue(NEW_ID);
});

test('a mail-form ID cannot be changed to itself, in any case', async ({ page, sink }) => {
  await signIn(page, { itscomId: 'hanako.suzuki@example.com', password: 'Hanako_2026' });
  await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'お客さま情報確認・変更' }).click();
  await page.getByRole('link', { name: 'アカウント情報を変更する' }).click();
  await page.getByRole('link', { name: 'iTSCOM IDを変更' }).click();
  await page.getByLabel('新しいiTSCOM ID').fill('Hanako.Suzuki@Example.com');
  await page.getByRole('button', { name: '次へ' }).click();
  await expectFieldError(page, '新しいiTSCOM ID', '現在のiTSCOM IDと同じです。別のメールアドレスを入力してください。');
  expect(sink.mails).toHaveLength(0);
});

test('five wrong codes cancel the procedure and send the customer back to step 1', async ({ page, sink, shot }) => {
  await openIdChange(page);
  await page.getByLabel('新しいiTSCOM ID').fill(NEW_ID);
  await page.getByRole('button', { name: '次へ' }).click();
  const code = codeIn(await sink.waitFor((m) => m.to.includes(NEW_ID)));
  const wrong = code === '000000' ? '111111' : '000000';
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    await page.getByLabel('認証コード', { exact: true }).fill(wrong);
    await page.getByRole('button', { name: '次へ' }).click();
    if (attempt < 5) await expectFieldError(page, '認証コード', `認証コードが正しくありません。(あと${5 - attempt}回入力できます)`);
  }
  await expect(page.getByRole('alert')).toHaveText('認証コードを続けて間違えたため、手続きを中止しました。はじめからやり直してください。');
  await expect(page.getByRole('list', { name: '手続きの進み具合' }).locator('[aria-current="step"]')).toContainText('変更内容の入力');
  await shot('37-id-cancelled');
});
