import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLdapDirectory, type LdapDirectory } from '../../electron/core/directory/ldap-directory';
import { startLdapServer, type LdapServer } from '../support/ldap-server';

/**
 * The provider's directory as the kiosk uses it, against a real OpenLDAP
 * (slapd) on loopback with TLS from a test CA, the shipped schema, ppolicy
 * and unique. What a change did is checked from outside, with ldapwhoami and
 * ldapsearch, as the provider's other systems would see it.
 */
let server: LdapServer;
const directories: LdapDirectory[] = [];
beforeAll(async () => {
  server = await startLdapServer();
}, 30_000);
afterAll(async () => {
  await server?.stop();
});
afterEach(async () => {
  for (const directory of directories.splice(0)) await directory.close();
});

function directory(overrides: Partial<Parameters<typeof createLdapDirectory>[0]> = {}): LdapDirectory {
  const opened = createLdapDirectory({ ...server.clientSettings(), timeoutMs: 3_000, ...overrides });
  directories.push(opened);
  return opened;
}

describe('the directory', () => {
  it('finds a customer by ID, letter case aside for a mail-form ID, with what the top page shows', async () => {
    const ldap = directory();
    expect(await ldap.findById('yamada.taro')).toEqual({
      dn: server.customers.taro.dn,
      entryId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-/),
      itscomId: 'yamada.taro',
      contactMail: 'taro.yamada@example.com',
      planName: 'かっとびメガ160',
      renewalFrom: '2026-04',
      renewalTo: '2028-03',
      contractStart: '2019-10-01',
      locked: false,
      mustChange: false,
    });
    // An entry without the kiosk's attributes: the plan fields are left out.
    expect(await ldap.findById('Hanako.Suzuki@Example.com')).toEqual({
      dn: server.customers.hanako.dn,
      entryId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-/),
      itscomId: 'hanako.suzuki@example.com',
      contactMail: 'hanako.suzuki@example.com',
      locked: false,
      mustChange: false,
    });
    expect(await ldap.findById('nobody.here')).toBeUndefined();
    expect((await ldap.findByMail('taro.yamada@example.com')).map((a) => a.itscomId)).toEqual(['yamada.taro']);
  });

  it('escapes filter values (RFC 4515): an ID with wildcards or parentheses finds nobody', async () => {
    const ldap = directory();
    for (const probe of ['*', 'yamada*', '*)(uid=*', 'yamada.taro)(|(uid=*', '\\2a']) expect(await ldap.findById(probe), probe).toBeUndefined();
  });

  it('checks a password by binding as the customer', async () => {
    const ldap = directory();
    const taro = (await ldap.findById('yamada.taro'))!;
    expect(await ldap.authenticate(taro, 'Demo-pass1')).toBe('ok');
    expect(await ldap.authenticate(taro, 'Wrong-pass1')).toBe('wrong');
  });

  it('refuses a directory whose certificate it cannot check, over ldaps and StartTLS alike', async () => {
    for (const url of [server.ldapsUrl, server.ldapUrl]) {
      const ldap = directory({ url, ca: undefined });
      await expect(ldap.findById('yamada.taro'), url).rejects.toThrow(/certificate/i);
    }
    // With the CA, StartTLS on ldap:// works.
    expect((await directory({ url: server.ldapUrl }).findById('yamada.taro'))?.itscomId).toBe('yamada.taro');
  });

  it('a wrong service password is refused at the first operation', async () => {
    await expect(directory({ bindPassword: 'not-it' }).findById('yamada.taro')).rejects.toThrow(
      `the directory refused the service account ${server.service.dn}: check KIOSK_DIRECTORY_BIND_DN and KIOSK_DIRECTORY_BIND_PASSWORD`,
    );
  });

  it('changes a password bound as the customer (RFC 3062): the directory hashes it and applies its policy', async () => {
    const ldap = directory();
    const hanako = (await ldap.findById('hanako.suzuki@example.com'))!;
    // Shorter than the policy's pwdMinLength (6): OpenLDAP says "fails quality checking".
    expect(await ldap.changeOwnPassword(hanako, 'Hanako_2026', 'abc')).toEqual({ refused: 'quality' });
    expect(server.canBind(hanako.dn, 'Hanako_2026')).toBe(true);
    expect(await ldap.changeOwnPassword(hanako, 'Hanako_2026', 'Hanako_2027')).toBe('ok');
    expect(server.canBind(hanako.dn, 'Hanako_2027')).toBe(true);
    expect(server.canBind(hanako.dn, 'Hanako_2026')).toBe(false);
    // Stored as the directory's own hash, never in clear.
    expect(server.search('(uid=hanako.suzuki@example.com)', ['userPassword'])).toMatch(/userPassword:: /);
    expect(server.search('(uid=hanako.suzuki@example.com)', ['userPassword'])).not.toContain('Hanako_2027');
    // The policy's history: the last passwords come back refused.
    expect(await ldap.changeOwnPassword(hanako, 'Hanako_2027', 'Hanako_2026')).toEqual({ refused: 'in_history' });
  });

  it('sets a temporary password (pwdReset) and a reset\'s own one (not marked), through the service account', async () => {
    const ldap = directory();
    const taro = (await ldap.findById('yamada.taro'))!;
    expect(await ldap.setPassword(taro, 'Temp-4821x', { mustChange: true })).toBe('ok');
    expect(server.canBind(taro.dn, 'Temp-4821x')).toBe(true);
    expect(await ldap.findById('yamada.taro')).toMatchObject({ mustChange: true });
    expect(server.search('(uid=yamada.taro)', ['pwdReset'])).toContain('pwdReset: TRUE');
    expect(await ldap.setPassword(taro, 'Chosen_pass7', { mustChange: false })).toBe('ok');
    expect(server.canBind(taro.dn, 'Chosen_pass7')).toBe(true);
    expect(server.canBind(taro.dn, 'Temp-4821x')).toBe(false);
    expect(await ldap.findById('yamada.taro')).toMatchObject({ mustChange: false });
    expect(server.search('(uid=yamada.taro)', ['pwdReset'])).not.toContain('pwdReset');
  });

  it('changes an ID by renaming the entry, the old ID gone, a taken one refused', async () => {
    const ldap = directory();
    const taro = (await ldap.findById('yamada.taro'))!;
    expect(await ldap.changeId(taro, 'hanako.suzuki@example.com')).toBe('taken');
    expect(await ldap.changeId(taro, 'taro.new@example.net', 'taro.new@example.net')).toBe('ok');
    expect(await ldap.findById('yamada.taro')).toBeUndefined();
    const renamed = (await ldap.findById('taro.new@example.net'))!;
    expect(renamed).toMatchObject({ dn: `uid=taro.new@example.net,ou=customers,${server.baseDn}`, contactMail: 'taro.new@example.net', planName: 'かっとびメガ160' });
    // The customer signs in elsewhere with the new name and the same password.
    expect(server.canBind(renamed.dn, 'Chosen_pass7')).toBe(true);
  });

  it('a customer locked by the directory\'s own policy answers as locked', async () => {
    const ldap = directory();
    const hanako = (await ldap.findById('hanako.suzuki@example.com'))!;
    for (let i = 0; i < 10; i += 1) expect(await ldap.authenticate(hanako, `Wrong-${i}x`)).toBe(i < 9 ? 'wrong' : 'locked');
    expect(await ldap.authenticate(hanako, 'Hanako_2027')).toBe('locked');
  });

  it('a directory that stops answers with an error, and serves again once it is back', async () => {
    const ldap = directory();
    expect(await ldap.findById('taro.new@example.net')).toBeDefined();
    await server.stopServer();
    await expect(ldap.findById('taro.new@example.net')).rejects.toThrow();
    await server.startServer();
    expect((await ldap.findById('taro.new@example.net'))?.itscomId).toBe('taro.new@example.net');
  });
});
