import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChangeJournal, LEFT_BEHIND_AFTER_MS, RECORDED_LATER, type ChangeJournal } from '../../electron/core/account/change-journal';
import { createDirectoryAccounts } from '../../electron/core/account/directory-accounts';
import type { AccountStore } from '../../electron/core/account/account-store';
import { createLdapDirectory, type LdapDirectory } from '../../electron/core/directory/ldap-directory';
import { readOrCreateKioskId } from '../../electron/core/kiosk-identity';
import { startCore, type KioskCore } from '../../electron/core/kiosk-core';
import type { Customer } from '../../electron/core/store/customers-repo';
import { openStore, type Store } from '../../electron/core/store/store';
import { StoreError } from '../../electron/core/store/store-errors';
import { kioskAt } from '../support/core-fixture';
import { startLdapServer, type LdapServer } from '../support/ldap-server';
import { memoryLogger } from '../support/silent-logger';
import { SmtpSink } from '../support/smtp-sink';
import { makeTempDir } from '../support/temp-dir';
import { testConfig } from '../support/test-core';
import { engineDatabaseUrl, inStore } from '../support/test-store';

/**
 * The order of effects with the provider's directory: the journal row, the
 * directory's change, then the kiosk's transaction. A kiosk stopped between
 * the last two is played here by a journal whose kiosk goes away after the
 * directory's change (the real SIGKILL is in directory-kill.test.ts, on
 * PostgreSQL): the change is recorded with its notice at the kiosk's next
 * start, or by another kiosk once it is old enough, and a change the
 * directory never made is dropped with nothing recorded. On each engine.
 */
let server: LdapServer;
let sink: SmtpSink;
let temp: { dir: string; cleanup: () => void };
let clock: { now: number };
const opened: { close(): Promise<void> }[] = [];
beforeEach(async () => {
  server = await startLdapServer();
  sink = await new SmtpSink().start();
  temp = makeTempDir();
  clock = { now: Date.UTC(2026, 11, 5, 1, 0, 0) };
});
afterEach(async () => {
  for (const one of opened.splice(0).reverse()) await one.close();
  await sink.stop();
  await server.stop();
  temp.cleanup();
});

const directorySettings = () => {
  const { ca, ...settings } = server.clientSettings();
  return { ...settings, ca: { file: server.caFile, pem: ca } };
};

/** A kiosk on the directory, as far as its journal goes: its store, its accounts and its journal (`kioskId`: another kiosk of the shop). */
async function journalOf(kioskId = readOrCreateKioskId(temp.dir).id): Promise<{ store: Store; accounts: AccountStore; journal: ChangeJournal; directory: LdapDirectory }> {
  const store = await openStore({ dataDir: temp.dir, databaseUrl: engineDatabaseUrl(temp.dir), kioskId });
  const { ca, ...settings } = server.clientSettings();
  const directory = createLdapDirectory({ ...settings, ca });
  opened.push(store, directory);
  const now = () => clock.now;
  const accounts = createDirectoryAccounts(directory, store.customers, now);
  const journal = createChangeJournal({
    store,
    accounts,
    sessions: { endCustomer: () => undefined },
    mailer: { nudge: () => undefined },
    log: memoryLogger(),
    now,
    mailFrom: () => 'mypage@itscom.jp',
  });
  return { store, accounts, journal, directory };
}

/** The kiosk itself on the same data dir (its store, its kiosk id): it settles what it left at start. */
async function startKiosk(): Promise<KioskCore> {
  const core = await startCore({
    config: testConfig(temp.dir, { demo: false, smtpUrl: sink.url, staffPin: '4826', directory: directorySettings() }),
    now: () => clock.now,
  });
  opened.push(core);
  return core;
}

const journalRows = () => inStore(temp.dir, (db) => db.selectFrom('account_changes').selectAll().execute());
const proceduresOf = (customerId: number) =>
  inStore(temp.dir, (db) => db.selectFrom('procedures').select(['kind', 'outcome']).where('customer_id', '=', customerId).execute());
const outboxTo = (address: string) => inStore(temp.dir, (db) => db.selectFrom('outbox').select(['kind']).where('to_address', '=', address).execute());

async function customer(accounts: AccountStore, id: string): Promise<Customer> {
  const found = await accounts.find(id);
  if (!found) throw new Error(`${id} is not in the directory`);
  return found;
}

