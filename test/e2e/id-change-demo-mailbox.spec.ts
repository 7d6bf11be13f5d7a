import { expect, test } from '../support/fixtures';
import { changeTaroIdWithDemoMailbox, openIdChange } from '../support/flows';
import type { DemoMail } from '../../shared/contract/models';
import { launchKiosk } from '../support/kiosk-app';
import { HANAKO, TARO, kioskCall, signIn } from '../support/sign-in';

// The README's run command uses the embedded demo mailbox: no relay configured.
test('on the embedded demo mailbox, the code is read in the kiosk and the new ID signs in', async ({ page, shot }) => {
  const newId = 'taro.demo@example.com';
  await changeTaroIdWithDemoMailbox(page, newId, () => shot('40-demo-mailbox'));
  await page.getByRole('button', { name: 'お客さま情報確認・変更へ' }).click();
  await page.getByRole('button', { name: 'ログアウト' }).click();

  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  await page.getByLabel('iTSCOM ID').fill(newId);
  await page.getByLabel('パスワード').fill(TARO.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
});

test('the demo mailbox shows a customer only the mail of their own procedure', async ({ page, kiosk }) => {
  // Customer A asks for a code to a new address, then leaves.
  await signIn(page, TARO);
  await page.getByRole('link', { name: 'iTSCOM ID 変更画面へ' }).click();
  await page.getByLabel('新しいiTSCOM ID').fill('taro.first@example.com');
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByLabel('認証コード', { exact: true })).toBeVisible();
  await expect.poll(async () => ((await kioskCall(page, 'mailbox', 'list')) as { value: DemoMail[] }).value.length).toBe(1);
  await page.getByRole('button', { name: 'ログアウト' }).click();

  // Customer B, at the same screen, asks for a code of their own: they see theirs, never A's.
  await signIn(page, HANAKO);
  await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
  expect(await kioskCall(page, 'mailbox', 'list')).toEqual({ ok: true, value: [] });
  await openIdChange(page);
  await page.getByLabel('新しいiTSCOM ID').fill('hanako.second@example.com');
  await page.getByRole('button', { name: '次へ' }).click();
  await page.getByRole('button', { name: 'デモ用メールボックスを開く' }).click();
  const mailbox = page.getByRole('dialog', { name: 'デモ用メールボックス' });
  await expect(mailbox.getByRole('listitem')).toHaveCount(1);
  await expect(mailbox.getByRole('listitem')).toContainText('hanako.second@example.com');
  await expect(mailbox).not.toContainText('taro.first@example.com');
  expect(kiosk.pageErrors).toEqual([]);
});

test('outside demo mode, a kiosk without a mail relay refuses to start and says what to set', async ({ shell }) => {
  const started = launchKiosk({ shell, env: { KIOSK_DEMO: '0' } });
  await expect(started).rejects.toThrow(/kiosk exited \(1\)[\s\S]*KIOSK_SMTP_URL/);
});
