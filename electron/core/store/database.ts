import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations';

export type Db = Database.Database;

export const DATABASE_FILE = 'kiosk.sqlite3';

/** Creates the data directory readable by its owner only (it holds hashes and mail). */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode does not apply to a folder that already exists, nor past the umask.
  chmodSync(dir, 0o700);
}

/**
 * Opens (and migrates) the store. WAL lets the outbox worker read while a
 * procedure writes; synchronous=FULL because a change shown as done must survive
 * a power cut at the counter.
 */
export function openDatabase(dataDir: string): Db {
  ensurePrivateDir(dataDir);
  const db = new Database(join(dataDir, DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // better-sqlite3 waits synchronously: a store locked by another process holds
  // the main process this long before the customer is told (store_busy).
  db.pragma('busy_timeout = 3000');
  migrate(db);
  return db;
}
