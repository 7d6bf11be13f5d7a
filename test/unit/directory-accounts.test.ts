import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDirectoryAccounts } from '../../electron/core/account/directory-accounts';
import { createLdapDirectory } from '../../electron/core/directory/ldap-directory';
import { kioskAt } from '../support/core-fixture';
import { enterStaffMode, SHARED_PIN_MANAGER } from '../support/staff-entry';
import { startLdapServer, type LdapServer } from '../support/ldap-server';
import { codeIn, SmtpSink } from '../support/smtp-sink';
import { startTestCore, type TestCore } from '../support/test-core';
import { openTestStore } from '../support/test-store';
import { makeTempDir } from '../support/temp-dir';

/**
 * A kiosk whose customers live in the provider's directory (a real slapd with
 * TLS, ppolicy and unique): every change the customer makes at the counter is
 * the directory's, seen from outside with ldapwhoami as the web My Page, mail
 * and Wi-Fi would see it. Each test has a directory of its own.
 */
let server: LdapServer;
let sink: SmtpSink;
let t: TestCore | undefined;
beforeEach(async () => {
  server = await startLdapServer();
  sink = await new SmtpSink().start();
});
afterEach(async () => {
  await t?.stop();
  t = undefined;
  await sink.stop();
  await server.stop();
});

const directoryConfig = () => {
  const { ca, ...settings } = server.clientSettings();
  return { ...settings, ca: { file: server.caFile, pem: ca } };
};
const kiosk = async () => {
  t = await startTestCore({ demo: false, smtpUrl: sink.url, staffPin: '4826', directory: directoryConfig() });
  return (window: string) => kioskAt(t!.core, window);
};

