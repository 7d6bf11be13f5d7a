// What the store benches share: the local PostgreSQL server (as the tests reach
// it), percentiles, and test data: customers filled in multi-row inserts on a
// connection of their own (not a kiosk operation), closed before measuring.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Insertable } from 'kysely';
import { itscomIdKey } from '../shared/domain/itscom-id';
import { parseDatabaseUrl } from '../shared/rules/database-url';
import { DATABASE_FILE } from '../electron/core/store/database';
import { createPool } from '../electron/core/store/postgres-engine';
import type { StoreSchema } from '../electron/core/store/schema';

/** A syntactically valid hash: the KDF is not what the benches measure. */
export const HASH = 'scrypt$131072$8$1$Lq86GgQIs053SnLUZ9IERg==$f6TJPs/pO5w9jUtB+EDyfvjx023UwHKVWTeZFdnnSBo=';
export const idOf = (i: number) => `customer${i}@example.jp`;
export const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;
export const random = (n: number) => Math.floor(Math.random() * n);

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://kiosk_test:kiosk_test@127.0.0.1:5432/postgres';
export const psql = (sql: string, url = ADMIN_URL) => execFileSync('psql', [url, '-XqtA', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** A fresh database on the local server for one bench run; `drop` removes it. */
export function benchDatabase(name: string): { url: string; drop(): void } {
  psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  psql(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Adds `count` customers to the (migrated) store of `dataDir` or `databaseUrl`; seconds taken. */
export async function fillCustomers(dataDir: string, databaseUrl: string | undefined, count: number, now: number): Promise<number> {
  const parsed = databaseUrl === undefined ? undefined : parseDatabaseUrl(databaseUrl);
  if (parsed && !parsed.ok) throw new Error(parsed.problem);
  const db = new Kysely<StoreSchema>({
    dialect: parsed
      ? new PostgresDialect({ pool: createPool(parsed.settings, () => undefined) })
      : new SqliteDialect({ database: new Database(join(dataDir, DATABASE_FILE)) }),
  });
  const started = performance.now();
  const ROWS = 1_000;
  for (let start = 0; start < count; start += 50_000) {
    await db.transaction().execute(async (tx) => {
      for (let batch = start; batch < Math.min(count, start + 50_000); batch += ROWS) {
        const rows: Insertable<StoreSchema['customers']>[] = [];
        for (let i = batch; i < Math.min(count, batch + ROWS); i += 1) {
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
