import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../electron/core/store/store';
import { ItscomIdTakenError, StoreError, StoreOpenError } from '../../electron/core/store/store-errors';
import { latestPostgresVersion } from '../../electron/core/store/postgres-engine';
import { startCuttableProxy, type CuttableProxy } from '../support/cuttable-proxy';
import { freePort } from '../support/free-port';
import { runTsx } from '../support/run-child';
import { TARO } from '../support/sign-in';
import { makeTempDir } from '../support/temp-dir';
import { startTestCore, type TestCore } from '../support/test-core';
import { inStore, openTestStore, psql, testDatabaseUrl } from '../support/test-store';
import { kioskAt } from '../support/core-fixture';

/**
 * PostgreSQL itself, on the server `./kiosk test` starts: what only a server
 * engine can do to the kiosk (concurrent transactions from several
 * processes, connections that drop, several kiosks migrating at once).
 */
let temp: ReturnType<typeof makeTempDir>;
const closers: (() => Promise<unknown>)[] = [];
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  temp.cleanup();
});

async function store(): Promise<Store> {
  const opened = await openTestStore(temp.dir);
  closers.push(() => opened.close());
  return opened;
}

const customer = (key: string) => ({
  itscomId: key,
  itscomIdKey: key,
  isLegacyId: true,
  passwordHash: 'x',
  contactMail: `${key}@example.com`,
  planName: 'p',
  renewalFrom: '2025-01',
  renewalTo: '2025-03',
  contractStart: '2022-01-10',
});

describe('PostgreSQL store', () => {
  it('says which store it is without the password', async () => {
    const opened = await store();
    expect(opened.engine).toBe('postgres');
    expect(opened.description).toMatch(/^PostgreSQL kiosk_test@127\.0\.0\.1:5432\/kt_/);
    expect(opened.description).not.toContain('kiosk_test:kiosk_test');
  });

  it('two transactions registering one new ID at once: one wins, the other is told "taken"', async () => {
    const [a, b] = [await store(), await store()];
    const first = await a.customers.insert(customer('first'), 1);
    const second = await a.customers.insert(customer('second'), 1);
    const change = { itscomId: 'new@example.com', itscomIdKey: 'new@example.com', isLegacyId: false, contactMail: 'new@example.com' };
    // Both check that the ID is free before either writes, as two kiosks would.
    let bothChecked!: () => void;
    const checked = new Promise<void>((resolve) => (bothChecked = resolve));
    let arrived = 0;
    const register = (s: Store, id: number) =>
      s.transaction(async (tx) => {
        expect(await tx.customers.findByKey('new@example.com')).toBeUndefined();
        if (++arrived === 2) bothChecked();
        await checked;
        await tx.customers.changeItscomId(id, change, 2, { ifVersion: 0 });
      });
    const results = await Promise.allSettled([register(a, first), register(b, second)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ItscomIdTakenError);
    expect((await a.customers.findByKey('new@example.com'))?.id).toBeOneOf([first, second]);
  });

  it('a connection killed mid-transaction (pg_terminate_backend): rolled back, store_unavailable, and the next call works', async () => {
    const opened = await store();
    const id = await opened.customers.insert(customer('victim'), 1);
    const attempt = opened.transaction(async (tx) => {
      await tx.customers.setPasswordHash(id, 'half-done', 2);
      await tx.procedures.record({ customerId: id, kind: 'password_change', outcome: 'completed', at: 2 });
      // Another session ends this one, as a server restart or an operator would.
      psql(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle in transaction'`,
        testDatabaseUrl(temp.dir),
      );
      await tx.outbox.enqueue(
        { kind: 'k', to: 'a@example.com', from: 'f@example.com', subject: 's', text: 't', html: 'h', messageId: '<x@y>', hasSecretSlot: false },
        2,
      );
    });
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).failure).toBe('store_unavailable');
    expect((await opened.customers.findById(id))?.passwordHash).toBe('x');
    expect(await inStore(temp.dir, (db) => db.selectFrom('procedures').select('id').execute())).toEqual([]);
  });

  it('kiosks starting together migrate once, under the advisory lock', async () => {
    const url = testDatabaseUrl(join(temp.dir, 'unmigrated'), { migrated: false });
    const script = `
      import { openStore } from './electron/core/store/store';
      const store = await openStore({ dataDir: process.argv[1], databaseUrl: process.argv[2], kioskId: process.argv[3] });
      await store.close();
      console.log('migrated');`;
    const starts = ['a', 'b', 'c'].map((kiosk) => runTsx(['--input-type=module', '-e', script, temp.dir, url, kiosk]).exited);
    for (const result of await Promise.all(starts)) expect(result, result.out).toEqual({ code: 0, signal: null, out: 'migrated\n' });
    // The new store created once, at this code's version: one row, not three.
    expect(psql('SELECT version FROM store_version ORDER BY version', url).split('\n')).toEqual([String(latestPostgresVersion())]);
  });

  it('a store written by a newer kiosk is refused with a clear message, and left as it is', async () => {
    const url = testDatabaseUrl(temp.dir);
    psql('INSERT INTO store_version (version, applied_at) VALUES (99, 0)', url);
    await expect(openStore({ dataDir: temp.dir, databaseUrl: url, kioskId: 'k' })).rejects.toThrow(StoreOpenError);
    await expect(openStore({ dataDir: temp.dir, databaseUrl: url, kioskId: 'k' })).rejects.toThrow(
      new RegExp(`written by a newer version of the kiosk \\(store version 99; this version knows up to ${latestPostgresVersion()}\\)`),
    );
    expect(psql('SELECT max(version) FROM store_version', url)).toBe('99');
  });

  it('a server that cannot be reached at start: a message naming the store and what to check', async () => {
    const proxy = await startCuttableProxy({ host: '127.0.0.1', port: 5432 });
    closers.push(() => proxy.close());
    proxy.cut();
    const url = new URL(testDatabaseUrl(temp.dir));
    url.port = String(proxy.port);
    url.searchParams.set('connect_timeout_ms', '2000');
    await expect(openStore({ dataDir: temp.dir, databaseUrl: url.toString(), kioskId: 'k' })).rejects.toThrow(
      new RegExp(`PostgreSQL kiosk_test@127\\.0\\.0\\.1:${proxy.port}/kt_\\w+ cannot be reached .*check KIOSK_DATABASE_URL`),
    );
  });
});

