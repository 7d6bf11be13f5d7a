import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCore } from '../../electron/core/kiosk-core';
import { readCustomerFile } from '../../electron/core/import/customer-file';
import { importCustomers } from '../../electron/core/import/import-customers';
import { kioskAt } from '../support/core-fixture';
import { phc } from '../support/phc-hashes';
import { runTsx } from '../support/run-child';
import { makeTempDir } from '../support/temp-dir';
import { startTestCore, testConfig, type TestCore } from '../support/test-core';
import { inStore, kioskEnvironment, openTestStore } from '../support/test-store';

/**
 * Loading the provider's customers into the kiosk's own store: CSV or JSON
 * Lines with PHC password hashes (scrypt, argon2id, bcrypt), all or nothing,
 * every bad line named; the customers sign in with their own passwords, which
 * the kiosk then re-hashes to its own scheme.
 */
const HEADER = 'itscomId,contactMail,planName,renewalFrom,renewalTo,contractStart,passwordHash';
const plan = { planName: 'かっとびメガ160', renewalFrom: '2026-04', renewalTo: '2028-03', contractStart: '2019-10-01' };
/** One CSV record as an export writes it: every field quoted (PHC hashes hold commas). */
const csvRecord = (fields: string[]) => fields.map((field) => `"${field.replace(/"/g, '""')}"`).join(',');
const csvLine = (id: string, mail: string, hash: string) => csvRecord([id, mail, plan.planName, plan.renewalFrom, plan.renewalTo, plan.contractStart, hash]);

let temp: ReturnType<typeof makeTempDir>;
let t: TestCore | undefined;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(async () => {
  await t?.stop();
  t = undefined;
  temp.cleanup();
});

async function importText(text: string, format: 'csv' | 'jsonl', upsert = false) {
  const { rows, problems } = readCustomerFile(text, format);
  if (problems.length > 0) return { ok: false as const, problems };
  const store = await openTestStore(temp.dir);
  try {
    return await importCustomers(store, rows, { upsert, now: Date.UTC(2026, 10, 25) });
  } finally {
    await store.close();
  }
}

const customerRows = () => inStore(temp.dir, (db) => db.selectFrom('customers').select(['itscom_id', 'password_hash', 'demo_seeded', 'credential_version']).orderBy('itscom_id').execute());

describe('a customer file', () => {
  it('names every bad line and why, and nothing of it is imported', async () => {
    await (await openTestStore(temp.dir)).close();
    const good = await phc.argon2id('Imported_1');
    const text = [
      HEADER,
      csvLine('ok.one@example.net', 'ok.one@example.net', good),
      csvLine('bad mail', 'not-a-mail', good),
      csvLine('taro2', 'taro2@example.net', 'plaintext-password'),
      csvLine('Ok.One@Example.net', 'dup@example.net', good),
      csvRecord(['hanako2', 'hanako2@example.net', plan.planName, '2026-13', plan.renewalTo, '2019-02-30', good]),
      csvLine('slow', 'slow@example.net', '$argon2id$v=19$m=4194304,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA'),
      csvLine('old.kind', 'old@example.net', '$argon2i$v=19$m=1024,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA'),
    ].join('\n');
    const outcome = await importText(text, 'csv');
    expect(outcome.ok).toBe(false);
    const problems = outcome.ok ? [] : outcome.problems;
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(problems[0]!.problem).toMatch(/itscomId: only half-width.*contactMail: not a mail address/);
    expect(problems[1]!.problem).toMatch(/passwordHash: not a PHC-format/);
    expect(problems[2]!.problem).toBe('itscomId: the same ID as line 2');
    expect(problems[3]!.problem).toMatch(/renewalFrom: YYYY-MM expected.*contractStart: no such day/);
    expect(problems[4]!.problem).toMatch(/argon2id asks 4096 MiB of memory/);
    expect(problems[5]!.problem).toMatch(/argon2i and argon2d are not accepted/);
    expect((await customerRows()).map((row) => row.itscom_id)).not.toContain('ok.one@example.net');
  });

  it('refuses a clear-text password and unknown fields by name, in JSON Lines too', async () => {
    const lines = [
      JSON.stringify({ itscomId: 'a1', contactMail: 'a1@example.net', ...plan, password: 'Secret_1' }),
      '{not json',
      JSON.stringify({ itscomId: 'a2', contactMail: 'a2@example.net', ...plan, passwordHash: phc.scrypt('x'), extra: 1 }),
      '',
      JSON.stringify({ itscomId: 'a3', contactMail: 'a3@example.net', ...plan }),
    ].join('\n');
    const { rows, problems } = readCustomerFile(lines, 'jsonl');
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      { line: 1, problem: expect.stringContaining('a clear-text "password" is never imported') },
      { line: 2, problem: 'not a JSON object' },
      { line: 3, problem: 'unknown field(s): extra' },
      { line: 5, problem: 'passwordHash: missing' },
    ]);
  });
});

