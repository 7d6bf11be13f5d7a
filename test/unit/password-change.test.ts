import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { isAtCurrentCost, verifyPassword } from '../../electron/core/auth/password-hash';
import { useTestCore } from '../support/core-fixture';
import { inStore } from '../support/test-store';

const HANAKO = { windowId: 'hanako' };
const OTHER = { windowId: 'other-kiosk' };
const NEW_PASSWORD = 'Kiosk/new=42';
const change = { currentPassword: 'Hanako_2026', newPassword: NEW_PASSWORD, newPasswordAgain: NEW_PASSWORD };

const signInHanako = (ctx = HANAKO, password = 'Hanako_2026') =>
  at(ctx).session.signIn({ itscomId: 'hanako.suzuki@example.com', password });

const core = useTestCore();
const { at } = core;
beforeEach(async () => {
  await signInHanako();
  await at(HANAKO).passwordChange.start();
});

async function hashOfHanako(): Promise<string> {
  const row = await inStore(core.t.dataDir, (db) =>
    db.selectFrom('customers').select('password_hash').where('itscom_id_key', '=', 'hanako.suzuki@example.com').executeTakeFirstOrThrow(),
  );
  return row.password_hash;
}

describe('password change', () => {
  it('changes the password after check and confirm, with a confirmation mail that holds no password', async () => {
    expect(await at(HANAKO).passwordChange.check(change)).toEqual({ ok: true, value: null });
    const done = await at(HANAKO).passwordChange.commit();
    expect(done).toEqual({ ok: true, value: { newPassword: NEW_PASSWORD, changedOn: { year: 2026, month: 11, day: 25 } } });
    expect(await verifyPassword(NEW_PASSWORD, (await hashOfHanako()))).toBe(true);
    // At the cost new hashes get (the kiosk's own: password-hash.test.ts).
    expect(isAtCurrentCost(await hashOfHanako())).toBe(true);

    const mail = await core.sink.waitFor((m) => m.subject.includes('パスワード変更完了'));
    expect(mail.to).toEqual(['hanako.suzuki@example.com']);
    expect(mail.text + mail.html).not.toContain(NEW_PASSWORD);

    await at(HANAKO).session.signOut();
    expect(await signInHanako(HANAKO)).toMatchObject({ code: 'invalid_credentials' });
    expect(await signInHanako(HANAKO, NEW_PASSWORD)).toMatchObject({ ok: true });
  });

  it('refuses each broken rule on its field and changes nothing', async () => {
    const before = (await hashOfHanako());
    const refusals: [object, string, string][] = [
      [{ newPassword: 'abc', newPasswordAgain: 'abc' }, 'newPassword', 'rules.password.length'],
      [{ newPassword: 'ａｂｃｄｅｆｇ', newPasswordAgain: 'ａｂｃｄｅｆｇ' }, 'newPassword', 'rules.password.halfWidth'],
      [{ newPassword: 'abc#defg', newPasswordAgain: 'abc#defg' }, 'newPassword', 'rules.password.forbidden::#'],
      [{ newPasswordAgain: 'Kiosk/new=43' }, 'newPasswordAgain', 'rules.password.mismatch'],
      [{ newPassword: 'Hanako_2026', newPasswordAgain: 'Hanako_2026' }, 'newPassword', 'rules.password.sameAsCurrent'],
      [{ newPassword: 'password1', newPasswordAgain: 'password1' }, 'newPassword', 'rules.password.common'],
      [{ newPassword: 'x-Hanako.Suzuki', newPasswordAgain: 'x-Hanako.Suzuki' }, 'newPassword', 'rules.password.containsId'],
      [{ currentPassword: 'Wrong_2026' }, 'currentPassword', 'rules.password.wrongCurrent'],
    ];
    for (const [override, field, reason] of refusals) {
      expect(await at(HANAKO).passwordChange.check({ ...change, ...override }), reason).toEqual({
        ok: false,
        code: 'invalid_input',
        field,
        reason,
      });
    }
    expect(await at(HANAKO).passwordChange.commit()).toMatchObject({ code: 'out_of_order' });
    expect((await hashOfHanako())).toBe(before);
  });

  it('counts a wrong current password toward the sign-in lockout and signs out at the lock', async () => {
    for (let i = 1; i <= 4; i += 1) {
      expect(await at(HANAKO).passwordChange.check({ ...change, currentPassword: `Wrong-${i}x` })).toMatchObject({
        field: 'currentPassword',
      });
    }
    expect(await at(HANAKO).passwordChange.check({ ...change, currentPassword: 'Wrong-5x' })).toEqual({
      ok: false,
      code: 'account_locked',
    });
    expect(await at(HANAKO).session.current()).toEqual({ ok: true, value: null });
    expect(await signInHanako()).toMatchObject({ code: 'account_locked' });
  });

  it('drops the new password on 戻る: 登録 then needs step 1 again', async () => {
    await at(HANAKO).passwordChange.check(change);
    expect(await at(HANAKO).passwordChange.back()).toEqual({ ok: true, value: null });
    expect(await at(HANAKO).passwordChange.commit()).toMatchObject({ code: 'out_of_order' });
  });

  it('ends the same customer\'s other kiosk sessions', async () => {
    await signInHanako(OTHER);
    const ended: string[] = [];
    core.t.core.onEvent((windowId, name) => name === 'session.ended' && ended.push(windowId));
    await at(HANAKO).passwordChange.check(change);
    await at(HANAKO).passwordChange.commit();
    expect(ended).toEqual([OTHER.windowId]);
    expect(await at(OTHER).session.current()).toEqual({ ok: true, value: null });
    expect(await at(HANAKO).session.current()).toMatchObject({ value: { itscomId: 'hanako.suzuki@example.com' } });
  });

  it('stores one survey rating with the procedure, once', async () => {
    expect(await at(HANAKO).passwordChange.rate({ rating: 5 })).toMatchObject({ code: 'out_of_order' });
    await at(HANAKO).passwordChange.check(change);
    await at(HANAKO).passwordChange.commit();
    expect(await at(HANAKO).passwordChange.rate({ rating: 6 })).toMatchObject({ code: 'invalid_input' });
    expect(await at(HANAKO).passwordChange.rate({ rating: 4 })).toEqual({ ok: true, value: null });
    expect(await at(HANAKO).passwordChange.rate({ rating: 1 })).toMatchObject({ ok: false });
    expect(await inStore(core.t.dataDir, (db) => db.selectFrom('procedures').select(['kind', 'outcome', 'rating']).execute())).toEqual([
      { kind: 'password_change', outcome: 'completed', rating: 4 },
    ]);
  });

  it('keeps the completion in memory only until 閉じる', async () => {
    await at(HANAKO).passwordChange.check(change);
    await at(HANAKO).passwordChange.commit();
    expect(await at(HANAKO).passwordChange.finish()).toEqual({ ok: true, value: null });
    expect(await at(HANAKO).passwordChange.rate({ rating: 3 })).toMatchObject({ code: 'out_of_order' });
  });

  it('leaves the new password nowhere on disk: not in the store, its WAL, or the logs', async () => {
    await at(HANAKO).passwordChange.check(change);
    await at(HANAKO).passwordChange.commit();
    await core.sink.waitFor((m) => m.subject.includes('パスワード変更完了'));
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
      );
    const scan = () => files(core.t.dataDir).filter((file) => readFileSync(file).includes(Buffer.from(NEW_PASSWORD)));
    expect(scan()).toEqual([]);
    await core.t.core.close();
    expect(scan()).toEqual([]);
  });
});
