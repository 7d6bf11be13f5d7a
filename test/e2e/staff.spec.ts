import { test as base, expect } from '../support/fixtures';
import { enterStaffNumberAndPin, openStaffMode, staffTab } from '../support/kiosk-ui';
import { DEMO_MANAGER } from '../support/staff-entry';
import { TARO, kioskCall, signIn } from '../support/sign-in';
import { testWithRelay } from '../support/relay-fixture';
import { launchKiosk } from '../support/kiosk-app';
import { SmtpSink } from '../support/smtp-sink';

base.describe('staff mode', () => {
  base('a wrong number or PIN is refused alike, five lock entry at this kiosk, the right ones open it', async ({ page, shot }) => {
    await openStaffMode(page, null);
    const dialog = page.getByRole('dialog', { name: 'スタッフモード' });
    await shot('89-staff-entry');
    await enterStaffNumberAndPin(page, { number: '1001', pin: '111111' });
    await expect(dialog.getByRole('alert')).toHaveText('スタッフ番号またはPINが正しくありません。(この端末ではあと4回入力できます)');
    await shot('90-staff-pin-wrong');
    await enterStaffNumberAndPin(page, DEMO_MANAGER);
    await expect(page.getByRole('heading', { name: 'スタッフモード', level: 1 })).toBeVisible();
    await expect(page.getByText('スタッフ: 1001 山田')).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'PINの誤りが1回' })).toBeVisible();
    await shot('91-staff-screen');
    await staffTab(page, '店舗');
    const printer = page.getByRole('region', { name: 'プリンター' });
    await printer.getByRole('button', { name: 'テストページを印刷' }).click();
    await expect(printer.getByRole('status')).toHaveText('テストページを印刷しました。', { timeout: 30_000 });
    // The demo printer's PDF stands in for paper: staff look at it on the screen.
    await printer.getByRole('button', { name: '最新の印刷結果を表示' }).click();
    const printout = page.getByRole('dialog', { name: '最新の印刷結果（デモ用プリンター）' });
    await expect(printout.getByRole('img')).toBeVisible();
    expect(await printout.getByRole('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(100);
    await shot('92-staff-printout');
    await printout.getByRole('button', { name: '閉じる' }).click();
    await page.getByRole('button', { name: 'スタッフモードを終了' }).click();
    await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();

    await openStaffMode(page, null);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await enterStaffNumberAndPin(page, { number: attempt % 2 === 0 ? '9999' : '2001', pin: '000000' });
      await expect(dialog.getByRole('alert')).toHaveText(`スタッフ番号またはPINが正しくありません。(この端末ではあと${5 - attempt}回入力できます)`);
    }
    await enterStaffNumberAndPin(page, { number: '2001', pin: '000000' });
    await expect(dialog.getByRole('alert')).toHaveText('続けて間違えたため、この端末では5分間スタッフモードを開けません。');
    await enterStaffNumberAndPin(page, DEMO_MANAGER);
    await expect(dialog.getByRole('alert')).toContainText('開けません');
  });

  base('a customer at the kiosk is signed out before staff mode opens', async ({ page }) => {
    await signIn(page, TARO);
    await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
    await openStaffMode(page, null);
    const dialog = page.getByRole('dialog', { name: 'スタッフモード' });
    await expect(dialog).toContainText('ご利用中のお客さまのログインを終了して');
    await dialog.getByRole('button', { name: 'ログインを終了して開く' }).click();
    await enterStaffNumberAndPin(page, DEMO_MANAGER);
    await expect(page.getByRole('heading', { name: 'スタッフモード', level: 1 })).toBeVisible();
    await expect(page.locator('body')).not.toContainText('おまかせマスター');
  });

  base('a relay URL that cannot work is refused in the form with what is wrong, and nothing is saved', async ({ page, shot }) => {
    await openStaffMode(page);
    await staffTab(page, '管理');
    const relay = page.getByLabel('SMTPリレーのURL(空欄: デモ用メールボックス)');
    await relay.fill('smtp://relay.example.com:25x');
    await page.getByRole('button', { name: '設定を保存' }).click();
    await expect(page.getByText('ホスト名と1〜65535のポート番号を含むURLを入力してください')).toBeVisible();
    await shot('93-staff-relay-url-refused');
    await relay.fill('smtp://relay.example.com:25?tls=off');
    await page.getByRole('button', { name: '設定を保存' }).click();
    await expect(page.getByText('暗号化なし(tls=off)は、この端末内のリレーにのみ使えます。')).toBeVisible();
    const saved = (await kioskCall(page, 'staff', 'overview')) as { value: { settings: { smtpUrl: string } } };
    expect(saved.value.settings.smtpUrl).toBe('');
  });

  base('a changed idle timeout takes effect for the next customer', async ({ page }) => {
    await openStaffMode(page);
    await staffTab(page, '管理');
    await page.getByLabel('無操作で警告を出すまでの秒数').fill('10');
    await page.getByRole('button', { name: '設定を保存' }).click();
    await expect(page.getByRole('status').filter({ hasText: '設定を保存しました。' })).toBeVisible();
    await page.getByRole('button', { name: 'スタッフモードを終了' }).click();
    await signIn(page, TARO);
    await expect(page.getByRole('alertdialog', { name: 'まだ操作を続けますか' })).toBeVisible({ timeout: 20_000 });
  });

  base('a customer locked out by wrong passwords is unlocked by staff', async ({ page }) => {
    await page.getByRole('link', { name: 'マイページにログイン' }).click();
    await page.getByLabel('iTSCOM ID').fill(TARO.itscomId);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await page.getByLabel('パスワード').fill(`Wrong-${attempt}x`);
      await page.getByRole('button', { name: 'ログイン' }).click();
      // The form empties the password once the answer is back.
      await expect(page.getByLabel('パスワード')).toHaveValue('');
    }
    await expect(page.getByRole('alert')).toContainText('ロックされています');
    await page.getByRole('link', { name: '戻る' }).click();
    await openStaffMode(page);
    const locks = page.getByRole('region', { name: 'ロック中のiTSCOM ID' });
    await expect(locks).toContainText(TARO.itscomId);
    await locks.getByRole('button', { name: `ロックを解除: ${TARO.itscomId}` }).click();
    await expect(locks.getByRole('status')).toHaveText(`${TARO.itscomId} のロックを解除しました。`);
    await page.getByRole('button', { name: 'スタッフモードを終了' }).click();
    await signIn(page, TARO);
    await expect(page.getByRole('heading', { name: 'マイページトップ' })).toBeVisible();
  });

  base('a customer\'s call for help shows up in staff mode until handled', async ({ page }) => {
    await signIn(page, TARO);
    await page.getByRole('button', { name: 'お問い合わせ・サポート' }).click();
    await expect(page.getByRole('dialog', { name: 'お問い合わせ・サポート' })).toContainText('スタッフをお呼びしました。その場でお待ちください。');
    await page.getByRole('button', { name: '閉じる' }).click();
    await page.getByRole('button', { name: 'ログアウト' }).click();
    // The header's logo leaves with the menu: press the welcome screen's own.
    await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
    await openStaffMode(page);
    const calls = page.getByRole('region', { name: 'お客さまからの呼び出し' });
    await expect(calls.getByRole('listitem')).toHaveCount(1);
    await calls.getByRole('button', { name: '対応済みにする' }).click();
    await expect(calls).toContainText('呼び出しはありません。');
  });

  base('today\'s procedures and the demo mailbox are shown; 「キオスクを終了」 ends the app', async ({ page, kiosk }) => {
    await page.getByRole('link', { name: 'マイページにログイン' }).click();
    await page.getByLabel('iTSCOM ID').fill('hanako.suzuki@example.com');
    await page.getByLabel('パスワード').fill('Hanako_2026');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('button', { name: 'ログアウト' }).click();
    // The header's logo leaves with the menu: press the welcome screen's own.
    await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
    await openStaffMode(page);
    await staffTab(page, '店舗');
    await expect(page.getByRole('region', { name: '本日のお手続き' })).toContainText('iTSCOM ID変更 0件 / パスワード変更 0件');
    await page.getByRole('button', { name: 'デモ用メールボックスを開く' }).click();
    await expect(page.getByRole('dialog', { name: 'デモ用メールボックス' })).toBeVisible();
    await page.getByRole('button', { name: '閉じる' }).click();
    await staffTab(page, '管理');
    await page.getByRole('button', { name: 'キオスクを終了' }).click();
    // The kiosk may close its browser before the click action has returned: that is the point.
    const clicked = page.getByRole('button', { name: '終了する' }).click().catch((error: Error) => {
      if (!/Target page, context or browser has been closed/.test(error.message)) throw error;
    });
    const [code] = await Promise.all([kiosk.exited, clicked]);
    expect(code).toBe(0);
  });
});

