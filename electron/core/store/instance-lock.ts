import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export const LOCK_FILE = 'kiosk.lock';
const HOLDER_FILE = 'kiosk.lock.json';

/** A second kiosk on the same data dir: the message names the one that holds it. */
export class InstanceLockError extends Error {
  override name = 'InstanceLockError';
}

/**
 * One kiosk process per data dir. The lock is an exclusive SQLite transaction
 * on `kiosk.lock`, held open for the life of the process: the OS drops it the
 * moment its holder exits or is killed, so a dead holder never needs clearing
 * by hand, and two starting at once cannot both win. Who holds it is written
 * beside it, for the message the second one gives.
 */
export function takeInstanceLock(dataDir: string): { release(): void } {
  const db = new Database(join(dataDir, LOCK_FILE), { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    let holder = 'another process';
    try {
      const info = JSON.parse(readFileSync(join(dataDir, HOLDER_FILE), 'utf8')) as { pid?: number; host?: string; startedAt?: string };
      holder = `pid ${info.pid} on ${info.host}, started ${info.startedAt}`;
    } catch {
      // the holder is still writing it, or it was removed: the generic name will do
    }
    throw new InstanceLockError(`another kiosk is already running on ${dataDir} (${holder}); stop it first, or give this one its own KIOSK_DATA_DIR`);
  }
  writeFileSync(join(dataDir, HOLDER_FILE), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() }), { mode: 0o600 });
  return {
    release: () => {
      if (!db.open) return;
      db.exec('ROLLBACK');
      db.close();
    },
  };
}
