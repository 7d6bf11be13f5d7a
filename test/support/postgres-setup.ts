import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../electron/core/store/store';
import { ADMIN_URL, psql, runPrefix, templateName, testDatabaseUrl } from './test-store';

/**
 * Global set-up of the PostgreSQL project: the server must answer (`./kiosk
 * test` starts it; a missing server fails the run, it never skips), and the
 * run's template database is migrated once, so each test's fresh database is
 * a quick copy. Every database of the run is dropped at the end.
 */
export default async function setup(): Promise<() => Promise<void>> {
  try {
    psql('SELECT 1');
  } catch (error) {
    throw new Error(
      `the PostgreSQL engine's tests need a server at ${ADMIN_URL.replace(/:[^:@/]*@/, ':***@')} with a role that may create databases ` +
        `(bash scripts/setup.sh makes one; or set TEST_POSTGRES_URL): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  dropRunDatabases();
  const scratch = mkdtempSync(join(tmpdir(), 'kiosk-pg-template-'));
  const template = testDatabaseUrl(`${scratch}-unused`, { migrated: false });
  psql(`ALTER DATABASE ${new URL(template).pathname.slice(1)} RENAME TO ${templateName()}`);
  const store = await openStore({ dataDir: scratch, databaseUrl: template.replace(/\/[^/]*$/, `/${templateName()}`), kioskId: 'template' });
  await store.close();
  rmSync(scratch, { recursive: true, force: true });
  console.log(`[postgres] template ${templateName()} migrated on ${new URL(ADMIN_URL).host}`);
  return async () => dropRunDatabases();
}

function dropRunDatabases(): void {
  const names = psql(`SELECT datname FROM pg_database WHERE starts_with(datname, '${runPrefix()}')`).split('\n').filter(Boolean);
  for (const name of names) psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
