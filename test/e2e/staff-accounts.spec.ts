import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../electron/core/store/database';
import { expect, test } from '../support/fixtures';
import { flat, pdfInfo, pdfText, printedPdfsContaining } from '../support/cups';
import { launchKiosk, type KioskApp } from '../support/kiosk-app';
import { expectAccessible, expectAccessibleInBoth, openStaffMode, staffTab } from '../support/kiosk-ui';
import { startXDisplay, type XDisplay } from '../support/x-display';

/**
 * Staff are people, through the screens: a staff card reader (a keyboard
 * wedge: real X key events, the number then Enter) fills the number and moves
 * to the PIN; a staff member does the counter's work and sees no 「管理」; a
 * manager adds a member, who sets their own PIN at the first entry; the audit
 * trail names each of them.
 */
test.describe('staff accounts', () => {
  let x: XDisplay;
  let kiosk: KioskApp;

  test.beforeEach(async ({ shell }) => {
    x = await startXDisplay();
    kiosk = await launchKiosk({ shell, env: { DISPLAY: x.display } });
  });
  test.afterEach(async () => {
    await kiosk.stop();
    await x.stop();
  });

  const screens = (shell: string, name: string) => join('test-results', 'screens', shell, `${name}.png`);

  test('a card reader enters the number, a staff member has no 管理, a manager adds a member and reads who did what', async ({ shell }) => {
    const page = kiosk.page;
    // The card reader types the number and Enter into the focused field, as a keyboard would.
    await openStaffMode(page, null);
    const dialog = page.getByRole('dialog', { name: 'スタッフモード' });
    const number = dialog.getByLabel('スタッフ番号');
    const box = (await number.boundingBox())!;
    await x.xdotool('mousemove', '--sync', String(Math.round(box.x + 20)), String(Math.round(box.y + box.height / 2)), 'click', '1');
    await expect(number).toBeFocused();
    await x.xdotool('type', '--delay', '30', '2001');
    await x.xdotool('key', 'Return');
    await expect(dialog.getByLabel('PIN')).toBeFocused();
    await expect(number).toHaveValue('2001');
    await x.xdotool('type', '--delay', '30', '135790');
    await x.xdotool('key', 'Return');
    await expect(page.getByText('スタッフ: 2001 佐藤')).toBeVisible();
    await expect(page.getByRole('tab')).toHaveText(['お客さま対応', '店舗']);
    await page.screenshot({ path: screens(shell, '96-staff-member') });
    await page.getByRole('button', { name: 'スタッフモードを終了' }).click();

    await openStaffMode(page);
    await expect(page.getByText('スタッフ: 1001 山田')).toBeVisible();
    await staffTab(page, '管理');
    const members = page.getByRole('region', { name: 'スタッフ', exact: true });
    await expect(members.getByRole('row')).toHaveCount(3);
    const add = page.getByRole('form', { name: 'スタッフを追加' });
    await add.getByLabel('スタッフ番号').fill('3001');
    await add.getByLabel('氏名').fill('鈴木');
    await add.getByLabel(/^初期PIN/).fill('123456');
    await add.getByRole('button', { name: 'スタッフを追加' }).click();
    await expect(add.getByText('連続した数字(123456など)のPINは使えません。')).toBeVisible();
    await add.getByLabel(/^初期PIN/).fill('580213');
    await add.getByRole('button', { name: 'スタッフを追加' }).click();
    await expect(members.getByRole('status')).toHaveText('スタッフ番号 3001 を追加しました。');
    await expect(members.getByRole('row').filter({ hasText: '3001' })).toContainText('次回の入室でPINを設定');
    await page.screenshot({ path: screens(shell, '97-staff-members'), fullPage: true });
    await expectAccessibleInBoth(page, 'staff members and audit trail');
    await page.getByRole('button', { name: 'スタッフモードを終了' }).click();

    // The new member's first entry: their own PIN before anything else.
    await openStaffMode(page, { number: '3001', pin: '580213' });
    await expect(dialog.getByText('ご自分のPINを設定してください。')).toBeVisible();
    await page.screenshot({ path: screens(shell, '98-staff-set-pin') });
    await expectAccessible(page, 'set your own PIN');
    await dialog.getByLabel('新しいPIN', { exact: true }).fill('7315');
    await dialog.getByLabel('新しいPIN(確認)').fill('7315');
    await dialog.getByRole('button', { name: '設定して開く' }).click();
    await expect(dialog.getByText('PINは6~8桁の数字で入力してください。')).toBeVisible();
    await dialog.getByLabel('新しいPIN', { exact: true }).fill('731592');
    await dialog.getByLabel('新しいPIN(確認)').fill('731592');
    await dialog.getByRole('button', { name: '設定して開く' }).click();
    await expect(page.getByText('スタッフ: 3001 鈴木')).toBeVisible();
    await page.getByRole('button', { name: 'スタッフモードを終了' }).click();

    // The manager's audit trail names each member; a row changed in the database is found.
    await openStaffMode(page);
    await staffTab(page, '管理');
    const audit = page.getByRole('region', { name: '操作履歴' });
    await expect(audit.getByRole('status')).toContainText('改ざんなし');
    const rowOf = (action: string) => audit.getByRole('row').filter({ has: page.getByRole('cell', { name: action, exact: true }) });
    await expect(rowOf('スタッフの追加')).toContainText('1001');
    await expect(rowOf('PINの設定')).toContainText('3001');
    await expect(rowOf('スタッフモード開始').filter({ hasText: '2001' })).toHaveCount(1);
    await audit.getByLabel('スタッフ番号').selectOption('3001');
    await audit.getByRole('button', { name: '表示' }).click();
    await expect(audit.getByRole('row').filter({ hasText: '1001' })).toHaveCount(0);
    await page.screenshot({ path: screens(shell, '99-staff-audit'), fullPage: true });

    // The day's report on the counter printer (A4), read back from the PDF cups-pdf made.
    const report = page.getByRole('region', { name: '日報', exact: true });
    await report.getByRole('button', { name: '日報を印刷' }).click();
    await expect(report.getByRole('status')).toHaveText('日報を印刷しました。', { timeout: 30_000 });
    const [pdf] = printedPdfsContaining('スタッフの操作');
    expect(pdf, 'the report among the printed PDFs').toBeDefined();
    const size = pdfInfo(pdf!);
    expect([Math.round(size.width), Math.round(size.height)], 'A4').toEqual([595, 842]);
    const text = pdfText(pdf!);
    // pdftotext may order a cell's Latin and Japanese runs differently: each is looked for on its own.
    for (const part of ['日報', 'お手続き', 'スタッフの操作', '2001', '佐藤', '3001', '鈴木', 'スタッフの追加', 'お客さまからの呼び出し', '送信できなかったメール', 'プリンター']) {
      expect(text, part).toContain(flat(part));
    }
    expect(text).not.toContain('yamada.taro');
  });
});

test('a row of the audit trail changed in the database is reported on the manager\'s screen', async ({ page, kiosk }) => {
  await openStaffMode(page);
  await page.getByRole('button', { name: 'スタッフモードを終了' }).click();
  // Someone with the database file edits a row (the kiosk's own guard dropped first, as they could).
  const db = new Database(join(kiosk.dataDir, DATABASE_FILE));
  try {
    db.exec("DROP TRIGGER audit_trail_no_update; UPDATE audit_trail SET staff_number = '2001' WHERE action = 'staff_mode_opened'");
  } finally {
    db.close();
  }
  await openStaffMode(page);
  await staffTab(page, '管理');
  await expect(page.getByRole('region', { name: '操作履歴' }).getByRole('alert')).toContainText('記録の改ざんが見つかりました');
});

