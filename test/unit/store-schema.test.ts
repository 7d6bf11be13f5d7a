import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openSqliteFile } from '../../electron/core/store/database';
import { migrations as sqliteHistory } from '../../electron/core/store/sqlite-migrations';
import { postgresMigrations } from '../../electron/core/store/postgres-migrations';
import { openStore } from '../../electron/core/store/store';
import { makeTempDir } from '../support/temp-dir';
import { psql, testDatabaseUrl } from '../support/test-store';

/**
 * The store's tables as each engine reports them after migration, compared
 * table by table: columns (order, type, nullability, default), primary and
 * unique keys, foreign keys, indexes and the number of CHECK constraints. A
 * new store (tables.ts) and an old one walked through its history must agree
 * on one engine, and the two engines must agree with each other.
 */
interface Table {
  columns: { name: string; type: 'integer' | 'text'; notNull: boolean; default: string | null }[];
  primaryKey: string[];
  unique: string[][];
  foreignKeys: { column: string; table: string; references: string; onDelete: string }[];
  indexes: { name: string; columns: string[]; partial: boolean }[];
  checks: number;
}
type Schema = Record<string, Table>;

const typeClass = (type: string): 'integer' | 'text' => (/int/i.test(type) ? 'integer' : 'text');
const byName = <T extends { name: string }>(items: T[]) => [...items].sort((a, b) => a.name.localeCompare(b.name));

function sqliteSchema(file: string): Schema {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; sql: string }[];
    return Object.fromEntries(
      tables.map(({ name, sql }) => {
        const info = db.pragma(`table_info(${name})`) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
        const indexList = db.pragma(`index_list(${name})`) as { name: string; unique: number; origin: string; partial: number }[];
        const keyColumns = (index: string) =>
          (db.pragma(`index_xinfo(${index})`) as { cid: number; name: string | null; key: number }[]).filter((c) => c.key === 1).map((c) => (c.cid === -2 ? '<expression>' : c.name!));
        const fks = db.pragma(`foreign_key_list(${name})`) as { from: string; table: string; to: string; on_delete: string }[];
        const table: Table = {
          columns: info.map((c) => ({ name: c.name, type: typeClass(c.type), notNull: c.notnull === 1 || c.pk > 0, default: c.dflt_value })),
          primaryKey: info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
          unique: indexList.filter((i) => i.unique === 1 && i.origin === 'u').map((i) => keyColumns(i.name)).sort(),
          foreignKeys: fks.map((fk) => ({ column: fk.from, table: fk.table, references: fk.to, onDelete: fk.on_delete.toLowerCase() })),
          indexes: byName(indexList.filter((i) => i.origin === 'c').map((i) => ({ name: i.name, columns: keyColumns(i.name), partial: i.partial === 1 }))),
          checks: (sql.match(/\bcheck\s*\(/gi) ?? []).length,
        };
        return [name, table];
      }),
    );
  } finally {
    db.close();
  }
}

const rows = <T>(url: string, query: string): T[] => {
  const out = psql(`SELECT coalesce(json_agg(q), '[]') FROM (${query}) q`, url);
  return JSON.parse(out) as T[];
};

