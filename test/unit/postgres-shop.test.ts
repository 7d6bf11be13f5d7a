import { afterEach, describe, expect, it } from 'vitest';
import type { StaffOverview } from '../../shared/contract/models';
import { SESSION_CHECK_MS } from '../../electron/core/kiosk-core';
import { OFFLINE_AFTER_MS } from '../../electron/core/shop/kiosk-presence';
import type { Store } from '../../electron/core/store/store';
import { openStore } from '../../electron/core/store/store';
import { ChaosRelay } from '../support/chaos-relay';
import { runTsx } from '../support/run-child';
import { HANAKO, TARO } from '../support/sign-in';
import { codeIn } from '../support/smtp-sink';
import { useShopDatabase } from '../support/shop-database';
import { makeTempDir } from '../support/temp-dir';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { addManager } from '../support/staff-entry';
import { startTestCore, type TestCore } from '../support/test-core';
import { inStore, psql } from '../support/test-store';

/**
 * A shop's kiosks on one PostgreSQL store (each kiosk its own data dir and
 * process state, the store shared): one customer list, one lockout, each mail
 * once, and staff at any kiosk see the whole shop.
 */
const shop = useShopDatabase();

/** A kiosk of the shop: its own data dir, the shared store, the shared relay; a real shop's kiosk, not a demo. */
async function kiosk(name: string, shopName = 'main'): Promise<TestCore> {
  const started = await startTestCore({ databaseUrl: shop.databaseUrl, kioskName: name, shop: shopName, smtpUrl: shop.sink.url, demo: false, staffPin: '2468' });
  shop.closers.push(() => started.stop());
  await addManager(shop.databaseUrl, shopName);
  return started;
}

type Result = { ok: true; value: unknown } | { ok: false; code: string };
const at = (k: TestCore, windowId = 'w') => (channel: string, input: unknown = {}) => k.core.dispatch({ windowId }, channel, input) as Promise<Result>;

async function overview(k: TestCore): Promise<StaffOverview> {
  const call = at(k, 'staff');
  await call('staff.unlock', { number: '1001', pin: '246810' });
  const result = await call('staff.overview');
  if (!result.ok) throw new Error(`staff.overview: ${result.code}`);
  return result.value as StaffOverview;
}

