import { describe, expect, it } from 'vitest';
import type { StaffOverview } from '../../shared/contract/models';
import { startKioskProcess, type KioskProcess } from '../support/kiosk-process';
import { HANAKO, TARO } from '../support/sign-in';
import { codeIn } from '../support/smtp-sink';
import { useShopDatabase } from '../support/shop-database';
import { makeTempDir } from '../support/temp-dir';
import { addManager } from '../support/staff-entry';
import { startTestCore, type TestCore } from '../support/test-core';
import { inStore, psql } from '../support/test-store';
import { dateKey } from '../../shared/domain/opening-hours';

/**
 * The seams between a shop's kiosks, each in a process of its own on one
 * PostgreSQL: clocks that are off (libfaketime), and a commit racing another
 * kiosk's change before any session check could notice.
 */
const shop = useShopDatabase();

/** A real shop's kiosk (not a demo) in a process of its own, its clock off by `clockOffset`. */
async function kioskProcess(name: string, clockOffset?: string): Promise<KioskProcess> {
  const dataDir = makeTempDir();
  const kiosk = await startKioskProcess(
    { dataDir: dataDir.dir, databaseUrl: shop.databaseUrl, kioskName: name, smtpUrl: shop.sink.url, demo: false, staffPin: '2468' },
    clockOffset ? { clockOffset } : {},
  );
  shop.closers.push(async () => {
    await kiosk.close();
    dataDir.cleanup();
  });
  return kiosk;
}

/** The database server's clock, read by the test itself. */
const dbNow = () => Number(psql('SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint', shop.databaseUrl));

describe('one clock for the shop', () => {
  it('a kiosk 20 minutes fast and one 2 minutes slow decide lockouts, heartbeats and expiries on the database\'s clock', async () => {
    const fast = await kioskProcess('fast', '+20m');
    await addManager(shop.databaseUrl);
    const slow = await kioskProcess('slow', '-2m');
    // The clocks really are off: the fast process believes it is 20 minutes later.
    expect(fast.localNowAtStart - Date.now()).toBeGreaterThan(19 * 60_000);

    // Five wrong passwords at the slow kiosk lock Taro for 15 minutes, for the fast one too.
    for (let i = 0; i < 5; i += 1) await slow.call('w', 'session.signIn', { itscomId: TARO.itscomId, password: `Wrong-pw${i}` });
    expect(await fast.call('w', 'session.signIn', TARO)).toEqual({ ok: false, code: 'account_locked' });
    const lock = await inStore(shop.dir, (db) => db.selectFrom('attempt_counters').select('locked_until').where('subject', '=', 'signin:yamada.taro').executeTakeFirstOrThrow());
    expect(Math.abs(lock.locked_until! - (dbNow() + 15 * 60_000))).toBeLessThan(10_000);

    // Each sees the other online: the heartbeats are on one clock.
    expect(await fast.call('staff', 'staff.unlock', { number: '1001', pin: '246810' })).toMatchObject({ ok: true });
    const seen = (await fast.call('staff', 'staff.overview')) as { ok: true; value: StaffOverview };
    expect(seen.value.kiosks.map((k) => [k.name, k.online])).toEqual([
      ['fast', true],
      ['slow', true],
    ]);

    // A code mailed from the fast kiosk is queued on the database's time and delivered, not taken for expired.
    expect(await fast.call('reset', 'passwordReset.start')).toMatchObject({ ok: true });
    expect(await fast.call('reset', 'passwordReset.requestCode', { itscomId: HANAKO.itscomId })).toMatchObject({ ok: true });
    const code = codeIn(await shop.sink.waitFor((m) => m.to.includes(HANAKO.itscomId)));
    expect(await fast.call('reset', 'passwordReset.verifyCode', { code })).toEqual({ ok: true, value: null });

    // Everything either kiosk wrote is on the database's clock: nothing 20 minutes ahead or 2 behind.
    const now = dbNow();
    const written = await inStore(shop.dir, async (db) => [
      ...(await db.selectFrom('kiosks').select('last_beat_at as at').where('name', 'in', ['fast', 'slow']).execute()),
      ...(await db.selectFrom('outbox').select('created_at as at').execute()),
      ...(await db.selectFrom('verification_codes').select('created_at as at').execute()),
    ]);
    expect(written.length).toBeGreaterThanOrEqual(4);
    for (const { at } of written) expect(Math.abs(at - now)).toBeLessThan(60_000);
  });

  it('a kiosk three days fast, into a date the shop is closed, keeps the shop\'s hours by the database\'s clock: open while the shop is', async () => {
    const closedDay = new Date(dbNow() + 3 * 24 * 60 * 60_000);
    await inStore(shop.dir, (db) =>
      db
        .insertInto('shop_settings')
        .values({ shop: 'main', key: 'openingHours', value: JSON.stringify({ weekly: Array(7).fill({ open: '00:00', close: '23:59' }), closedDays: [dateKey(closedDay)] }) })
        .execute(),
    );
    const ahead = await kioskProcess('ahead', '+3d');
    expect(ahead.localNowAtStart - Date.now()).toBeGreaterThan(71 * 60 * 60_000);
    expect(await ahead.call('w', 'kiosk.status')).toMatchObject({ ok: true, value: { open: true, nextOpening: null } });
  });
});

