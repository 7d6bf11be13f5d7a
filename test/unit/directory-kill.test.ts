import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startCore, type KioskCore } from '../../electron/core/kiosk-core';
import { kioskAt } from '../support/core-fixture';
import { startLdapServer, type LdapServer } from '../support/ldap-server';
import { SmtpSink } from '../support/smtp-sink';
import { makeTempDir } from '../support/temp-dir';
import { testConfig } from '../support/test-core';
import { inStore, psql, testDatabaseUrl } from '../support/test-store';

/**
 * The kiosk process killed (SIGKILL) after the directory has changed a
 * customer's password and before the kiosk's transaction recording it has
 * committed. PostgreSQL holds that transaction for the test: a trigger on the
 * audit table waits for an advisory lock the test holds, so the kill lands
 * exactly there. After the restart the change is recorded and its notice
 * mailed, and the customer signs in with the new password: nobody is told
 * "failed" for a change that happened, and no notice is lost.
 */
const CHILD = join(import.meta.dirname, '../support/directory-kill-child.ts');
const HOLD = 4242;

let server: LdapServer;
let sink: SmtpSink;
let temp: { dir: string; cleanup: () => void };
let child: ChildProcess | undefined;
let core: KioskCore | undefined;
beforeEach(async () => {
  server = await startLdapServer();
  sink = await new SmtpSink().start();
  temp = makeTempDir();
});
afterEach(async () => {
  child?.kill('SIGKILL');
  await core?.close();
  await sink.stop();
  await server.stop();
  temp.cleanup();
});

/** The first non-empty answer of `probe`, asked again until it comes (a state of the server, not an event the test can subscribe to). */
async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline || child?.exitCode !== null) throw new Error(`never reached: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

it('a kiosk killed between the directory\'s change and its own transaction: the restart records the change and mails the notice', async () => {
  const { ca, ...settings } = server.clientSettings();
  const directory = { ...settings, ca: { file: server.caFile, pem: ca } };
  const databaseUrl = testDatabaseUrl(temp.dir);
  psql(
    `CREATE FUNCTION hold_for_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock(${HOLD}); RETURN NEW; END $$;
     CREATE TRIGGER hold_for_test BEFORE INSERT ON procedures FOR EACH ROW EXECUTE FUNCTION hold_for_test();`,
    databaseUrl,
  );
  const holder = new pg.Client({ connectionString: databaseUrl });
  await holder.connect();
  try {
    await holder.query('SELECT pg_advisory_lock($1)', [HOLD]);
    child = spawn(process.execPath, ['--import', 'tsx', CHILD, temp.dir, JSON.stringify(directory), sink.url], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
    // The kiosk's recording transaction, waiting on the test's lock: the directory has answered.
    const waiting = await until(async () => {
      const { rows } = await holder.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'",
      );
      return rows[0]?.pid;
    }, 'the kiosk recording the change');
    expect(lines).toEqual(['commit-start']);
    expect(server.canBind(server.customers.hanako.dn, 'Counter_77x')).toBe(true);

    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // The dead kiosk's connection, rolled back now rather than whenever the server notices.
    await holder.query('SELECT pg_terminate_backend($1)', [waiting]);
    await holder.query('DROP TRIGGER hold_for_test ON procedures');
    await holder.query('SELECT pg_advisory_unlock($1)', [HOLD]);
  } finally {
    await holder.end();
  }
  const hanakoRow = await inStore(temp.dir, (db) => db.selectFrom('customers').select('id').where('contact_mail', '=', 'hanako.suzuki@example.com').executeTakeFirstOrThrow());
  const procedures = () => inStore(temp.dir, (db) => db.selectFrom('procedures').select(['kind', 'outcome']).where('customer_id', '=', hanakoRow.id).execute());
  expect(await procedures()).toEqual([]);
  expect(await inStore(temp.dir, (db) => db.selectFrom('account_changes').select('kind').execute())).toEqual([{ kind: 'password_change' }]);

  core = await startCore({ config: testConfig(temp.dir, { demo: false, smtpUrl: sink.url, staffPin: '4826', directory }) });
  const notice = await sink.waitFor((m) => m.to.includes('hanako.suzuki@example.com') && m.subject.includes('パスワード'));
  expect(notice.text).not.toContain('Counter_77x');
  expect(await procedures()).toEqual([{ kind: 'password_change', outcome: 'completed' }]);
  expect(await inStore(temp.dir, (db) => db.selectFrom('account_changes').select('kind').execute())).toEqual([]);
  const w = kioskAt(core, 'next');
  expect(await w.session.signIn({ itscomId: 'hanako.suzuki@example.com', password: 'Hanako_2026' })).toMatchObject({ ok: false, code: 'invalid_credentials' });
  expect(await w.session.signIn({ itscomId: 'hanako.suzuki@example.com', password: 'Counter_77x' })).toMatchObject({ ok: true });
});
