import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CURRENT_PARAMS, hashPassword, needsRehash, verifyPassword } from '../../electron/core/auth/password-hash';
import { DEMO_CUSTOMERS, seedDemoCustomers } from '../../electron/core/store/demo-seed';
import { DEMO_STAFF } from '../../electron/core/staff/staff-accounts';
import type { Store } from '../../electron/core/store/store';
import { ItscomIdTakenError } from '../../electron/core/store/store-errors';
import { makeTempDir } from '../support/temp-dir';
import { inStore, openTestStore, testEngine } from '../support/test-store';

let temp: ReturnType<typeof makeTempDir>;
let store: Store | undefined;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  temp.cleanup();
});

const row = {
  itscomId: 'A@Example.com',
  itscomIdKey: 'a@example.com',
  isLegacyId: false,
  passwordHash: 'x',
  contactMail: 'a@example.com',
  planName: 'p',
  renewalFrom: '2025-01',
  renewalTo: '2025-03',
  contractStart: '2022-01-10',
};

describe(`store on ${testEngine}`, () => {
  it('reopens an existing store without re-running migrations or losing rows', async () => {
    store = await openTestStore(temp.dir);
    await seedDemoCustomers(store, 1);
    await store.close();
    store = await openTestStore(temp.dir);
    expect(await store.customers.count()).toBe(DEMO_CUSTOMERS.length);
  });

  it('keeps iTSCOM IDs unique by their key, and says so with a typed error', async () => {
    store = await openTestStore(temp.dir);
    const repo = store.customers;
    await repo.insert(row, 1);
    await expect(repo.insert({ ...row, itscomId: 'a@example.com' }, 1)).rejects.toThrow(ItscomIdTakenError);
    // Changing another customer's ID onto a taken key is a typed error, not the engine's words.
    const other = await repo.insert({ ...row, itscomId: 'b@example.com', itscomIdKey: 'b@example.com' }, 1);
    const change = { itscomId: 'a@EXAMPLE.com', itscomIdKey: 'a@example.com', isLegacyId: false, contactMail: 'b@example.com' };
    await expect(repo.changeItscomId(other, change, 2, { ifVersion: 0 })).rejects.toThrow(ItscomIdTakenError);
    expect((await repo.findById(other))?.itscomId).toBe('b@example.com');
  });

  it('reads times and ids back as numbers, as large as epoch milliseconds get', async () => {
    store = await openTestStore(temp.dir);
    const later = Date.UTC(2286, 0, 1);
    const id = await store.customers.insert(row, later);
    const mailId = await store.outbox.enqueue(
      { kind: 'k', to: 'a@example.com', from: 'f@example.com', subject: 's', text: 't', html: 'h', messageId: '<m@x>', hasSecretSlot: false },
      later,
    );
    expect(typeof id).toBe('number');
    expect(await store.outbox.nextDueAt()).toBe(later);
    expect(await store.outbox.get(mailId)).toMatchObject({ id: mailId, nextAttemptAt: later, hasSecretSlot: false, attempts: 0 });
    expect(await store.customers.count()).toBe(1);
  });

  it('commits all of a transaction or none of it', async () => {
    store = await openTestStore(temp.dir);
    const id = await store.customers.insert(row, 1);
    await expect(
      store.transaction(async (tx) => {
        await tx.customers.setPasswordHash(id, 'changed', 2);
        await tx.procedures.record({ customerId: id, kind: 'password_change', outcome: 'completed', at: 2 });
        throw new Error('the mail could not be queued');
      }),
    ).rejects.toThrow('the mail could not be queued');
    expect((await store.customers.findById(id))?.passwordHash).toBe('x');
    const procedures = () => inStore(temp.dir, (db) => db.selectFrom('procedures').select('kind').execute());
    expect(await procedures()).toEqual([]);
    await store.transaction(async (tx) => {
      await tx.customers.setPasswordHash(id, 'changed', 2);
      await tx.procedures.record({ customerId: id, kind: 'password_change', outcome: 'completed', at: 2 });
    });
    expect((await store.customers.findById(id))?.passwordHash).toBe('changed');
    expect(await procedures()).toEqual([{ kind: 'password_change' }]);
  });

  it("keeps each kiosk's settings to itself", async () => {
    store = await openTestStore(temp.dir);
    await store.settings.set('staffSettings', { printer: 'Front' });
    expect(await store.settings.get('staffSettings')).toEqual({ printer: 'Front' });
    await store.settings.delete('staffSettings');
    expect(await store.settings.get('staffSettings')).toBeUndefined();
  });
});

describe('demo seed', () => {
  it('seeds the demo customers with working password hashes, once', async () => {
    store = await openTestStore(temp.dir);
    expect(await seedDemoCustomers(store, 1)).toBe(true);
    expect(await seedDemoCustomers(store, 1)).toBe(false);
    expect(await store.customers.count()).toBe(2);

    const taro = (await store.customers.findByKey('yamada.taro'))!;
    expect(taro.isLegacyId).toBe(true);
    expect(taro.contactMail).toBe('taro.yamada@example.com');
    expect(await verifyPassword('Demo-pass1', taro.passwordHash)).toBe(true);
    // Made at today's parameters: a demo sign-in does not rehash.
    expect(needsRehash(taro.passwordHash)).toBe(false);
    const hanako = (await store.customers.findByKey('hanako.suzuki@example.com'))!;
    expect(hanako.isLegacyId).toBe(false);
    expect(await verifyPassword('Hanako_2026', hanako.passwordHash)).toBe(true);
  });

  it('never writes over a store that already has customers', async () => {
    store = await openTestStore(temp.dir);
    await seedDemoCustomers(store, 1);
    const taro = (await store.customers.findByKey('yamada.taro'))!;
    await store.customers.setPasswordHash(taro.id, await hashPassword('Changed-pass9'), 2);

    await seedDemoCustomers(store, 3);
    expect(await store.customers.count()).toBe(2);
    expect(await verifyPassword('Changed-pass9', (await store.customers.findByKey('yamada.taro'))!.passwordHash)).toBe(true);
  });

  it('ships each demo password\'s hash made at the kiosk\'s cost, and it verifies', async () => {
    for (const demo of DEMO_CUSTOMERS) {
      expect(await verifyPassword(demo.password, demo.passwordHash)).toBe(true);
      expect(needsRehash(demo.passwordHash, CURRENT_PARAMS)).toBe(false);
    }
  });

  it('ships each demo staff PIN\'s hash made at the kiosk\'s cost, and it verifies', async () => {
    for (const member of DEMO_STAFF) {
      expect(await verifyPassword(member.pin, member.pinHash)).toBe(true);
      expect(needsRehash(member.pinHash, CURRENT_PARAMS)).toBe(false);
    }
  });

  it('stores no clear-text password', async () => {
    store = await openTestStore(temp.dir);
    await seedDemoCustomers(store, 1);
    const dump = JSON.stringify(await inStore(temp.dir, (db) => db.selectFrom('customers').selectAll().execute()));
    for (const demo of DEMO_CUSTOMERS) expect(dump).not.toContain(demo.password);
  });
});