describe('a shop of kiosks on one store', () => {
  it('one customer list: a password changed at kiosk A signs in at kiosk B, and ends her session at B within seconds', async () => {
    const a = await kiosk('A');
    const b = await kiosk('B');
    expect(await at(b)('session.signIn', HANAKO)).toMatchObject({ ok: true });
    const ended = new Promise<number>((resolve) =>
      b.core.onEvent((windowId, name) => {
        if (windowId === 'w' && name === 'session.ended') resolve(Date.now());
      }),
    );
    const atA = at(a);
    expect(await atA('session.signIn', HANAKO)).toMatchObject({ ok: true });
    await atA('passwordChange.start');
    expect(await atA('passwordChange.check', { currentPassword: HANAKO.password, newPassword: 'Shop-wide_42', newPasswordAgain: 'Shop-wide_42' })).toMatchObject({ ok: true });
    expect(await atA('passwordChange.commit')).toMatchObject({ ok: true });
    const changedAt = Date.now();
    // Ended at B by its next check of the store; kept at A, on its print view.
    expect((await ended) - changedAt).toBeLessThanOrEqual(2 * SESSION_CHECK_MS + 1_000);
    expect(await at(b)('session.current')).toEqual({ ok: true, value: null });
    expect(await atA('session.current')).toMatchObject({ value: { itscomId: HANAKO.itscomId } });
    expect(await at(b)('session.signIn', HANAKO)).toEqual({ ok: false, code: 'invalid_credentials' });
    expect(await at(b)('session.signIn', { ...HANAKO, password: 'Shop-wide_42' })).toMatchObject({ ok: true });
  });

  it('one lockout: five wrong passwords spread over two kiosks lock the ID at both', async () => {
    const a = await kiosk('A');
    const b = await kiosk('B');
    const wrong = { itscomId: TARO.itscomId, password: 'Not-his-pw1' };
    const answers = [];
    for (const k of [a, b, a, b]) answers.push(await at(k)('session.signIn', wrong));
    expect(answers.map((r) => (r.ok ? 'ok' : r.code))).toEqual(Array(4).fill('invalid_credentials'));
    // A burst at both kiosks at once: the fifth failure locks, whichever kiosk counts it, and no attempt is counted
    // (or checked) beyond it (an attempt in flight at the other kiosk answers as a wrong password, uncounted).
    const burst = await Promise.all([...Array(6)].map((_, i) => at(i % 2 ? a : b, `w${i}`)('session.signIn', wrong)));
    for (const r of burst) expect(r.ok ? 'ok' : r.code).toMatch(/^(invalid_credentials|account_locked)$/);
    for (const k of [a, b]) expect(await at(k, 'right')('session.signIn', TARO)).toEqual({ ok: false, code: 'account_locked' });
    const counter = await inStore(shop.dir, (db) => db.selectFrom('attempt_counters').select(['failures', 'locked_until']).where('subject', '=', `signin:${TARO.itscomId}`).executeTakeFirstOrThrow());
    expect(counter.failures).toBe(5);
    expect(counter.locked_until).not.toBeNull();
    // Staff at either kiosk see it and may unlock it.
    expect((await overview(b)).lockedIds.map((row) => row.itscomId)).toEqual([TARO.itscomId]);
  });

  it('bursts of wrong passwords from three kiosk processes at once count five failures in all, and lock the ID', async () => {
    const PER_KIOSK = 40;
    // The store is created and seeded once, as the first kiosk of the shop would.
    await kiosk('first');
    const burst = (name: string) => {
      const dir = makeTempDir();
      shop.closers.push(async () => dir.cleanup());
      // Enough tries that the lock is reached however fast each check is (an attempt that meets another kiosk's in flight is not counted).
      return runTsx(['test/support/sign-in-burst-child.ts', dir.dir, shop.databaseUrl, name, TARO.itscomId, String(PER_KIOSK)]).exited;
    };
    const results = await Promise.all(['P1', 'P2', 'P3'].map(burst));
    const answers: string[] = [];
    for (const result of results) {
      expect(result.code, result.out).toBe(0);
      answers.push(...(JSON.parse(result.out.trim().split('\n').at(-1)!) as string[]));
    }
    expect(answers).toHaveLength(3 * PER_KIOSK);
    for (const answer of answers) expect(answer).toMatch(/^(invalid_credentials|account_locked)$/);
    expect(answers).toContain('account_locked');
    const counter = await inStore(shop.dir, (db) =>
      db.selectFrom('attempt_counters').select(['failures', 'locked_until']).where('subject', '=', `signin:${TARO.itscomId}`).executeTakeFirstOrThrow(),
    );
    expect(counter.failures).toBe(5);
    expect(counter.locked_until).not.toBeNull();
  }, 120_000);

  it('kiosks of a new shop starting at the same moment all start, with one manager 0000 from the shared PIN', async () => {
    await Promise.all(['N1', 'N2', 'N3'].map(async (name) => {
      const started = await startTestCore({ databaseUrl: shop.databaseUrl, kioskName: name, shop: 'new-shop', smtpUrl: shop.sink.url, demo: false, staffPin: '2468' });
      shop.closers.push(() => started.stop());
    }));
    const staff = await inStore(shop.dir, (db) => db.selectFrom('staff_members').select(['number', 'role']).where('shop', '=', 'new-shop').execute());
    expect(staff).toEqual([{ number: '0000', role: 'manager' }]);
  });

  it('bursts of wrong staff PINs from three kiosk processes: at most 5 counted per kiosk, at most 10 against the number, and the number deactivated at 10', async () => {
    await kiosk('A');
    const burst = (name: string) => {
      const dir = makeTempDir();
      shop.closers.push(async () => dir.cleanup());
      return runTsx(['test/support/staff-entry-burst-child.ts', dir.dir, shop.databaseUrl, name, '1001', '12']).exited;
    };
    const results = await Promise.all(['S1', 'S2', 'S3'].map(burst));
    const answers: string[] = [];
    for (const result of results) {
      expect(result.code, result.out).toBe(0);
      answers.push(...(JSON.parse(result.out.trim().split('\n').at(-1)!) as string[]));
    }
    expect(answers).toHaveLength(36);
    for (const answer of answers) expect(answer).toMatch(/^(invalid_pin|staff_locked)$/);
    const counters = await inStore(shop.dir, (db) => db.selectFrom('attempt_counters').select(['subject', 'failures']).where('subject', 'like', 'staff-%').execute());
    for (const counter of counters.filter((c) => c.subject.startsWith('staff-entry:'))) expect(counter.failures).toBeLessThanOrEqual(5);
    const number = counters.find((c) => c.subject === 'staff-number:main:1001');
    expect(number?.failures).toBeLessThanOrEqual(10);
    const member = await inStore(shop.dir, (db) => db.selectFrom('staff_members').select(['active', 'inactive_reason']).where('number', '=', '1001').executeTakeFirstOrThrow());
    expect(member).toEqual(number?.failures === 10 ? { active: 0, inactive_reason: 'failures' } : { active: 1, inactive_reason: null });
  }, 120_000);

  it('two kiosks registering the same new address at once: one wins, the other is told it is taken', async () => {
    const a = await kiosk('A');
    const b = await kiosk('B');
    const wanted = 'shared.wish@example.com';
    const ready = async (k: TestCore, who: { itscomId: string; password: string }) => {
      const call = at(k);
      expect(await call('session.signIn', who)).toMatchObject({ ok: true });
      await call('idChange.start');
      expect(await call('idChange.requestCode', { newItscomId: wanted })).toMatchObject({ ok: true });
      return call;
    };
    const taroAtA = await ready(a, TARO);
    const codeA = codeIn(await shop.sink.waitFor((m) => m.to.includes(wanted)));
    const hanakoAtB = await ready(b, HANAKO);
    const codeB = codeIn(await shop.sink.waitFor((m) => m.to.includes(wanted) && codeIn(m) !== codeA));
    expect(await taroAtA('idChange.verifyCode', { code: codeA })).toMatchObject({ ok: true });
    expect(await hanakoAtB('idChange.verifyCode', { code: codeB })).toMatchObject({ ok: true });
    const results = await Promise.all([taroAtA('idChange.commit', { setAsContact: false }), hanakoAtB('idChange.commit', { setAsContact: false })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, code: 'id_taken', field: 'newItscomId' });
    expect(await inStore(shop.dir, (db) => db.selectFrom('customers').select('id').where('itscom_id_key', '=', wanted).execute())).toHaveLength(1);
  });

  it('names: a second live kiosk with a name of the shop does not start; another shop, or after the first stops, it does', async () => {
    const first = await kiosk('カウンター1');
    await expect(kiosk('カウンター1')).rejects.toThrow(/another kiosk of shop "main" is named "カウンター1" and is running .*give this kiosk its own KIOSK_NAME/);
    await kiosk('カウンター1', 'shibuya');
    await first.stop();
    await kiosk('カウンター1');
  });

  it('a lockout is lifted early only by staff of the shop where it began', async () => {
    const a = await kiosk('A');
    const x = await kiosk('X', 'another-shop');
    for (let i = 0; i < 5; i += 1) await at(a)('session.signIn', { itscomId: TARO.itscomId, password: `Wrong-pw${i}` });
    expect(await at(a)('session.signIn', TARO)).toEqual({ ok: false, code: 'account_locked' });
    expect((await overview(x)).lockedIds).toEqual([]);
    expect(await at(x, 'staff')('staff.unlockId', { itscomId: TARO.itscomId })).toMatchObject({ ok: false, reason: 'staff.errors.notLocked' });
    expect(await at(x)('session.signIn', TARO)).toEqual({ ok: false, code: 'account_locked' });
    expect((await overview(a)).lockedIds).toMatchObject([{ itscomId: TARO.itscomId }]);
    expect(await at(a, 'staff')('staff.unlockId', { itscomId: TARO.itscomId })).toEqual({ ok: true, value: null });
    expect(await at(x)('session.signIn', TARO)).toMatchObject({ ok: true });
  });

  it('a copied data dir (a second live kiosk with one identity) does not start; the original restarting does', async () => {
    const original = await kiosk('A');
    const copy = makeTempDir();
    shop.closers.push(async () => copy.cleanup());
    copyFileSync(join(original.dataDir, 'kiosk-id'), join(copy.dir, 'kiosk-id'));
    await expect(startTestCore({ dataDir: copy.dir, databaseUrl: shop.databaseUrl, kioskName: 'B', smtpUrl: shop.sink.url, demo: false, staffPin: '2468' })).rejects.toThrow(
      /another kiosk runs with this kiosk's identity .*this data dir was copied from it/,
    );
    // The original, killed and started again on its own data dir, is itself (its heartbeat still looks live).
    const dataDir = original.dataDir;
    await original.core.close();
    // A kill leaves its row live (no "stopped" written), as it was.
    expect(psql(`UPDATE kiosks SET stopped = 0, last_beat_at = ${Date.now()} WHERE name = 'A' RETURNING name`, shop.databaseUrl)).toBe('A');
    const again = await startTestCore({ dataDir, databaseUrl: shop.databaseUrl, kioskName: 'A', smtpUrl: shop.sink.url, demo: false, staffPin: '2468' });
    shop.closers.push(() => again.core.close());
  });

  it("staff at any kiosk see the shop: its kiosks online or not, each kiosk's procedures, calls and failed mail", async () => {
    const a = await kiosk('A');
    const b = await kiosk('B');
    const x = await kiosk('X', 'another-shop');
    const atA = at(a);
    await atA('session.signIn', HANAKO);
    await atA('passwordChange.start');
    await atA('passwordChange.check', { currentPassword: HANAKO.password, newPassword: 'Seen_by-B7', newPasswordAgain: 'Seen_by-B7' });
    shop.sink.refuse(1, 550);
    expect(await atA('passwordChange.commit')).toMatchObject({ ok: true });
    expect(await at(a, 'help')('support.call')).toMatchObject({ ok: true });

    let seen = await overview(b);
    expect(seen.kiosk).toEqual({ name: 'B', shop: 'main' });
    expect(seen.kiosks.map((k) => [k.name, k.self, k.online])).toEqual([
      ['A', false, true],
      ['B', true, true],
    ]);
    expect(seen.procedures).toMatchObject([{ kind: 'password_change', kiosk: 'A' }]);
    expect(seen.supportCalls).toMatchObject([{ kiosk: 'A' }]);
    await expect.poll(async () => (await overview(b)).mail).toMatchObject([{ kind: 'password_change_confirmation', state: 'failed', kiosk: 'A' }]);
    // Another shop's staff neither see nor touch these rows: the call stays open and the mail failed.
    expect(await overview(x)).toMatchObject({ supportCalls: [], mail: [] });
    expect(await at(x, 'staff')('staff.resolveCall', { id: seen.supportCalls[0]!.id })).toMatchObject({ ok: false });
    expect(await at(x, 'staff')('staff.retryMail', {})).toEqual({ ok: true, value: { queued: 0 } });
    expect((await overview(b)).supportCalls).toHaveLength(1);
    // Resolved and retried from B.
    expect(await at(b, 'staff')('staff.resolveCall', { id: seen.supportCalls[0]!.id })).toEqual({ ok: true, value: null });
    expect(await at(b, 'staff')('staff.retryMail', {})).toMatchObject({ ok: true, value: { queued: 1 } });
    await shop.sink.waitFor((m) => m.to.includes(HANAKO.itscomId) && m.subject.includes('パスワード'));
    seen = await overview(b);
    expect(seen.supportCalls).toEqual([]);

    // A kiosk that stops is offline at once; one that stops beating, after three missed beats.
    await a.stop();
    seen = await overview(b);
    expect(seen.kiosks.find((k) => k.name === 'A')?.online).toBe(false);
    b.clock.advance(OFFLINE_AFTER_MS + 1);
    expect((await overview(b)).kiosks.map((k) => [k.name, k.online])).toEqual([
      ['A', false],
      ['B', false],
    ]);
  });
});

