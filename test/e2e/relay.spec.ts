import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures';
import { changeHanakoPassword } from '../support/flows';
import { launchKiosk, stopAllKiosks } from '../support/kiosk-app';
import { openStaffMode, staffTab } from '../support/kiosk-ui';
import { startPostfixRelay, type PostfixRelay } from '../support/postfix-relay';
import { HANAKO, TARO, signIn } from '../support/sign-in';
import { makeTempDir } from '../support/temp-dir';

/**
 * The kiosk against a shop's real relay: Debian's Postfix on loopback with
 * STARTTLS and a certificate from the shop's own CA (made for the test). Told
 * the CA (KIOSK_SMTP_CA_FILE), the kiosk delivers; not told, the mail waits,
 * and the start line, the log and the staff screen say the certificate is not
 * trusted; fixed and restarted, the waiting mail goes out once.
 */
test.describe.configure({ mode: 'serial' });

let relay: PostfixRelay;
test.beforeAll(async () => {
  relay = await startPostfixRelay();
});
test.afterAll(() => relay?.stop());
test.afterEach(() => stopAllKiosks());

const NEW_PASSWORD = 'Relay-ok_2027';
const EHLO = 'counter-1.shop.example';
const isConfirmation = (to: string) => (mail: { to?: unknown; subject?: string }) =>
  JSON.stringify(mail.to ?? '').includes(to) && (mail.subject ?? '').includes('パスワード変更完了');

test('without the shop\'s CA the mail waits and everyone is told why; with it, the waiting mail goes out once', async ({ shell }) => {
  const dataDir = makeTempDir();
  const env = { KIOSK_SMTP_URL: relay.url, KIOSK_DEMO: '1', KIOSK_SMTP_EHLO_NAME: EHLO };
  const untrusted = await launchKiosk({ shell, dataDir: dataDir.dir, env });
  // The start does not wait for the relay, but says what is wrong with it.
  await expect.poll(() => untrusted.output()).toMatch(/\[kiosk\] WARNING: mail relay: certificate not trusted: the certificate of localhost .*set KIOSK_SMTP_CA_FILE/);
  await changeHanakoPassword(untrusted.page, NEW_PASSWORD);
  const log = () => readFileSync(join(dataDir.dir, 'logs', 'kiosk.log'), 'utf8');
  await expect.poll(log).toMatch(/"mail delayed".*certificate not trusted/);
  await untrusted.page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(untrusted.page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
  await openStaffMode(untrusted.page);
  await expect(untrusted.page.getByRole('alert').filter({ hasText: 'SMTPリレーにメールを送れません' })).toContainText('certificate not trusted');
  await staffTab(untrusted.page, '店舗');
  const waiting = untrusted.page.getByRole('region', { name: 'メール送信待ち・失敗' });
  await expect(waiting).toContainText(HANAKO.itscomId);
  await expect(waiting).toContainText('理由: certificate not trusted');
  await untrusted.page.screenshot({ path: join('test-results', 'screens', shell, '95-staff-relay-untrusted.png') });
  expect(await relay.delivered()).not.toContainEqual(expect.objectContaining({ subject: expect.stringContaining('パスワード変更完了') }));
  await untrusted.stop();

  // IT sets the CA in kiosk.env and restarts the kiosk: the mail that waited goes out, once.
  const trusted = await launchKiosk({ shell, dataDir: dataDir.dir, env: { ...env, KIOSK_SMTP_CA_FILE: relay.caFile } });
  const delivered = await relay.waitFor(isConfirmation(HANAKO.itscomId));
  expect(delivered.messageId).toMatch(/@itscom\.jp>$/);
  expect(String(delivered.headers.get('received'))).toMatch(new RegExp(`from ${EHLO.replaceAll('.', '\\.')} .* with ESMTPS`));
  expect(trusted.output()).not.toContain('WARNING: mail relay');
  // And a code mail goes straight through while the customer waits.
  await signIn(trusted.page, TARO);
  await trusted.page.getByRole('link', { name: 'iTSCOM ID 変更画面へ' }).click();
  await trusted.page.getByLabel('新しいiTSCOM ID').fill('taro.relay@example.com');
  await trusted.page.getByRole('button', { name: '次へ' }).click();
  const code = await relay.waitFor((mail) => JSON.stringify(mail.to ?? '').includes('taro.relay@example.com'));
  expect(code.subject).toContain('認証コード');
  expect((await relay.delivered()).filter(isConfirmation(HANAKO.itscomId))).toHaveLength(1);
  // Staff see which CA IT gave for the relay (set in kiosk.env, not here), and no warning.
  await trusted.page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(trusted.page.getByRole('link', { name: 'マイページにログイン' })).toBeVisible();
  await openStaffMode(trusted.page);
  await staffTab(trusted.page, '管理');
  await expect(trusted.page.getByText('リレーの証明書を確認するCA')).toContainText(relay.caFile);
  await expect(trusted.page.getByRole('alert').filter({ hasText: 'SMTPリレー' })).toHaveCount(0);
  await trusted.stop();
  dataDir.cleanup();
});
