import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { currentVersion, latestVersion, migrate } from './sqlite-migrations';
import { StoreOpenError } from './store-errors';

export type SqliteFile = Database.Database;

export const DATABASE_FILE = 'kiosk.sqlite3';

/** The SQLite store cannot be opened as it is; the message names the file and what to do. Nothing was changed. */
export class StoreFileError extends StoreOpenError {
  override name = 'StoreFileError';
}

/**
 * Creates the data directory readable by its owner only (it holds hashes and
 * mail). A folder that exists keeps its mode (it may be shared: /tmp, a home
 * folder), but one that others can write to is refused: they could swap the
 * store or plant a lock.
 */
export function ensurePrivateDir(dir: string): void {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return;
  }
  const stat = statSync(dir);
  if (!stat.isDirectory()) throw new StoreFileError(`${dir} is not a folder: set KIOSK_DATA_DIR to a folder of the kiosk's own`);
  if ((stat.mode & 0o022) !== 0 && (stat.mode & 0o1000) === 0) {
    throw new StoreFileError(
      `${dir} can be written by other users (mode ${(stat.mode & 0o777).toString(8)}): give the kiosk a folder of its own (KIOSK_DATA_DIR), or chmod go-w it`,
    );
  }
  if ((stat.mode & 0o1000) !== 0) {
    throw new StoreFileError(`${dir} is a shared folder (sticky, like /tmp): set KIOSK_DATA_DIR to a folder of the kiosk's own inside it`);
  }
}

/**
 * Opens (and migrates) the embedded SQLite store. WAL lets the outbox worker read while a
 * procedure writes; synchronous=FULL because a change shown as done must survive
 * a power cut at the counter.
 */
export function openSqliteFile(dataDir: string): SqliteFile {
  ensurePrivateDir(dataDir);
  const file = join(dataDir, DATABASE_FILE);
  const db = new Database(file);
  try {
    // Read before anything is written: a damaged or foreign file, or a newer store, is left exactly as it is.
    const version = currentVersion(db);
    if (version > latestVersion()) {
      throw new StoreFileError(
        `${file} was written by a newer version of the kiosk (store version ${version}; this version knows up to ${latestVersion()}). ` +
          'It was left as it is: update the kiosk, or set KIOSK_DATA_DIR to another folder.',
      );
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Deleted or overwritten content is zeroed, not left in free pages: a secret that leaves the store is gone from the file.
    db.pragma('secure_delete = ON');
    // better-sqlite3 waits synchronously: a store locked by another process holds
    // the main process this long before the customer is told (store_busy).
    db.pragma('busy_timeout = 3000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new StoreFileError(
        `${file} is not a readable kiosk store (damaged, or not a SQLite file). It was left as it is: ` +
          'move it away (keep it for recovery) and start again to create an empty store, or put a backup in its place.',
      );
    }
    throw error;
  }
}

/**
 * The file as Kysely's SQLite dialect takes it, with each statement prepared
 * once: the dialect prepares every query anew, and preparing costs more than
 * running a lookup by key. The kiosk's queries have a fixed set of shapes; the
 * cache is dropped whole if it ever grows past that.
 */
export function withPreparedStatements(file: SqliteFile): { prepare(sql: string): Database.Statement; close(): void } {
  const prepared = new Map<string, Database.Statement>();
  return {
    prepare: (sql) => {
      let statement = prepared.get(sql);
      if (statement === undefined) {
        if (prepared.size >= 500) prepared.clear();
        statement = file.prepare(sql);
        prepared.set(sql, statement);
      }
      return statement;
    },
    close: () => file.close(),
  };
}
