import type { ErrorCode } from '../../../shared/contract/result';

export type StoreFailure = Extract<ErrorCode, 'store_full' | 'store_busy' | 'store_unavailable'>;

/**
 * The store could not do what was asked, for a reason the customer can be told
 * (the screen explains each). The transaction it happened in changed nothing.
 * Thrown by the store only: services never see a driver's error.
 */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly failure: StoreFailure,
    options?: { cause?: unknown },
  ) {
    super(`store failure: ${failure}`, options);
  }
}

/** The store cannot be opened (newer than this code, unreadable, unreachable): the message says what to do. Nothing was changed. */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

/** A write hit a UNIQUE constraint; the repository that wrote says what it means. */
export class UniqueViolationError extends Error {
  override name = 'UniqueViolationError';
}

/**
 * Another customer holds the iTSCOM ID: the store's own uniqueness said so
 * (the engine's wording never leaves the store; services see this type).
 */
/**
 * A commit found the customer's credentials moved on since its session signed
 * in (a password reset, a temporary password, a change at another kiosk): it
 * wrote nothing, and its transaction rolls back.
 */
export class CredentialsChangedError extends Error {
  override name = 'CredentialsChangedError';
  constructor() {
    super('the credentials changed since the session signed in');
  }
}

export class ItscomIdTakenError extends Error {
  override name = 'ItscomIdTakenError';
}

/** SQLite's result codes (better-sqlite3 puts them on `error.code`). */
function sqliteFailure(code: string): StoreFailure | 'unique' | undefined {
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'unique';
  // Disk full, or the page cap reached.
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_WRITE' || code === 'SQLITE_IOERR_FSYNC') return 'store_full';
  // Another process holds the lock past busy_timeout.
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'store_busy';
  return undefined;
}

/** Network failures of the socket to the server, as Node names them. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** node-postgres' own words for a connection that is gone (it gives these no code). */
const CONNECTION_MESSAGES = [/^Connection terminated/, /timeout exceeded when trying to connect/, /not queryable/, /Client was closed/];

/** PostgreSQL's SQLSTATEs (node-postgres puts them on `error.code`), and lost connections. */
function postgresFailure(code: string | undefined, message: string): StoreFailure | 'unique' | undefined {
  if (code === '23505') return 'unique';
  // Serialization failure, deadlock, lock not available, statement timeout: nothing was done; try again.
  if (code === '40001' || code === '40P01' || code === '55P03' || code === '57014') return 'store_busy';
  if (code === '53100') return 'store_full';
  // Connection exceptions (08…), the server shutting down or starting (57P01–57P03), no free connection slot.
  if (code?.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return 'store_unavailable';
  if (code !== undefined && CONNECTION_CODES.has(code)) return 'store_unavailable';
  if (CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return 'store_unavailable';
  return undefined;
}

/**
 * A driver's error as the store's own: StoreError for what the customer can be
 * told, UniqueViolationError for a repository to name; anything else unchanged.
 */
export function toDomainError(error: unknown): unknown {
  if (error instanceof StoreError || error instanceof UniqueViolationError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  const failure =
    typeof code === 'string' && code.startsWith('SQLITE_') ? sqliteFailure(code) : postgresFailure(typeof code === 'string' ? code : undefined, message);
  if (failure === undefined) return error;
  if (failure === 'unique') return new UniqueViolationError(message, { cause: error });
  return new StoreError(failure, { cause: error });
}

/** What the dispatcher tells the screen about a thrown error, if it is a store failure. */
export function storeFailure(error: unknown): StoreFailure | undefined {
  return error instanceof StoreError ? error.failure : undefined;
}
