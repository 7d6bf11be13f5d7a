import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HANAKO } from '../support/sign-in';
import { codeIn, SmtpSink } from '../support/smtp-sink';
import { startTestCore, type TestCore } from '../support/test-core';
import { inStore, openTestStore } from '../support/test-store';
import { kioskAt } from '../support/core-fixture';

/**
 * The relay's password lives in the environment only: staff see it masked,
 * saving the form keeps it without retyping, and it reaches no store row,
 * log line or screen.
 */
const PASSWORD = 'Relay-S3cret!';
const STAFF = { windowId: 'staff' };
const CUSTOMER = { windowId: 'customer' };

let sink: SmtpSink;
let t: TestCore;
let relayUrl: string;
const at = (window: { windowId: string }) => kioskAt(t.core, window);

beforeEach(async () => {
  sink = await new SmtpSink().start(0, { auth: { user: 'kiosk', pass: PASSWORD } });
  relayUrl = `smtp://kiosk:${encodeURIComponent(PASSWORD)}@127.0.0.1:${sink.port}?tls=off`;
});
afterEach(async () => {
  await t?.stop();
  await sink.stop();
});

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));

/** Everything the kiosk kept: its data dir's files (SQLite, its WAL, the logs) and every settings row of the store. */
async function whereThePasswordIs(dataDir = t.dataDir): Promise<string[]> {
  const onDisk = files(dataDir).filter((file) => readFileSync(file).includes(Buffer.from(PASSWORD)) || readFileSync(file).includes(Buffer.from(encodeURIComponent(PASSWORD))));
  const rows = await inStore(dataDir, (db) => db.selectFrom('kiosk_settings').selectAll().execute());
  return [...onDisk, ...(JSON.stringify(rows).includes('S3cret') ? ['kiosk_settings'] : [])];
}

/** A code mail through the relay: it arrives only if the kiosk signed in to the relay with the password. */
async function codeMailArrives(to: string): Promise<void> {
  expect(await at(CUSTOMER).session.signIn(HANAKO)).toMatchObject({ ok: true });
  await at(CUSTOMER).idChange.start();
  expect(await at(CUSTOMER).idChange.requestCode({ newItscomId: to })).toMatchObject({ ok: true });
  expect(codeIn(await sink.waitFor((m) => m.to.includes(to)))).toMatch(/^\d{6}$/);
  await at(CUSTOMER).session.signOut();
}

const settingsForm = (smtpUrl: string) => ({ idleSeconds: 120, printer: '', paperSize: 'a4' as const, smtpUrl, mailFrom: 'mypage@itscom.jp', shopName: 'テスト店' });

describe('the relay password', () => {
  it('is masked on the staff screen, kept when the form is saved without retyping, and stored nowhere', async () => {
    t = await startTestCore({ smtpUrl: relayUrl });
    await at(STAFF).staff.unlock({ number: '1001', pin: '246810' });
    const overview = await at(STAFF).staff.overview();
    const masked = `smtp://kiosk:••••@127.0.0.1:${sink.port}?tls=off`;
    expect(overview).toMatchObject({ ok: true, value: { settings: { smtpUrl: masked } } });
    expect(JSON.stringify(overview)).not.toContain('S3cret');

    expect(await at(STAFF).staff.saveSettings(settingsForm(masked))).toEqual({ ok: true, value: null });
    await codeMailArrives('first@example.com');
    // A password typed into the form is refused: it belongs in kiosk.env.
    expect(await at(STAFF).staff.saveSettings(settingsForm(relayUrl))).toEqual({
      ok: false,
      code: 'invalid_input',
      field: 'smtpUrl',
      reason: 'staff.errors.smtpPasswordHere',
    });
    expect(await whereThePasswordIs()).toEqual([]);
    await t.core.close();
    expect(await whereThePasswordIs()).toEqual([]);
  });

  it('goes only to the host and port it was given for: a relay staff point elsewhere with the same user gets none', async () => {
    t = await startTestCore({ smtpUrl: relayUrl });
    const elsewhere = await new SmtpSink().start(0, { auth: { user: 'kiosk', pass: PASSWORD } });
    try {
      await at(STAFF).staff.unlock({ number: '1001', pin: '246810' });
      // Another host (localhost is not 127.0.0.1 to the kiosk) and port, the same user name.
      expect(await at(STAFF).staff.saveSettings(settingsForm(`smtp://kiosk@localhost:${elsewhere.port}?tls=off`))).toEqual({ ok: true, value: null });
      expect(await at(CUSTOMER).session.signIn(HANAKO)).toMatchObject({ ok: true });
      await at(CUSTOMER).idChange.start();
      expect(await at(CUSTOMER).idChange.requestCode({ newItscomId: 'elsewhere@example.net' })).toMatchObject({ ok: true });
      // The kiosk has been to the other relay and given up on this try (the mail waits in the outbox).
      await expect.poll(async () => (await inStore(t.dataDir, (db) => db.selectFrom('outbox').select('last_error').execute())).some((row) => row.last_error !== null), { timeout: 15_000 }).toBe(true);
      expect(elsewhere.contacts.length).toBeGreaterThan(0);
      expect(elsewhere.logins.map((login) => login.password)).not.toContain(PASSWORD);
      expect(elsewhere.mails).toEqual([]);
    } finally {
      await elsewhere.stop();
    }
  });

  it('stored in clear by an older version is removed from the store at start, and the environment\'s is used', async () => {
    t = await startTestCore({ smtpUrl: relayUrl });
    const dataDir = t.dataDir;
    await t.core.close();
    const store = await openTestStore(dataDir);
    await store.settings.set('staffSettings', { smtpUrl: relayUrl, shopName: '旧店' });
    await store.close();
    expect(JSON.stringify(await inStore(dataDir, (db) => db.selectFrom('kiosk_settings').select('value').execute()))).toContain('S3cret');

    t = await startTestCore({ smtpUrl: relayUrl, dataDir });
    await codeMailArrives('second@example.com');
    expect(readFileSync(join(dataDir, 'logs', 'kiosk.log'), 'utf8')).toContain('relay password stored by an older version was removed');
    // Gone from the rows, and (once the file's journal is folded back in at close) from the file's free pages.
    await t.core.close();
    expect(await whereThePasswordIs(dataDir)).toEqual([]);
  });
});
