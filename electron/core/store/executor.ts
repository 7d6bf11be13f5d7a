import { sql, type Kysely } from 'kysely';
import type { StoreSchema } from './schema';

export type Engine = 'sqlite' | 'postgres';

/** What a repository runs its queries on: the store, or one transaction of it. */
export interface Executor {
  db: Kysely<StoreSchema>;
  engine: Engine;
}

/**
 * Runs `work` in a transaction: the caller's, when the executor already is one,
 * else a new one (a repository step that must be atomic on its own).
 */
export function atomically<T>(x: Executor, work: (tx: Executor) => Promise<T>): Promise<T> {
  if (x.db.isTransaction) return work(x);
  return newTransaction(x).execute((tx) => work({ db: tx, engine: x.engine }));
}

/**
 * A transaction as the store runs them: READ COMMITTED named on PostgreSQL,
 * not assumed (a server configured for another default must not change the
 * locking rules of Store.transaction); on SQLite the driver begins IMMEDIATE.
 */
export function newTransaction({ db, engine }: Executor) {
  return engine === 'postgres' ? db.transaction().setIsolationLevel('read committed') : db.transaction();
}

/**
 * Serializes the transactions that decide about one subject (an attempt
 * counter, a customer's hourly sends, a customer's codes) until the
 * transaction ends. PostgreSQL runs READ COMMITTED, where two transactions can
 * both read "4 failures" and both write 5; a transaction-scoped advisory lock
 * on the subject makes the second wait and read the first one's result. SQLite
 * needs nothing: BEGIN IMMEDIATE already holds the store's single write lock.
 */
export async function lockSubject(x: Executor, subject: string): Promise<void> {
  if (!x.db.isTransaction) throw new Error('lockSubject outside a transaction locks nothing');
  if (x.engine === 'postgres') await sql`select pg_advisory_xact_lock(hashtextextended(${subject}, 0))`.execute(x.db);
}
