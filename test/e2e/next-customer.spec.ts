import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { cupsPdfOutDir, printedPdfsContaining } from '../support/cups';
import { scanForSecrets } from '../support/disk-scan';
import { enterPasswordChange, openPasswordChange } from '../support/flows';
import { launchKiosk, type KioskApp } from '../support/kiosk-app';
import { TARO, signIn } from '../support/sign-in';
import { startXDisplay, type XDisplay } from '../support/x-display';

/**
 * The next customer at the screen, and someone who later reads the disk: after
 * customer A changed the ID and the password, printed both slips and signed
 * out, nothing of A is offered in a field, and no file the kiosk, its browser
 * or CUPS could write holds A's ID, contact address, code or new password (the
 * store itself holds the ID, and never the password or the code).
 */
test.describe('the next customer finds nothing of the last one', () => {
  let x: XDisplay;
  let kiosk: KioskApp;
  let since: number;

  test.beforeEach(async ({ shell }) => {
    since = Date.now() - 1000;
    x = await startXDisplay();
    kiosk = await launchKiosk({ shell, env: { DISPLAY: x.display } });
  });
  test.afterEach(async () => {
    await kiosk.stop();
    await x.stop();
  });

  async function printSlip(page: Page): Promise<void> {
    await page.getByRole('link', { name: '印刷用画面へ' }).click();
    await page.getByRole('button', { name: '印刷' }).click();
    await expect(page.getByRole('status')).toHaveText('印刷しました。お受け取りください。', { timeout: 30_000 });
    await page.getByRole('button', { name: '閉じる' }).click();
  }

  test('nothing offered, shown or left on disk', async ({ shell }) => {
    test.setTimeout(120_000);
    const page = kiosk.page;
    const newId = `taro.${randomBytes(4).toString('hex')}@example.com`;
    const newPassword = `Next.${randomBytes(5).toString('hex')}`;

    // Customer A: the ID (made the contact address too), with the code from the demo mailbox; the slip.
    await signIn(page, TARO);
    await page.getByRole('link', { name: 'iTSCOM ID 変更画面へ' }).click();
    await page.getByLabel('新しいiTSCOM ID').fill(newId);
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('button', { name: 'デモ用メールボックスを開く' }).click();
    const mail = page.getByRole('dialog', { name: 'デモ用メールボックス' }).getByRole('listitem').filter({ hasText: '認証コードのお知らせ' });
    const code = /認証コード: (\d{6})/.exec((await mail.textContent()) ?? '')![1]!;
    await page.getByRole('button', { name: '閉じる' }).click();
    await page.getByLabel('認証コード', { exact: true }).fill(code);
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('radio', { name: '連絡先メールアドレスに設定する' }).check();
    await page.getByRole('button', { name: 'この内容で登録する' }).click();
    await expect(page.getByRole('heading', { name: 'iTSCOM IDの変更が完了しました。' })).toBeVisible();
    await printSlip(page);
    await page.getByRole('button', { name: 'ログアウト' }).click();

    // Customer A again, with the new ID: the password, and its slip; then A leaves.
    await signIn(page, { itscomId: newId, password: TARO.password });
    await openPasswordChange(page);
    await enterPasswordChange(page, TARO.password, newPassword);
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await printSlip(page);
    expect(printedPdfsContaining(newPassword)).toHaveLength(1);
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();

    // The demo printer's copies went with A.
    await expect.poll(() => printedPdfsContaining(newPassword)).toEqual([]);
    await expect.poll(() => printedPdfsContaining(newId)).toEqual([]);

    // Customer B taps the ID field and types A's first letter on a real keyboard: no suggestion appears.
    await page.getByRole('link', { name: 'マイページにログイン' }).click();
    const field = page.getByLabel('iTSCOM ID');
    const box = (await field.boundingBox())!;
    const windowsBefore = await x.xdotool('search', '--onlyvisible', '--class', 'chromium');
    await x.xdotool('mousemove', '--sync', String(Math.round(box.x + 20)), String(Math.round(box.y + box.height / 2)), 'click', '1');
    await x.xdotool('type', '--delay', '50', newId.slice(0, 2));
    await x.xdotool('key', 'Down');
    await expect(field).toHaveValue(newId.slice(0, 2));
    await page.screenshot({ path: join('test-results', 'screens', shell, '95-next-customer-id-field.png') });
    expect(await x.xdotool('search', '--onlyvisible', '--class', 'chromium'), 'no autofill pop-up window').toBe(windowsBefore);
    expect(await field.getAttribute('autocomplete')).toBe('off');

    // Someone reads the disk: /tmp, the home folder and its caches, CUPS's spool, logs and cache, cups-pdf's output.
    const roots = ['/tmp', homedir(), '/var/spool/cups', '/var/log/cups', '/var/cache/cups', cupsPdfOutDir()];
    const store = join(kiosk.dataDir, 'kiosk.sqlite3');
    const isStore = (path: string) => path.startsWith(store);
    const secrets = [newPassword, code];
    const customerData = [newId, ...secrets];
    const scan = () => [
      ...scanForSecrets(roots, since, customerData, isStore),
      // The store holds A's ID by design, and never the password or the code.
      ...scanForSecrets([kiosk.dataDir], since, secrets, (path) => !isStore(path) && path !== kiosk.dataDir),
    ];
    expect(scan(), 'while the kiosk runs').toEqual([]);
    await kiosk.stop();
    expect(scan(), 'after the kiosk stopped').toEqual([]);
  });
});
