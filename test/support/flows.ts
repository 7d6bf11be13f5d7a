import { expect, type Page } from '@playwright/test';
import { HANAKO, TARO, signIn } from './sign-in';

/** From My Page, through the menu and the account rows, to step 1 of the password change. */
export async function openPasswordChange(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'お客さま情報確認・変更' }).click();
  await page.getByRole('link', { name: 'アカウント情報を変更する' }).click();
  await page.getByRole('link', { name: 'パスワードを変更' }).click();
  await expect(page.getByRole('heading', { name: 'iTSCOM IDのパスワード変更' })).toBeVisible();
}

/** From My Page, through the menu and the account rows, to step 1 of the ID change. */
export async function openIdChange(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'お客さま情報確認・変更' }).click();
  await page.getByRole('link', { name: 'アカウント情報を変更する' }).click();
  await page.getByRole('link', { name: 'iTSCOM IDを変更' }).click();
}

/** Step 1 of the password change, filled in and sent; lands on step 2 (登録). */
export async function enterPasswordChange(page: Page, currentPassword: string, newPassword: string): Promise<void> {
  await page.getByLabel('現在のパスワード', { exact: true }).fill(currentPassword);
  await page.getByLabel('新しいパスワード', { exact: true }).fill(newPassword);
  await page.getByLabel('新しいパスワード 再入力', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await expect(page.getByRole('button', { name: '登録', exact: true })).toBeVisible();
}

/** hanako.suzuki changes her password through the wizard and lands on its completion. */
export async function changeHanakoPassword(page: Page, newPassword: string): Promise<void> {
  await signIn(page, HANAKO);
  await openPasswordChange(page);
  await enterPasswordChange(page, HANAKO.password, newPassword);
  await page.getByRole('button', { name: '登録', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'iTSCOM IDのパスワード変更が完了しました。' })).toBeVisible();
}

/** yamada.taro changes the ID, reading the code in the embedded demo mailbox. */
export async function changeTaroIdWithDemoMailbox(page: Page, newId: string, onMailbox?: () => Promise<void>): Promise<void> {
  await signIn(page, TARO);
  await page.getByRole('link', { name: 'iTSCOM ID 変更画面へ' }).click();
  await page.getByLabel('新しいiTSCOM ID').fill(newId);
  await page.getByRole('button', { name: '次へ' }).click();
  await page.getByRole('button', { name: 'デモ用メールボックスを開く' }).click();
  const mailbox = page.getByRole('dialog', { name: 'デモ用メールボックス' });
  const mail = mailbox.getByRole('listitem').filter({ hasText: newId }).filter({ hasText: '認証コードのお知らせ' });
  await expect(mail).toBeVisible();
  await onMailbox?.();
  const code = /認証コード: (\d{6})/.exec((await mail.textContent()) ?? '')![1]!;
  await mailbox.getByRole('button', { name: '閉じる' }).click();
  await page.getByLabel('認証コード', { exact: true }).fill(code);
  await page.getByRole('button', { name: '次へ' }).click();
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await expect(page.getByRole('heading', { name: 'iTSCOM IDの変更が完了しました。' })).toBeVisible();
}

/** The code in the open demo mailbox's one mail, read off the screen as the customer reads it. */
export async function codeInOpenMailbox(page: Page): Promise<string> {
  const mailbox = page.getByRole('dialog', { name: 'デモ用メールボックス' });
  await expect(mailbox.getByRole('listitem')).toHaveCount(1);
  return /認証コード: (\d{6})/.exec((await mailbox.getByRole('listitem').textContent()) ?? '')![1]!;
}
