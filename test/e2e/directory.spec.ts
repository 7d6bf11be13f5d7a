import { test as base, expect } from '../support/fixtures';
import { openIdChange, openPasswordChange } from '../support/flows';
import { launchKiosk } from '../support/kiosk-app';
import { startLdapServer, type LdapServer } from '../support/ldap-server';
import { signIn } from '../support/sign-in';
import { codeIn, SmtpSink } from '../support/smtp-sink';

/**
 * A kiosk whose customers live in the provider's directory (a real slapd with
 * TLS from a test CA, ppolicy and unique), through the real screens. After
 * each change, ldapwhoami binds as the provider's other systems would: the new
 * credentials work, the old ones do not.
 */
const test = base.extend<{ directory: LdapServer; sink: SmtpSink }>({
  directory: async ({}, use) => {
    const server = await startLdapServer();
    await use(server);
    await server.stop();
  },
  sink: async ({}, use) => {
    const sink = await new SmtpSink().start();
    await use(sink);
    await sink.stop();
  },
  kiosk: async ({ shell, directory, sink }, use) => {
    const app = await launchKiosk({
      shell,
      env: {
        KIOSK_SMTP_URL: sink.url,
        KIOSK_DIRECTORY_URL: directory.ldapUrl,
        KIOSK_DIRECTORY_BASE_DN: `ou=customers,${directory.baseDn}`,
        KIOSK_DIRECTORY_BIND_DN: directory.service.dn,
        KIOSK_DIRECTORY_BIND_PASSWORD: directory.service.password,
        KIOSK_DIRECTORY_CA_FILE: directory.caFile,
      },
    });
    await use(app);
    await app.stop();
  },
});

test('a password and an ID changed at the counter are the directory\'s: new ones bind anywhere, old ones nowhere', async ({ page, directory, sink, shot }) => {
  await signIn(page, { itscomId: 'yamada.taro', password: 'Demo-pass1' });
  // The plan from the entry's own attributes.
  await expect(page.getByText('かっとびメガ160')).toBeVisible();
  await shot('95-directory-top');

  await openPasswordChange(page);
  await page.getByLabel('現在のパスワード', { exact: true }).fill('Demo-pass1');
  await page.getByLabel('新しいパスワード', { exact: true }).fill('Counter_pw-77');
  await page.getByLabel('新しいパスワード 再入力', { exact: true }).fill('Counter_pw-77');
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await page.getByRole('button', { name: '登録', exact: true }).click();
  await expect(page.getByRole('region', { name: 'iTSCOM IDのパスワード変更が完了しました。' })).toBeVisible();
  expect(directory.canBind(directory.customers.taro.dn, 'Counter_pw-77')).toBe(true);
  expect(directory.canBind(directory.customers.taro.dn, 'Demo-pass1')).toBe(false);

  await openIdChange(page);
  await page.getByLabel('新しいiTSCOM ID').fill('taro.directory@example.net');
  await page.getByRole('button', { name: '次へ' }).click();
  const code = codeIn(await sink.waitFor((m) => m.to.includes('taro.directory@example.net')));
  await page.getByLabel('認証コード', { exact: true }).fill(code);
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByRole('heading', { name: '変更内容の確認' })).toBeVisible();
  await page.getByRole('button', { name: 'この内容で登録する' }).click();
  await expect(page.getByRole('heading', { name: 'iTSCOM IDの変更が完了しました。' })).toBeVisible();
  await shot('96-directory-id-changed');
  expect(directory.canBind(`uid=taro.directory@example.net,ou=customers,${directory.baseDn}`, 'Counter_pw-77')).toBe(true);
  expect(directory.canBind(directory.customers.taro.dn, 'Counter_pw-77')).toBe(false);
});

test('an entry without the kiosk\'s attributes signs in; its top page leaves the plan out', async ({ page, shot }) => {
  await signIn(page, { itscomId: 'hanako.suzuki@example.com', password: 'Hanako_2026' });
  await expect(page.getByRole('heading', { name: '契約プラン' })).toBeVisible();
  await expect(page.getByText('プラン継続年数')).toHaveCount(0);
  await expect(page.getByText('ご契約プランの情報は、この端末ではご覧いただけません。')).toBeVisible();
  await shot('97-directory-top-without-plan');
});
