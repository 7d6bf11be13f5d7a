import type Database from 'better-sqlite3';
import { migrations as sharedMigrations, STORE_VERSION } from './migrations';
import { createTables } from './tables';

/**
 * SQLite's shipped history, store versions 1 to 7: how a store file of an
 * older kiosk reaches version 7 (from 8 on, migrations.ts serves both engines). Frozen: a new store is created from
 * tables.ts, and every change since is a migration there, written once for
 * both engines. `PRAGMA user_version` records the last version applied.
 */
export const migrations: readonly { version: number; sql: string; rebuildsTables?: true }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE customers (
        id               INTEGER PRIMARY KEY,
        itscom_id        TEXT    NOT NULL,
        itscom_id_key    TEXT    NOT NULL UNIQUE,
        is_legacy_id     INTEGER NOT NULL CHECK (is_legacy_id IN (0, 1)),
        password_hash    TEXT    NOT NULL,
        contact_mail     TEXT    NOT NULL,
        plan_name        TEXT    NOT NULL,
        renewal_from     TEXT    NOT NULL CHECK (renewal_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
        renewal_to       TEXT    NOT NULL CHECK (renewal_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
        contract_start   TEXT    NOT NULL CHECK (contract_start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        failed_sign_ins  INTEGER NOT NULL DEFAULT 0,
        locked_until     INTEGER,
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    sql: `
      -- A code is stored only as a keyed hash, bound to customer, session and new address.
      CREATE TABLE verification_codes (
        id              INTEGER PRIMARY KEY,
        customer_id     INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        session_id      TEXT    NOT NULL,
        new_id_key      TEXT    NOT NULL,
        code_hash       TEXT    NOT NULL,
        created_at      INTEGER NOT NULL,
        expires_at      INTEGER NOT NULL,
        wrong_attempts  INTEGER NOT NULL DEFAULT 0,
        state           TEXT    NOT NULL DEFAULT 'active'
                        CHECK (state IN ('active', 'used', 'superseded', 'cancelled', 'expired'))
      ) STRICT;
      CREATE INDEX verification_codes_by_customer ON verification_codes (customer_id, created_at);

      -- What happened, for staff and audit: never a secret.
      CREATE TABLE procedures (
        id           INTEGER PRIMARY KEY,
        customer_id  INTEGER REFERENCES customers(id) ON DELETE SET NULL,
        kind         TEXT    NOT NULL CHECK (kind IN ('id_change', 'password_change')),
        outcome      TEXT    NOT NULL,
        at           INTEGER NOT NULL,
        rating       INTEGER CHECK (rating BETWEEN 1 AND 5)
      ) STRICT;
      CREATE INDEX procedures_by_time ON procedures (at);

      -- Mail is written here in the same transaction as the change it reports,
      -- then delivered by the outbox worker. A body may hold a %SECRET% slot that
      -- is filled from memory at send time, so no code is ever stored in clear.
      CREATE TABLE outbox (
        id               INTEGER PRIMARY KEY,
        kind             TEXT    NOT NULL,
        procedure_id     INTEGER REFERENCES procedures(id) ON DELETE SET NULL,
        to_address       TEXT    NOT NULL,
        from_address     TEXT    NOT NULL,
        subject          TEXT    NOT NULL,
        text_body        TEXT    NOT NULL,
        html_body        TEXT    NOT NULL,
        message_id       TEXT    NOT NULL UNIQUE,
        has_secret_slot  INTEGER NOT NULL DEFAULT 0 CHECK (has_secret_slot IN (0, 1)),
        state            TEXT    NOT NULL DEFAULT 'pending'
                         CHECK (state IN ('pending', 'sent', 'failed', 'expired')),
        attempts         INTEGER NOT NULL DEFAULT 0,
        next_attempt_at  INTEGER NOT NULL,
        last_error       TEXT,
        created_at       INTEGER NOT NULL,
        sent_at          INTEGER
      ) STRICT;
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
    `,
  },
  {
    version: 3,
    sql: `
      -- Staff settings and staff-mode state (PIN hash, PIN lockout), as JSON values.
      CREATE TABLE settings (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      ) STRICT;

      -- 「お問い合わせ・サポート」 at the kiosk: a customer asked for a staff member.
      CREATE TABLE support_calls (
        id           INTEGER PRIMARY KEY,
        at           INTEGER NOT NULL,
        resolved_at  INTEGER
      ) STRICT;
    `,
  },
  {
    version: 4,
    // Attempt limits decided in the store, atomically: an attempt is counted
    // before the slow password check (attempt_counters), and every code sent or
    // address probed is an event of the hourly limit (rate_events). Unknown IDs
    // get rows too, so they count exactly like known ones.
    sql: `
      CREATE TABLE attempt_counters (
        subject            TEXT    PRIMARY KEY,
        failures           INTEGER NOT NULL DEFAULT 0,
        window_started_at  INTEGER NOT NULL,
        locked_until       INTEGER,
        in_flight_until    INTEGER
      ) WITHOUT ROWID;
      -- Failure counts move here; customers.failed_sign_ins and locked_until are no longer read.
      INSERT INTO attempt_counters (subject, failures, window_started_at, locked_until)
        SELECT 'signin:' || itscom_id_key, failed_sign_ins, updated_at, locked_until FROM customers
        WHERE failed_sign_ins > 0 OR locked_until IS NOT NULL;
      CREATE TABLE rate_events (
        subject  TEXT    NOT NULL,
        at       INTEGER NOT NULL
      );
      CREATE INDEX rate_events_subject_at ON rate_events (subject, at);
      INSERT INTO rate_events (subject, at) SELECT 'code-send:' || customer_id, created_at FROM verification_codes;
      -- A worker claims a mail before sending it: two workers never send one mail twice.
      ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
      ALTER TABLE outbox ADD COLUMN claim_until INTEGER;
    `,
  },
  {
    version: 5,
    // Settings belong to a kiosk (its printer, its paper, its PIN): keyed by
    // kiosk so the same table serves a store shared by a shop's kiosks. A
    // SQLite file is one kiosk's own: its rows move in as 'local', which the
    // store renames to the kiosk's id when it opens the file.
    sql: `
      CREATE TABLE kiosk_settings (
        kiosk_id  TEXT NOT NULL,
        key       TEXT NOT NULL,
        value     TEXT NOT NULL,
        PRIMARY KEY (kiosk_id, key)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO kiosk_settings (kiosk_id, key, value) SELECT 'local', key, value FROM settings;
      DROP TABLE settings;
    `,
  },
  {
    version: 6,
    // A shop's kiosks on one store: each kiosk's heartbeat, and which kiosk
    // did each procedure, took each call and queued each mail; when a
    // customer's password last changed, so other kiosks end their sessions.
    sql: `
      CREATE TABLE kiosks (
        id               TEXT    PRIMARY KEY,
        shop             TEXT    NOT NULL,
        name             TEXT    NOT NULL,
        version          TEXT    NOT NULL,
        started_at       INTEGER NOT NULL,
        last_beat_at     INTEGER NOT NULL,
        stopped          INTEGER NOT NULL DEFAULT 0 CHECK (stopped IN (0, 1)),
        in_use           INTEGER NOT NULL DEFAULT 0 CHECK (in_use IN (0, 1)),
        printer_state    TEXT    NOT NULL DEFAULT 'unknown',
        printer_reasons  TEXT    NOT NULL DEFAULT '[]',
        outbox_backlog   INTEGER NOT NULL DEFAULT 0
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX kiosks_by_shop ON kiosks (shop, name);
      ALTER TABLE procedures ADD COLUMN kiosk_id TEXT;
      ALTER TABLE support_calls ADD COLUMN kiosk_id TEXT;
      ALTER TABLE outbox ADD COLUMN kiosk_id TEXT;
      ALTER TABLE customers ADD COLUMN password_changed_at INTEGER;
      -- A code mail still pending from before lost its code with the process that held it.
      UPDATE outbox SET state = 'expired', last_error = 'secret no longer held' WHERE has_secret_slot = 1 AND state = 'pending';
    `,
  },
  {
    version: 7,
    // Recovery at the counter: resets, staff-issued temporary passwords and ID
    // look-ups are audited too, so procedures takes three more kinds. SQLite
    // cannot change a CHECK in place: the table is rebuilt (SQLite's own
    // twelve-step recipe, foreign keys off while it runs). A temporary
    // password carries its expiry; a customer with one must set a new one.
    rebuildsTables: true,
    sql: `
      CREATE TABLE procedures_v7 (
        id           INTEGER PRIMARY KEY,
        customer_id  INTEGER REFERENCES customers(id) ON DELETE SET NULL,
        kind         TEXT    NOT NULL CHECK (kind IN ('id_change', 'password_change', 'password_reset', 'temporary_password', 'id_lookup')),
        outcome      TEXT    NOT NULL,
        at           INTEGER NOT NULL,
        rating       INTEGER CHECK (rating BETWEEN 1 AND 5),
        kiosk_id     TEXT
      ) STRICT;
      INSERT INTO procedures_v7 (id, customer_id, kind, outcome, at, rating, kiosk_id)
        SELECT id, customer_id, kind, outcome, at, rating, kiosk_id FROM procedures;
      DROP TABLE procedures;
      ALTER TABLE procedures_v7 RENAME TO procedures;
      CREATE INDEX procedures_by_time ON procedures (at);
      ALTER TABLE customers ADD COLUMN temporary_password_expires_at INTEGER;
      CREATE INDEX customers_by_contact_mail ON customers (lower(contact_mail));
    `,
  },
];

/** The store version this code writes. */
export function latestVersion(): number {
  return STORE_VERSION;
}

export function currentVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** One step: its SQL in one transaction with its version; a rebuilt table's foreign keys checked before it commits. */
function apply(db: Database.Database, version: number, statements: readonly string[], rebuildsTables = false): void {
  // A rebuilt table must not set its referencing rows to NULL when the old one is dropped;
  // the pragma has no effect inside a transaction, so it is switched around it.
  if (rebuildsTables) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const statement of statements) db.exec(statement);
      if (rebuildsTables && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
        throw new Error(`store version ${version}: the rebuilt tables break a foreign key`);
      }
      db.pragma(`user_version = ${version}`);
    })();
  } finally {
    if (rebuildsTables) db.pragma('foreign_keys = ON');
  }
}

/** A new file gets today's tables at once; an older store walks its history, then the migrations written once. */
export function migrate(db: Database.Database): void {
  const from = currentVersion(db);
  if (from === 0) {
    apply(db, STORE_VERSION, createTables('sqlite').map((query) => query.sql));
    return;
  }
  for (const migration of migrations) {
    if (migration.version > from) apply(db, migration.version, [migration.sql], migration.rebuildsTables);
  }
  for (const migration of sharedMigrations) {
    if (migration.version > from) apply(db, migration.version, migration.statements('sqlite'), migration.rebuildsTables);
  }
}
