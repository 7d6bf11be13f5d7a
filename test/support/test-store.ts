import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { readOrCreateKioskId } from '../../electron/core/kiosk-identity';
import { DATABASE_FILE } from '../../electron/core/store/database';
import { createPool } from '../../electron/core/store/postgres-engine';
import type { StoreSchema } from '../../electron/core/store/schema';
import { openStore, type Store } from '../../electron/core/store/store';
import { parseDatabaseUrl } from '../../shared/rules/database-url';

/**
 * Which engine this vitest project runs on (vitest.config.ts): every test that
 * opens a store opens it on this engine, so the suite runs once per engine.
 */
export type TestEngine = 'sqlite' | 'postgres';
export const testEngine: TestEngine = process.env.TEST_STORE_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** A role that may create databases, on the PostgreSQL server `./kiosk test` starts. */
export const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://kiosk_test:kiosk_test@127.0.0.1:5432/postgres';
/** This run's databases are named kt_<run>_…, and dropped when the run ends (test/support/postgres-setup.ts). */
export const runPrefix = () => `kt_${process.env.TEST_PG_RUN ?? 'adhoc'}_`;
export const templateName = () => `${runPrefix()}template`;

export function psql(sql: string, url = ADMIN_URL): string {
  return execFileSync('psql', [url, '-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function urlOf(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * The PostgreSQL database of a test's data dir: one per data dir (a core
 * restarted on the same dir, or a child process given it, finds the same
 * store), created from the run's migrated template on first use. Synchronous
 * (psql), so a config can name it without awaiting.
 */
export function testDatabaseUrl(dataDir: string, { migrated = true } = {}): string {
  const name = `${runPrefix()}${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
  if (psql(`SELECT 1 FROM pg_database WHERE datname = '${name}'`) !== '1') {
    psql(`CREATE DATABASE ${name} ${migrated ? `TEMPLATE ${templateName()}` : ''}`);
  }
  return urlOf(name);
}

/** The `databaseUrl` of a kiosk config on this engine (undefined: the SQLite file in `dataDir`). */
export function engineDatabaseUrl(dataDir: string): string | undefined {
  return testEngine === 'postgres' ? testDatabaseUrl(dataDir) : undefined;
}

/** The environment IT's commands (npm run customers, audit, staff) run with for the kiosk on `dataDir`, on this project's engine. */
export function kioskEnvironment(dataDir: string): NodeJS.ProcessEnv {
  const databaseUrl = engineDatabaseUrl(dataDir);
  return { ...process.env, KIOSK_DATA_DIR: dataDir, ...(databaseUrl ? { KIOSK_DATABASE_URL: databaseUrl } : {}) };
}

/** The store a core on `dataDir` would open, as that kiosk (its own settings rows). */
export function openTestStore(dataDir: string): Promise<Store> {
  return openStore({ dataDir, databaseUrl: engineDatabaseUrl(dataDir), kioskId: readOrCreateKioskId(dataDir).id });
}

/**
 * A look into a test's store through the query builder: the same query on
 * either engine, no migrations run, nothing held open after `close`.
 */
export function peekStore(dataDir: string): Kysely<StoreSchema> {
  if (testEngine === 'sqlite') {
    return new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database: new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true }) }) });
  }
  const parsed = parseDatabaseUrl(testDatabaseUrl(dataDir));
  if (!parsed.ok) throw new Error(parsed.problem);
  return new Kysely<StoreSchema>({ dialect: new PostgresDialect({ pool: createPool(parsed.settings, () => undefined) }) });
}

/** Runs `look` on a fresh peek at the store and closes it. */
export async function inStore<T>(dataDir: string, look: (db: Kysely<StoreSchema>) => Promise<T>): Promise<T> {
  const db = peekStore(dataDir);
  try {
    return await look(db);
  } finally {
    await db.destroy();
  }
}

/**
 * Makes the store refuse inserts into `table` whose row matches `condition`
 * (SQL over the new row's columns, e.g. `kind = 'x'`): a fault in the middle
 * of a transaction, for all-or-nothing tests. The one engine-specific helper.
 */
export function failInsertsInto(dataDir: string, table: 'outbox', condition: string): void {
  if (testEngine === 'sqlite') {
    const writer = new Database(join(dataDir, DATABASE_FILE));
    writer.exec(`CREATE TRIGGER injected_failure BEFORE INSERT ON ${table} WHEN ${condition.replace(/\b(\w+) =/g, 'NEW.$1 =')}
      BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    writer.close();
    return;
  }
  psql(
    `CREATE FUNCTION injected_failure() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;
     CREATE TRIGGER injected_failure BEFORE INSERT ON ${table} FOR EACH ROW WHEN (${condition.replace(/\b(\w+) =/g, 'NEW.$1 =')}) EXECUTE FUNCTION injected_failure();`,
    testDatabaseUrl(dataDir),
  );
}
