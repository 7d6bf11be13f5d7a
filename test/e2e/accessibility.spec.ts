import { expect, test } from '../support/fixtures';
import { expectAccessible, expectAccessibleInBoth, expectTouchFriendly, openStaffMode } from '../support/kiosk-ui';
import { HANAKO, TARO, signIn } from '../support/sign-in';

// axe (WCAG 2.2 A/AA) on every screen, in Japanese and in English.

test('welcome, sign-in, My Page and the ID change, in both languages', async ({ page }) => {
  await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
  await expectAccessibleInBoth(page, 'welcome');
  await expectTouchFriendly(page, 'welcome');
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByLabel('iTSCOM ID')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessibleInBoth(page, 'sign-in with errors');
  await page.getByLabel('iTSCOM ID').click();
  await expectAccessible(page, 'sign-in with the on-screen keyboard');
  await expectTouchFriendly(page, 'sign-in with the on-screen keyboard');
  await page.getByRole('link', { name: '戻る' }).click();

  await signIn(page, TARO);
  await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
  await expectAccessibleInBoth(page, 'My Page top');
  await expectTouchFriendly(page, 'My Page top');
  const menu = page.getByRole('navigation', { name: 'メニュー' });
  await menu.getByRole('link', { name: 'お客さま情報確認・変更' }).click();
  await expect(page.getByRole('region', { name: 'アカウント情報' })).toContainText(TARO.itscomId);
  await expectAccessibleInBoth(page, 'customer info');
  await page.getByRole('link', { name: 'アカウント情報を変更する' }).click();
  await expect(page.getByRole('link', { name: 'iTSCOM IDを変更' })).toBeVisible();
  await expectAccessibleInBoth(page, 'account rows');
  await expectTouchFriendly(page, 'account rows');
  await menu.getByRole('link', { name: 'ヘルプ' }).click();
  await expectAccessibleInBoth(page, 'help');
  await page.getByRole('button', { name: 'お問い合わせ・サポート' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectAccessible(page, 'support dialog');
  await page.getByRole('button', { name: '閉じる' }).click();

  await menu.getByRole('link', { name: 'トップ' }).click();
  await page.getByRole('link', { name: 'iTSCOM ID 変更画面へ' }).click();
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByLabel('新しいiTSCOM ID')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessibleInBoth(page, 'ID change step 1 with an error');
  await page.getByLabel('新しいiTSCOM ID').fill('a11y.taro@example.com');
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByRole('status').filter({ hasText: '送信しました' })).toBeVisible();
  await expectAccessibleInBoth(page, 'ID change step 2');
  await expectTouchFriendly(page, 'ID change step 2');
  await page.getByRole('button', { name: 'デモ用メールボックスを開く' }).click();
  const mailbox = page.getByRole('dialog', { name: 'デモ用メールボックス' });
  await expect(mailbox.getByRole('listitem')).toHaveCount(1);
  await expectAccessible(page, 'demo mailbox');
  const code = /認証コード: (\d{6})/.exec((await mailbox.getByRole('listitem').textContent()) ?? '')![1]!;
  await mailbox.getByRole('button', { name: '閉じる' }).click();
  await page.getByLabel('認証コード', { exact: true }).fill(code);
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByRole('heading', { name: '変更内容の確認' })).toBeVisible();
  await expectAccessibleInBoth(page, 'ID change step 3');
  await expectTouchFriendly(page, 'ID change step 3');
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await expect(page.getByRole('heading', { name: 'iTSCOM IDの変更が完了しました。' })).toBeVisible();
  await expectAccessibleInBoth(page, 'ID change step 4');
  await page.getByRole('link', { name: '印刷用画面へ' }).click();
  await expectAccessibleInBoth(page, 'ID print view');
});

test('the password change and staff mode, in both languages', async ({ page }) => {
  await signIn(page, HANAKO);
  await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'お客さま情報確認・変更' }).click();
  await page.getByRole('link', { name: 'アカウント情報を変更する' }).click();
  await page.getByRole('link', { name: 'パスワードを変更' }).click();
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await expect(page.getByLabel('現在のパスワード', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expectAccessibleInBoth(page, 'password step 1 with errors');
  await page.getByLabel('現在のパスワード', { exact: true }).fill(HANAKO.password);
  await page.getByLabel('新しいパスワード', { exact: true }).fill('Access/ible=1');
  await page.getByLabel('新しいパスワード 再入力', { exact: true }).fill('Access/ible=1');
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await expect(page.getByRole('button', { name: '登録', exact: true })).toBeVisible();
  await expectAccessibleInBoth(page, 'password step 2');
  await page.getByRole('button', { name: '登録', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'iTSCOM IDのパスワード変更が完了しました。' })).toBeVisible();
  await expectAccessibleInBoth(page, 'password step 3');
  await expectTouchFriendly(page, 'password step 3');
  await page.getByRole('link', { name: '印刷用画面へ' }).click();
  await expectAccessibleInBoth(page, 'password print view');
  await page.getByRole('button', { name: '閉じる' }).click();
  await page.getByRole('button', { name: 'ログアウト' }).click();

  await openStaffMode(page, '');
  await expectAccessible(page, 'staff PIN dialog');
  await page.getByLabel('PIN').fill('2468');
  await page.getByRole('button', { name: '開く' }).click();
  await expect(page.getByRole('heading', { name: 'スタッフモード', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: '本日のお手続き' })).toContainText('パスワード変更 1件');
  await expectAccessibleInBoth(page, 'staff mode');
  await expectTouchFriendly(page, 'staff mode');
});
