// Part of `npm run bench` (run with tsx): the store at 1,000,000 customers, on
// one engine (argv: engine, customers). Sign-in lookup (by the ID's key, through
// the repo, KDF excluded) and the ID change commit transaction (the same repo
// calls id-change-service makes: read the customer, check the new key is free,
// update, audit row, two outbox rows). PostgreSQL runs on a fresh database of
// the local server (as the tests reach it), dropped at the end.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Insertable } from 'kysely';
import { itscomIdKey } from '../shared/domain/itscom-id';
import { calendarDay } from '../shared/domain/calendar-day';
import { parseDatabaseUrl } from '../shared/rules/database-url';
import { contactChangedMail, idChangedMail } from '../electron/core/mail/templates';
import { DATABASE_FILE } from '../electron/core/store/database';
import { createPool } from '../electron/core/store/postgres-engine';
import type { StoreSchema } from '../electron/core/store/schema';
import { openStore } from '../electron/core/store/store';

const engine = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const CUSTOMERS = Number(process.argv[3] ?? 1_000_000);
const LOOKUPS = 20_000;
const COMMITS = 2_000;
// A syntactically valid hash: the KDF is not what is measured here.
const HASH = 'scrypt$131072$8$1$Lq86GgQIs053SnLUZ9IERg==$f6TJPs/pO5w9jUtB+EDyfvjx023UwHKVWTeZFdnnSBo=';
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://kiosk_test:kiosk_test@127.0.0.1:5432/postgres';

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;
const idOf = (i: number) => `customer${i}@example.jp`;
const random = (n: number) => Math.floor(Math.random() * n);
const psql = (sql: string, url = ADMIN_URL) => execFileSync('psql', [url, '-XqtA', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' }).trim();

const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
const database = `kiosk_bench_${process.pid}`;
const databaseUrl = (() => {
  if (engine === 'sqlite') return undefined;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
})();
if (databaseUrl) psql(`CREATE DATABASE ${database}`);

/** Fills the store in multi-row inserts (test data, not a kiosk operation): a separate connection, closed before measuring. */
async function fill(now: number): Promise<number> {
  const parsed = databaseUrl === undefined ? undefined : parseDatabaseUrl(databaseUrl);
  if (parsed && !parsed.ok) throw new Error(parsed.problem);
  const db = new Kysely<StoreSchema>({
    dialect: parsed
      ? new PostgresDialect({ pool: createPool(parsed.settings, () => undefined) })
      : new SqliteDialect({ database: new Database(join(dir, DATABASE_FILE)) }),
  });
  const started = performance.now();
  const ROWS = 1_000;
  for (let start = 0; start < CUSTOMERS; start += 50_000) {
    await db.transaction().execute(async (tx) => {
      for (let batch = start; batch < Math.min(CUSTOMERS, start + 50_000); batch += ROWS) {
        const rows: Insertable<StoreSchema['customers']>[] = [];
        for (let i = batch; i < Math.min(CUSTOMERS, batch + ROWS); i += 1) {
          const itscomId = idOf(i);
          rows.push({
            itscom_id: itscomId,
            itscom_id_key: itscomIdKey(itscomId),
            is_legacy_id: 0,
            password_hash: HASH,
            contact_mail: itscomId,
            plan_name: 'かっとびメガ160',
            renewal_from: '2026-04',
            renewal_to: '2028-03',
            contract_start: '2014-04-01',
            created_at: now,
            updated_at: now,
          });
        }
        await tx.insertInto('customers').values(rows).execute();
      }
    });
  }
  await db.destroy();
  return (performance.now() - started) / 1000;
}

try {
  const now = Date.now();
  // Created and migrated by the kiosk's own code, then filled, then measured through the repositories.
  await (await openStore({ dataDir: dir, databaseUrl, kioskId: 'bench' })).close();
  const fillSeconds = await fill(now);
  if (databaseUrl) psql('VACUUM ANALYZE customers', databaseUrl);
  else {
    const file = new Database(join(dir, DATABASE_FILE));
    file.pragma('wal_checkpoint(TRUNCATE)');
    file.close();
  }
  const store = await openStore({ dataDir: dir, databaseUrl, kioskId: 'bench' });
  const { customers } = store;

  for (let i = 0; i < 200; i += 1) await customers.findByKey(itscomIdKey(idOf(random(CUSTOMERS))));
  const lookups: number[] = [];
  for (let i = 0; i < LOOKUPS; i += 1) {
    const key = itscomIdKey(idOf(random(CUSTOMERS)));
    const t = performance.now();
    const found = await customers.findByKey(key);
    lookups.push(performance.now() - t);
    if (!found) throw new Error('lookup missed');
  }

  const commits: number[] = [];
  const changedOn = calendarDay(now);
  for (let i = 0; i < COMMITS; i += 1) {
    const id = 1 + random(CUSTOMERS);
    const newItscomId = `moved.${i}.${id}@example.net`;
    const t = performance.now();
    await store.transaction(async (tx) => {
      const customer = (await tx.customers.findById(id))!;
      const key = itscomIdKey(newItscomId);
      if (await tx.customers.findByKey(key)) throw new Error('taken');
      await tx.customers.changeItscomId(id, { itscomId: newItscomId, itscomIdKey: key, isLegacyId: false, contactMail: newItscomId }, now);
      const procedureId = await tx.procedures.record({ customerId: id, kind: 'id_change', outcome: 'completed', at: now });
      const mail = (content: ReturnType<typeof idChangedMail>, to: string, kind: string) =>
        tx.outbox.enqueue({ ...content, kind, to, from: 'mypage@itscom.jp', messageId: `<${randomUUID()}@bench>`, hasSecretSlot: false, procedureId }, now);
      await mail(idChangedMail(newItscomId, changedOn), newItscomId, 'id_change_confirmation');
      await mail(contactChangedMail(changedOn), customer.contactMail, 'contact_change_notice');
    });
    commits.push(performance.now() - t);
  }
  await store.close();
  const sizeMb =
    databaseUrl === undefined
      ? statSync(join(dir, DATABASE_FILE)).size / 1024 / 1024
      : Number(psql(`SELECT pg_database_size('${database}')`)) / 1024 / 1024;
  console.log(
    JSON.stringify({
      engine,
      customers: CUSTOMERS,
      fillSeconds,
      sizeMb,
      lookupP50: percentile(lookups, 50),
      lookupP95: percentile(lookups, 95),
      commitP50: percentile(commits, 50),
      commitP95: percentile(commits, 95),
      durability: engine === 'sqlite' ? 'synchronous=FULL (WAL)' : 'synchronous_commit=on (fsync per commit)',
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
  if (databaseUrl) psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
}
