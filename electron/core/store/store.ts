import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { parseDatabaseUrl, type DatabaseSettings } from '../../../shared/rules/database-url';
import { readCertificateFile } from '../certificate-file';
import { createAccountChangesRepo, type AccountChangesRepo } from './account-changes-repo';
import { createAttemptsRepo, type AttemptsRepo } from './attempts-repo';
import { createAuditRepo, type AuditRepo } from './audit-repo';
import { createStaffMembersRepo, type StaffMembersRepo } from './staff-members-repo';
import { createCodesRepo, type CodesRepo } from './codes-repo';
import { createCustomersRepo, type CustomersRepo } from './customers-repo';
import { DATABASE_FILE, openSqliteFile, withPreparedStatements } from './database';
import { withDomainErrors } from './domain-error-dialect';
import { newTransaction, type Engine, type Executor } from './executor';
import { createOutboxRepo, type OutboxRepo } from './outbox-repo';
import { createPool, migratePostgres } from './postgres-engine';
import { createProceduresRepo, type ProceduresRepo } from './procedures-repo';
import { createRateEventsRepo, type RateEventsRepo } from './rate-events-repo';
import type { StoreSchema } from './schema';
import { createSettingsRepo, type SettingsRepo } from './settings-repo';
import { createStaffRepo, type StaffRepo } from './staff-repo';
import { createKiosksRepo, type KiosksRepo } from './kiosks-repo';
import { createShopSettingsRepo, type ShopSettingsRepo } from './shop-settings-repo';
import { createFunnelRepo, type FunnelRepo } from './funnel-repo';
import { DEFAULT_SHOP } from '../../../shared/config/kiosk-config';
import { StoreOpenError } from './store-errors';

/** Every repository, bound to the store or to one transaction. */
export interface Repos {
  customers: CustomersRepo;
  codes: CodesRepo;
  outbox: OutboxRepo;
  procedures: ProceduresRepo;
  settings: SettingsRepo;
  staff: StaffRepo;
  attempts: AttemptsRepo;
  rateEvents: RateEventsRepo;
  kiosks: KiosksRepo;
  accountChanges: AccountChangesRepo;
  staffMembers: StaffMembersRepo;
  audit: AuditRepo;
  shopSettings: ShopSettingsRepo;
  funnel: FunnelRepo;
}

/**
 * The store: the repositories, and the unit of work. Services never see a
 * driver, SQL or which engine is behind it.
 */
export interface Store extends Repos {
  readonly engine: Engine;
  /** For the start line: engine and where, never a password. */
  readonly description: string;
  /**
   * Runs `work` in one transaction with repositories bound to it: all of its
   * writes commit or none do. `work` does store work only (no mail, no
   * screen): on failure it is rolled back and the error (a StoreError when
   * the customer can be told) reaches the caller.
   *
   * SQLite: BEGIN IMMEDIATE (the store's one write lock at once; WAL,
   * synchronous=FULL). PostgreSQL: READ COMMITTED, and every read that
   * decides a write holds its subject first (lockSubject: attempt counters,
   * hourly sends, a customer's codes) or writes with one conditional
   * statement (an outbox claim), or lets a UNIQUE constraint decide (an ID
   * change). Nothing is retried behind the customer's back: a deadlock or a
   * lock wait past the statement timeout is store_busy, and the screen asks
   * to try again.
   */
  transaction<T>(work: (tx: Repos) => Promise<T>): Promise<T>;
  /**
   * The database server's clock (epoch ms) on a shared store, read now;
   * undefined for the embedded file, whose only kiosk's clock is the store's.
   */
  serverTime(): Promise<number | undefined>;
  /** One round trip to the database (health and metrics): resolves when it answered, rejects when it cannot. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions {
  dataDir: string;
  /** postgres://…: the shared PostgreSQL store; unset, the SQLite file in the data dir. */
  databaseUrl?: string;
  /** This kiosk: its rows of the per-kiosk tables (settings), and what it records as done by it. */
  kioskId: string;
  /** The shop whose kiosks staff mode shows (default `main`). */
  shop?: string;
  /** sslmode=require to another host accepted on purpose (KIOSK_DATABASE_UNVERIFIED_TLS=1). */
  allowUnverifiedTls?: boolean;
  /** A demo kiosk: its outbox worker takes only this kiosk's own mail (never a real kiosk's notices into its demo mailbox). */
  ownMailOnly?: boolean;
  /** A pool connection the server dropped while idle: reported, never fatal. */
  onConnectionError?: (error: Error) => void;
}