/** Mail that the relay refused for good is listed in staff mode and goes out on 「今すぐ再送」. */
testWithRelay('a failed mail is retried from staff mode and delivered', async ({ page, sink, shot }) => {
  sink.refuse(1, 550);
  await signIn(page, TARO);
  await page.getByRole('link', { name: 'iTSCOM ID 変更画面へ' }).click();
  await page.getByLabel('新しいiTSCOM ID').fill('retry.taro@example.com');
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByRole('status').filter({ hasText: '送信できませんでした' })).toBeVisible();
  await page.getByRole('button', { name: 'ログアウト' }).click();
  // The welcome screen, laid out, before the logo is held.
  await expect(page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();

  await openStaffMode(page);
  await staffTab(page, '店舗');
  const mail = page.getByRole('region', { name: 'メール送信待ち・失敗' });
  await expect(mail).toContainText('retry.taro@example.com');
  await expect(mail).toContainText('失敗');
  await shot('92-staff-mail-failed');
  await mail.getByRole('button', { name: '今すぐ再送', exact: true }).click();
  await expect(mail.getByRole('status')).toHaveText('1件を再送に回しました。');
  const delivered = await sink.waitFor((m) => m.to.includes('retry.taro@example.com'));
  expect(delivered.subject).toContain('認証コード');
});