function postgresSchema(url: string): Schema {
  const tables = rows<{ name: string }>(url, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'store_version' ORDER BY 1");
  const deleteRule: Record<string, string> = { a: 'no action', c: 'cascade', n: 'set null', r: 'restrict', d: 'set default' };
  return Object.fromEntries(
    tables.map(({ name }) => {
      const columns = rows<{ name: string; type: string; notNull: boolean; default: string | null }>(
        url,
        `SELECT column_name AS name, data_type AS type, is_nullable = 'NO' AS "notNull", column_default AS default
         FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '${name}' ORDER BY ordinal_position`,
      );
      const indexes = rows<{ name: string; columns: (string | null)[]; unique: boolean; primary: boolean; partial: boolean; constraint: boolean }>(
        url,
        `SELECT i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary, ix.indpred IS NOT NULL AS partial,
                EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid) AS constraint,
                (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                   LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum) AS columns
         FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
         WHERE t.relname = '${name}' AND t.relnamespace = current_schema()::regnamespace`,
      );
      const cols = (index: { columns: (string | null)[] }) => index.columns.map((c) => c ?? '<expression>');
      const fks = rows<{ column: string; table: string; references: string; rule: string }>(
        url,
        `SELECT a.attname AS column, cf.relname AS table, af.attname AS references, c.confdeltype AS rule
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class cf ON cf.oid = c.confrelid
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
         WHERE c.contype = 'f' AND t.relname = '${name}'`,
      );
      const checks = rows<{ n: number }>(url, `SELECT count(*)::int AS n FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'c' AND t.relname = '${name}'`);
      const primary = indexes.find((i) => i.primary);
      const table: Table = {
        columns: columns.map((c) => ({
          name: c.name,
          type: typeClass(c.type),
          notNull: c.notNull,
          // 'active'::text is SQLite's 'active'; an identity column has no default on either.
          default: c.default?.replace(/::[a-z ]+$/, '') ?? null,
        })),
        primaryKey: primary ? cols(primary) : [],
        unique: indexes.filter((i) => i.unique && !i.primary).map(cols).sort(),
        foreignKeys: fks.map((fk) => ({ column: fk.column, table: fk.table, references: fk.references, onDelete: deleteRule[fk.rule] ?? fk.rule })),
        indexes: byName(indexes.filter((i) => !i.unique && !i.constraint).map((i) => ({ name: i.name, columns: cols(i), partial: i.partial }))),
        checks: checks[0]?.n ?? 0,
      };
      return [name, table];
    }),
  );
}

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

async function postgresStore(dir: string, history: readonly { version: number; sql: string }[]): Promise<string> {
  const url = testDatabaseUrl(join(temp.dir, dir), { migrated: false });
  if (history.length > 0) {
    psql('CREATE TABLE store_version (version INTEGER NOT NULL, applied_at BIGINT NOT NULL)', url);
    for (const migration of history) psql(`${migration.sql}; INSERT INTO store_version VALUES (${migration.version}, 0)`, url);
  }
  const store = await openStore({ dataDir: join(temp.dir, dir), databaseUrl: url, kioskId: 'k' });
  await store.close();
  return url;
}

function sqliteStore(dir: string, history: readonly { version: number; sql: string }[]): string {
  const dataDir = join(temp.dir, dir);
  const file = join(dataDir, DATABASE_FILE);
  if (history.length > 0) {
    // The file as an older kiosk left it.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const old = new Database(file);
    for (const migration of history) old.exec(migration.sql);
    old.pragma(`user_version = ${history.at(-1)!.version}`);
    old.close();
  }
  openSqliteFile(dataDir).close();
  return file;
}

describe('the store schema', () => {
  it('is the same on SQLite for a new store and for a store of version 1 brought up to date', () => {
    const fresh = sqliteSchema(sqliteStore('fresh', []));
    const upgraded = sqliteSchema(sqliteStore('upgraded', sqliteHistory.filter((m) => m.version === 1)));
    expect(Object.keys(fresh)).toContain('customers');
    expect(upgraded).toEqual(fresh);
  });

  it('is the same on PostgreSQL for a new store and for a store of version 5 brought up to date', async () => {
    const fresh = postgresSchema(await postgresStore('pg-fresh', []));
    const upgraded = postgresSchema(await postgresStore('pg-upgraded', postgresMigrations.filter((m) => m.version === 5)));
    expect(Object.keys(fresh)).toContain('customers');
    expect(upgraded).toEqual(fresh);
  });

  it('is the same on both engines: tables, columns, nullability, defaults, keys, indexes and checks', async () => {
    const sqlite = sqliteSchema(sqliteStore('both', []));
    const postgres = postgresSchema(await postgresStore('pg-both', []));
    expect(Object.keys(postgres)).toEqual(Object.keys(sqlite));
    for (const name of Object.keys(sqlite)) expect(postgres[name], name).toEqual(sqlite[name]);
  });
});