interface Kiosk {
  id: string;
  shop: string;
  ownMailOnly: boolean;
}

function reposOn(x: Executor, kiosk: Kiosk): Repos {
  return {
    customers: createCustomersRepo(x),
    codes: createCodesRepo(x),
    outbox: createOutboxRepo(x, kiosk.id, kiosk.ownMailOnly),
    procedures: createProceduresRepo(x, kiosk.id),
    settings: createSettingsRepo(x, kiosk.id),
    staff: createStaffRepo(x, kiosk.id, kiosk.shop),
    attempts: createAttemptsRepo(x, kiosk.shop),
    rateEvents: createRateEventsRepo(x),
    kiosks: createKiosksRepo(x),
    accountChanges: createAccountChangesRepo(x, kiosk.id),
    staffMembers: createStaffMembersRepo(x, kiosk.shop),
    audit: createAuditRepo(x, kiosk.id, kiosk.shop),
    shopSettings: createShopSettingsRepo(x, kiosk.shop),
    funnel: createFunnelRepo(x, kiosk.id, kiosk.shop),
  };
}

function storeOn(db: Kysely<StoreSchema>, engine: Engine, kiosk: Kiosk, description: string, afterClose = async () => {}): Store {
  return {
    ...reposOn({ db, engine }, kiosk),
    engine,
    description,
    transaction: (work) => newTransaction({ db, engine }).execute((tx) => work(reposOn({ db: tx, engine }, kiosk))),
    serverTime: async () => {
      if (engine === 'sqlite') return undefined;
      const { rows } = await sql<{ ms: number }>`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms`.execute(db);
      return Number(rows[0]!.ms);
    },
    ping: async () => {
      await sql`SELECT 1`.execute(db);
    },
    close: async () => {
      await db.destroy();
      await afterClose();
    },
  };
}

/** The CA file sslrootcert= names, read now: a missing or unreadable one stops the start, naming it. */
function readCaFile(settings: DatabaseSettings): string | undefined {
  const file = settings.tls.caFile;
  if (!file) return undefined;
  try {
    return readCertificateFile(file, { requireCa: false });
  } catch (error) {
    throw new StoreOpenError(`KIOSK_DATABASE_URL sslrootcert=${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** Opens (and migrates) the store the configuration names. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const kiosk = { id: options.kioskId, shop: options.shop ?? DEFAULT_SHOP, ownMailOnly: options.ownMailOnly ?? false };
  if (options.databaseUrl === undefined) {
    const file = openSqliteFile(options.dataDir);
    // Settings moved in from before store version 5 belong to this kiosk: the file was its own.
    file.prepare("UPDATE OR IGNORE kiosk_settings SET kiosk_id = ? WHERE kiosk_id = 'local'").run(options.kioskId);
    const db = new Kysely<StoreSchema>({ dialect: withDomainErrors(new SqliteDialect({ database: withPreparedStatements(file) }), 'sqlite') });
    return storeOn(db, 'sqlite', kiosk, `SQLite ${join(options.dataDir, DATABASE_FILE)}`);
  }
  const parsed = parseDatabaseUrl(options.databaseUrl, { allowUnverifiedTls: options.allowUnverifiedTls });
  if (!parsed.ok) throw new StoreOpenError(`KIOSK_DATABASE_URL ${parsed.problem}`);
  const { settings } = parsed;
  const pool = createPool(settings, options.onConnectionError ?? (() => undefined), readCaFile(settings));
  try {
    await migratePostgres(pool, settings.display);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = new Kysely<StoreSchema>({ dialect: withDomainErrors(new PostgresDialect({ pool }), 'postgres') });
  // Kysely ends the pool only if it ever used it; the migration's connection is the pool's too.
  return storeOn(db, 'postgres', kiosk, settings.display, async () => {
    if (!pool.ended) await pool.end();
  });
}
