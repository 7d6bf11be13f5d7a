import { AUDIT_SEQUENCE_V14, shopTables, staffAndAuditTables, accountChangesTable, compiler, customersByContactMail, customersTable, outboxClaimableIndex, type Engine } from './tables';

/**
 * The migrations written once for both engines, after each engine's shipped
 * history (sqlite-migrations.ts to version 7, postgres-migrations.ts 5 to 7).
 * Each is one transaction with its version. Never edit one that shipped: add
 * the next, and what tables.ts creates for a new store with it (the schema test
 * compares a new store with an upgraded one on both engines).
 */
export interface Migration {
  version: number;
  statements: (engine: Engine) => string[];
  /** SQLite rebuilds a table: its foreign keys are off while the migration runs, and checked before it commits. */
  rebuildsTables?: true;
}

export const migrations: readonly Migration[] = [
  {
    version: 8,
    // A customer row the demo seeded is marked, so a store holding any other
    // customer is never run in demo mode (published PIN, demo mailbox). The
    // demo's own rows of an older store are found by their contact address.
    // Every change of the password (or the ID) moves credential_version on: a
    // commit is conditional on the version its session signed in with. A kiosk
    // records where it runs, so a copied data dir is refused while the original lives.
    // The same SQL on both engines.
    statements: () => [
      `ALTER TABLE customers ADD COLUMN demo_seeded INTEGER NOT NULL DEFAULT 0 CHECK (demo_seeded IN (0, 1));
      ALTER TABLE customers ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 0;
      UPDATE customers SET demo_seeded = 1 WHERE contact_mail IN ('taro.yamada@example.com', 'hanako.suzuki@example.com');
      -- Which installation (host and data dir) runs a kiosk identity: a copied data dir is a second one.
      ALTER TABLE kiosks ADD COLUMN instance TEXT;
      -- The shop whose kiosk locked an ID: staff of that shop unlock it (NULL: locked before shops were recorded).
      ALTER TABLE attempt_counters ADD COLUMN locked_in_shop TEXT;`,
    ],
  },
  {
    version: 9,
    // The engines agree from here on: SQLite gets PostgreSQL's claim index and
    // drops the two customer columns it has not read since version 4.
    statements: (engine) =>
      engine === 'sqlite'
        ? [
            ...outboxClaimableIndex(engine),
            compiler(engine).schema.alterTable('customers').dropColumn('failed_sign_ins').compile(),
            compiler(engine).schema.alterTable('customers').dropColumn('locked_until').compile(),
          ].map((query) => query.sql)
        : [],
  },
  {
    version: 10,
    // A customer's row may stand for an entry of the provider's directory
    // (directory_entry, its entryUUID), whose plan fields are optional: the top
    // page leaves out what the entry does not have. SQLite cannot drop a NOT
    // NULL in place: the table is rebuilt from its definition in tables.ts.
    rebuildsTables: true,
    statements: (engine) =>
      engine === 'sqlite'
        ? [
            customersTable(engine, 'customers_v10').sql,
            `INSERT INTO customers_v10 (${CUSTOMER_COLUMNS_V9}) SELECT ${CUSTOMER_COLUMNS_V9} FROM customers`,
            'DROP TABLE customers',
            'ALTER TABLE customers_v10 RENAME TO customers',
            customersByContactMail(engine).sql,
          ]
        : [
            `ALTER TABLE customers ALTER COLUMN plan_name DROP NOT NULL, ALTER COLUMN renewal_from DROP NOT NULL,
               ALTER COLUMN renewal_to DROP NOT NULL, ALTER COLUMN contract_start DROP NOT NULL`,
            'ALTER TABLE customers ADD COLUMN directory_entry TEXT UNIQUE',
          ],
  },
  {
    version: 11,
    // A change the directory makes is journalled before it is made and until
    // the kiosk's transaction records it: a kiosk that dies between the two
    // leaves the journal row, and the change is recorded (or found not made) later.
    statements: (engine) => accountChangesTable(engine).map((query) => query.sql),
  },
  {
    version: 12,
    // Staff are people: their own number, PIN and role, and an append-only
    // audit trail naming who did what. The shared PIN of before becomes a
    // manager numbered 0000 at the kiosk's next start (staff/staff-accounts.ts),
    // who sets a new PIN at the first entry: nobody is locked out.
    statements: (engine) => staffAndAuditTables(engine).map((query) => query.sql),
  },
  {
    version: 13,
    // A shop's own settings (its opening hours, the same for all its kiosks)
    // and the counts of where customers' procedures went (the funnel).
    statements: (engine) => shopTables(engine).map((query) => query.sql),
  },
  {
    version: 14,
    // Wrong PINs against a staff number lock it for longer each time (5 min,
    // 15 min, 1 h) instead of deactivating it: a walk-in can slow a manager's
    // entry, never take it away. The same SQL on both engines.
    // Each audit row records its place in its shop's chain (seq), covered by
    // its hash: the chain's head and front, logged outside the store, then
    // tell a trail cut at either end (audit/audit-anchors.ts).
    statements: () => [
      'ALTER TABLE attempt_counters ADD COLUMN lock_level INTEGER NOT NULL DEFAULT 0',
      ...AUDIT_SEQUENCE_V14,
    ],
  },
];

/** The customers table's columns at version 9, in order. */
const CUSTOMER_COLUMNS_V9 = [
  'id', 'itscom_id', 'itscom_id_key', 'is_legacy_id', 'password_hash', 'contact_mail', 'plan_name', 'renewal_from', 'renewal_to',
  'contract_start', 'created_at', 'updated_at', 'password_changed_at', 'temporary_password_expires_at', 'demo_seeded', 'credential_version',
].join(', ');

/** The store version this code writes. */
export const STORE_VERSION = migrations.at(-1)!.version;
