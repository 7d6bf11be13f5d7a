import { itscomIdKey } from '../../shared/domain/itscom-id';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountStore, PasswordSource } from '../../electron/core/account/account-store';
import { createChangeJournal, type ChangeJournal } from '../../electron/core/account/change-journal';
import { recordIdChange, recordPassword } from '../../electron/core/account/change-records';
import { createDirectoryAccounts } from '../../electron/core/account/directory-accounts';
import { createKioskAccounts } from '../../electron/core/account/kiosk-accounts';
import { createLdapDirectory } from '../../electron/core/directory/ldap-directory';
import { readOrCreateKioskId } from '../../electron/core/kiosk-identity';
import type { Customer } from '../../electron/core/store/customers-repo';
import { seedDemoCustomers } from '../../electron/core/store/demo-seed';
import { openStore, type Store } from '../../electron/core/store/store';
import { ItscomIdTakenError } from '../../electron/core/store/store-errors';
import { startLdapServer, type LdapServer } from '../support/ldap-server';
import { memoryLogger } from '../support/silent-logger';
import { makeTempDir } from '../support/temp-dir';
import { engineDatabaseUrl } from '../support/test-store';

/**
 * The account port's behaviour, the same cases against both kinds of account
 * store (the kiosk's own, and the provider's directory on a real slapd), on
 * each engine's store: each change goes through the port and is recorded as
 * the procedures record it (the journal, the account store, the kiosk's
 * transaction). The procedures over each are in their own tests
 * (password-change, id-change, password-reset, counter-recovery on the
 * kiosk's store; directory-accounts on the directory).
 */
const NOW = Date.UTC(2026, 11, 5, 1, 0, 0);

interface Subject {
  accounts: AccountStore;
  journal: ChangeJournal;
  store: Store;
}

const kinds: { name: string; open(store: Store): Promise<{ accounts: AccountStore; close(): Promise<void> }> }[] = [
  {
    name: 'the kiosk\'s own store',
    async open(store) {
      await seedDemoCustomers(store, NOW);
      return { accounts: createKioskAccounts(store.customers, () => NOW), close: async () => undefined };
    },
  },
  {
    name: 'the provider\'s directory',
    async open(store) {
      const server: LdapServer = await startLdapServer();
      const { ca, ...settings } = server.clientSettings();
      const directory = createLdapDirectory({ ...settings, ca });
      return {
        accounts: createDirectoryAccounts(directory, store.customers, () => NOW),
        close: async () => {
          await directory.close();
          await server.stop();
        },
      };
    },
  },
];

