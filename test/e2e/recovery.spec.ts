import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { flat, pdfText, printedPdfsContaining } from '../support/cups';
import { expectAccessibleInBoth, expectTouchFriendly, keyboardKeys, openStaffMode, staffTab, typeOnScreen } from '../support/kiosk-ui';
import { expectFieldError, testWithRelay as test } from '../support/relay-fixture';
import { TARO, signIn } from '../support/sign-in';
import { codeIn } from '../support/smtp-sink';
import { expect } from '../support/fixtures';
import { DATABASE_FILE } from '../../electron/core/store/database';

// At the counter when you cannot sign in: the reset by a code to the contact address, the
// staff-issued temporary password and the ID look-up, on a real SMTP relay and real CUPS.

const TARO_CONTACT = 'taro.yamada@example.com';
const SENT = 'ご登録の連絡先メールアドレスに認証コードを送信しました。';

/** From the welcome screen to step 1 of 「パスワードの再設定」. */
async function openReset(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  await page.getByRole('link', { name: 'パスワードをお忘れの方' }).click();
  await expect(page.getByRole('heading', { name: 'パスワードの再設定' })).toBeVisible();
}

async function requestResetCode(page: Page, itscomId: string): Promise<void> {
  await page.getByLabel('iTSCOM ID').fill(itscomId);
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByRole('status').filter({ hasText: SENT })).toBeVisible();
}

