import { expect, test } from '../support/fixtures';
import { changeTaroIdWithDemoMailbox } from '../support/flows';
import { TARO } from '../support/sign-in';

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
