import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DATABASE_FILE } from '../../electron/core/store/database';
import { expect, test } from '../support/fixtures';
import { changeHanakoPassword, changeTaroIdWithDemoMailbox, enterPasswordChange, openPasswordChange } from '../support/flows';
import { launchKiosk, stopAllKiosks, type KioskApp } from '../support/kiosk-app';
import { enterStaffNumberAndPin, openStaffMode, staffTab } from '../support/kiosk-ui';
import { startPostgres, stopPostgres } from '../support/postgres-server';
import { HANAKO, TARO, signIn } from '../support/sign-in';
import { codeIn, SmtpSink } from '../support/smtp-sink';
import { ADMIN_URL, psql } from '../support/test-store';

/**
 * Kiosks on one PostgreSQL store (KIOSK_DATABASE_URL), through the screens:
 * two kiosk processes of a shop, two data dirs, one database. The specs of
 * this file run one after another (one restarts the server); every other
 * spec runs on SQLite.
 */
test.describe.configure({ mode: 'serial' });

const database = `kt_e2e_shop_${process.pid}`;
const url = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
})();

test.beforeEach(() => {
  psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  psql(`CREATE DATABASE ${database}`);
});
test.afterEach(async () => {
  // Also after a timeout, when a test's own finally did not run.
  await stopAllKiosks();
  psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

const screens = (shell: string, name: string) => join('test-results', 'screens', shell, `${name}.png`);
const signOut = (page: Page) => page.getByRole('button', { name: 'ログアウト' }).click();
const expectSignInMessage = (page: Page, text: string) => expect(page.getByRole('alert')).toHaveText(text);

test('an empty database: the kiosk migrates it, names it on the start line, and keeps no SQLite file', async ({ shell }) => {
  const kiosk = await launchKiosk({ shell, env: { KIOSK_DATABASE_URL: url, KIOSK_DEMO: '1' } });
  try {
    expect(kiosk.output()).toContain(`store: PostgreSQL kiosk_test@127.0.0.1:5432/${database}`);
    expect(kiosk.output()).not.toContain('kiosk_test:kiosk_test');
    expect(existsSync(join(kiosk.dataDir, DATABASE_FILE))).toBe(false);
    await changeTaroIdWithDemoMailbox(kiosk.page, 'taro.pg@example.com');
    await kiosk.page.screenshot({ path: screens(shell, '90-postgres-id-changed') });
  } finally {
    await kiosk.stop();
  }
  expect(psql("SELECT itscom_id || ' ' || contact_mail FROM customers ORDER BY id", url).split('\n')).toEqual([
    'taro.pg@example.com taro.yamada@example.com',
    'hanako.suzuki@example.com hanako.suzuki@example.com',
  ]);
});

test('a kiosk joining a shop\'s database without a relay does not start as a demo, and says what to set', async ({ shell }) => {
  await expect(launchKiosk({ shell, env: { KIOSK_DATABASE_URL: url } })).rejects.toThrow(/not in demo mode and no mail relay: set KIOSK_SMTP_URL.*KIOSK_DEMO=1/);
  // A shop's database with a real customer: not even KIOSK_DEMO=1 makes it a demo.
  const kiosk = await launchKiosk({ shell, env: { KIOSK_DATABASE_URL: url, KIOSK_DEMO: '1' } });
  await kiosk.stop();
  psql("UPDATE customers SET demo_seeded = 0 WHERE itscom_id_key = 'yamada.taro'", url);
  await expect(launchKiosk({ shell, env: { KIOSK_DATABASE_URL: url, KIOSK_DEMO: '1' } })).rejects.toThrow(/demo mode refused: .*did not seed/);
});

test('two kiosks of a shop, A and B: one customer list, one lockout, each mail once, staff at B see A', async ({ shell }) => {
  test.setTimeout(180_000);
  const sink = await new SmtpSink().start();
  const env = { KIOSK_DATABASE_URL: url, KIOSK_DEMO: '1', KIOSK_SMTP_URL: sink.url, KIOSK_SHOP: '渋谷店' };
  let a: KioskApp | undefined;
  let b: KioskApp | undefined;
  try {
    a = await launchKiosk({ shell, env: { ...env, KIOSK_NAME: 'A' } });
    b = await launchKiosk({ shell, env: { ...env, KIOSK_NAME: 'B' } });
    expect(a.output()).toContain('kiosk: A (shop 渋谷店)');
    const [atA, atB] = [a.page, b.page];

    await test.step('an ID changed at A signs in at B, and the old ID is refused there', async () => {
      const newId = 'taro.shop@example.com';
      await signIn(atA, TARO);
      await atA.getByRole('link', { name: 'iTSCOM ID 変更画面へ' }).click();
      await atA.getByLabel('新しいiTSCOM ID').fill(newId);
      await atA.getByRole('button', { name: '次へ' }).click();
      const code = codeIn(await sink.waitFor((m) => m.to.includes(newId)));
      await atA.getByLabel('認証コード', { exact: true }).fill(code);
      await atA.getByRole('button', { name: '次へ' }).click();
      await atA.getByRole('button', { name: 'この内容で登録する' }).click();
      await expect(atA.getByRole('heading', { name: 'iTSCOM IDの変更が完了しました。' })).toBeVisible();
      await signOut(atA);

      await signIn(atB, TARO);
      await expectSignInMessage(atB, 'iTSCOM IDまたはパスワードが正しくありません。');
      await atB.getByLabel('iTSCOM ID').fill(newId);
      await atB.getByLabel('パスワード').fill(TARO.password);
      await atB.getByRole('button', { name: 'ログイン' }).click();
      await expect(atB.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
      await signOut(atB);
    });

    await test.step('a password changed at A signs the same customer out at B', async () => {
      await signIn(atB, HANAKO);
      await expect(atB.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
      await changeHanakoPassword(atA, 'Shop-wide=42');
      await expect(atB.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
      await atA.getByRole('button', { name: 'ログアウト' }).click();
    });

    await test.step('failures split over A and B lock the ID at both', async () => {
      const wrong = { itscomId: HANAKO.itscomId, password: 'Not-hers-1' };
      for (const page of [atA, atB, atA, atB, atA]) {
        // On the welcome screen or already on the sign-in form: wait until one of them is up, then go on from there.
        const welcome = page.getByRole('link', { name: 'マイページにログイン' });
        await expect(welcome.or(page.getByLabel('iTSCOM ID'))).toBeVisible();
        if (await welcome.isVisible()) await welcome.click();
        await page.getByLabel('iTSCOM ID').fill(wrong.itscomId);
        await page.getByLabel('パスワード').fill(wrong.password);
        await page.getByRole('button', { name: 'ログイン' }).click();
        // Answered when the password field is emptied (an earlier attempt's alert may still be on screen).
        await expect(page.getByLabel('パスワード')).toHaveValue('');
      }
      await atB.getByLabel('iTSCOM ID').fill(HANAKO.itscomId);
      await atB.getByLabel('パスワード').fill('Shop-wide=42');
      await atB.getByRole('button', { name: 'ログイン' }).click();
      await expectSignInMessage(atB, 'ログインに続けて失敗したため、このiTSCOM IDは一時的にロックされています。15分ほどたってから再度お試しいただくか、スタッフにお声がけください。');
      await atB.getByRole('link', { name: '戻る' }).click();
      await atA.getByRole('link', { name: '戻る' }).click();
    });

    await test.step('staff mode at B lists A and B, the procedures done at A and the locked ID', async () => {
      await openStaffMode(atB);
      await staffTab(atB, '店舗');
      const shop = atB.getByRole('region', { name: '店舗の端末' });
      await expect(shop.getByText('店舗: 渋谷店')).toBeVisible();
      await expect(shop.getByRole('row').filter({ hasText: 'A' }).first()).toContainText('オンライン');
      await expect(shop.getByRole('row').filter({ hasText: '(この端末)' })).toContainText('B');
      const today = atB.getByRole('region', { name: '本日のお手続き' });
      await expect(today.getByRole('row').filter({ hasText: 'iTSCOM ID変更' })).toContainText('A');
      await expect(today.getByRole('row').filter({ hasText: 'パスワード変更' })).toContainText('A');
      await expect(atB.getByRole('region', { name: 'ロック中のiTSCOM ID' })).toContainText(HANAKO.itscomId);
      await atB.screenshot({ path: screens(shell, '95-staff-shop'), fullPage: true });
      await atB.getByRole('button', { name: `ロックを解除: ${HANAKO.itscomId}` }).click();
      await atB.getByRole('button', { name: 'スタッフモードを終了' }).click();
    });

    await test.step('five wrong staff entries at A lock entry at A only; three more at B lock 2001, which the manager at B is told', async () => {
      await openStaffMode(atA, null);
      const dialog = atA.getByRole('dialog', { name: 'スタッフモード' });
      for (let remaining = 4; remaining >= 1; remaining -= 1) {
        await enterStaffNumberAndPin(atA, { number: '2001', pin: `00000${remaining}` });
        await expect(dialog.getByRole('alert')).toContainText(`あと${remaining}回`);
      }
      await enterStaffNumberAndPin(atA, { number: '2001', pin: '000000' });
      await expect(dialog.getByRole('alert')).toContainText('この端末では5分間スタッフモードを開けません');
      await dialog.getByRole('button', { name: 'キャンセル' }).click();
      // The same number guessed at from the shop's other kiosk: its eighth wrong PIN locks 2001, answered as a wrong PIN.
      await openStaffMode(atB, null);
      const atBDialog = atB.getByRole('dialog', { name: 'スタッフモード' });
      for (let remaining = 4; remaining >= 2; remaining -= 1) {
        await enterStaffNumberAndPin(atB, { number: '2001', pin: `11111${remaining}` });
        await expect(atBDialog.getByRole('alert')).toContainText(`あと${remaining}回`);
      }
      await atBDialog.getByRole('button', { name: 'キャンセル' }).click();
      await openStaffMode(atB);
      await expect(atB.getByText('スタッフ: 1001 山田')).toBeVisible();
      await expect(atB.getByRole('alert').filter({ hasText: 'スタッフ番号 2001(佐藤)はPINの誤りが続いたため' })).toContainText('ロック中です(本日1回)');
      await atB.screenshot({ path: screens(shell, '95-staff-number-locked') });
      await atB.getByRole('button', { name: 'スタッフモードを終了' }).click();
    });

    await test.step('each confirmation mail arrived once', async () => {
      await sink.waitFor((m) => m.subject.includes('iTSCOM ID変更完了'));
      await sink.waitFor((m) => m.subject.includes('パスワード変更完了'));
      const confirmations = sink.mails.filter((m) => /変更完了/.test(m.subject)).map((m) => m.subject);
      expect(confirmations.sort()).toEqual(['【iTSCOM】iTSCOM ID変更完了のお知らせ', '【iTSCOM】パスワード変更完了のお知らせ']);
      expect(new Set(sink.mails.map((m) => m.messageId)).size).toBe(sink.mails.length);
    });

    await test.step('PostgreSQL restarted under a signed-in customer: a message, then the flow goes on without restarting a kiosk', async () => {
      await signIn(atA, { itscomId: HANAKO.itscomId, password: 'Shop-wide=42' });
      await openPasswordChange(atA);
      stopPostgres();
      try {
        await atA.getByLabel('現在のパスワード', { exact: true }).fill('Shop-wide=42');
        await atA.getByLabel('新しいパスワード', { exact: true }).fill('After_restart-7');
        await atA.getByLabel('新しいパスワード 再入力', { exact: true }).fill('After_restart-7');
        await atA.getByRole('button', { name: 'この内容で登録する' }).click();
        await expect(atA.getByRole('alert')).toContainText('ただいまサービスを一時的にご利用いただけません。');
        await atA.screenshot({ path: screens(shell, '96-store-unavailable') });
      } finally {
        startPostgres();
      }
      await enterPasswordChange(atA, 'Shop-wide=42', 'After_restart-7');
      await atA.getByRole('button', { name: '登録', exact: true }).click();
      await expect(atA.getByRole('heading', { name: 'iTSCOM IDのパスワード変更が完了しました。' })).toBeVisible();
    });
  } finally {
    await a?.stop();
    await b?.stop();
    await sink.stop();
  }
});
