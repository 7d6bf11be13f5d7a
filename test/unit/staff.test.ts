import { describe, expect, it } from 'vitest';
import { staffSettingsSchema } from '../../shared/config/staff-settings';
import { KIOSK_ENTRY_LIMITS } from '../../electron/core/staff/staff-entry';
import { useTestCore } from '../support/core-fixture';

const STAFF = { windowId: 'counter' };
const goodSettings = {
  idleSeconds: 60,
  printer: '',
  paperSize: 'roll80' as const,
  smtpUrl: '',
  mailFrom: 'shop@example.com',
  shopName: '二子玉川',
};

describe('staff settings validation', () => {
  it.each([
    [{ idleSeconds: 9 }, 'idleSeconds', 'staff.errors.idleSeconds'],
    [{ idleSeconds: 3601 }, 'idleSeconds', 'staff.errors.idleSeconds'],
    [{ idleSeconds: 30.5 }, 'idleSeconds', 'staff.errors.idleSeconds'],
    [{ smtpUrl: 'http://relay' }, 'smtpUrl', 'staff.errors.smtpUrl'],
    [{ mailFrom: 'not-mail' }, 'mailFrom', 'staff.errors.mailFrom'],
    [{ shopName: '' }, 'shopName', 'errors.required'],
    [{ paperSize: 'letter' }, 'paperSize', 'errors.invalid'],
  ])('refuses %j', (override, field, message) => {
    const result = staffSettingsSchema.safeParse({ ...goodSettings, ...override });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: [field], message });
  });

  it('accepts good settings and an empty relay (demo mailbox); a PIN is no setting any more', () => {
    expect(staffSettingsSchema.safeParse(goodSettings).success).toBe(true);
    expect(staffSettingsSchema.safeParse({ ...goodSettings, smtpUrl: 'smtps://user@relay.example.com:465' }).success).toBe(true);
    expect(staffSettingsSchema.safeParse({ ...goodSettings, newPin: '13579' }).success).toBe(false);
    // The relay's password as the staff screen shows it: masked, its value stays in the environment.
    expect(staffSettingsSchema.safeParse({ ...goodSettings, smtpUrl: 'smtps://user:••••@relay.example.com:465' }).success).toBe(true);
    expect(staffSettingsSchema.safeParse({ ...goodSettings, smtpUrl: 'smtps://user:pw@relay.example.com:465' }).error?.issues[0]?.message).toBe('staff.errors.smtpPasswordHere');
  });
});

