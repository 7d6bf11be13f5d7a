import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateKey, openingState, type OpeningHours } from '../../shared/domain/opening-hours';
import { openingHoursSchema } from '../../shared/rules/opening-hours';
import { kioskAt } from '../support/core-fixture';
import { startKioskProcess } from '../support/kiosk-process';
import { TARO } from '../support/sign-in';
import { DEMO_MANAGER, DEMO_STAFF_MEMBER, enterStaffMode } from '../support/staff-entry';
import { makeTempDir } from '../support/temp-dir';
import { startTestCore, type TestCore } from '../support/test-core';
import { openTestStore, testEngine } from '../support/test-store';

/** Weekdays 10:00–19:00, Saturdays 10:00–17:00, closed on Sundays and on New Year's Eve. */
const HOURS: OpeningHours = {
  weekly: [null, ...Array.from({ length: 5 }, () => ({ open: '10:00', close: '19:00' })), { open: '10:00', close: '17:00' }],
  closedDays: ['2026-12-31'],
};
const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).getTime();

describe('opening hours', () => {
  it('are open from the opening minute to the closing minute, and name the next opening otherwise', () => {
    // 2026-12-07 is a Monday.
    expect(openingState(HOURS, local(2026, 12, 7, 10, 0))).toEqual({ open: true, nextOpening: null });
    expect(openingState(HOURS, local(2026, 12, 7, 9, 59))).toEqual({ open: false, nextOpening: local(2026, 12, 7, 10, 0) });
    expect(openingState(HOURS, local(2026, 12, 7, 19, 0))).toEqual({ open: false, nextOpening: local(2026, 12, 8, 10, 0) });
    // Saturday evening: Sunday is closed, Monday opens.
    expect(openingState(HOURS, local(2026, 12, 12, 17, 30))).toEqual({ open: false, nextOpening: local(2026, 12, 14, 10, 0) });
    // A closed date is skipped: the 31st (Thursday) is closed, the 1st is a Friday.
    expect(openingState(HOURS, local(2026, 12, 30, 20, 0))).toEqual({ open: false, nextOpening: local(2027, 1, 1, 10, 0) });
    expect(openingState(null, local(2026, 12, 13, 3, 0))).toEqual({ open: true, nextOpening: null });
    expect(openingState({ weekly: Array(7).fill(null), closedDays: [] }, local(2026, 12, 7, 12))).toEqual({ open: false, nextOpening: null });
  });

  it('are checked as a manager saves them: times in 24-hour form, closing after opening, real and distinct dates', () => {
    expect(openingHoursSchema.safeParse(HOURS).success).toBe(true);
    const problem = (hours: unknown) => {
      const parsed = openingHoursSchema.safeParse(hours);
      return parsed.success ? undefined : parsed.error.issues[0]?.message;
    };
    expect(problem({ ...HOURS, weekly: [{ open: '9:00', close: '19:00' }, ...HOURS.weekly.slice(1)] })).toBe('staff.errors.hoursTime');
    expect(problem({ ...HOURS, weekly: [{ open: '19:00', close: '10:00' }, ...HOURS.weekly.slice(1)] })).toBe('staff.errors.hoursOrder');
    expect(problem({ ...HOURS, closedDays: ['2026-13-01'] })).toBe('staff.errors.closedDay');
    expect(problem({ ...HOURS, closedDays: ['2026-12-31', '2026-12-31'] })).toBe('staff.errors.closedDay');
    expect(problem({ ...HOURS, weekly: HOURS.weekly.slice(1) })).toBeDefined();
  });
});

