import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  CompiledQuery,
  type ColumnDataType,
  type CreateTableBuilder,
  type Expression,
} from 'kysely';
import { codeStates, funnelEvents, journalledKinds, outboxStates, procedureKinds, staffRoles } from './schema';

export type Engine = 'sqlite' | 'postgres';

/** A CHECK that `column` holds one of `values` (the lists in schema.ts). */
const oneOf = (column: string, values: readonly string[]) => sql`${sql.raw(column)} IN (${sql.join(values.map((value) => sql.lit(value)))})`;

/** Kysely for one engine that only writes SQL (nothing to connect to): the SQLite store runs it synchronously. */
export function compiler(engine: Engine): Kysely<unknown> {
  return new Kysely<unknown>({
    dialect:
      engine === 'sqlite'
        ? {
            createAdapter: () => new SqliteAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new SqliteIntrospector(db),
            createQueryCompiler: () => new SqliteQueryCompiler(),
          }
        : {
            createAdapter: () => new PostgresAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new PostgresIntrospector(db),
            createQueryCompiler: () => new PostgresQueryCompiler(),
          },
  });
}

/** What every table definition is written with, for one engine. */
function builders(engine: Engine) {
  const db = compiler(engine);
  const sqlite = engine === 'sqlite';
  const wide: ColumnDataType = sqlite ? 'integer' : 'bigint';
  type Table = CreateTableBuilder<string, string>;
  const id = (table: Table) =>
    table.addColumn('id', wide, (c) => (sqlite ? c.primaryKey() : c.generatedByDefaultAsIdentity().primaryKey()));
  const flag = (table: Table, name: string) => table.addColumn(name, 'integer', (c) => c.notNull().defaultTo(0).check(sql`${sql.ref(name)} IN (0, 1)`));
  /** A text column that, when set, must look like YYYY-MM or YYYY-MM-DD. */
  const dated = (table: Table, name: string, digits: 'month' | 'day') => {
    const glob = digits === 'month' ? '[0-9][0-9][0-9][0-9]-[0-9][0-9]' : '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]';
    const regex = digits === 'month' ? '^[0-9]{4}-[0-9]{2}$' : '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
    const check: Expression<unknown> = sqlite ? sql`${sql.ref(name)} GLOB ${sql.lit(glob)}` : sql`${sql.ref(name)} ~ ${sql.lit(regex)}`;
    return table.addColumn(name, 'text', (c) => c.check(check));
  };
  const strict = (table: Table, withoutRowid = false) =>
    sqlite ? table.modifyEnd(sql.raw(withoutRowid ? ' STRICT, WITHOUT ROWID' : ' STRICT')) : table;
  const withoutRowid = (table: Table) => (sqlite ? table.modifyEnd(sql.raw(' WITHOUT ROWID')) : table);

  return { schema: db.schema, sqlite, wide, id, flag, dated, strict, withoutRowid };
}

/** The customers table (named `name`: SQLite's rebuild at version 10 makes it under another name first). */
export function customersTable(engine: Engine, name = 'customers'): CompiledQuery {
  const { schema, wide, id, flag, dated, strict } = builders(engine);
  return schema
    .createTable(name)
    .$call(id)
    .addColumn('itscom_id', 'text', (c) => c.notNull())
    .addColumn('itscom_id_key', 'text', (c) => c.notNull().unique())
    .addColumn('is_legacy_id', 'integer', (c) => c.notNull().check(sql`is_legacy_id IN (0, 1)`))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('contact_mail', 'text', (c) => c.notNull())
    // What the top page shows: absent for a directory entry without the kiosk's attributes.
    .addColumn('plan_name', 'text')
    .$call((t) => dated(t, 'renewal_from', 'month'))
    .$call((t) => dated(t, 'renewal_to', 'month'))
    .$call((t) => dated(t, 'contract_start', 'day'))
    .addColumn('created_at', wide, (c) => c.notNull())
    .addColumn('updated_at', wide, (c) => c.notNull())
    .addColumn('password_changed_at', wide)
    .addColumn('temporary_password_expires_at', wide)
    .$call((t) => flag(t, 'demo_seeded'))
    .addColumn('credential_version', 'integer', (c) => c.notNull().defaultTo(0))
    // The directory entry (its entryUUID) a customer's row stands for, when accounts live in the provider's directory.
    .addColumn('directory_entry', 'text', (c) => c.unique())
    .$call((t) => strict(t))
    .compile();

}

/**
 * Every table of the store at the current store version, written once for
 * both engines: a new store is created from this. Times and ids are 64-bit
 * (SQLite's INTEGER, PostgreSQL's BIGINT); flags are 0/1 integers; SQLite's
 * tables are STRICT. Only what the engines say differently is said twice: an
 * id column, a text pattern (GLOB or a regular expression), the table options.
 *
 * An existing store reaches the same tables through its engine's shipped
 * history (sqlite-migrations.ts, postgres-migrations.ts) and then the
 * migrations written once for both (migrations.ts); store-schema.test.ts
 * introspects both engines both ways and compares them.
 */
