import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CURRENT_PARAMS, needsRehash } from '../../electron/core/auth/password-hash';
import { LOCK_MILLISECONDS } from '../../electron/core/auth/sign-in-service';
import { UNKNOWN_ID_HASH } from '../../electron/core/auth/nobody-hash';
import { startCore, type KioskCore } from '../../electron/core/kiosk-core';
import { makeTempDir } from '../support/temp-dir';
import { testConfig } from '../support/test-core';

let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore;
let clock = Date.UTC(2026, 10, 25, 1, 0, 0);
const win = { windowId: 'w1' };

beforeEach(async () => {
  temp = makeTempDir();
  clock = Date.UTC(2026, 10, 25, 1, 0, 0);
  core = await startCore({ config: testConfig(temp.dir), now: () => clock });
});
afterEach(async () => {
  await core.close();
  temp.cleanup();
});

const signIn = (itscomId: string, password: string) =>
  core.dispatch(win, 'session.signIn', { itscomId, password });

describe('sign-in', () => {
  it('signs in both demo customers and binds the session to the window', async () => {
    expect(await signIn('yamada.taro', 'Demo-pass1')).toEqual({
      ok: true,
      value: { itscomId: 'yamada.taro', isLegacyId: true, mustChangePassword: false },
    });
    expect(await core.dispatch(win, 'session.current', {})).toMatchObject({ value: { itscomId: 'yamada.taro' } });
    expect(await core.dispatch({ windowId: 'other' }, 'session.current', {})).toEqual({ ok: true, value: null });
    expect(await signIn('HANAKO.SUZUKI@example.com', 'Hanako_2026')).toMatchObject({ ok: true });
  });

  it('gives one generic error for an unknown ID and for a wrong password', async () => {
    expect(await signIn('nobody', 'Demo-pass1')).toEqual({ ok: false, code: 'invalid_credentials' });
    expect(await signIn('yamada.taro', 'wrong')).toEqual({ ok: false, code: 'invalid_credentials' });
  });

  it('locks an ID for 15 minutes after 5 failures, even against the right password', async () => {
    for (let i = 1; i <= 4; i += 1) expect(await signIn('yamada.taro', 'wrong')).toMatchObject({ code: 'invalid_credentials' });
    expect(await signIn('yamada.taro', 'wrong')).toMatchObject({ code: 'account_locked' });
    expect(await signIn('yamada.taro', 'Demo-pass1')).toMatchObject({ code: 'account_locked' });
    clock += LOCK_MILLISECONDS - 1000;
    expect(await signIn('yamada.taro', 'Demo-pass1')).toMatchObject({ code: 'account_locked' });
    clock += 1000;
    expect(await signIn('yamada.taro', 'Demo-pass1')).toMatchObject({ ok: true });
  });

  it('checks an unknown ID against a hash at the current KDF parameters, so it costs like a wrong password', () => {
    // Raising the parameters means generating this hash anew.
    expect(UNKNOWN_ID_HASH.startsWith(`scrypt$${CURRENT_PARAMS.N}$${CURRENT_PARAMS.r}$${CURRENT_PARAMS.p}$`)).toBe(true);
    expect(needsRehash(UNKNOWN_ID_HASH, CURRENT_PARAMS)).toBe(false);
  });

  it('locks unknown IDs the same way, so a lock message does not reveal that an ID exists', async () => {
    for (let i = 1; i <= 4; i += 1) await signIn('nobody', 'x');
    expect(await signIn('nobody', 'x')).toMatchObject({ code: 'account_locked' });
  });

  it('starts the count again after a successful sign-in', async () => {
    for (let i = 1; i <= 4; i += 1) await signIn('yamada.taro', 'wrong');
    expect(await signIn('yamada.taro', 'Demo-pass1')).toMatchObject({ ok: true });
    expect(await signIn('yamada.taro', 'wrong')).toMatchObject({ code: 'invalid_credentials' });
  });

  it('sign-out ends the session and tells the window', async () => {
    const events: unknown[] = [];
    core.onEvent((windowId, name, payload) => events.push({ windowId, name, payload }));
    await signIn('yamada.taro', 'Demo-pass1');
    expect(await core.dispatch(win, 'session.signOut', {})).toEqual({ ok: true, value: null });
    expect(await core.dispatch(win, 'session.current', {})).toEqual({ ok: true, value: null });
    expect(await core.dispatch(win, 'account.overview', {})).toEqual({ ok: false, code: 'not_signed_in' });
    expect(events).toEqual([{ windowId: 'w1', name: 'session.ended', payload: { reason: 'signed_out' } }]);
  });

  it('reports the plan and its length on the kiosk clock', async () => {
    await signIn('yamada.taro', 'Demo-pass1');
    const overview = await core.dispatch(win, 'account.overview', {});
    expect(overview).toMatchObject({
      ok: true,
      value: {
        itscomId: 'yamada.taro',
        isLegacyId: true,
        renewalFrom: { year: 2025, month: 1 },
        renewalTo: { year: 2025, month: 3 },
        planDuration: { years: 4, months: 10 },
      },
    });
  });

  it('never logs the password', async () => {
    await signIn('yamada.taro', 'Wrong-secret-42');
    await signIn('yamada.taro', 'Demo-pass1');
    await core.close();
    const { readFileSync } = await import('node:fs');
    const log = readFileSync(`${temp.dir}/logs/kiosk.log`, 'utf8');
    expect(log).toContain('signed in');
    expect(log).not.toContain('Wrong-secret-42');
    expect(log).not.toContain('Demo-pass1');
  });
});
