import { planDuration } from '../../shared/domain/plan-duration';
import { DEMO_CUSTOMERS } from '../../electron/core/store/demo-seed';
import { expect, test } from '../support/fixtures';
import { HANAKO, TARO, signIn } from '../support/sign-in';

function expectedDuration(contractStart: string): string {
  const { years, months } = planDuration(new Date(`${contractStart}T00:00:00`), new Date());
  return years > 0 ? `${years}年${months}ヵ月` : `${months}ヵ月`;
}

test.describe('My Page', () => {
  test('yamada.taro sees the plan, its length and the legacy-ID notice', async ({ page, shot }) => {
    await signIn(page, TARO);
    await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
    const plan = page.getByRole('region', { name: '契約プラン' });
    await expect(plan).toContainText('おまかせマスター・スマートプラン(TV:スタンダード/NET:300M/ケーブルプラス電話/iTSCOM HOME/テレビ・プッシュ)');
    await expect(plan).toContainText('(更新月:2025年1月~2025年3月)');
    await expect(plan).toContainText(`プラン継続年数${expectedDuration(DEMO_CUSTOMERS[0].contractStart)}`);
    const notices = page.getByRole('region', { name: 'お知らせ' });
    await expect(notices).toContainText('メールアドレス形式ではないため変更が必要');
    await expect(notices.getByRole('link', { name: 'iTSCOM ID 変更画面へ' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'お問い合わせ・サポート' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'ログアウト' })).toBeVisible();
    await shot('10-top-taro');
  });

  test('the menu and buttons reach the account rows', async ({ page, shot }) => {
    await signIn(page, TARO);
    const menu = page.getByRole('navigation', { name: 'メニュー' });
    await expect(menu.getByRole('link', { name: 'トップ' })).toBeVisible();
    await expect(menu.getByText('各種設定')).toBeVisible();
    await menu.getByRole('link', { name: 'お客さま情報確認・変更' }).click();
    await expect(page.getByRole('heading', { name: 'お客さま情報確認・変更' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'アカウント情報' })).toContainText('yamada.taro');
    await shot('11-customer-info');

    await page.getByRole('link', { name: 'アカウント情報を変更する' }).click();
    await expect(page.getByRole('heading', { name: 'アカウント情報の変更' })).toBeVisible();
    await expect(page.getByText('yamada.taro')).toBeVisible();
    await expect(page.getByRole('img', { name: 'パスワード(非表示)' })).toHaveText('●●●●●●●●');
    await expect(page.getByRole('link', { name: 'iTSCOM IDを変更' })).toHaveText('変更');
    await expect(page.getByRole('link', { name: 'パスワードを変更' })).toHaveText('変更');
    await shot('12-account-rows');

    await page.getByRole('link', { name: 'お客さま情報確認・変更へ' }).click();
    await expect(page.getByRole('heading', { name: 'お客さま情報確認・変更' })).toBeVisible();
    await menu.getByRole('link', { name: 'トップ' }).click();
    await page.getByRole('link', { name: 'お客さま情報を変更' }).click();
    await expect(page.getByRole('heading', { name: 'お客さま情報確認・変更' })).toBeVisible();
    await menu.getByRole('link', { name: 'トップ' }).click();
    await page.getByRole('link', { name: 'iTSCOM ID 変更画面へ' }).click();
    await expect(page.getByRole('heading', { name: 'アカウント情報の変更' })).toBeVisible();
  });

  test('help and support are there for a customer who is stuck', async ({ page, shot }) => {
    await signIn(page, TARO);
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'ヘルプ' }).click();
    await expect(page.getByRole('heading', { name: 'ヘルプ' })).toBeVisible();
    await expect(page.getByRole('listitem').filter({ hasText: 'ログアウト' })).toBeVisible();
    await shot('13-help');
    await page.getByRole('button', { name: 'お問い合わせ・サポート' }).click();
    const dialog = page.getByRole('dialog', { name: 'お問い合わせ・サポート' });
    await expect(dialog).toContainText('スタッフ');
    await shot('14-support');
    await dialog.getByRole('button', { name: '閉じる' }).click();
    await expect(dialog).toHaveCount(0);
  });

  test('hanako.suzuki (mail-form ID) sees her plan and no change notice', async ({ page, shot }) => {
    await signIn(page, HANAKO);
    const plan = page.getByRole('region', { name: '契約プラン' });
    await expect(plan).toContainText(DEMO_CUSTOMERS[1].planName);
    await expect(plan).toContainText('(更新月:2027年4月~2027年6月)');
    await expect(plan).toContainText(`プラン継続年数${expectedDuration(DEMO_CUSTOMERS[1].contractStart)}`);
    const notices = page.getByRole('region', { name: 'お知らせ' });
    await expect(notices).toContainText('現在お知らせはありません。');
    await expect(page.getByRole('link', { name: 'iTSCOM ID 変更画面へ' })).toHaveCount(0);
    await shot('15-top-hanako');
    await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'お客さま情報確認・変更' }).click();
    await page.getByRole('link', { name: 'アカウント情報を変更する' }).click();
    await expect(page.getByText(HANAKO.itscomId)).toBeVisible();
  });
});
