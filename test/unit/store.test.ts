import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../electron/core/auth/password-hash';
import Database from 'better-sqlite3';
import { createAttemptsRepo } from '../../electron/core/store/attempts-repo';
import { createCustomersRepo } from '../../electron/core/store/customers-repo';
import { createStaffRepo } from '../../electron/core/store/staff-repo';
import { DATABASE_FILE, openDatabase, type Db } from '../../electron/core/store/database';
import { DEMO_CUSTOMERS, seedDemoCustomers } from '../../electron/core/store/demo-seed';
import { currentVersion, migrations } from '../../electron/core/store/migrations';
import { ItscomIdTakenError } from '../../electron/core/store/store-errors';
import { createTransact } from '../../electron/core/store/transaction';
import { makeTempDir } from '../support/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let db: Db | undefined;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => {
  db?.close();
  db = undefined;
  temp.cleanup();
});

describe('store on a real SQLite file', () => {
  it('creates an owner-only data dir and migrates a new file to the latest version', () => {
    const dataDir = join(temp.dir, 'data');
    db = openDatabase(dataDir);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, DATABASE_FILE)).isFile()).toBe(true);
    expect(currentVersion(db)).toBe(migrations.at(-1)!.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('reopens an existing file without re-running migrations or losing rows', async () => {
    db = openDatabase(temp.dir);
    await seedDemoCustomers(createCustomersRepo(db), createTransact(db), async () => 'scrypt$2$1$1$AA==$AA==', 1);
    db.close();
    db = openDatabase(temp.dir);
    expect(createCustomersRepo(db).count()).toBe(DEMO_CUSTOMERS.length);
  });

  it('keeps iTSCOM IDs unique by their key', () => {
    db = openDatabase(temp.dir);
    const repo = createCustomersRepo(db);
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
    repo.insert(row, 1);
    expect(() => repo.insert({ ...row, itscomId: 'a@example.com' }, 1)).toThrow(/UNIQUE/);
    // Changing another customer's ID onto a taken key is a typed error, not the engine's words.
    const other = repo.insert({ ...row, itscomId: 'b@example.com', itscomIdKey: 'b@example.com' }, 1);
    const change = { itscomId: 'a@EXAMPLE.com', itscomIdKey: 'a@example.com', isLegacyId: false, contactMail: 'b@example.com' };
    expect(() => repo.changeItscomId(other, change, 2)).toThrow(ItscomIdTakenError);
  });
});

describe('store version 4', () => {
  it('moves the lockouts of a version-3 store into the attempt counters', () => {
    const old = new Database(join(temp.dir, DATABASE_FILE));
    for (const migration of migrations.filter((m) => m.version <= 3)) old.exec(migration.sql);
    old.pragma('user_version = 3');
    old
      .prepare(`INSERT INTO customers (itscom_id, itscom_id_key, is_legacy_id, password_hash, contact_mail, plan_name, renewal_from,
        renewal_to, contract_start, failed_sign_ins, locked_until, created_at, updated_at)
        VALUES ('locked.one', 'locked.one', 1, 'x', 'l@example.com', 'p', '2025-01', '2025-03', '2022-01-10', 5, 9000000, 1, 100)`)
      .run();
    old.close();
    db = openDatabase(temp.dir);
    expect(currentVersion(db)).toBe(migrations.at(-1)!.version);
    expect(createStaffRepo(db).lockedCustomers(1000)).toEqual([{ id: 1, itscom_id: 'locked.one', locked_until: 9000000 }]);
    expect(createAttemptsRepo(db).reserve('signin:locked.one', 1000, { max: 5, windowMs: 900_000, lockMs: 900_000, leaseMs: 30_000 })).toEqual({
      outcome: 'locked',
      until: 9000000,
    });
  });
});

describe('demo seed', () => {
  it('seeds the demo customers with working password hashes, once', async () => {
    db = openDatabase(temp.dir);
    const repo = createCustomersRepo(db);
    const transact = createTransact(db);
    expect(await seedDemoCustomers(repo, transact, hashPassword, 1)).toBe(true);
    expect(await seedDemoCustomers(repo, transact, hashPassword, 1)).toBe(false);
    expect(repo.count()).toBe(2);

    const taro = repo.findByKey('yamada.taro')!;
    expect(taro.isLegacyId).toBe(true);
    expect(taro.contactMail).toBe('taro.yamada@example.com');
    expect(await verifyPassword('Demo-pass1', taro.passwordHash)).toBe(true);
    const hanako = repo.findByKey('hanako.suzuki@example.com')!;
    expect(hanako.isLegacyId).toBe(false);
    expect(await verifyPassword('Hanako_2026', hanako.passwordHash)).toBe(true);
  });

  it('never writes over a store that already has customers', async () => {
    db = openDatabase(temp.dir);
    const repo = createCustomersRepo(db);
    const transact = createTransact(db);
    await seedDemoCustomers(repo, transact, hashPassword, 1);
    const taro = repo.findByKey('yamada.taro')!;
    repo.setPasswordHash(taro.id, await hashPassword('Changed-pass9'), 2);

    await seedDemoCustomers(repo, transact, hashPassword, 3);
    expect(repo.count()).toBe(2);
    expect(await verifyPassword('Changed-pass9', repo.findByKey('yamada.taro')!.passwordHash)).toBe(true);
  });

  it('stores no clear-text password', async () => {
    db = openDatabase(temp.dir);
    await seedDemoCustomers(createCustomersRepo(db), createTransact(db), hashPassword, 1);
    const dump = JSON.stringify(db.prepare('SELECT * FROM customers').all());
    for (const demo of DEMO_CUSTOMERS) expect(dump).not.toContain(demo.password);
  });
});