describe('changes made in the directory and not yet recorded', () => {
  it('a password changed in the directory by a kiosk that stopped before recording it: its next start records it and mails the notice', async () => {
    const { accounts, journal } = await journalOf();
    const hanako = await customer(accounts, 'hanako.suzuki@example.com');
    await journal.begin(hanako, { kind: 'password_change' });
    expect(await accounts.setPassword(hanako, 'Counter_77x', { by: 'customer', current: 'Hanako_2026' })).toEqual({ stored: 'directory' });
    // The kiosk stops here: the journal row is all it leaves.
    expect(await journalRows()).toHaveLength(1);
    expect(await proceduresOf(hanako.id)).toEqual([]);

    const core = await startKiosk();
    const notice = await sink.waitFor((m) => m.to.includes('hanako.suzuki@example.com') && m.subject.includes('パスワード'));
    expect(notice.text).not.toContain('Counter_77x');
    expect(await proceduresOf(hanako.id)).toEqual([{ kind: 'password_change', outcome: 'completed' }]);
    expect(await journalRows()).toEqual([]);
    // The customer's new password is the one that works, here as everywhere.
    expect(await kioskAt(core, 'w').session.signIn({ itscomId: 'hanako.suzuki@example.com', password: 'Counter_77x' })).toMatchObject({ ok: true });
  });

  it('an ID changed in the directory, and a temporary password, recorded at the next start with their mails', async () => {
    const { accounts, journal } = await journalOf();
    const taro = await customer(accounts, 'yamada.taro');
    await journal.begin(taro, { kind: 'id_change', newItscomId: 'taro.journal@example.net', setAsContact: true });
    expect(await accounts.changeId(taro, 'taro.journal@example.net', 'taro.journal@example.net')).toBe('ok');
    const hanako = await customer(accounts, 'hanako.suzuki@example.com');
    const expiresAt = clock.now + 24 * 60 * 60_000;
    await journal.begin(hanako, { kind: 'temporary_password', expiresAt });
    expect(await accounts.setPassword(hanako, 'Tmp-Pass-1234', { by: 'staff-temporary' })).toEqual({ stored: 'directory' });

    await startKiosk();
    expect(await proceduresOf(taro.id)).toEqual([{ kind: 'id_change', outcome: 'completed' }]);
    expect(await outboxTo('taro.journal@example.net')).toEqual([{ kind: 'id_change_confirmation' }]);
    expect(await outboxTo('taro.yamada@example.com')).toEqual([{ kind: 'contact_change_notice' }]);
    expect(await inStore(temp.dir, (db) => db.selectFrom('customers').select(['itscom_id', 'contact_mail']).where('id', '=', taro.id).executeTakeFirstOrThrow())).toEqual({
      itscom_id: 'taro.journal@example.net',
      contact_mail: 'taro.journal@example.net',
    });
    expect(await proceduresOf(hanako.id)).toEqual([{ kind: 'temporary_password', outcome: 'issued_by_staff' }]);
    expect(await inStore(temp.dir, (db) => db.selectFrom('customers').select('temporary_password_expires_at').where('id', '=', hanako.id).executeTakeFirstOrThrow())).toEqual({
      temporary_password_expires_at: expiresAt,
    });
    expect(await journalRows()).toEqual([]);
  });

  it('a change the directory never made (the kiosk stopped before it) is dropped: nothing recorded, nothing mailed', async () => {
    const { accounts, journal } = await journalOf();
    const hanako = await customer(accounts, 'hanako.suzuki@example.com');
    const taro = await customer(accounts, 'yamada.taro');
    await journal.begin(hanako, { kind: 'password_reset' });
    await journal.begin(taro, { kind: 'id_change', newItscomId: 'taro.never@example.net', setAsContact: true });

    const core = await startKiosk();
    expect(await journalRows()).toEqual([]);
    expect(await proceduresOf(hanako.id)).toEqual([]);
    expect(await proceduresOf(taro.id)).toEqual([]);
    expect(await inStore(temp.dir, (db) => db.selectFrom('outbox').select('id').execute())).toEqual([]);
    expect(server.canBind(server.customers.hanako.dn, 'Hanako_2026')).toBe(true);
    expect(await kioskAt(core, 'w').session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' })).toMatchObject({ ok: true, value: { itscomId: 'yamada.taro' } });
  });

  it('another kiosk\'s change is left to it while it may still be working, and recorded by any kiosk once it is 2 minutes old', async () => {
    const stopped = await journalOf('kiosk-that-stopped');
    const hanako = await customer(stopped.accounts, 'hanako.suzuki@example.com');
    await stopped.journal.begin(hanako, { kind: 'password_reset' });
    await stopped.accounts.setPassword(hanako, 'Chosen_pw42', { by: 'reset' });

    const running = await journalOf('kiosk-still-running');
    expect(await running.journal.settleLeftBehind({ ownKiosk: false })).toEqual({ recorded: 0, not_made: 0, gone: 0 });
    clock.now += LEFT_BEHIND_AFTER_MS + 1_000;
    expect(await running.journal.settleLeftBehind({ ownKiosk: false })).toEqual({ recorded: 1, not_made: 0, gone: 0 });
    expect(await proceduresOf(hanako.id)).toEqual([{ kind: 'password_reset', outcome: 'completed' }]);
    expect(await outboxTo('hanako.suzuki@example.com')).toEqual([{ kind: 'password_reset_notice' }]);
    // Settled once: a second kiosk's round finds nothing.
    expect(await stopped.journal.settleLeftBehind({ ownKiosk: true })).toEqual({ recorded: 0, not_made: 0, gone: 0 });
  });

  it('a store that fails after the directory\'s change: the procedure is told it is done, and the journal records it later', async () => {
    const { accounts, journal } = await journalOf();
    const hanako = await customer(accounts, 'hanako.suzuki@example.com');
    const entry = await journal.begin(hanako, { kind: 'password_change' });
    await accounts.setPassword(hanako, 'Counter_77x', { by: 'customer', current: 'Hanako_2026' });
    expect(await entry.record(async () => Promise.reject(new StoreError('store_unavailable')))).toBe(RECORDED_LATER);
    expect(await journalRows()).toHaveLength(1);
    clock.now += LEFT_BEHIND_AFTER_MS + 1_000;
    expect(await journal.settleLeftBehind({ ownKiosk: false })).toMatchObject({ recorded: 1 });
    expect(await proceduresOf(hanako.id)).toEqual([{ kind: 'password_change', outcome: 'completed' }]);
  });

  it('an unreadable journal row is dropped and logged, and never stops the kiosk', async () => {
    const { accounts, store } = await journalOf();
    const hanako = await customer(accounts, 'hanako.suzuki@example.com');
    await store.accountChanges.begin({ customerId: hanako.id, kind: 'password_change', details: '{"kind":"password_change"', startedAt: clock.now });
    await startKiosk();
    expect(await journalRows()).toEqual([]);
    expect(await proceduresOf(hanako.id)).toEqual([]);
  });
});
