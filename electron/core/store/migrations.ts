import type Database from 'better-sqlite3';

/**
 * Versioned schema changes, applied in order inside one transaction each;
 * `PRAGMA user_version` records the last one applied. Never edit a shipped
 * migration: add the next one.
 */
export const migrations: readonly { version: number; sql: string }[] = [
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
];

export function currentVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Database.Database): void {
  const from = currentVersion(db);
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