describe('the outbox of a shop', () => {
  const mail = (i: number, secret = false) => ({
    kind: 'test',
    to: `c${i}@example.com`,
    from: 'mypage@itscom.jp',
    subject: `s${i}`,
    text: secret ? 'code %SECRET%' : `t${i}`,
    html: 'h',
    messageId: `<shop-${i}-${Math.random()}@kiosk.test>`,
    hasSecretSlot: secret,
  });
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });
  const storeOf = async (kioskId: string) => {
    const store = await openStore({ dataDir: shop.dir, databaseUrl: shop.databaseUrl, kioskId });
    stores.push(store);
    await store.kiosks.register({ id: kioskId, shop: 'main', name: kioskId, version: 't', instance: kioskId }, Date.now(), 0);
    return store;
  };

  it('a code mail is claimed only by the kiosk that holds its code; once that kiosk is gone it expires, never sent without its code', async () => {
    const a = await storeOf('kiosk-a');
    const b = await storeOf('kiosk-b');
    const now = Date.now();
    const id = await a.outbox.enqueue(mail(1, true), now);
    expect(await b.outbox.claimDue('worker-b', now, 10, now + 1000)).toEqual([]);
    expect(await b.outbox.nextDueAt()).toBeUndefined();
    expect(await b.outbox.expireOrphanedCodeMails(now - OFFLINE_AFTER_MS, 'gone')).toBe(0);
    // A stops beating: three beats later B ends the mail.
    await a.kiosks.beat('kiosk-a', { version: 't', inUse: false, printerState: 'idle', printerReasons: [], outboxBacklog: 1 }, now - OFFLINE_AFTER_MS - 1);
    expect(await b.outbox.expireOrphanedCodeMails(now - OFFLINE_AFTER_MS, 'the kiosk that held its code stopped')).toBe(1);
    expect((await a.outbox.get(id))?.state).toBe('expired');
    expect(await a.outbox.claimDue('worker-a', now, 10, now + 1000)).toEqual([]);
  });

  const runWorker = (kioskId: string, relayUrl: string, claimMs: number) =>
    runTsx(['test/support/outbox-worker-child.ts', shop.dir, shop.databaseUrl, kioskId, relayUrl, String(claimMs)]);

  it('three kiosks, three worker processes, a chaotic relay: every mail delivered once by Message-ID or failed for staff', async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
    const relay = await new ChaosRelay(seed, 150).start();
    shop.closers.push(() => relay.stop());
    const store = await storeOf('kiosk-a');
    const mails = [...Array(60)].map((_, i) => mail(i));
    for (const m of mails) await store.outbox.enqueue(m, Date.now());
    const workers = ['kiosk-a', 'kiosk-b', 'kiosk-c'].map((k) => runWorker(k, relay.url, 60_000));
    const results = await Promise.all(workers.map((w) => w.exited));
    for (const result of results) expect(result, result.out).toMatchObject({ code: 0 });
    // Every worker took part.
    for (const result of results) expect(result.out, `CHAOS_SEED=${seed}`).toMatch(/^sent \d+$/m);

    const rows = await inStore(shop.dir, (db) => db.selectFrom('outbox').select(['message_id', 'state']).execute());
    expect(rows.filter((r) => r.state !== 'sent' && r.state !== 'failed'), `CHAOS_SEED=${seed}`).toEqual([]);
    const copies = new Map<string, number>();
    for (const received of relay.received) copies.set(received.messageId, (copies.get(received.messageId) ?? 0) + 1);
    for (const row of rows.filter((r) => r.state === 'sent')) expect(copies.get(row.message_id), row.message_id).toBeGreaterThanOrEqual(1);
    // A second copy only where the relay kept a mail but hung up before saying so; never two workers on one mail.
    const duplicates = [...copies.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(duplicates, `CHAOS_SEED=${seed}`).toBeLessThanOrEqual(relay.tally.get('accept-then-drop') ?? 0);
  }, 120_000);

  it('a worker killed mid-send loses its claim, and another kiosk finishes the mail under the same Message-ID', async () => {
    const store = await storeOf('kiosk-a');
    const queued = mail(1);
    const id = await store.outbox.enqueue(queued, Date.now());
    const stalled = shop.sink.stall();
    const first = runWorker('kiosk-a', shop.sink.url, 1_500);
    await stalled;
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const second = runWorker('kiosk-b', shop.sink.url, 1_500);
    expect(await second.exited, second.output()).toMatchObject({ code: 0 });
    expect(second.output()).toContain(`sent ${id}`);
    expect(shop.sink.mails.map((m) => m.messageId)).toEqual([queued.messageId]);
    expect((await store.outbox.get(id))?.state).toBe('sent');
  }, 60_000);

  it("IT's audit verify runs on a PC where no kiosk ever ran, with only the shop's KIOSK_DATABASE_URL", async () => {
    const counter = await kiosk('counter-1');
    await at(counter, 'staff')('staff.unlock', { number: '1001', pin: '246810' });
    const home = makeTempDir();
    try {
      // No data dir, no kiosk-id: a HOME of its own and nothing of the kiosk's environment but the database.
      const env = { PATH: process.env.PATH, HOME: home.dir, KIOSK_DATABASE_URL: shop.databaseUrl };
      const verified = await runTsx(['electron/tools/audit-cli.ts', 'verify'], { env }).exited;
      expect(verified).toMatchObject({ code: 0, out: expect.stringMatching(/^the audit trail holds: \d+ row\(s\)/) });
      expect(existsSync(join(home.dir, '.config', 'mypage-kiosk'))).toBe(false);
    } finally {
      home.cleanup();
    }
  });
});
