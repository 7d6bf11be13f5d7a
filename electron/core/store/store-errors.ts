import type { ErrorCode } from '../../../shared/contract/result';

/**
 * Another customer holds the iTSCOM ID: the store's own uniqueness said so
 * (the engine's wording never leaves the store; services see this type).
 */
export class ItscomIdTakenError extends Error {
  override name = 'ItscomIdTakenError';
}

/** Whether the driver refused a write for a UNIQUE constraint. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * The store failures a customer can be told about, from SQLite's result codes
 * (better-sqlite3 puts them on `error.code`). Anything else stays `internal`.
 */
export function storeFailure(error: unknown): Extract<ErrorCode, 'store_full' | 'store_busy'> | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  // Disk full, or the page cap reached.
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_WRITE' || code === 'SQLITE_IOERR_FSYNC') return 'store_full';
  // Another process holds the lock past busy_timeout.
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'store_busy';
  return undefined;
}
