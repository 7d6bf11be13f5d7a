import { describe, expect, it } from 'vitest';
import { useTestCore } from '../support/core-fixture';

/**
 * A customer who leaves (or a page that is reset) while a slow step runs: the
 * step's result must not land on the next customer's screen, and nothing
 * secret it produced may stay in memory.
 */
const PAGE = { windowId: 'kiosk' };
const core = useTestCore();
const { at } = core;

describe('a session that ends during a slow step', () => {
  it('a sign-in whose window was reset while the password was checked signs nobody in', async () => {
    const signing = at(PAGE).session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' });
    core.t.core.endWindowSession(PAGE.windowId);
    expect(await signing).toEqual({ ok: false, code: 'not_signed_in' });
    expect(await at(PAGE).session.current()).toEqual({ ok: true, value: null });
  });

  it('a new password checked while the customer signed out is not kept', async () => {
    expect(await at(PAGE).session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' })).toMatchObject({ ok: true });
    expect(await at(PAGE).passwordChange.start()).toMatchObject({ ok: true });
    const checking = at(PAGE).passwordChange.check({ currentPassword: 'Demo-pass1', newPassword: 'Left-behind-42', newPasswordAgain: 'Left-behind-42' });
    expect(await at(PAGE).session.signOut()).toEqual({ ok: true, value: null });
    expect(await checking).toEqual({ ok: false, code: 'not_signed_in' });
    // Back again: there is no confirmed new password waiting to be registered.
    expect(await at(PAGE).session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' })).toMatchObject({ ok: true });
    expect(await at(PAGE).passwordChange.commit()).toEqual({ ok: false, code: 'out_of_order' });
  });

  it('a re-entered password does not refresh a session that ended meanwhile', async () => {
    expect(await at(PAGE).session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' })).toMatchObject({ ok: true });
    expect(await at(PAGE).idChange.start()).toMatchObject({ ok: true });
    const reentering = at(PAGE).idChange.reauthenticate({ password: 'Demo-pass1' });
    await at(PAGE).session.signOut();
    expect(await reentering).toEqual({ ok: false, code: 'not_signed_in' });
  });
});
