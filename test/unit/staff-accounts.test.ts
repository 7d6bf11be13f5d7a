import { describe, expect, it } from 'vitest';
import { createAuditTrail } from '../../electron/core/audit/audit-trail';
import { hashPassword } from '../../electron/core/auth/password-hash';
import { readOrCreateKioskId } from '../../electron/core/kiosk-identity';
import { createStaffEntry } from '../../electron/core/staff/staff-entry';
import { openStore } from '../../electron/core/store/store';
import { newPinRefusal } from '../../shared/rules/staff';
import { kioskAt, useTestCore } from '../support/core-fixture';
import { runTsx } from '../support/run-child';
import { memoryLogger } from '../support/silent-logger';
import { DEMO_MANAGER, DEMO_STAFF_MEMBER, enterStaffMode, OWN_PIN } from '../support/staff-entry';
import { startTestCore } from '../support/test-core';
import { engineDatabaseUrl, inStore, kioskEnvironment } from '../support/test-store';
import { scanForSecrets } from '../support/disk-scan';

/**
 * Staff are people: a number and PIN each, a role, limits decided in the
 * store (per kiosk, per number), and an audit trail that names who did what.
 * On each engine.
 */
const COUNTER = { windowId: 'counter' };
const auditRows = (dataDir: string) =>
  inStore(dataDir, (db) => db.selectFrom('audit_trail').select(['staff_number', 'action', 'subject', 'outcome']).orderBy('id').execute());

describe('PIN rules', () => {
  it.each([
    ['12345', 'staff.errors.pin'],
    ['123456789', 'staff.errors.pin'],
    ['12a456', 'staff.errors.pin'],
    ['777777', 'staff.errors.pinRepeated'],
    ['123456', 'staff.errors.pinRun'],
    ['87654321', 'staff.errors.pinRun'],
    ['300712', 'staff.errors.pinIsNumber'],
  ])('refuses %s', (pin, reason) => {
    expect(newPinRefusal(pin, '300712')).toBe(reason);
  });

  it('takes 6 to 8 digits that are none of those', () => {
    expect(newPinRefusal('580213', '1001')).toBeUndefined();
    expect(newPinRefusal('13572468', '1001')).toBeUndefined();
  });
});