async function signInExpecting(page: Page, who: { itscomId: string; password: string }, alert: string): Promise<void> {
  await page.getByLabel('iTSCOM ID').fill(who.itscomId);
  await page.getByLabel('パスワード').fill(who.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  // The refused password is cleared when this attempt's answer arrives (an earlier alert may still be on screen).
  await expect(page.getByLabel('パスワード')).toHaveValue('');
  await expect(page.getByRole('alert')).toHaveText(alert);
}

/** Staff issue a temporary password for yamada.taro; returns it as the printed slip shows it, and the slip's PDF. */
async function issueTemporaryPassword(page: Page, shopName: string): Promise<{ temporary: string; pdf: string }> {
  const section = page.getByRole('form', { name: 'パスワードの再発行' });
  await section.getByLabel('iTSCOM ID').fill(TARO.itscomId);
  await section.getByRole('button', { name: '仮パスワードを発行' }).click();
  await expect(section.getByText('ご本人確認書類を確認してから操作してください。')).toBeVisible();
  await section.getByLabel('ご本人確認書類を確認しました').check();
  await section.getByRole('button', { name: '仮パスワードを発行' }).click();
  await expect(section.getByRole('status')).toContainText('yamada.taro の仮パスワードを発行しました', { timeout: 30_000 });
  await expect(section.getByRole('status')).toContainText('「仮パスワードのお知らせ」を印刷しました。');
  // This test's kiosk's slip (its shop name): another test may print one for yamada.taro at the same moment.
  // cups-pdf may still be writing it as the job is reported done: it is read once it is whole.
  const slips = () => printedPdfsContaining(shopName).filter((file) => printedPdfsContaining('仮パスワードのお知らせ').includes(file));
  await expect.poll(() => slips().length, { message: "the slip's PDF in cups-pdf's output", timeout: 20_000 }).toBeGreaterThan(0);
  const [pdf, ...others] = slips();
  expect(others).toEqual([]);
  const temporary = /仮パスワード([A-Za-z0-9]{10})有効期限/.exec(pdfText(pdf!))?.[1];
  expect(temporary, 'the temporary password on the slip').toBeDefined();
  // Never on the staff screen.
  expect(await page.locator('body').innerText()).not.toContain(temporary!);
  return { temporary: temporary!, pdf: pdf! };
}

test('yamada.taro resets a forgotten password with the code from the contact mail, prints the slip and signs in', async ({ page, sink, shot }) => {
  await openReset(page);
  await shot('80-reset-id');
  await expectAccessibleInBoth(page, 'reset step 1');
  await expectTouchFriendly(page, 'reset step 1');
  // The ID field has the ID keyboard: what an iTSCOM ID may hold, no password symbols.
  await page.getByLabel('iTSCOM ID').click();
  expect(await keyboardKeys(page)).toEqual(expect.arrayContaining(['@', '_', '-', '.']));
  expect(await keyboardKeys(page)).not.toContain('%');
  await typeOnScreen(page, TARO.itscomId);
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByRole('status').filter({ hasText: SENT })).toBeVisible();
  await shot('81-reset-code');
  await expectAccessibleInBoth(page, 'reset step 2');

  const mail = await sink.waitFor((m) => m.to.includes(TARO_CONTACT) && m.subject.includes('パスワード再設定の認証コード'));
  await page.getByLabel('認証コード', { exact: true }).fill(codeIn(mail));
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByRole('heading', { name: '新しいパスワードの入力' })).toBeVisible();
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await expect(page.getByLabel('新しいパスワード', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await shot('82-reset-password');
  await expectAccessibleInBoth(page, 'reset step 3 with errors');
  const newPassword = `Reset.${Date.now().toString(36)}`;
  await page.getByLabel('新しいパスワード', { exact: true }).fill('password1');
  await page.getByLabel('新しいパスワード 再入力', { exact: true }).fill('password1');
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await expectFieldError(page, '新しいパスワード', 'よく使われていて推測されやすいパスワードです。別のパスワードを入力してください。');
  await page.getByLabel('新しいパスワード', { exact: true }).fill(newPassword);
  await page.getByLabel('新しいパスワード 再入力', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await expect(page.getByRole('heading', { name: 'パスワードの再設定が完了しました。' })).toBeVisible();
  await shot('83-reset-done');
  await expectAccessibleInBoth(page, 'reset step 4');
  const notice = await sink.waitFor((m) => m.subject.includes('パスワード再設定完了'));
  expect(notice.to).toEqual([TARO_CONTACT]);
  expect(notice.text).not.toContain(newPassword);

  await page.getByRole('link', { name: '印刷用画面へ' }).click();
  await page.getByRole('button', { name: '印刷' }).click();
  await expect(page.getByRole('status')).toHaveText('印刷しました。お受け取りください。', { timeout: 30_000 });
  const [slip] = printedPdfsContaining(newPassword);
  expect(slip, 'the password slip').toBeDefined();
  await page.getByRole('button', { name: '閉じる' }).click();
  // The slip's demo copy goes with the reset.
  await expect.poll(() => existsSync(slip!)).toBe(false);

  await expect(page.getByRole('heading', { name: 'マイページにログイン' })).toBeVisible();
  await signInExpecting(page, TARO, 'iTSCOM IDまたはパスワードが正しくありません。');
  await page.getByLabel('パスワード').fill(newPassword);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
});

test('an unknown ID gets the same step-2 screen and no mail goes out for it', async ({ page, sink }) => {
  await openReset(page);
  await requestResetCode(page, 'nobody.here');
  await expect(page.getByRole('heading', { name: '認証コード入力' })).toBeVisible();
  await page.getByLabel('認証コード', { exact: true }).fill('123456');
  await page.getByRole('button', { name: '次へ' }).click();
  await expectFieldError(page, '認証コード', '認証コードが正しくありません。(あと4回入力できます)');
  // A known ID after it: its mail is the only one the relay ever gets.
  await page.getByRole('button', { name: '戻る' }).click();
  await requestResetCode(page, TARO.itscomId);
  await sink.waitFor((m) => m.to.includes(TARO_CONTACT));
  expect(sink.mails.map((m) => m.to)).toEqual([[TARO_CONTACT]]);
});

test('a locked ID is reset and usable again', async ({ page, sink }) => {
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  const wrong = (i: number) => ({ itscomId: TARO.itscomId, password: `wrong-${i}` });
  for (let i = 0; i < 4; i += 1) await signInExpecting(page, wrong(i), 'iTSCOM IDまたはパスワードが正しくありません。');
  await signInExpecting(page, wrong(4), 'ログインに続けて失敗したため、このiTSCOM IDは一時的にロックされています。15分ほどたってから再度お試しいただくか、スタッフにお声がけください。');
  await page.getByRole('link', { name: 'パスワードをお忘れの方' }).click();
  await expect(page.getByRole('heading', { name: 'パスワードの再設定' })).toBeVisible();
  await requestResetCode(page, TARO.itscomId);
  const mail = await sink.waitFor((m) => m.to.includes(TARO_CONTACT));
  await page.getByLabel('認証コード', { exact: true }).fill(codeIn(mail));
  await page.getByRole('button', { name: '次へ' }).click();
  await page.getByLabel('新しいパスワード', { exact: true }).fill('Unlocked.2026');
  await page.getByLabel('新しいパスワード 再入力', { exact: true }).fill('Unlocked.2026');
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await expect(page.getByRole('heading', { name: 'パスワードの再設定が完了しました。' })).toBeVisible();
  await page.getByRole('button', { name: 'ログイン画面へ' }).click();
  await page.getByLabel('iTSCOM ID').fill(TARO.itscomId);
  await page.getByLabel('パスワード').fill('Unlocked.2026');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
});

test('staff issue a temporary password on a slip; signing in with it forces a new password, which then works', async ({ page, sink, shot, shopName }) => {
  await openStaffMode(page);
  await expect(page.getByRole('form', { name: 'パスワードの再発行' })).toBeVisible();
  const { temporary, pdf } = await issueTemporaryPassword(page, shopName);
  await shot('84-staff-temporary-password');
  await expectAccessibleInBoth(page, 'staff mode with a temporary password issued');
  const text = pdfText(pdf);
  for (const expected of ['仮パスワードのお知らせ', 'iTSCOM ID', TARO.itscomId, '有効期限']) expect(text).toContain(flat(expected));
  const notice = await sink.waitFor((m) => m.subject.includes('仮パスワード発行'));
  expect(notice.to).toEqual([TARO_CONTACT]);
  expect(notice.text + notice.html).not.toContain(temporary);
  await staffTab(page, '店舗');
  await expect(page.getByRole('region', { name: '本日のお手続き' })).toContainText('仮パスワード発行 1件');

  await page.getByRole('button', { name: 'スタッフモードを終了' }).click();
  // The slip's demo copy (it holds the password) goes when staff mode closes.
  await expect.poll(() => existsSync(pdf)).toBe(false);
  await signIn(page, { itscomId: TARO.itscomId, password: temporary });
  await expect(page.getByRole('heading', { name: '新しいパスワードを設定してください' })).toBeVisible();
  await shot('85-set-password');
  await expectAccessibleInBoth(page, 'set a new password after a temporary one');
  await expectTouchFriendly(page, 'set a new password after a temporary one');
  await page.getByLabel('新しいパスワード', { exact: true }).fill(temporary);
  await page.getByLabel('新しいパスワード 再入力', { exact: true }).fill(temporary);
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await expectFieldError(page, '新しいパスワード', '仮パスワードと同じです。別のパスワードを入力してください。');
  await page.getByLabel('新しいパスワード', { exact: true }).fill('Counter.2026');
  await page.getByLabel('新しいパスワード 再入力', { exact: true }).fill('Counter.2026');
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();

  await page.getByRole('button', { name: 'ログアウト' }).click();
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  await signInExpecting(page, { itscomId: TARO.itscomId, password: temporary }, 'iTSCOM IDまたはパスワードが正しくありません。');
  await page.getByLabel('パスワード').fill('Counter.2026');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
});

test('an expired temporary password is refused with its own message', async ({ page, kiosk, shopName }) => {
  await openStaffMode(page);
  const { temporary } = await issueTemporaryPassword(page, shopName);
  await page.getByRole('button', { name: 'スタッフモードを終了' }).click();
  // A day passes: the store says the temporary password has expired.
  const file = new Database(join(kiosk.dataDir, DATABASE_FILE));
  file.pragma('busy_timeout = 5000');
  file.prepare("UPDATE customers SET temporary_password_expires_at = 1 WHERE itscom_id_key = 'yamada.taro'").run();
  file.close();
  await page.getByRole('link', { name: 'マイページにログイン' }).click();
  await signInExpecting(page, { itscomId: TARO.itscomId, password: temporary }, '仮パスワードの有効期限が切れています。スタッフにお声がけください。');
});

test('staff look up the IDs of a contact address and print one', async ({ page, shot, shopName }) => {
  await openStaffMode(page);
  const section = page.getByRole('form', { name: 'iTSCOM IDの確認' });
  await section.getByLabel('連絡先メールアドレス').fill('TARO.YAMADA@example.com');
  await section.getByLabel('ご本人確認書類を確認しました').check();
  await section.getByRole('button', { name: '検索' }).click();
  const found = section.getByRole('list', { name: '登録されているiTSCOM ID' });
  await expect(found.getByRole('listitem')).toHaveText([/yamada\.taro/]);
  await found.getByRole('button', { name: '印刷: yamada.taro' }).click();
  await expect(section.getByRole('status')).toHaveText('yamada.taro を印刷しました。', { timeout: 30_000 });
  await shot('86-staff-id-lookup');
  await expectAccessibleInBoth(page, 'staff mode with an ID look-up');
  const [pdf] = printedPdfsContaining(shopName).filter((file) => pdfText(file).includes(flat('iTSCOM IDのお知らせ')));
  expect(pdf).toBeDefined();
  expect(pdfText(pdf!)).toContain(flat(TARO.itscomId));
  await section.getByLabel('連絡先メールアドレス').fill('nobody@example.com');
  await section.getByLabel('ご本人確認書類を確認しました').check();
  await section.getByRole('button', { name: '検索' }).click();
  await expect(section.getByRole('status')).toHaveText('このメールアドレスで登録されているiTSCOM IDはありません。');
  await page.getByRole('button', { name: '最新の情報に更新' }).click();
  await staffTab(page, '店舗');
  await expect(page.getByRole('region', { name: '本日のお手続き' })).toContainText('iTSCOM ID確認 2件');
  await page.getByRole('button', { name: 'スタッフモードを終了' }).click();
  await expect.poll(() => existsSync(pdf!)).toBe(false);
});