describe('staff mode', () => {
  const core = useTestCore();
  const { at } = core;

  it('opens with the demo PIN and refuses staff channels outside it', async () => {
    expect(await at(STAFF).staff.overview()).toEqual({ ok: false, code: 'not_staff' });
    expect(await at(STAFF).staff.unlock({ number: '1001', pin: '246810' })).toMatchObject({ ok: true });
    expect(await at(STAFF).staff.overview()).toMatchObject({ ok: true, value: { counts: { id_change: 0, password_change: 0, password_reset: 0, temporary_password: 0, id_lookup: 0 } } });
    expect(await at({ windowId: 'other' }).staff.overview()).toEqual({ ok: false, code: 'not_staff' });
    await at(STAFF).staff.lock();
    expect(await at(STAFF).staff.overview()).toEqual({ ok: false, code: 'not_staff' });
  });

  it('locks entry at this kiosk for 5 minutes after 5 wrong entries, even against the right PIN', async () => {
    for (let remaining = 4; remaining >= 1; remaining -= 1) {
      expect(await at(STAFF).staff.unlock({ number: '1001', pin: '000000' })).toEqual({ ok: false, code: 'invalid_pin', field: 'pin', remainingAttempts: remaining });
    }
    expect(await at(STAFF).staff.unlock({ number: '9999', pin: '000000' })).toEqual({ ok: false, code: 'staff_locked', retryAfterSeconds: 300 });
    expect(await at(STAFF).staff.unlock({ number: '1001', pin: '246810' })).toMatchObject({ code: 'staff_locked' });
    core.t.clock.advance(KIOSK_ENTRY_LIMITS.lockMs);
    expect(await at(STAFF).staff.unlock({ number: '1001', pin: '246810' })).toMatchObject({ ok: true, value: { failuresSinceEntry: 4 } });
  });

  it('is never opened beside a signed-in customer without ending that session', async () => {
    await at(STAFF).session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' });
    expect(await at(STAFF).staff.unlock({ number: '1001', pin: '246810' })).toEqual({ ok: false, code: 'customer_signed_in' });
    expect(await at(STAFF).session.current()).toMatchObject({ value: { itscomId: 'yamada.taro' } });
    expect(await at(STAFF).staff.unlock({ number: '1001', pin: '246810', endCustomerSession: true })).toMatchObject({ ok: true });
    expect(await at(STAFF).session.current()).toEqual({ ok: true, value: null });
  });

  it('stores settings that win over the environment', async () => {
    await at(STAFF).staff.unlock({ number: '1001', pin: '246810' });
    expect(await at(STAFF).staff.saveSettings(goodSettings)).toEqual({ ok: true, value: null });
    expect(await at(STAFF).kiosk.info()).toEqual({ ok: true, value: { staffIdleSeconds: 180, privateSpeech: false, idleSeconds: 60, idleWarningSeconds: 30, demo: true } });
    expect(await at(STAFF).staff.overview()).toMatchObject({
      value: { settings: { idleSeconds: 60, paperSize: 'roll80', mailFrom: 'shop@example.com', shopName: '二子玉川', printer: '', smtpUrl: '' } },
    });
    expect(await at(STAFF).staff.saveSettings({ ...goodSettings, idleSeconds: 5 })).toMatchObject({ code: 'invalid_input', field: 'idleSeconds' });
  });

  it('unlocks a locked iTSCOM ID', async () => {
    const customer = { windowId: 'kiosk' };
    for (let i = 0; i < 5; i += 1) await at(customer).session.signIn({ itscomId: 'yamada.taro', password: 'wrong' });
    await at(STAFF).staff.unlock({ number: '1001', pin: '246810' });
    expect(await at(STAFF).staff.overview()).toMatchObject({ value: { lockedIds: [{ itscomId: 'yamada.taro' }] } });
    expect(await at(STAFF).staff.unlockId({ itscomId: 'yamada.taro' })).toEqual({ ok: true, value: null });
    expect(await at(STAFF).staff.unlockId({ itscomId: 'yamada.taro' })).toMatchObject({ code: 'invalid_input' });
    expect(await at(customer).session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' })).toMatchObject({ ok: true });
  });

  it('shows customer calls until staff mark them handled', async () => {
    const { value } = (await at({ windowId: 'kiosk' }).support.call()) as { value: { callId: number } };
    await at(STAFF).staff.unlock({ number: '1001', pin: '246810' });
    expect(await at(STAFF).staff.overview()).toMatchObject({ value: { supportCalls: [{ id: value.callId }] } });
    expect(await at(STAFF).staff.resolveCall({ id: value.callId })).toEqual({ ok: true, value: null });
    expect(await at(STAFF).staff.overview()).toMatchObject({ value: { supportCalls: [] } });
  });

  it("shows this kiosk under 「店舗の端末」, online, and names it on the day's procedures and calls", async () => {
    await at({ windowId: 'kiosk' }).support.call();
    await at({ windowId: 'kiosk' }).session.signIn({ itscomId: 'hanako.suzuki@example.com', password: 'Hanako_2026' });
    await at({ windowId: 'kiosk' }).passwordChange.start();
    await at({ windowId: 'kiosk' }).passwordChange.check({ currentPassword: 'Hanako_2026', newPassword: 'Named_kiosk9', newPasswordAgain: 'Named_kiosk9' });
    expect(await at({ windowId: 'kiosk' }).passwordChange.commit()).toMatchObject({ ok: true });
    await at(STAFF).staff.unlock({ number: '1001', pin: '246810' });
    expect(await at(STAFF).staff.overview()).toMatchObject({
      value: {
        kiosk: { name: 'テスト端末', shop: 'main' },
        kiosks: [{ name: 'テスト端末', self: true, online: true, lastBeatAt: core.t.clock.now }],
        procedures: [{ kind: 'password_change', kiosk: 'テスト端末' }],
        supportCalls: [{ kiosk: 'テスト端末' }],
      },
    });
  });
});