describe.each(kinds)('accounts in $name', (kind) => {
  let subject: Subject;
  let close: () => Promise<void>;
  beforeEach(async () => {
    const temp = makeTempDir();
    const store = await openStore({ dataDir: temp.dir, databaseUrl: engineDatabaseUrl(temp.dir), kioskId: readOrCreateKioskId(temp.dir).id });
    const opened = await kind.open(store);
    const journal = createChangeJournal({
      store,
      accounts: opened.accounts,
      sessions: { endCustomer: () => undefined },
      mailer: { nudge: () => undefined },
      log: memoryLogger(),
      now: () => NOW,
      mailFrom: () => 'mypage@itscom.jp',
    });
    subject = { accounts: opened.accounts, journal, store };
    close = async () => {
      await opened.close();
      await store.close();
      temp.cleanup();
    };
  });
  afterEach(() => close());

  /** By the ID's key, as the procedures look customers up. */
  const find = async (id: string): Promise<Customer> => {
    const customer = await subject.accounts.find(itscomIdKey(id));
    if (!customer) throw new Error(`${id} not found`);
    return customer;
  };
  /** A new password as a procedure makes it: journalled, set in the account store, recorded. */
  async function newPassword(customer: Customer, password: string, source: PasswordSource, temporaryUntil?: number) {
    const recordKind = source.by === 'reset' ? 'password_reset' : source.by === 'staff-temporary' ? 'temporary_password' : 'password_change';
    const entry = await subject.journal.begin(customer, recordKind === 'temporary_password' ? { kind: recordKind, expiresAt: temporaryUntil! } : { kind: recordKind });
    const set = await subject.accounts.setPassword(customer, password, source);
    if ('refused' in set) {
      await entry.drop();
      return set;
    }
    const until = temporaryUntil === undefined ? {} : { temporaryUntil };
    await entry.record((tx) => recordPassword(tx, recordKind, { customerId: customer.id, at: NOW, mailFrom: 'm@itscom.jp', stored: set.stored, ...until }));
    return 'ok';
  }
  /** A new ID as the ID change makes it; 'taken' however the account store says so. */
  async function newId(customer: Customer, id: string): Promise<'ok' | 'taken'> {
    const entry = await subject.journal.begin(customer, { kind: 'id_change', newItscomId: id, setAsContact: true });
    if ((await subject.accounts.changeId(customer, id, id)) === 'taken') {
      await entry.drop();
      return 'taken';
    }
    try {
      await entry.record((tx) => recordIdChange(tx, { customerId: customer.id, at: NOW, mailFrom: 'm@itscom.jp', newItscomId: id, setAsContact: true }));
      return 'ok';
    } catch (error) {
      if (error instanceof ItscomIdTakenError) return 'taken';
      throw error;
    }
  }

  it('finds a customer by ID (a mail-form ID letter case aside), a legacy ID as legacy, nobody for an unknown ID', async () => {
    expect(await find('Hanako.Suzuki@Example.com')).toMatchObject({ itscomId: 'hanako.suzuki@example.com', isLegacyId: false, contactMail: 'hanako.suzuki@example.com' });
    expect(await find('yamada.taro')).toMatchObject({ itscomId: 'yamada.taro', isLegacyId: true, contactMail: 'taro.yamada@example.com' });
    expect((await find('yamada.taro')).planName).toBeTruthy();
    expect(await subject.accounts.find(itscomIdKey('nobody@example.com'))).toBeUndefined();
  });

  it('lists the IDs of a contact address, letter case aside', async () => {
    expect((await subject.accounts.findByContactMail('TARO.Yamada@example.com')).map((c) => c.itscomId)).toEqual(['yamada.taro']);
    expect(await subject.accounts.findByContactMail('nobody@example.com')).toEqual([]);
  });

  it('checks a password: the right one, a wrong one, and an unknown ID answered as a wrong password', async () => {
    const hanako = await find('hanako.suzuki@example.com');
    expect(await subject.accounts.checkPassword(hanako, 'Hanako_2026')).toBe('ok');
    expect(await subject.accounts.checkPassword(hanako, 'Hanako_2027')).toBe('wrong');
    expect(await subject.accounts.checkPassword(undefined, 'Hanako_2026')).toBe('wrong');
  });

  it('the customer\'s own change: the new password opens the account, the old one no longer does', async () => {
    const hanako = await find('hanako.suzuki@example.com');
    expect(await newPassword(hanako, 'Counter_77x', { by: 'customer', current: 'Hanako_2026' })).toBe('ok');
    const after = await find('hanako.suzuki@example.com');
    expect(await subject.accounts.checkPassword(after, 'Counter_77x')).toBe('ok');
    expect(await subject.accounts.checkPassword(after, 'Hanako_2026')).toBe('wrong');
    expect(after.temporaryPasswordExpiresAt).toBeNull();
  });

  it('a temporary password must be changed at the next sign-in; the customer\'s replacement of it must not', async () => {
    const taro = await find('yamada.taro');
    const until = NOW + 24 * 60 * 60_000;
    expect(await newPassword(taro, 'Tmp-Pass-1234', { by: 'staff-temporary' }, until)).toBe('ok');
    const issued = await find('yamada.taro');
    expect(await subject.accounts.checkPassword(issued, 'Tmp-Pass-1234')).toBe('ok');
    expect(issued.temporaryPasswordExpiresAt).toBe(until);
    expect(await newPassword(issued, 'Mine_again_9', { by: 'replacing-temporary' })).toBe('ok');
    const replaced = await find('yamada.taro');
    expect(replaced.temporaryPasswordExpiresAt).toBeNull();
    expect(await subject.accounts.checkPassword(replaced, 'Mine_again_9')).toBe('ok');
    expect(await subject.accounts.checkPassword(replaced, 'Tmp-Pass-1234')).toBe('wrong');
  });

  it('a reset\'s password is the customer\'s own: no forced change', async () => {
    const taro = await find('yamada.taro');
    expect(await newPassword(taro, 'Chosen_pw42', { by: 'reset' })).toBe('ok');
    const after = await find('yamada.taro');
    expect(await subject.accounts.checkPassword(after, 'Chosen_pw42')).toBe('ok');
    expect(after.temporaryPasswordExpiresAt).toBeNull();
  });

  it('changes an ID (the customer found by the new one, not the old), and refuses one another customer holds', async () => {
    const taro = await find('yamada.taro');
    expect(await newId(taro, 'hanako.suzuki@example.com')).toBe('taken');
    expect(await newId(taro, 'taro.counter@example.net')).toBe('ok');
    expect(await subject.accounts.find(itscomIdKey('yamada.taro'))).toBeUndefined();
    const renamed = await find('Taro.Counter@example.net');
    expect(renamed).toMatchObject({ id: taro.id, itscomId: 'taro.counter@example.net', isLegacyId: false, contactMail: 'taro.counter@example.net' });
    expect(await subject.accounts.checkPassword(renamed, 'Demo-pass1')).toBe('ok');
  });
});

describe('the directory\'s customers in the kiosk\'s store', () => {
  it('kiosks meeting a customer for the first time at the same moment make one row for the entry', async () => {
    const temp = makeTempDir();
    const server = await startLdapServer();
    const { ca, ...settings } = server.clientSettings();
    const kiosks = await Promise.all(
      ['kiosk-a', 'kiosk-b', 'kiosk-c'].map(async (kioskId) => {
        const store = await openStore({ dataDir: temp.dir, databaseUrl: engineDatabaseUrl(temp.dir), kioskId });
        const directory = createLdapDirectory({ ...settings, ca });
        return { store, directory, accounts: createDirectoryAccounts(directory, store.customers, () => NOW) };
      }),
    );
    try {
      const found = await Promise.all(kiosks.flatMap((kiosk) => [kiosk.accounts.find('yamada.taro'), kiosk.accounts.find('yamada.taro')]));
      expect(new Set(found.map((customer) => customer?.id)).size).toBe(1);
      expect(found[0]).toMatchObject({ itscomId: 'yamada.taro' });
      expect(await kiosks[0]!.store.customers.count()).toBe(1);
    } finally {
      for (const kiosk of kiosks) {
        await kiosk.directory.close();
        await kiosk.store.close();
      }
      await server.stop();
      temp.cleanup();
    }
  });
});