/** A relay that asks for a password, given to the kiosk in KIOSK_SMTP_URL as a shop's kiosk.env does. */
const RELAY_PASSWORD = 'Relay-S3cret!';
const testWithPasswordRelay = base.extend<{ sink: SmtpSink }>({
  sink: async ({}, use) => {
    const sink = await new SmtpSink().start(0, { auth: { user: 'kiosk', pass: RELAY_PASSWORD } });
    await use(sink);
    await sink.stop();
  },
  kiosk: async ({ shell, sink }, use) => {
    const url = `smtp://kiosk:${encodeURIComponent(RELAY_PASSWORD)}@127.0.0.1:${sink.port}?tls=off`;
    const app = await launchKiosk({ shell, env: { KIOSK_SMTP_URL: url, KIOSK_DEMO: '1' } });
    await use(app);
    await app.stop();
  },
});

testWithPasswordRelay('the relay password is never on the staff screen, and saving the form keeps it', async ({ page, sink, shot }) => {
  await openStaffMode(page);
  await staffTab(page, '管理');
  const relay = page.getByLabel('SMTPリレーのURL(空欄: デモ用メールボックス)');
  await expect(relay).toHaveValue(`smtp://kiosk:••••@127.0.0.1:${sink.port}?tls=off`);
  const onScreen = async () => [await page.locator('body').innerText(), ...(await page.locator('input, textarea, select').evaluateAll((fields) => fields.map((field) => (field as unknown as { value: string }).value)))].join('\n');
  expect(await onScreen()).not.toContain('S3cret');
  await relay.scrollIntoViewIfNeeded();
  await shot('94-staff-relay-masked');
  // Saved as shown: the kiosk still signs in to the relay with the password from its environment.
  await page.getByRole('button', { name: '設定を保存' }).click();
  await expect(page.getByRole('status').filter({ hasText: '設定を保存しました。' })).toBeVisible();
  // A password typed here is refused: it belongs in kiosk.env.
  await relay.fill(`smtp://kiosk:typed-here@127.0.0.1:${sink.port}?tls=off`);
  await page.getByRole('button', { name: '設定を保存' }).click();
  await expect(page.getByText('リレーのパスワードはこの画面では設定できません。')).toBeVisible();
  await page.getByRole('button', { name: 'スタッフモードを終了' }).click();
  await signIn(page, TARO);
  await page.getByRole('link', { name: 'iTSCOM ID 変更画面へ' }).click();
  await page.getByLabel('新しいiTSCOM ID').fill('relay.taro@example.com');
  await page.getByRole('button', { name: '次へ' }).click();
  expect((await sink.waitFor((m) => m.to.includes('relay.taro@example.com'))).subject).toContain('認証コード');
  expect(await onScreen()).not.toContain('S3cret');
});
