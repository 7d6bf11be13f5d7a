import { expect, test } from '../support/fixtures';
import { TARO, signIn } from '../support/sign-in';

// The README's run command uses the embedded demo mailbox: no relay configured.
test('on the embedded demo mailbox, the code is read in the kiosk and the new ID signs in', async ({ page, shot }) => {
  const newId = 'taro.demo@example.com';
  await signIn(page, TARO);
  await page.getByRole('link', { name: 'iTSCOM ID 変更画面へ' }).click();
  await page.getByLabel('新しいiTSCOM ID').fill(newId);
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByRole('status').filter({ hasText: '認証コードのメールを送信しました。' })).toBeVisible();

  await page.getByRole('button', { name: 'デモ用メールボックスを開く' }).click();
  const mailbox = page.getByRole('dialog', { name: 'デモ用メールボックス' });
  const mail = mailbox.getByRole('listitem').filter({ hasText: newId }).filter({ hasText: '認証コードのお知らせ' });
  await expect(mail).toBeVisible();
  await shot('40-demo-mailbox');
  const code = /認証コード: (\d{6})/.exec((await mail.textContent()) ?? '')![1]!;
  await mailbox.getByRole('button', { name: '閉じる' }).click();

  await page.getByLabel('認証コード', { exact: true }).fill(code);
  await page.getByRole('button', { name: '次へ' }).click();
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await expect(page.getByRole('heading', { name: 'iTSCOM IDの変更が完了しました。' })).toBeVisible();
  await page.getByRole('button', { name: 'お客さま情報確認・変更へ' }).click();
  await page.getByRole('button', { name: 'ログアウト' }).click();

  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  await page.getByLabel('iTSCOM ID').fill(newId);
  await page.getByLabel('パスワード').fill(TARO.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
});
