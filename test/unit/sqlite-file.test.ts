import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openSqliteFile, StoreFileError } from '../../electron/core/store/database';
import { currentVersion, latestVersion, migrations } from '../../electron/core/store/sqlite-migrations';
import { openStore, type Store } from '../../electron/core/store/store';
import { makeTempDir } from '../support/temp-dir';

/** The embedded store's file itself: its folder, its modes, its old versions, a file it cannot use. */
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

const open = (dataDir = temp.dir) => openStore({ dataDir, kioskId: 'kiosk-a' });

/** A store file as an older kiosk left it: migrations up to `version` applied. */
function oldStore(version: number): Database.Database {
  const old = new Database(join(temp.dir, DATABASE_FILE));
  for (const migration of migrations.filter((m) => m.version <= version)) old.exec(migration.sql);
  old.pragma(`user_version = ${version}`);
  return old;
}

describe('the SQLite file', () => {
  it('creates an owner-only data dir and migrates a new file to the latest version, in WAL with foreign keys', () => {
    const dataDir = join(temp.dir, 'data');
    const file = openSqliteFile(dataDir);
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dataDir, DATABASE_FILE)).isFile()).toBe(true);
      expect(currentVersion(file)).toBe(latestVersion());
      expect(file.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(file.pragma('synchronous', { simple: true })).toBe(2);
      expect(file.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      file.close();
    }
  });

  it('says which store it is in the start line', async () => {
    store = await open();
    expect(store.engine).toBe('sqlite');
    expect(store.description).toBe(`SQLite ${join(temp.dir, DATABASE_FILE)}`);
  });

  it('version 4: moves the lockouts of a version-3 store into the attempt counters', async () => {
    const old = oldStore(3);
    old
      .prepare(`INSERT INTO customers (itscom_id, itscom_id_key, is_legacy_id, password_hash, contact_mail, plan_name, renewal_from,
        renewal_to, contract_start, failed_sign_ins, locked_until, created_at, updated_at)
        VALUES ('locked.one', 'locked.one', 1, 'x', 'l@example.com', 'p', '2025-01', '2025-03', '2022-01-10', 5, 9000000, 1, 100)`)
      .run();
    old.close();
    store = await open();
    expect(await store.staff.lockedCustomers(1000)).toEqual([{ id: 1, itscom_id: 'locked.one', locked_until: 9000000 }]);
    expect(await store.attempts.reserve('signin:locked.one', 1000, { max: 5, windowMs: 900_000, lockMs: 900_000, leaseMs: 30_000 })).toEqual({
      outcome: 'locked',
      until: 9000000,
    });
  });

  it("version 5: keeps a version-4 store's staff settings as this kiosk's", async () => {
    const old = oldStore(4);
    old.prepare("INSERT INTO settings (key, value) VALUES ('staffSettings', '{\"printer\":\"Front\"}')").run();
    old.close();
    store = await open();
    expect(await store.settings.get('staffSettings')).toEqual({ printer: 'Front' });
    await store.close();
    store = await open();
    expect(await store.settings.get('staffSettings')).toEqual({ printer: 'Front' });
  });

  it('version 7: rebuilds procedures for the recovery kinds, keeping every row and the mail linked to it', async () => {
    const old = oldStore(6);
    old.exec(`INSERT INTO customers (id, itscom_id, itscom_id_key, is_legacy_id, password_hash, contact_mail, plan_name, renewal_from,
        renewal_to, contract_start, created_at, updated_at)
        VALUES (1, 'kept.one', 'kept.one', 1, 'x', 'k@example.com', 'p', '2025-01', '2025-03', '2022-01-10', 1, 1);
      INSERT INTO procedures (id, customer_id, kind, outcome, at, rating, kiosk_id) VALUES (7, 1, 'password_change', 'completed', 5, 4, 'kiosk-a');
      INSERT INTO outbox (kind, procedure_id, to_address, from_address, subject, text_body, html_body, message_id, next_attempt_at, created_at)
        VALUES ('password_change_confirmation', 7, 'k@example.com', 'f@example.com', 's', 't', 'h', '<m@x>', 5, 5);`);
    old.close();
    store = await open();
    const file = new Database(join(temp.dir, DATABASE_FILE), { readonly: true });
    try {
      expect(file.prepare('SELECT id, customer_id, kind, outcome, at, rating, kiosk_id FROM procedures').all()).toEqual([
        { id: 7, customer_id: 1, kind: 'password_change', outcome: 'completed', at: 5, rating: 4, kiosk_id: 'kiosk-a' },
      ]);
      expect(file.prepare('SELECT procedure_id FROM outbox').all()).toEqual([{ procedure_id: 7 }]);
      expect(file.pragma('foreign_key_check')).toEqual([]);
    } finally {
      file.close();
    }
    expect(await store.procedures.record({ customerId: null, kind: 'id_lookup', outcome: 'not_found', at: 6 })).toBe(8);
    expect((await store.customers.findByKey('kept.one'))?.temporaryPasswordExpiresAt).toBeNull();
  });

  it('written by a newer version: a clear message naming the file, and the file untouched', async () => {
    const file = join(temp.dir, DATABASE_FILE);
    const newer = new Database(file);
    newer.pragma('user_version = 99');
    newer.close();
    const before = readFileSync(file);
    await expect(open()).rejects.toThrow(StoreFileError);
    await expect(open()).rejects.toThrow(new RegExp(`${file} was written by a newer version of the kiosk \\(store version 99`));
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('damaged or foreign: a clear message, and the file untouched', async () => {
    const file = join(temp.dir, DATABASE_FILE);
    writeFileSync(file, 'this is a shopping list, not a database '.repeat(200));
    const before = readFileSync(file);
    await expect(open()).rejects.toThrow(new RegExp(`${file} is not a readable kiosk store.*left as it is`));
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