describe('a commit applies only to the credentials its session signed in with', () => {
  /** Kiosk A in this process, its session check never due (so only the commit itself can notice); kiosk B a process of its own. */
  async function kiosks(): Promise<{ a: TestCore; b: KioskProcess }> {
    const a = await startTestCore({ databaseUrl: shop.databaseUrl, kioskName: 'A', smtpUrl: shop.sink.url, demo: false, staffPin: '2468' }, { sessionCheckMs: 60 * 60_000 });
    shop.closers.push(() => a.stop());
    return { a, b: await kioskProcess('B') };
  }
  const at = (k: TestCore) => (channel: string, input: unknown = {}) => k.core.dispatch({ windowId: 'w' }, channel, input);
  const changeAtB = async (b: KioskProcess) => {
    expect(await b.call('w', 'session.signIn', HANAKO)).toMatchObject({ ok: true });
    await b.call('w', 'passwordChange.start');
    expect(await b.call('w', 'passwordChange.check', { currentPassword: HANAKO.password, newPassword: 'Changed_at-B1', newPasswordAgain: 'Changed_at-B1' })).toMatchObject({ ok: true });
    expect(await b.call('w', 'passwordChange.commit')).toMatchObject({ ok: true });
  };
  const confirmations = () =>
    inStore(shop.dir, (db) => db.selectFrom('outbox').select('kind').where('kind', 'in', ['password_change_confirmation', 'id_change_confirmation']).execute());

  it('a password change at A after B changed the password answers session_ended, changes nothing and mails nothing', async () => {
    const { a, b } = await kiosks();
    const atA = at(a);
    expect(await atA('session.signIn', HANAKO)).toMatchObject({ ok: true });
    await atA('passwordChange.start');
    expect(await atA('passwordChange.check', { currentPassword: HANAKO.password, newPassword: 'Changed_at-A1', newPasswordAgain: 'Changed_at-A1' })).toMatchObject({ ok: true });
    await changeAtB(b);
    expect(await atA('passwordChange.commit')).toEqual({ ok: false, code: 'session_ended' });
    expect(await atA('session.current')).toEqual({ ok: true, value: null });
    expect(await confirmations()).toEqual([{ kind: 'password_change_confirmation' }]);
    expect(await atA('session.signIn', { ...HANAKO, password: 'Changed_at-A1' })).toEqual({ ok: false, code: 'invalid_credentials' });
    expect(await atA('session.signIn', { ...HANAKO, password: 'Changed_at-B1' })).toMatchObject({ ok: true });
  });

  it('an ID change at A after B changed the password answers session_ended and keeps the ID', async () => {
    const { a, b } = await kiosks();
    const atA = at(a);
    expect(await atA('session.signIn', HANAKO)).toMatchObject({ ok: true });
    await atA('idChange.start');
    expect(await atA('idChange.requestCode', { newItscomId: 'hanako.new@example.com' })).toMatchObject({ ok: true });
    const code = codeIn(await shop.sink.waitFor((m) => m.to.includes('hanako.new@example.com')));
    expect(await atA('idChange.verifyCode', { code })).toMatchObject({ ok: true });
    await changeAtB(b);
    expect(await atA('idChange.commit', { setAsContact: true })).toEqual({ ok: false, code: 'session_ended' });
    const row = await inStore(shop.dir, (db) => db.selectFrom('customers').select(['itscom_id', 'contact_mail']).where('itscom_id_key', 'like', 'hanako%').execute());
    expect(row).toEqual([{ itscom_id: HANAKO.itscomId, contact_mail: HANAKO.itscomId }]);
    expect(await confirmations()).toEqual([{ kind: 'password_change_confirmation' }]);
  });
});
