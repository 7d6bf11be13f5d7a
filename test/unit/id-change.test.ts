import type { Kysely } from 'kysely';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StoreSchema } from '../../electron/core/store/schema';
import { useTestCore } from '../support/core-fixture';
import { codeIn } from '../support/smtp-sink';
import { failInsertsInto, inStore } from '../support/test-store';

const TARO = { windowId: 'taro-window' };
const HANAKO = { windowId: 'hanako-window' };
const NEW_ID = 'taro.new@example.com';

const core = useTestCore();
const { at } = core;

beforeEach(async () => {
  expect(await at(TARO).session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' })).toMatchObject({ ok: true });
});

async function requestCode(ctx = TARO, newItscomId = NEW_ID): Promise<string> {
  expect(await at(ctx).idChange.start()).toMatchObject({ ok: true });
  expect(await at(ctx).idChange.requestCode({ newItscomId })).toMatchObject({ ok: true, value: { sentTo: newItscomId } });
  const mail = await core.sink.waitFor((m) => m.to.includes(newItscomId) && m.subject.includes('認証コード'));
  return codeIn(mail);
}

const look = <T>(query: (db: Kysely<StoreSchema>) => Promise<T>) => inStore(core.t.dataDir, query);

describe('ID change procedure', () => {
  it('changes the ID after a code sent to the new address, in one go with its mails', async () => {
    const code = await requestCode();
    expect(core.sink.mails[0]!.from).toBe('mypage@itscom.jp');
    expect(await at(TARO).idChange.verifyCode({ code })).toEqual({
      ok: true,
      value: { newItscomId: NEW_ID, currentId: 'yamada.taro' },
    });
    const done = await at(TARO).idChange.commit({ setAsContact: true });
    expect(done).toEqual({
      ok: true,
      value: { newItscomId: NEW_ID, changedOn: { year: 2026, month: 11, day: 25 }, contactChanged: true },
    });

    // Confirmation to the new contact address, security notice to the old one.
    const confirmation = await core.sink.waitFor((m) => m.subject.includes('iTSCOM ID変更完了'));
    expect(confirmation.to).toEqual([NEW_ID]);
    expect(confirmation.text).toContain(NEW_ID);
    const notice = await core.sink.waitFor((m) => m.subject.includes('連絡先メールアドレス変更'));
    expect(notice.to).toEqual(['taro.yamada@example.com']);
    expect(confirmation.html).toContain('<p');

    await at(TARO).session.signOut();
    expect(await at(TARO).session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' })).toMatchObject({ code: 'invalid_credentials' });
    expect(await at(TARO).session.signIn({ itscomId: 'TARO.NEW@example.com', password: 'Demo-pass1' })).toEqual({
      ok: true,
      value: { itscomId: NEW_ID, isLegacyId: false, mustChangePassword: false },
    });

    expect(await look((db) => db.selectFrom('procedures').select(['kind', 'outcome']).execute())).toEqual([{ kind: 'id_change', outcome: 'completed' }]);
    expect(await look((db) => db.selectFrom('outbox').select(['kind', 'state']).orderBy('id').execute())).toEqual([
      { kind: 'verification_code', state: 'sent' },
      { kind: 'id_change_confirmation', state: 'sent' },
      { kind: 'contact_change_notice', state: 'sent' },
    ]);
  });

  it('keeps the contact address when the customer says 設定しない, and sends no notice', async () => {
    const code = await requestCode();
    await at(TARO).idChange.verifyCode({ code });
    expect(await at(TARO).idChange.commit({ setAsContact: false })).toMatchObject({ value: { contactChanged: false } });
    const confirmation = await core.sink.waitFor((m) => m.subject.includes('iTSCOM ID変更完了'));
    expect(confirmation.to).toEqual(['taro.yamada@example.com']);
    expect(core.sink.mails.some((m) => m.subject.includes('連絡先メールアドレス変更'))).toBe(false);
  });

  it('refuses the current ID and another customer\'s ID (any case), sending nothing', async () => {
    await at(TARO).idChange.start();
    expect(await at(TARO).idChange.requestCode({ newItscomId: 'HANAKO.SUZUKI@example.com' })).toEqual({
      ok: false,
      code: 'invalid_input',
      field: 'newItscomId',
      reason: 'rules.itscomId.taken',
    });
    expect(await at(TARO).idChange.requestCode({ newItscomId: 'ｈａｎａｋｏ@example.com' })).toMatchObject({
      reason: 'rules.itscomId.halfWidth',
    });
    await at(HANAKO).session.signIn({ itscomId: 'hanako.suzuki@example.com', password: 'Hanako_2026' });
    await at(HANAKO).idChange.start();
    expect(await at(HANAKO).idChange.requestCode({ newItscomId: 'Hanako.Suzuki@Example.com' })).toMatchObject({
      reason: 'rules.itscomId.sameAsCurrent',
    });
    expect(await look((db) => db.selectFrom('outbox').select('id').execute())).toEqual([]);
    expect(await look((db) => db.selectFrom('verification_codes').select('id').execute())).toEqual([]);
  });

  it('refuses a later step before its step', async () => {
    expect(await at(TARO).idChange.requestCode({ newItscomId: NEW_ID })).toMatchObject({ code: 'out_of_order' });
    await at(TARO).idChange.start();
    expect(await at(TARO).idChange.verifyCode({ code: '123456' })).toMatchObject({ code: 'out_of_order' });
    expect(await at(TARO).idChange.resendCode()).toMatchObject({ code: 'out_of_order' });
    expect(await at(TARO).idChange.commit({ setAsContact: true })).toMatchObject({ code: 'out_of_order' });
    await requestCode();
    expect(await at(TARO).idChange.commit({ setAsContact: true })).toMatchObject({ code: 'out_of_order' });
    expect(await at({ windowId: 'nobody' }).idChange.start()).toMatchObject({ code: 'not_signed_in' });
  });

  it('expires a code after KIOSK_CODE_TTL_SECONDS', async () => {
    const code = await requestCode();
    core.t.clock.advance(1800 * 1000);
    expect(await at(TARO).idChange.verifyCode({ code })).toEqual({ ok: false, code: 'code_expired' });
    // The procedure starts again from step 1.
    expect(await at(TARO).idChange.verifyCode({ code })).toMatchObject({ code: 'out_of_order' });
  });

  it('accepts a code just before it expires', async () => {
    const code = await requestCode();
    core.t.clock.advance(1800 * 1000 - 1);
    expect(await at(TARO).idChange.verifyCode({ code })).toMatchObject({ ok: true });
  });

  it('cancels the procedure after 5 wrong codes', async () => {
    const code = await requestCode();
    const wrong = code === '000000' ? '111111' : '000000';
    for (let remaining = 4; remaining >= 1; remaining -= 1) {
      expect(await at(TARO).idChange.verifyCode({ code: wrong })).toEqual({
        ok: false,
        code: 'wrong_code',
        field: 'code',
        remainingAttempts: remaining,
      });
    }
    expect(await at(TARO).idChange.verifyCode({ code: wrong })).toEqual({ ok: false, code: 'procedure_cancelled' });
    expect(await at(TARO).idChange.verifyCode({ code })).toMatchObject({ code: 'out_of_order' });
  });

  it('uses a code once', async () => {
    const code = await requestCode();
    expect(await at(TARO).idChange.verifyCode({ code })).toMatchObject({ ok: true });
    expect(await at(TARO).idChange.verifyCode({ code })).toMatchObject({ code: 'out_of_order' });
  });

  it('binds a code to its session: after signing in again it is worthless', async () => {
    const code = await requestCode();
    await at(TARO).session.signOut();
    await at(TARO).session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' });
    await at(TARO).idChange.start();
    expect(await at(TARO).idChange.verifyCode({ code })).toMatchObject({ code: 'out_of_order' });
  });

  it('lets a code be resent after 60 s, replacing the old one, at most 5 sends an hour', async () => {
    const first = await requestCode();
    expect(await at(TARO).idChange.resendCode()).toEqual({ ok: false, code: 'too_soon', retryAfterSeconds: 60 });
    core.t.clock.advance(60_000);
    expect(await at(TARO).idChange.resendCode()).toMatchObject({ ok: true });
    await core.sink.waitFor((m) => core.sink.to(NEW_ID).length === 2 && m === core.sink.to(NEW_ID)[1]);
    const second = codeIn(core.sink.to(NEW_ID)[1]!);
    if (first !== second) {
      expect(await at(TARO).idChange.verifyCode({ code: first })).toMatchObject({ code: 'wrong_code' });
    }
    for (let send = 3; send <= 5; send += 1) {
      core.t.clock.advance(60_000);
      expect(await at(TARO).idChange.resendCode()).toMatchObject({ ok: true });
    }
    core.t.clock.advance(60_000);
    const limited = await at(TARO).idChange.resendCode();
    expect(limited).toMatchObject({ ok: false, code: 'rate_limited' });
    // The first send leaves the hour window 60 min after it was made: 55 min from now.
    expect((limited as { retryAfterSeconds: number }).retryAfterSeconds).toBe(55 * 60);
    core.t.clock.advance(55 * 60_000);
    expect(await at(TARO).idChange.resendCode()).toMatchObject({ ok: true });
  });

  it('asks for the password again when the sign-in is older than 15 minutes', async () => {
    core.t.clock.advance(15 * 60_000 + 1);
    expect(await at(TARO).idChange.start()).toMatchObject({ ok: true, value: { needsReauth: true } });
    expect(await at(TARO).idChange.requestCode({ newItscomId: NEW_ID })).toMatchObject({ code: 'reauth_required' });
    expect(await at(TARO).idChange.reauthenticate({ password: 'nope' })).toMatchObject({ code: 'invalid_credentials' });
    expect(await at(TARO).idChange.reauthenticate({ password: 'Demo-pass1' })).toEqual({ ok: true, value: null });
    expect(await at(TARO).idChange.requestCode({ newItscomId: NEW_ID })).toMatchObject({ ok: true });
    expect(core.sink.mails).toHaveLength(0);
  });

  it('lets only the first of two customers registering the same address win', async () => {
    await at(HANAKO).session.signIn({ itscomId: 'hanako.suzuki@example.com', password: 'Hanako_2026' });
    const shared = 'shared@example.com';
    const taroCode = await requestCode(TARO, shared);
    await at(HANAKO).idChange.start();
    await at(HANAKO).idChange.requestCode({ newItscomId: shared });
    await core.sink.waitFor(() => core.sink.to(shared).length === 2);
    const hanakoCode = codeIn(core.sink.to(shared)[1]!);
    await at(TARO).idChange.verifyCode({ code: taroCode });
    await at(HANAKO).idChange.verifyCode({ code: hanakoCode });
    expect(await at(TARO).idChange.commit({ setAsContact: false })).toMatchObject({ ok: true });
    expect(await at(HANAKO).idChange.commit({ setAsContact: false })).toEqual({ ok: false, code: 'id_taken', field: 'newItscomId' });
    expect(await at(HANAKO).session.current()).toMatchObject({ value: { itscomId: 'hanako.suzuki@example.com' } });
  });

  it('commits all or nothing: a failing mail insert leaves the customer as they were', async () => {
    const code = await requestCode();
    await at(TARO).idChange.verifyCode({ code });
    failInsertsInto(core.t.dataDir, 'outbox', "kind = 'id_change_confirmation'");
    expect(await at(TARO).idChange.commit({ setAsContact: true })).toEqual({ ok: false, code: 'internal' });
    expect(
      await look((db) => db.selectFrom('customers').select(['itscom_id', 'contact_mail']).where('itscom_id_key', '=', 'yamada.taro').executeTakeFirst()),
    ).toEqual({ itscom_id: 'yamada.taro', contact_mail: 'taro.yamada@example.com' });
    expect(await look((db) => db.selectFrom('procedures').select('id').execute())).toEqual([]);
    expect(await look((db) => db.selectFrom('outbox').select('kind').where('kind', '!=', 'verification_code').execute())).toEqual([]);
  });

  it('never stores or logs a code in clear', async () => {
    const code = await requestCode();
    const tables = ['verification_codes', 'outbox', 'procedures', 'customers'] as const;
    const dump = JSON.stringify(await look((db) => Promise.all(tables.map((table) => db.selectFrom(table).selectAll().execute()))));
    expect(dump).not.toContain(code);
    await core.t.core.close();
    expect(readFileSync(join(core.t.dataDir, 'logs', 'kiosk.log'), 'utf8')).not.toContain(code);
  });
});