describe('a kiosk on the provider\'s directory', () => {
  it('signs in with the directory\'s password and shows what the entry has (and leaves out what it does not)', async () => {
    const at = await kiosk();
    expect(await at('w1').session.signIn({ itscomId: 'yamada.taro', password: 'Wrong-pass1' })).toMatchObject({ code: 'invalid_credentials' });
    expect(await at('w1').session.signIn({ itscomId: 'nobody.here', password: 'Demo-pass1' })).toMatchObject({ code: 'invalid_credentials' });
    expect(await at('w1').session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' })).toMatchObject({ ok: true, value: { itscomId: 'yamada.taro', isLegacyId: true } });
    expect(await at('w1').account.overview()).toMatchObject({ ok: true, value: { planName: 'かっとびメガ160', renewalFrom: { year: 2026, month: 4 }, renewalTo: { year: 2028, month: 3 } } });
    expect(await at('w2').session.signIn({ itscomId: 'Hanako.Suzuki@Example.com', password: 'Hanako_2026' })).toMatchObject({ ok: true });
    const hanako = await at('w2').account.overview();
    expect(hanako).toEqual({ ok: true, value: { itscomId: 'hanako.suzuki@example.com', isLegacyId: false } });
  });

  it('a password changed at the kiosk is the directory\'s: the new one binds anywhere, the old one nowhere', async () => {
    const at = await kiosk();
    const w = at('w');
    expect(await w.session.signIn({ itscomId: 'hanako.suzuki@example.com', password: 'Hanako_2026' })).toMatchObject({ ok: true });
    expect(await w.passwordChange.start()).toMatchObject({ ok: true });
    expect(await w.passwordChange.check({ currentPassword: 'Hanako_2026', newPassword: 'Counter_77x', newPasswordAgain: 'Counter_77x' })).toEqual({ ok: true, value: null });
    expect(await w.passwordChange.commit()).toMatchObject({ ok: true, value: { newPassword: 'Counter_77x' } });
    expect(server.canBind(server.customers.hanako.dn, 'Counter_77x')).toBe(true);
    expect(server.canBind(server.customers.hanako.dn, 'Hanako_2026')).toBe(false);
    expect(await at('other').session.signIn({ itscomId: 'hanako.suzuki@example.com', password: 'Counter_77x' })).toMatchObject({ ok: true });
    expect(await sink.waitFor((m) => m.to.includes('hanako.suzuki@example.com') && m.subject.includes('パスワード'))).toBeDefined();
  });

  it('a reset by mailed code sets the password the customer chose, not marked for a forced change', async () => {
    const at = await kiosk();
    const w = at('counter');
    expect(await w.passwordReset.start()).toMatchObject({ ok: true });
    expect(await w.passwordReset.requestCode({ itscomId: 'yamada.taro' })).toMatchObject({ ok: true });
    const code = codeIn(await sink.waitFor((m) => m.to.includes('taro.yamada@example.com') && m.subject.includes('認証コード')));
    expect(await w.passwordReset.verifyCode({ code })).toEqual({ ok: true, value: null });
    expect(await w.passwordReset.commit({ newPassword: 'Chosen_pw42', newPasswordAgain: 'Chosen_pw42' })).toMatchObject({ ok: true });
    expect(server.canBind(server.customers.taro.dn, 'Chosen_pw42')).toBe(true);
    expect(server.canBind(server.customers.taro.dn, 'Demo-pass1')).toBe(false);
    expect(server.search('(uid=yamada.taro)', ['pwdReset'])).not.toContain('pwdReset');
  });

  it('an ID changed at the kiosk renames the entry: the new ID binds with the same password, the old one is gone', async () => {
    const at = await kiosk();
    const w = at('w');
    expect(await w.session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' })).toMatchObject({ ok: true });
    expect(await w.idChange.start()).toMatchObject({ ok: true });
    expect(await w.idChange.requestCode({ newItscomId: 'hanako.suzuki@example.com' })).toMatchObject({ ok: false, code: 'invalid_input', reason: 'rules.itscomId.taken' });
    expect(await w.idChange.requestCode({ newItscomId: 'taro.counter@example.net' })).toMatchObject({ ok: true });
    const code = codeIn(await sink.waitFor((m) => m.to.includes('taro.counter@example.net')));
    expect(await w.idChange.verifyCode({ code })).toMatchObject({ ok: true });
    expect(await w.idChange.commit({ setAsContact: true })).toMatchObject({ ok: true, value: { newItscomId: 'taro.counter@example.net', contactChanged: true } });
    expect(server.canBind(`uid=taro.counter@example.net,ou=customers,${server.baseDn}`, 'Demo-pass1')).toBe(true);
    expect(server.canBind(server.customers.taro.dn, 'Demo-pass1')).toBe(false);
    expect(server.search('(uid=taro.counter@example.net)', ['mail'])).toContain('mail: taro.counter@example.net');
    expect(await at('next').session.signIn({ itscomId: 'taro.counter@example.net', password: 'Demo-pass1' })).toMatchObject({ ok: true });
    expect(await at('old').session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' })).toMatchObject({ code: 'invalid_credentials' });
  });

  it('staff look IDs up by contact address in the directory', async () => {
    const at = await kiosk();
    const staff = at('staff');
    await enterStaffMode(staff, SHARED_PIN_MANAGER);
    expect(await staff.staff.lookUpIds({ contactMail: 'TARO.YAMADA@example.com', identityChecked: true })).toEqual({ ok: true, value: { itscomIds: ['yamada.taro'] } });
    expect(await staff.staff.lookUpIds({ contactMail: 'nobody@example.com', identityChecked: true })).toEqual({ ok: true, value: { itscomIds: [] } });
  });

  it('a temporary password is set with pwdReset (a forced change here or elsewhere), and its replacement clears it', async () => {
    await kiosk();
    const directory = createLdapDirectory(server.clientSettings());
    const store = await openTestStore(t!.dataDir);
    try {
      const accounts = createDirectoryAccounts(directory, store.customers, () => t!.clock.now);
      const taro = (await accounts.find('yamada.taro'))!;
      expect(await accounts.setPassword(taro, 'Temp-8842x', { by: 'staff-temporary' })).toEqual({ stored: 'directory' });
      expect(server.search('(uid=yamada.taro)', ['pwdReset'])).toContain('pwdReset: TRUE');
      expect(server.canBind(server.customers.taro.dn, 'Temp-8842x')).toBe(true);
      expect(await accounts.setPassword(taro, 'Own_pass-55', { by: 'replacing-temporary' })).toEqual({ stored: 'directory' });
      expect(server.search('(uid=yamada.taro)', ['pwdReset'])).not.toContain('pwdReset');
      expect(server.canBind(server.customers.taro.dn, 'Own_pass-55')).toBe(true);
    } finally {
      await directory.close();
      await store.close();
    }
  });

  it('a password the provider\'s own systems set for a forced change (pwdReset) must be changed at the kiosk too, and no longer once it is changed elsewhere', async () => {
    const at = await kiosk();
    const change = (lines: string) => server.modify(`dn: ${server.customers.hanako.dn}\nchangetype: modify\n${lines}\n`);
    const adminSets = (password: string, forced: boolean) => {
      change(`replace: userPassword\nuserPassword: ${password}`);
      // The policy marks an administrator's change (pwdMustChange); a change the customer made is not marked.
      change(forced ? 'replace: pwdReset\npwdReset: TRUE' : 'delete: pwdReset');
    };
    adminSets('Office-set-31', true);
    expect(await at('w1').session.signIn({ itscomId: 'hanako.suzuki@example.com', password: 'Office-set-31' })).toMatchObject({ ok: true, value: { mustChangePassword: true } });
    expect(await at('w1').account.overview()).toMatchObject({ ok: false });
    // Changed on the web My Page: the directory clears the mark, and the kiosk forces nothing.
    adminSets('Web-chosen-44', false);
    expect(await at('w2').session.signIn({ itscomId: 'hanako.suzuki@example.com', password: 'Web-chosen-44' })).toMatchObject({ ok: true, value: { mustChangePassword: false } });
  });

  it('a directory that stops: the customer is told the service is unavailable, nothing changes, and the step works once it is back', async () => {
    const at = await kiosk();
    const w = at('w');
    expect(await w.session.signIn({ itscomId: 'hanako.suzuki@example.com', password: 'Hanako_2026' })).toMatchObject({ ok: true });
    expect(await w.passwordChange.start()).toMatchObject({ ok: true });
    await server.stopServer();
    const input = { currentPassword: 'Hanako_2026', newPassword: 'Later_pass8', newPasswordAgain: 'Later_pass8' };
    expect(await w.passwordChange.check(input)).toEqual({ ok: false, code: 'store_unavailable' });
    await server.startServer();
    expect(await w.passwordChange.check(input)).toEqual({ ok: true, value: null });
    expect(await w.passwordChange.commit()).toMatchObject({ ok: true });
    expect(server.canBind(server.customers.hanako.dn, 'Later_pass8')).toBe(true);
  });

  it('sign-ins while the directory is away count for nothing: the customer is not locked out by the outage', async () => {
    const at = await kiosk();
    await server.stopServer();
    for (let i = 0; i < 6; i += 1) {
      expect(await at('w').session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' })).toEqual({ ok: false, code: 'store_unavailable' });
    }
    await server.startServer();
    expect(await at('w').session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' })).toMatchObject({ ok: true });
  });

  it('a known ID with a wrong password and an unknown ID cost the directory the same work: the median times of 30 tries each are within 20 %', async () => {
    const temp = makeTempDir();
    const store = await openTestStore(temp.dir);
    const directory = createLdapDirectory(server.clientSettings());
    const accounts = createDirectoryAccounts(directory, store.customers, () => Date.now());
    // A sign-in's work in the account store: the look-up, then the check.
    const signIn = async (id: string) => {
      const started = performance.now();
      expect(await accounts.checkPassword(await accounts.find(id), 'Wrong-pass1')).not.toBe('ok');
      return performance.now() - started;
    };
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    try {
      await signIn('hanako.suzuki@example.com');
      await signIn('nobody.here');
      const [known, unknown]: [number[], number[]] = [[], []];
      // In turn, so a busy moment of the machine falls on both alike.
      for (let i = 0; i < 30; i += 1) {
        known.push(await signIn('hanako.suzuki@example.com'));
        unknown.push(await signIn(`nobody.${i}`));
      }
      const [k, u] = [median(known), median(unknown)];
      expect(Math.abs(k - u) / Math.max(k, u), `known ${k.toFixed(1)} ms, unknown ${u.toFixed(1)} ms`).toBeLessThanOrEqual(0.2);
    } finally {
      await directory.close();
      await store.close();
      temp.cleanup();
    }
  });

  it('a wrong service password stops the start with a message naming the settings', async () => {
    await expect(startTestCore({ demo: false, smtpUrl: sink.url, directory: { ...directoryConfig(), bindPassword: 'not-it' } })).rejects.toThrow(
      /KIOSK_DIRECTORY_URL ldaps:\/\/127\.0\.0\.1:\d+: the directory refused the service account .*check KIOSK_DIRECTORY_BIND_DN and KIOSK_DIRECTORY_BIND_PASSWORD/,
    );
  });
});