describe('a kiosk at closing time', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await startTestCore();
  });
  afterAll(() => t.stop());

  it('a manager sets the hours; a customer under way at closing finishes, the next one cannot begin; staff mode still opens', async () => {
    t.clock.now = local(2026, 12, 7, 18, 58);
    const staff = kioskAt(t.core, 'staff-window');
    await enterStaffMode(staff, DEMO_STAFF_MEMBER);
    expect(await staff.staff.saveOpeningHours({ hours: HOURS })).toEqual({ ok: false, code: 'not_manager' });
    await staff.staff.lock();
    await enterStaffMode(staff, DEMO_MANAGER);
    expect(await staff.staff.saveOpeningHours({ hours: { ...HOURS, weekly: HOURS.weekly.slice(1) } } as never)).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(await staff.staff.saveOpeningHours({ hours: HOURS })).toEqual({ ok: true, value: null });
    const overview = await staff.staff.overview();
    expect(overview.ok && [overview.value.openingHours, overview.value.open]).toEqual([HOURS, true]);
    await staff.staff.lock();

    const customer = kioskAt(t.core, 'customer-window');
    expect(await customer.session.signIn(TARO)).toMatchObject({ ok: true });
    await customer.passwordChange.start();
    expect(await customer.passwordChange.check({ currentPassword: TARO.password, newPassword: 'Closing_time-7', newPasswordAgain: 'Closing_time-7' })).toMatchObject({ ok: true });
    t.clock.now = local(2026, 12, 7, 19, 1);
    expect(await customer.kiosk.status()).toEqual({ ok: true, value: { canPrint: expect.any(Boolean), open: false, nextOpening: local(2026, 12, 8, 10, 0) } });
    // The customer under way finishes.
    expect(await customer.passwordChange.commit()).toMatchObject({ ok: true, value: { newPassword: 'Closing_time-7' } });
    await customer.session.signOut({ reason: 'customer' });
    // The next customer cannot begin, nor a reset at the counter's screen.
    expect(await customer.session.signIn({ itscomId: TARO.itscomId, password: 'Closing_time-7' })).toEqual({ ok: false, code: 'shop_closed' });
    expect(await customer.passwordReset.start()).toEqual({ ok: false, code: 'shop_closed' });
    // Staff mode opens at any hour.
    await enterStaffMode(staff, DEMO_STAFF_MEMBER);
    await staff.staff.lock();
    t.clock.now = local(2026, 12, 8, 10, 0);
    expect(await customer.session.signIn({ itscomId: TARO.itscomId, password: 'Closing_time-7' })).toMatchObject({ ok: true });
  });
});

describe('a kiosk whose clock is moved (libfaketime)', () => {
  it(`three days ahead, into a closed date: ${testEngine === 'sqlite' ? 'on the embedded store its own clock is the shop\'s, so it is closed and names the next opening' : 'on a shared store the database\'s clock decides, so it is open'}`, async () => {
    const dir = makeTempDir();
    try {
      const closedDay = new Date(Date.now() + 3 * 24 * 60 * 60_000);
      const store = await openTestStore(dir.dir);
      await store.shopSettings.set('openingHours', { weekly: Array(7).fill({ open: '00:00', close: '23:59' }), closedDays: [dateKey(closedDay)] } satisfies OpeningHours);
      await store.close();
      const ahead = await startKioskProcess({ dataDir: dir.dir }, { clockOffset: '+3d' });
      try {
        if (testEngine === 'sqlite') {
          expect(await ahead.call('w', 'kiosk.status')).toEqual({
            ok: true,
            value: { canPrint: expect.any(Boolean), open: false, nextOpening: local(closedDay.getFullYear(), closedDay.getMonth() + 1, closedDay.getDate() + 1) },
          });
          expect(await ahead.call('w', 'session.signIn', TARO)).toEqual({ ok: false, code: 'shop_closed' });
        } else {
          expect(await ahead.call('w', 'kiosk.status')).toMatchObject({ ok: true, value: { open: true, nextOpening: null } });
          expect(await ahead.call('w', 'session.signIn', TARO)).toMatchObject({ ok: true });
        }
      } finally {
        await ahead.close();
      }
      // The same store on today's clock: open.
      const today = await startKioskProcess({ dataDir: dir.dir });
      try {
        expect(await today.call('w', 'kiosk.status')).toMatchObject({ ok: true, value: { open: true, nextOpening: null } });
      } finally {
        await today.close();
      }
    } finally {
      dir.cleanup();
    }
  });
});