describe('imported customers', () => {
  it('sign in with their own passwords (scrypt, argon2id, bcrypt), which the kiosk then re-hashes to its own scheme', async () => {
    const accounts = [
      { id: 'scrypt.customer@example.net', password: 'From_scrypt1', hash: phc.scrypt('From_scrypt1') },
      { id: 'argon.customer@example.net', password: 'From_argon2', hash: await phc.argon2id('From_argon2') },
      { id: 'bcrypt.legacy', password: 'From_bcrypt3', hash: await phc.bcrypt('From_bcrypt3') },
    ];
    const text = [HEADER, ...accounts.map((a) => csvLine(a.id, a.id.includes('@') ? a.id : 'legacy@example.net', a.hash))].join('\r\n');
    expect(await importText(text, 'csv')).toEqual({ ok: true, inserted: 3, updated: 0 });
    expect((await customerRows()).every((row) => row.demo_seeded === 0)).toBe(true);

    t = await startTestCore({ dataDir: temp.dir, demo: false, smtpUrl: 'smtp://127.0.0.1:1?tls=off' });
    for (const account of accounts) {
      const kiosk = kioskAt(t.core, account.id);
      expect(await kiosk.session.signIn({ itscomId: account.id, password: 'Wrong_pass9' })).toMatchObject({ code: 'invalid_credentials' });
      expect(await kiosk.session.signIn({ itscomId: account.id, password: account.password })).toMatchObject({ ok: true, value: { itscomId: account.id } });
      expect(await kiosk.account.overview()).toMatchObject({ ok: true, value: { planName: plan.planName } });
    }
    const stored = await customerRows();
    expect(stored.map((row) => row.password_hash.startsWith('scrypt$'))).toEqual([true, true, true]);
    // The kiosk's own hash opens with the same password (signed out first).
    const again = kioskAt(t.core, 'again');
    expect(await again.session.signIn({ itscomId: 'bcrypt.legacy', password: 'From_bcrypt3' })).toMatchObject({ ok: true });
  });

  it('an ID the store holds is refused, unless --upsert, which replaces it and ends its sessions', async () => {
    const first = csvLine('taro.import@example.net', 'taro.import@example.net', phc.scrypt('First_pass1'));
    expect(await importText([HEADER, first].join('\n'), 'csv')).toEqual({ ok: true, inserted: 1, updated: 0 });
    const second = [HEADER, csvLine('Taro.Import@example.net', 'new.contact@example.net', phc.scrypt('Second_pass2')), csvLine('more@example.net', 'more@example.net', phc.scrypt('x'))].join('\n');
    expect(await importText(second, 'csv')).toEqual({ ok: false, problems: [{ line: 2, problem: expect.stringContaining('already in the store (--upsert replaces it)') }] });
    expect((await customerRows()).map((row) => row.itscom_id)).toEqual(['taro.import@example.net']);

    t = await startTestCore({ dataDir: temp.dir, demo: false, smtpUrl: 'smtp://127.0.0.1:1?tls=off' });
    const kiosk = kioskAt(t.core, 'w');
    expect(await kiosk.session.signIn({ itscomId: 'taro.import@example.net', password: 'First_pass1' })).toMatchObject({ ok: true });
    expect(await importText(second, 'csv', true)).toEqual({ ok: true, inserted: 1, updated: 1 });
    const rows = await customerRows();
    expect(rows.map((row) => row.itscom_id)).toEqual(['Taro.Import@example.net', 'more@example.net']);
    expect(rows[0]!.credential_version).toBe(1);
    expect(await kioskAt(t.core, 'x').session.signIn({ itscomId: 'taro.import@example.net', password: 'First_pass1' })).toMatchObject({ code: 'invalid_credentials' });
    expect(await kioskAt(t.core, 'y').session.signIn({ itscomId: 'taro.import@example.net', password: 'Second_pass2' })).toMatchObject({ ok: true });
  });

  it('a store holding them never runs in demo mode', async () => {
    expect(await importText([HEADER, csvLine('real@example.net', 'real@example.net', phc.scrypt('Real_pass1'))].join('\n'), 'csv')).toMatchObject({ ok: true });
    await expect(startCore({ config: testConfig(temp.dir, { demo: true }) })).rejects.toThrow(/demo mode refused: .* holds 1 customer\(s\) the demo did not seed/);
  });
});