export function createTables(engine: Engine): CompiledQuery[] {
  const { schema, wide, id, flag, strict, withoutRowid } = builders(engine);
  const verificationCodes = schema
    .createTable('verification_codes')
    .$call(id)
    .addColumn('customer_id', wide, (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('new_id_key', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', wide, (c) => c.notNull())
    .addColumn('expires_at', wide, (c) => c.notNull())
    .addColumn('wrong_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('active').check(oneOf('state', codeStates)))
    .$call((t) => strict(t));

  const procedures = schema
    .createTable('procedures')
    .$call(id)
    .addColumn('customer_id', wide, (c) => c.references('customers.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', procedureKinds)))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('at', wide, (c) => c.notNull())
    .addColumn('rating', 'integer', (c) => c.check(sql`rating BETWEEN 1 AND 5`))
    .addColumn('kiosk_id', 'text')
    .$call((t) => strict(t));

  const outbox = schema
    .createTable('outbox')
    .$call(id)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('procedure_id', wide, (c) => c.references('procedures.id').onDelete('set null'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .$call((t) => flag(t, 'has_secret_slot'))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending').check(oneOf('state', outboxStates)))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', wide, (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', wide, (c) => c.notNull())
    .addColumn('sent_at', wide)
    .addColumn('claimed_by', 'text')
    .addColumn('claim_until', wide)
    .addColumn('kiosk_id', 'text')
    .$call((t) => strict(t));

  const kioskSettings = schema
    .createTable('kiosk_settings')
    .addColumn('kiosk_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('kiosk_settings_pkey', ['kiosk_id', 'key'])
    .$call((t) => strict(t, true));

  const supportCalls = schema
    .createTable('support_calls')
    .$call(id)
    .addColumn('at', wide, (c) => c.notNull())
    .addColumn('resolved_at', wide)
    .addColumn('kiosk_id', 'text')
    .$call((t) => strict(t));

  const attemptCounters = schema
    .createTable('attempt_counters')
    .addColumn('subject', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('window_started_at', wide, (c) => c.notNull())
    .addColumn('locked_until', wide)
    .addColumn('in_flight_until', wide)
    .addColumn('locked_in_shop', 'text')
    .addColumn('lock_level', 'integer', (c) => c.notNull().defaultTo(0))
    .$call(withoutRowid);

  const rateEvents = schema
    .createTable('rate_events')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('at', wide, (c) => c.notNull());

  const kiosks = schema
    .createTable('kiosks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('shop', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('started_at', wide, (c) => c.notNull())
    .addColumn('last_beat_at', wide, (c) => c.notNull())
    .$call((t) => flag(t, 'stopped'))
    .$call((t) => flag(t, 'in_use'))
    .addColumn('printer_state', 'text', (c) => c.notNull().defaultTo('unknown'))
    .addColumn('printer_reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('outbox_backlog', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('instance', 'text')
    .$call((t) => strict(t, true));

  return [
    customersTable(engine),
    customersByContactMail(engine),
    verificationCodes.compile(),
    schema.createIndex('verification_codes_by_customer').on('verification_codes').columns(['customer_id', 'created_at']).compile(),
    procedures.compile(),
    schema.createIndex('procedures_by_time').on('procedures').column('at').compile(),
    outbox.compile(),
    schema.createIndex('outbox_due').on('outbox').columns(['state', 'next_attempt_at']).compile(),
    ...outboxClaimableIndex(engine),
    kioskSettings.compile(),
    supportCalls.compile(),
    attemptCounters.compile(),
    rateEvents.compile(),
    schema.createIndex('rate_events_subject_at').on('rate_events').columns(['subject', 'at']).compile(),
    kiosks.compile(),
    schema.createIndex('kiosks_by_shop').on('kiosks').columns(['shop', 'name']).compile(),
    ...accountChangesTable(engine),
    ...staffAndAuditTables(engine),
    ...shopTables(engine),
    ...AUDIT_SEQUENCE_V14.map((text) => CompiledQuery.raw(text)),
  ];
}

/**
 * Store version 14's audit sequence, as fixed text (a migration that shipped
 * never changes): a new store gets it after version 12's audit table, as an
 * upgraded one does. The same SQL on both engines.
 */
export const AUDIT_SEQUENCE_V14: readonly string[] = [
  'ALTER TABLE audit_trail ADD COLUMN seq INTEGER',
  'CREATE INDEX audit_trail_shop_seq ON audit_trail (shop, seq)',
];

/** A shop's settings (its opening hours) and where its customers' procedures went (store version 13). */
export function shopTables(engine: Engine): CompiledQuery[] {
  const { schema, wide, id, strict } = builders(engine);
  return [
    schema
      .createTable('shop_settings')
      .addColumn('shop', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('shop_settings_pkey', ['shop', 'key'])
      .$call((t) => strict(t, true))
      .compile(),
    schema
      .createTable('funnel_events')
      .$call(id)
      .addColumn('shop', 'text', (c) => c.notNull())
      .addColumn('kiosk_id', 'text', (c) => c.notNull())
      .addColumn('at', wide, (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull().check(oneOf('event', funnelEvents)))
      .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
      .$call((t) => strict(t))
      .compile(),
    schema.createIndex('funnel_events_by_shop').on('funnel_events').columns(['shop', 'at']).compile(),
  ];
}

/**
 * Staff accounts and the audit trail (store version 12). The trail is
 * append-only in the database itself: a trigger refuses every UPDATE, and a
 * DELETE of anything but its shop's oldest row older than 30 days (the
 * retention purge removes rows from the front, one at a time, so the chain
 * stays verifiable from the oldest row left).
 */
export function staffAndAuditTables(engine: Engine): CompiledQuery[] {
  const { schema, wide, id, flag, strict } = builders(engine);
  const floorMs = 30 * 24 * 60 * 60_000;
  const guard =
    engine === 'sqlite'
      ? [
          `CREATE TRIGGER audit_trail_no_update BEFORE UPDATE ON audit_trail BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END`,
          `CREATE TRIGGER audit_trail_front_only BEFORE DELETE ON audit_trail
             WHEN OLD.id <> (SELECT min(id) FROM audit_trail WHERE shop = OLD.shop) OR OLD.at > CAST(strftime('%s', 'now') AS INTEGER) * 1000 - ${floorMs}
           BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END`,
        ]
      : [
          `CREATE FUNCTION audit_trail_guard() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN
             IF TG_OP = 'UPDATE' OR OLD.id <> (SELECT min(id) FROM audit_trail WHERE shop = OLD.shop)
                OR OLD.at > extract(epoch FROM clock_timestamp()) * 1000 - ${floorMs} THEN
               RAISE EXCEPTION 'the audit trail is append-only';
             END IF;
             RETURN OLD;
           END $$`,
          'CREATE TRIGGER audit_trail_guard BEFORE UPDATE OR DELETE ON audit_trail FOR EACH ROW EXECUTE FUNCTION audit_trail_guard()',
        ];
  return [
    schema
      .createTable('staff_members')
      .$call(id)
      .addColumn('shop', 'text', (c) => c.notNull())
      .addColumn('number', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(oneOf('role', staffRoles)))
      .addColumn('pin_hash', 'text', (c) => c.notNull())
      .$call((t) => flag(t, 'must_set_pin'))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1).check(sql`active IN (0, 1)`))
      .addColumn('inactive_reason', 'text')
      .addColumn('failures_since_entry', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', wide, (c) => c.notNull())
      .addColumn('last_used_at', wide)
      .addColumn('pin_changed_at', wide, (c) => c.notNull())
      .addUniqueConstraint('staff_members_shop_number', ['shop', 'number'])
      .$call((t) => strict(t))
      .compile(),
    schema
      .createTable('audit_trail')
      .$call(id)
      .addColumn('shop', 'text', (c) => c.notNull())
      .addColumn('kiosk_id', 'text', (c) => c.notNull())
      .addColumn('at', wide, (c) => c.notNull())
      .addColumn('staff_number', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .$call((t) => strict(t))
      .compile(),
    schema.createIndex('audit_trail_by_shop').on('audit_trail').columns(['shop', 'id']).compile(),
    ...guard.map((text) => CompiledQuery.raw(text)),
  ];
}

/** The journal of changes made outside the kiosk's store (store version 11). */
export function accountChangesTable(engine: Engine): CompiledQuery[] {
  const { schema, wide, id, strict } = builders(engine);
  return [
    schema
      .createTable('account_changes')
      .$call(id)
      .addColumn('customer_id', wide, (c) => c.notNull().references('customers.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', journalledKinds)))
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('kiosk_id', 'text', (c) => c.notNull())
      .addColumn('started_at', wide, (c) => c.notNull())
      .$call((t) => strict(t))
      .compile(),
    schema.createIndex('account_changes_by_start').on('account_changes').column('started_at').compile(),
  ];
}

/** Staff's ID look-up by contact address, letter case aside. */
export function customersByContactMail(engine: Engine): CompiledQuery {
  return compiler(engine).schema.createIndex('customers_by_contact_mail').on('customers').expression(sql`lower(contact_mail)`).compile();
}

/** The outbox worker's claim: pending and due, oldest first (a partial index, on both engines since store version 9). */
export function outboxClaimableIndex(engine: Engine): CompiledQuery[] {
  return [compiler(engine).schema.createIndex('outbox_claimable').on('outbox').columns(['next_attempt_at', 'id']).where(sql<boolean>`state = 'pending'`).compile()];
}
