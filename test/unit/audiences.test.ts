import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelAudiences, type Audience } from '../../shared/contract/audiences';
import { channelNames } from '../../shared/contract/channels';
import type { ErrorCode } from '../../shared/contract/result';
import { HANAKO, TARO } from '../support/sign-in';
import { startTestCore, type TestCore } from '../support/test-core';
import { inStore, openTestStore } from '../support/test-store';
import { validInput } from '../support/valid-inputs';

/**
 * Every channel called from every window state its audience does not admit,
 * through the real core: the dispatcher answers before the handler runs, and
 * nothing about the window changes.
 */
type State = 'nobody signed in' | 'a customer signed in' | 'a customer with a temporary password' | 'staff mode' | 'manager mode';
const WINDOW: Record<State, { windowId: string }> = {
  'nobody signed in': { windowId: 'nobody' },
  'a customer signed in': { windowId: 'customer' },
  'a customer with a temporary password': { windowId: 'temporary' },
  'staff mode': { windowId: 'staff' },
  'manager mode': { windowId: 'manager' },
};
/** What each audience answers in each state it refuses; a state missing here is admitted. */
const REFUSALS: Record<Audience, Partial<Record<State, ErrorCode>>> = {
  public: {},
  'signed-out': { 'a customer signed in': 'out_of_order', 'a customer with a temporary password': 'out_of_order' },
  customer: {
    'nobody signed in': 'not_signed_in',
    'staff mode': 'not_signed_in',
    'manager mode': 'not_signed_in',
    'a customer with a temporary password': 'password_change_required',
  },
  'password-change-required': {
    'nobody signed in': 'not_signed_in',
    'staff mode': 'not_signed_in',
    'manager mode': 'not_signed_in',
    'a customer signed in': 'out_of_order',
  },
  'customer-or-reset': { 'a customer with a temporary password': 'password_change_required' },
  staff: {
    'nobody signed in': 'not_staff',
    'a customer signed in': 'not_staff',
    'a customer with a temporary password': 'not_staff',
  },
  manager: {
    'nobody signed in': 'not_staff',
    'a customer signed in': 'not_staff',
    'a customer with a temporary password': 'not_staff',
    'staff mode': 'not_manager',
  },
};

let t: TestCore;
/** Untyped on purpose: every channel, named by data, from every state (a hostile page's calls). */
const call = (state: State, channel: string, input: unknown = {}) => t.core.dispatch(WINDOW[state], channel, input);
const snapshot = async () =>
  Promise.all((Object.keys(WINDOW) as State[]).map(async (state) => [state, await call(state, 'session.current'), await call(state, 'staff.overview')]));

beforeAll(async () => {
  t = await startTestCore();
  expect(await call('a customer signed in', 'session.signIn', HANAKO)).toMatchObject({ ok: true });
  // Taro's password becomes a temporary one (the same password, marked as staff would issue it).
  const store = await openTestStore(t.dataDir);
  const taro = (await store.customers.findByKey('yamada.taro'))!;
  await store.customers.changePassword(taro.id, taro.passwordHash, t.clock.now, { ifVersion: taro.credentialVersion, temporaryUntil: t.clock.now + 60 * 60_000 });
  await store.close();
  expect(await call('a customer with a temporary password', 'session.signIn', TARO)).toMatchObject({ ok: true, value: { mustChangePassword: true } });
  expect(await call('staff mode', 'staff.unlock', { number: '2001', pin: '135790' })).toMatchObject({ ok: true, value: { role: 'staff' } });
  expect(await call('manager mode', 'staff.unlock', { number: '1001', pin: '246810' })).toMatchObject({ ok: true, value: { role: 'manager' } });
});
afterAll(() => t.stop());

describe('channel audiences', () => {
  it('every channel has an audience; every staff channel but entering, setting one\'s PIN and leaving is for staff, and settings, opening hours, staff accounts, the audit trail and quitting for managers', () => {
    const managers = ['staff.saveSettings', 'staff.quit', 'staff.members', 'staff.addMember', 'staff.deactivateMember', 'staff.resetMemberPin', 'staff.auditTrail', 'staff.printDayReport', 'staff.saveOpeningHours'];
    for (const channel of channelNames) {
      const open = ['staff.unlock', 'staff.setPin', 'staff.lock'].includes(channel);
      const expected = !channel.startsWith('staff.') || open ? expect.any(String) : managers.includes(channel) ? 'manager' : 'staff';
      expect(channelAudiences[channel], channel).toEqual(expected);
    }
  });

  it('refuses every channel from every window state its audience does not admit, before the handler runs', async () => {
    const before = await snapshot();
    let refused = 0;
    for (const channel of channelNames) {
      for (const [state, code] of Object.entries(REFUSALS[channelAudiences[channel]]) as [State, ErrorCode][]) {
        expect(await call(state, channel, validInput[channel]), `${channel} from ${state}`).toEqual({ ok: false, code });
        refused += 1;
      }
    }
    expect(refused).toBeGreaterThan(60);
    // No handler ran: nobody signed in or out, staff mode still open, no procedure started, the kiosk still up.
    expect(await snapshot()).toEqual(before);
    expect(await inStore(t.dataDir, (db) => db.selectFrom('procedures').select('id').execute())).toEqual([]);
    expect(await inStore(t.dataDir, (db) => db.selectFrom('support_calls').select('id').execute())).toEqual([]);
  });
});