describe('npm run customers -- import', () => {
  it('imports a good file, refuses a bad one naming its lines, and changes nothing then', async () => {
    const env = kioskEnvironment(temp.dir);
    const good = join(temp.dir, 'customers.jsonl');
    writeFileSync(good, `${JSON.stringify({ itscomId: 'cli@example.net', contactMail: 'cli@example.net', ...plan, passwordHash: phc.scrypt('Cli_pass1') })}\n`);
    const cli = (args: string[]) => runTsx(['electron/tools/customers-cli.ts', ...args], { env }).exited;
    expect(await cli(['import', good])).toEqual({ code: 0, signal: null, out: expect.stringMatching(/^imported into .*: 1 new, 0 replaced\n$/) });

    const bad = join(temp.dir, 'more.csv');
    writeFileSync(bad, [HEADER, csvLine('cli2@example.net', 'cli2@example.net', phc.scrypt('x')), csvLine('cli3', 'nope', phc.scrypt('x'))].join('\n'));
    const refused = await cli(['import', bad]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('more.csv:3: contactMail: not a mail address');
    expect(refused.out).toContain('nothing imported: 1 bad line(s) of 2');
    expect((await customerRows()).map((row) => row.itscom_id)).toEqual(['cli@example.net']);
    expect((await cli(['import'])).code).toBe(2);
  });

  it('refuses a hash that would make a sign-in cost gigabytes or minutes, or that is longer than real ones, naming its line', async () => {
    await (await openTestStore(temp.dir)).close();
    const env = kioskEnvironment(temp.dir);
    const salt = 'c2FsdHNhbHRzYWx0c2FsdA';
    const output = 'aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
    const costly = join(temp.dir, 'costly.csv');
    writeFileSync(
      costly,
      [
        HEADER,
        // Each parameter inside its own old bound, together 4 GiB and 64× the kiosk's own work.
        csvLine('four.gib@example.net', 'four.gib@example.net', `$scrypt$ln=20,r=32,p=16$${salt}$${output}`),
        // The kiosk's own memory, but 16× its work.
        csvLine('slow.p@example.net', 'slow.p@example.net', `$scrypt$ln=17,r=8,p=16$${salt}$${output}`),
        // A salt no real hash has (1,500 bytes).
        csvLine('long.salt@example.net', 'long.salt@example.net', `$argon2id$v=19$m=1024,t=2,p=1$${'A'.repeat(2000)}$${output}`),
        csvLine('ok@example.net', 'ok@example.net', phc.scrypt('Fine_pass1')),
        // The costliest accepted: the kiosk's own scrypt cost.
        csvLine('own.cost@example.net', 'own.cost@example.net', `$scrypt$ln=17,r=8,p=1$${salt}$${output}`),
      ].join('\n'),
    );
    const refused = await runTsx(['electron/tools/customers-cli.ts', 'import', costly], { env }).exited;
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('costly.csv:2: passwordHash: scrypt asks 4096 MiB of memory');
    expect(refused.out).toContain("costly.csv:3: passwordHash: scrypt asks 16× the work of the kiosk's own hash");
    expect(refused.out).toContain('costly.csv:4: passwordHash: longer than 300 characters');
    expect(refused.out).toContain('nothing imported: 3 bad line(s) of 5');
    expect(await customerRows()).toEqual([]);
  });
});