describe('a kiosk whose database goes away', () => {
  let proxy: CuttableProxy;
  let t: TestCore;
  beforeEach(async () => {
    proxy = await startCuttableProxy({ host: '127.0.0.1', port: 5432 });
    closers.push(() => proxy.close());
    const url = new URL(testDatabaseUrl(temp.dir));
    url.port = String(proxy.port);
    url.searchParams.set('connect_timeout_ms', '2000');
    t = await startTestCore({ dataDir: temp.dir, databaseUrl: url.toString() });
    closers.push(() => t.core.close());
  });

  it('tells the customer the service is unavailable, changes nothing, and serves again once it is back', async () => {
    const window = { windowId: 'w' };
    const at = (ctx: { windowId: string }) => kioskAt(t.core, ctx);
    expect(await at(window).session.signIn(TARO)).toMatchObject({ ok: true });
    await at(window).passwordChange.start();
    expect(await at(window).passwordChange.check({ currentPassword: TARO.password, newPassword: 'Away_pass-91', newPasswordAgain: 'Away_pass-91' })).toMatchObject({
      ok: true,
    });
    proxy.cut();
    expect(await at(window).passwordChange.commit()).toEqual({ ok: false, code: 'store_unavailable' });
    expect(await at(window).session.signIn(TARO)).toEqual({ ok: false, code: 'store_unavailable' });
    proxy.restore();
    // Nothing half-done: no audit row, no mail; the customer carries on where they were.
    expect(await inStore(temp.dir, (db) => db.selectFrom('procedures').select('id').execute())).toEqual([]);
    expect(await at(window).passwordChange.commit()).toMatchObject({ ok: true, value: { newPassword: 'Away_pass-91' } });
    expect(await inStore(temp.dir, (db) => db.selectFrom('procedures').select('kind').execute())).toEqual([{ kind: 'password_change' }]);
  });

  it('its health says so: /healthz 503 naming the store and kiosk_store_up 0 while it is away, ready again once it is back', async () => {
    const port = await freePort();
    const url = new URL(testDatabaseUrl(temp.dir));
    url.port = String(proxy.port);
    url.searchParams.set('connect_timeout_ms', '1000');
    await t.core.close();
    // The closer the test began with closes this core (it reads `t` then).
    t = await startTestCore({ dataDir: temp.dir, databaseUrl: url.toString(), metricsListen: { host: '127.0.0.1', port } });
    t.core.liveness.pageAnswered();
    const health = async () => {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      return { status: response.status, body: (await response.json()) as { ready: boolean; problems: string[] } };
    };
    const storeUp = async () => /^kiosk_store_up\{[^}]*\} (\d)$/m.exec(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text())?.[1];
    expect((await health()).status).toBe(200);
    expect(await storeUp()).toBe('1');
    proxy.cut();
    const away = await health();
    expect(away.status).toBe(503);
    expect(away.body.ready).toBe(false);
    expect(away.body.problems).toContainEqual(expect.stringMatching(/^store unreachable: /));
    expect(await storeUp()).toBe('0');
    proxy.restore();
    t.core.liveness.pageAnswered();
    await expect.poll(async () => (await health()).status, { timeout: 10_000 }).toBe(200);
    expect(await storeUp()).toBe('1');
  });
});
