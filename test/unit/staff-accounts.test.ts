import { describe, expect, it } from 'vitest';
import { createAuditTrail } from '../../electron/core/audit/audit-trail';
import { hashPassword } from '../../electron/core/auth/password-hash';
import { readOrCreateKioskId } from '../../electron/core/kiosk-identity';
import { createStaffEntry, KIOSK_ENTRY_LIMITS } from '../../electron/core/staff/staff-entry';
import { openStore } from '../../electron/core/store/store';
import { newPinRefusal } from '../../shared/rules/staff';
import { kioskAt, useTestCore } from '../support/core-fixture';
import { runTsx } from '../support/run-child';
import { memoryLogger } from '../support/silent-logger';
import { DEMO_MANAGER, DEMO_STAFF_MEMBER, enterStaffMode, OWN_PIN } from '../support/staff-entry';
import { startTestCore } from '../support/test-core';
import { engineDatabaseUrl, inStore, kioskEnvironment } from '../support/test-store';

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

  it('ten wrong PINs against one number in a day deactivate it; a manager\'s reset brings it back, and its next entry tells how many there were', async () => {
    // Two kiosks' worth of wrong PINs (five here, five after the lock's 5 minutes), each told the same.
    for (let i = 0; i < 10; i += 1) {
      if (i === 5) core.t.clock.advance(KIOSK_ENTRY_LIMITS.lockMs);
      expect(await at(COUNTER).staff.unlock({ number: '2001', pin: '000000' })).toMatchObject({ ok: false });
    }
    core.t.clock.advance(KIOSK_ENTRY_LIMITS.lockMs);
    expect(await at(COUNTER).staff.unlock(DEMO_STAFF_MEMBER)).toMatchObject({ ok: false, code: 'invalid_pin' });
    await enterStaffMode(at('manager'));
    expect(await at('manager').staff.members()).toMatchObject({ value: [{ number: '1001' }, { number: '2001', active: false, inactiveReason: 'failures' }] });
    expect(await at('manager').staff.resetMemberPin({ number: '2001', pin: '580213' })).toEqual({ ok: true, value: null });
    expect(await at(COUNTER).staff.unlock({ number: '2001', pin: '580213' })).toMatchObject({ ok: true, value: { mustSetPin: true, failuresSinceEntry: 0 } });
    const actions = (await auditRows(core.t.dataDir)).map((row) => row.action);
    expect(actions.filter((action) => action === 'staff_entry_failed')).toHaveLength(11);
    expect(actions).toContain('staff_number_deactivated');
    expect(actions).toContain('staff_pin_reset');
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
          audit: createAuditTrail({ repo: store.audit, now: () => t.clock.now, log: memoryLogger() }),
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
