import pg from 'pg';
import type { DatabaseSettings, DatabaseTls } from '../../../shared/rules/database-url';
import { postgresMigrations } from './postgres-migrations';
import { migrations as sharedMigrations, STORE_VERSION } from './migrations';
import { createTables } from './tables';
import { StoreOpenError, toDomainError } from './store-errors';

/** BIGINT (int8) and NUMERIC come back as numbers, as SQLite gives them: every time and id fits in 2^53. */
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as typeof pg.types.getTypeParser,
};

/** Any constant key: kiosks starting together take this lock to migrate one at a time. */
const MIGRATION_LOCK_KEY = 7_315_001;

export function latestPostgresVersion(): number {
  return STORE_VERSION;
}

/** The steps from `current` to this code's version: today's tables at once for a new store, else its history and the migrations since. */
function stepsFrom(current: number): { version: number; statements: string[] }[] {
  if (current === 0) return [{ version: STORE_VERSION, statements: createTables('postgres').map((query) => query.sql) }];
  return [
    ...postgresMigrations.map((migration) => ({ version: migration.version, statements: [migration.sql] })),
    ...sharedMigrations.map((migration) => ({ version: migration.version, statements: migration.statements('postgres') })),
  ].filter((step) => step.version > current);
}

/** libpq's sslmode as Node's TLS options (node-postgres reads sslmode differently: the kiosk sets it up itself). */
function tlsOptions(tls: DatabaseTls, ca: string | undefined): pg.PoolConfig['ssl'] {
  switch (tls.mode) {
    case 'disable':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
      // Signed by the shop's CA; the name is not compared (libpq's verify-ca).
      return { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { ...(ca ? { ca } : {}), rejectUnauthorized: true };
  }
}

/**
 * A connection pool to the shared store. An idle connection the server drops
 * (restart, pg_terminate_backend) emits an error on the pool: it is reported,
 * never left to crash the kiosk, and the pool connects anew on the next query.
 */
export function createPool(settings: DatabaseSettings, onIdleError: (error: Error) => void, ca?: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: settings.connectionString,
    ssl: tlsOptions(settings.tls, ca),
    max: settings.poolMax,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    // statement_timeout is the server's limit; query_timeout the client's, for a server that stopped answering.
    statement_timeout: settings.statementTimeoutMs,
    query_timeout: settings.statementTimeoutMs + 1_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    types,
  });
  pool.on('error', onIdleError);
  // A connection that dies while checked out (between two statements of a
  // transaction) emits its error on the client: the statement that follows
  // fails with store_unavailable, and nothing may crash the process meanwhile.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * Brings the store to this code's version. Under a session advisory lock, so
 * kiosks that start together migrate once: the first applies, the others wait
 * and then find nothing to do. Each migration is one transaction with its
 * version row. A store newer than this code is refused and left as it is.
 */
export async function migratePostgres(pool: pg.Pool, display: string): Promise<void> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    const failure = toDomainError(error);
    throw new StoreOpenError(
      `${display} cannot be reached (${error instanceof Error ? error.message : 'unknown error'}): check KIOSK_DATABASE_URL and that the server runs`,
      { cause: failure },
    );
  }
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS store_version (version INTEGER NOT NULL, applied_at BIGINT NOT NULL)');
      const { rows } = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM store_version');
      const current = rows[0]?.version ?? 0;
      if (current > latestPostgresVersion()) {
        throw new StoreOpenError(
          `${display} was written by a newer version of the kiosk (store version ${current}; this version knows up to ${latestPostgresVersion()}). ` +
            'It was left as it is: update this kiosk.',
        );
      }
      for (const step of stepsFrom(current)) {
        await client.query('BEGIN');
        try {
          for (const statement of step.statements) await client.query(statement);
          await client.query('INSERT INTO store_version (version, applied_at) VALUES ($1, $2)', [step.version, Date.now()]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