describe('staff accounts', () => {
  const core = useTestCore();
  const { at } = core;

  it('the demo\'s manager and staff member: a staff member does the counter\'s work, only a manager the settings, staff, audit trail and quitting', async () => {
    expect(await at('staff').staff.unlock(DEMO_STAFF_MEMBER)).toMatchObject({ ok: true, value: { number: '2001', name: '佐藤', role: 'staff', mustSetPin: false } });
    expect(await at('staff').staff.overview()).toMatchObject({ ok: true, value: { member: { number: '2001', name: '佐藤', role: 'staff' } } });
    for (const call of [() => at('staff').staff.members(), () => at('staff').staff.auditTrail({}), () => at('staff').staff.quit()]) {
      expect(await call()).toEqual({ ok: false, code: 'not_manager' });
    }
    expect(await at('manager').staff.unlock(DEMO_MANAGER)).toMatchObject({ ok: true, value: { role: 'manager' } });
    expect(await at('manager').staff.members()).toMatchObject({ ok: true, value: [{ number: '1001', role: 'manager' }, { number: '2001', role: 'staff' }] });
    expect(JSON.stringify(await at('manager').staff.members())).not.toMatch(/"pin"|hash|scrypt/i);
  });

  it('a manager adds a member, who sets their own PIN at the first entry; the audit trail names each of them', async () => {
    await enterStaffMode(at('manager'));
    expect(await at('manager').staff.addMember({ number: '3001', name: '鈴木', role: 'staff', pin: '580213' })).toEqual({ ok: true, value: null });
    expect(await at('manager').staff.addMember({ number: '3001', name: '別人', role: 'staff', pin: '580213' })).toMatchObject({ field: 'number', reason: 'staff.errors.numberTaken' });

    expect(await at('new').staff.unlock({ number: '3001', pin: '580213' })).toMatchObject({ ok: true, value: { mustSetPin: true } });
    // Nothing of staff mode opens before the member's own PIN.
    expect(await at('new').staff.overview()).toEqual({ ok: false, code: 'not_staff' });
    expect(await at('new').staff.setPin({ pin: '123456', pinAgain: '123456' })).toMatchObject({ reason: 'staff.errors.pinRun' });
    expect(await at('new').staff.setPin({ pin: OWN_PIN, pinAgain: OWN_PIN })).toEqual({ ok: true, value: null });
    expect(await at('new').staff.unlockId({ itscomId: 'yamada.taro' })).toMatchObject({ reason: 'staff.errors.notLocked' });
    await at('new').staff.lock();
    expect(await at('again').staff.unlock({ number: '3001', pin: OWN_PIN })).toMatchObject({ ok: true, value: { mustSetPin: false } });

    expect(await auditRows(core.t.dataDir)).toEqual([
      { staff_number: '1001', action: 'staff_mode_opened', subject: null, outcome: 'ok' },
      { staff_number: '1001', action: 'staff_added', subject: '3001', outcome: 'ok' },
      { staff_number: '3001', action: 'staff_mode_opened', subject: null, outcome: 'pin_to_set' },
      { staff_number: '3001', action: 'pin_set', subject: '3001', outcome: 'ok' },
      { staff_number: '3001', action: 'unlock_id', subject: 'yamada.taro', outcome: 'not_locked' },
      { staff_number: '3001', action: 'staff_mode_closed', subject: null, outcome: 'closed' },
      { staff_number: '3001', action: 'staff_mode_opened', subject: null, outcome: 'ok' },
    ]);
  });

  /** Other kiosks of the shop on this test's store (their own entry limits, the shop's numbers); each burst of wrong PINs comes from two of them. */
  async function otherKiosks() {
    const store = await openStore({ dataDir: core.t.dataDir, databaseUrl: engineDatabaseUrl(core.t.dataDir), kioskId: 'kiosk-b' });
    let kiosks = 0;
    const kioskEntry = () =>
      createStaffEntry({
        members: store.staffMembers,
        attempts: store.attempts,
        audit: createAuditTrail({ repo: store.audit, now: () => core.t.clock.now, log: memoryLogger(), shop: 'main' }),
        kiosk: { id: `kiosk-${(kiosks += 1)}`, shop: 'main' },
        log: memoryLogger(),
        now: () => core.t.clock.now,
        idleMs: () => 180_000,
      });
    return {
      /** Eight wrong PINs against `number`, four from each of two kiosks in turn (at once, a try that finds another in flight on the number is refused uncounted: bursts.test.ts). */
      async burst(number: string) {
        const [a, b] = [kioskEntry(), kioskEntry()];
        for (let i = 0; i < 4; i += 1) {
          expect(await a.enter('w', number, `00000${i}`)).toMatchObject({ ok: false, code: 'invalid_pin' });
          expect(await b.enter('w', number, `11111${i}`)).toMatchObject({ ok: false, code: 'invalid_pin' });
        }
      },
      /** The right PIN typed at a kiosk nobody guessed at. */
      enter: (number: string, pin: string) => kioskEntry().enter('w', number, pin),
      close: () => store.close(),
    };
  }

  it('wrong PINs from two kiosks lock the number for longer each time (5, 15 min), never deactivate it; the manager enters once the lock has run out', async () => {
    const others = await otherKiosks();
    try {
      await others.burst('1001');
      // Locked: the right PIN answers as a wrong one.
      expect(await others.enter('1001', DEMO_MANAGER.pin)).toMatchObject({ ok: false, code: 'invalid_pin' });
      core.t.clock.advance(5 * 60_000 + 1_000);
      await others.burst('1001');
      core.t.clock.advance(5 * 60_000 + 1_000);
      expect(await others.enter('1001', DEMO_MANAGER.pin)).toMatchObject({ ok: false, code: 'invalid_pin' });
      core.t.clock.advance(10 * 60_000);
      expect(await others.enter('1001', DEMO_MANAGER.pin)).toMatchObject({ ok: true, value: { role: 'manager', failuresSinceEntry: 18 } });
    } finally {
      await others.close();
    }
    // Still the shop's manager: nothing a walk-in typed took the number away.
    await enterStaffMode(at('manager'));
    expect(await at('manager').staff.members()).toMatchObject({ ok: true, value: [{ number: '1001', active: true }, { number: '2001', active: true }] });
    const rows = await auditRows(core.t.dataDir);
    expect(rows.filter((row) => row.action === 'staff_number_locked')).toEqual([
      { staff_number: '1001', action: 'staff_number_locked', subject: '1001', outcome: 'too_many_failures' },
      { staff_number: '1001', action: 'staff_number_locked', subject: '1001', outcome: 'too_many_failures' },
    ]);
    expect(rows.map((row) => row.action)).not.toContain('staff_number_deactivated');
  });

  it('a locked number is an alert in staff mode\'s header: managers see the shop\'s, a member their own', async () => {
    const others = await otherKiosks();
    try {
      await enterStaffMode(at('manager'));
      await others.burst('2001');
      const lockedUntil = core.t.clock.now + 5 * 60_000;
      expect(await at('manager').staff.overview()).toMatchObject({ ok: true, value: { numberLocks: [{ number: '2001', name: '佐藤', locksToday: 1, lockedUntil }] } });
      core.t.clock.advance(5 * 60_000 + 1_000);
      expect(await at('staff').staff.unlock(DEMO_STAFF_MEMBER)).toMatchObject({ ok: true, value: { failuresSinceEntry: 8 } });
      expect(await at('staff').staff.overview()).toMatchObject({ ok: true, value: { numberLocks: [{ number: '2001', locksToday: 1, lockedUntil: null }] } });
      // The manager back after 5 minutes away, and then the manager's own number guessed at.
      await enterStaffMode(at('manager'));
      await others.burst('1001');
      // The member does not see the manager's number; the manager sees both.
      const member = await at('staff').staff.overview();
      expect(member.ok && member.value.numberLocks.map((lock) => lock.number)).toEqual(['2001']);
      const manager = await at('manager').staff.overview();
      expect(manager.ok && manager.value.numberLocks.map((lock) => lock.number)).toEqual(['1001', '2001']);
    } finally {
      await others.close();
    }
  });

  it('digits typed into 「スタッフ番号」 that are nobody\'s number are kept in no row of the store, no log and no file', async () => {
    const typedPin = '864209';
    for (let i = 0; i < 4; i += 1) await at(COUNTER).staff.unlock({ number: typedPin, pin: '13579' + String(i) });
    await enterStaffMode(at('manager'));
    const page = await at('manager').staff.auditTrail({});
    expect(page).toMatchObject({ ok: true, value: { rows: expect.arrayContaining([expect.objectContaining({ action: 'staff_entry_failed', staffNumber: null, outcome: 'unknown_number' })]) } });
    expect(JSON.stringify(page)).not.toContain(typedPin);
    expect(JSON.stringify(await inStore(core.t.dataDir, (db) => db.selectFrom('audit_trail').selectAll().execute()))).not.toContain(typedPin);
    expect(JSON.stringify(await inStore(core.t.dataDir, (db) => db.selectFrom('attempt_counters').selectAll().execute()))).not.toContain(typedPin);
    expect(scanForSecrets([core.t.dataDir], 0, [typedPin])).toEqual([]);
  });
  it('the member\'s next entry says how many wrong PINs were typed against the number since the last one', async () => {
    await at(COUNTER).staff.unlock({ number: '2001', pin: '999999' });
    await at(COUNTER).staff.unlock({ number: '2001', pin: '999998' });
    expect(await at(COUNTER).staff.unlock(DEMO_STAFF_MEMBER)).toMatchObject({ ok: true, value: { failuresSinceEntry: 2 } });
    await at(COUNTER).staff.lock();
    expect(await at(COUNTER).staff.unlock(DEMO_STAFF_MEMBER)).toMatchObject({ ok: true, value: { failuresSinceEntry: 0 } });
  });

  it('nobody can deactivate the last active manager', async () => {
    await enterStaffMode(at('manager'));
    expect(await at('manager').staff.deactivateMember({ number: '1001' })).toMatchObject({ ok: false, reason: 'staff.errors.lastManager' });
    expect(await at('manager').staff.deactivateMember({ number: '2001' })).toEqual({ ok: true, value: null });
    expect(await at('staff').staff.unlock(DEMO_STAFF_MEMBER)).toMatchObject({ ok: false, code: 'invalid_pin' });
  });

  it('closes by itself after 3 minutes without a touch, and when the next customer signs in at the window', async () => {
    await enterStaffMode(at(COUNTER));
    core.t.clock.advance(179_000);
    expect(await at(COUNTER).staff.overview()).toMatchObject({ ok: true });
    core.t.clock.advance(181_000);
    expect(await at(COUNTER).staff.overview()).toEqual({ ok: false, code: 'not_staff' });

    await enterStaffMode(at(COUNTER));
    expect(await at(COUNTER).session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' })).toMatchObject({ ok: true });
    expect(await at(COUNTER).staff.overview()).toEqual({ ok: false, code: 'not_staff' });
    const closes = (await auditRows(core.t.dataDir)).filter((row) => row.action === 'staff_mode_closed').map((row) => row.outcome);
    expect(closes).toEqual(['idle', 'customer']);
  });

  it('the page\'s own polls keep no staff window awake: the core closes it by itself, and a PIN typed at a set-your-PIN step left alone opens nothing', async () => {
    await enterStaffMode(at(COUNTER));
    // A screen open for 3 minutes: its status poll every 5 s, furigana and speech, nobody touching it.
    for (let waited = 0; waited <= 180_000; waited += 5_000) {
      core.t.clock.advance(5_000);
      await at(COUNTER).kiosk.status({});
      await at(COUNTER).kiosk.info();
    }
    // Closed in the core by its own timer (audit row "idle"), with no further call from the window.
    await expect.poll(async () => (await auditRows(core.t.dataDir)).filter((row) => row.action === 'staff_mode_closed').map((row) => row.outcome)).toEqual(['idle']);
    expect(await at(COUNTER).staff.overview()).toEqual({ ok: false, code: 'not_staff' });

    // A member whose PIN a manager reset walks away at 「ご自分のPINを設定してください」.
    await enterStaffMode(at('manager'));
    expect(await at('manager').staff.resetMemberPin({ number: '2001', pin: '580213' })).toEqual({ ok: true, value: null });
    expect(await at(COUNTER).staff.unlock({ number: '2001', pin: '580213' })).toMatchObject({ ok: true, value: { mustSetPin: true } });
    core.t.clock.advance(181_000);
    expect(await at(COUNTER).staff.setPin({ pin: OWN_PIN, pinAgain: OWN_PIN })).toEqual({ ok: false, code: 'not_staff' });
    expect(await at(COUNTER).staff.overview()).toEqual({ ok: false, code: 'not_staff' });
    // The PIN typed then was never set: the manager's reset PIN still asks for a new one.
    expect(await at('again').staff.unlock({ number: '2001', pin: '580213' })).toMatchObject({ ok: true, value: { mustSetPin: true } });
  });

  it('the PIN dialog\'s キャンセル ends an entry with a PIN still to set in the core too', async () => {
    await enterStaffMode(at('manager'));
    await at('manager').staff.resetMemberPin({ number: '2001', pin: '580213' });
    expect(await at(COUNTER).staff.unlock({ number: '2001', pin: '580213' })).toMatchObject({ ok: true, value: { mustSetPin: true } });
    expect(await at(COUNTER).staff.lock()).toEqual({ ok: true, value: null });
    expect(await at(COUNTER).staff.setPin({ pin: OWN_PIN, pinAgain: OWN_PIN })).toEqual({ ok: false, code: 'not_staff' });
  });

  it('the audit trail page: newest first, filtered, and verified', async () => {
    await enterStaffMode(at('manager'));
    await at('manager').staff.unlockId({ itscomId: 'yamada.taro' });
    const page = await at('manager').staff.auditTrail({});
    expect(page).toMatchObject({ ok: true, value: { verified: { holds: true }, nextBeforeId: null } });
    const rows = page.ok ? page.value.rows : [];
    expect(rows.map((row) => row.action)).toEqual(['unlock_id', 'staff_mode_opened']);
    expect(rows[0]).toMatchObject({ staffNumber: '1001', subject: 'yamada.taro', kiosk: 'テスト端末' });
    expect(await at('manager').staff.auditTrail({ action: 'staff_mode_opened' })).toMatchObject({ value: { rows: [{ action: 'staff_mode_opened' }] } });
    expect(await at('manager').staff.auditTrail({ staffNumber: '2001' })).toMatchObject({ value: { rows: [] } });
  });
});

describe('entry limits per kiosk', () => {
  it('five wrong entries lock entry at that kiosk only: the shop\'s other kiosk still opens', async () => {
    const t = await startTestCore();
    try {
      const storeOf = (kioskId: string) => openStore({ dataDir: t.dataDir, databaseUrl: engineDatabaseUrl(t.dataDir), kioskId });
      const first = await storeOf(readOrCreateKioskId(t.dataDir).id);
      const other = await storeOf('kiosk-b');
      const entryAt = (store: typeof first, id: string) =>
        createStaffEntry({
          members: store.staffMembers,
          attempts: store.attempts,
          audit: createAuditTrail({ repo: store.audit, now: () => t.clock.now, log: memoryLogger(), shop: 'main' }),
          kiosk: { id, shop: 'main' },
          log: memoryLogger(),
          now: () => t.clock.now,
          idleMs: () => 180_000,
        });
      const a = entryAt(first, 'kiosk-a');
      const b = entryAt(other, 'kiosk-b');
      for (let i = 0; i < 5; i += 1) await a.enter('w', '1001', `00000${i}`);
      expect(await a.enter('w', '1001', DEMO_MANAGER.pin)).toMatchObject({ ok: false, code: 'staff_locked' });
      expect(await b.enter('w', '1001', DEMO_MANAGER.pin)).toMatchObject({ ok: true, value: { number: '1001', failuresSinceEntry: 5 } });
      await first.close();
      await other.close();
    } finally {
      await t.stop();
    }
  });
});

describe('a kiosk from before staff accounts', () => {
  it('keeps its shared PIN: manager 0000 enters with it once and sets a PIN of their own; nobody is locked out', async () => {
    const t = await startTestCore({ demo: false, smtpUrl: 'smtp://127.0.0.1:1?tls=off' });
    try {
      // What an older kiosk left: the shared PIN's hash among its settings, and no staff.
      const store = await openStore({ dataDir: t.dataDir, databaseUrl: engineDatabaseUrl(t.dataDir), kioskId: readOrCreateKioskId(t.dataDir).id });
      await store.settings.set('staffPinHash', await hashPassword('4826'));
      await store.close();
      const w = kioskAt(await t.restart(), 'w');
      expect(await w.staff.unlock({ number: '0000', pin: '4826' })).toMatchObject({ ok: true, value: { role: 'manager', mustSetPin: true } });
      expect(await w.staff.setPin({ pin: OWN_PIN, pinAgain: OWN_PIN })).toEqual({ ok: true, value: null });
      expect(await w.staff.members()).toMatchObject({ ok: true, value: [{ number: '0000', role: 'manager', mustSetPin: false }] });
    } finally {
      await t.stop();
    }
  });
});

describe('npm run staff -- add', () => {
  it('adds the first manager with a PIN typed twice (not in the arguments), and refuses a bad or mistyped one', async () => {
    const t = await startTestCore({ demo: false, smtpUrl: 'smtp://127.0.0.1:1?tls=off' });
    try {
      const env = kioskEnvironment(t.dataDir);
      const add = (pins: string) => runTsx(['electron/tools/staff-cli.ts', 'add', '--number', '5001', '--name', '田中', '--role', 'manager'], { env, input: pins }).exited;
      expect(await add('580213\n580214\n')).toMatchObject({ code: 1, out: expect.stringContaining('the two PINs differ') });
      expect(await add('111111\n111111\n')).toMatchObject({ code: 1, out: expect.stringContaining('one digit repeated') });
      expect(await add('580213\n580213\n')).toMatchObject({ code: 0, out: expect.stringContaining('added manager 5001 (田中)') });
      expect(await add('580213\n580213\n')).toMatchObject({ code: 1, out: expect.stringContaining('taken') });
      const w = kioskAt(await t.restart(), 'w');
      expect(await w.staff.unlock({ number: '5001', pin: '580213' })).toMatchObject({ ok: true, value: { role: 'manager', mustSetPin: false } });
      expect(await auditRows(t.dataDir)).toContainEqual({ staff_number: null, action: 'staff_added', subject: '5001', outcome: 'ok' });
    } finally {
      await t.stop();
    }
  });
});
