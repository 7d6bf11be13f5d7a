import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVEN_ANSWER_MS } from '../../electron/core/recovery/password-reset-service';
import { codeIn } from '../support/smtp-sink';
import { useTestCore } from '../support/core-fixture';
import { inStore } from '../support/test-store';

/** A window at the sign-in screen (nobody signed in), and another kiosk window. */
const COUNTER = { windowId: 'counter' };
const ELSEWHERE = { windowId: 'elsewhere' };
const TARO_CONTACT = 'taro.yamada@example.com';
const NEW_PASSWORD = 'Reset/new=42';
const newPassword = { newPassword: NEW_PASSWORD, newPasswordAgain: NEW_PASSWORD };

const look = <T>(query: Parameters<typeof inStore<T>>[1]) => inStore(core.t.dataDir, query);
const signInTaro = (password: string, ctx = ELSEWHERE) => at(ctx).session.signIn({ itscomId: 'yamada.taro', password });

/** Each answer's floor in this file's core: the interleavings and limits, not the waiting, are under test. */
const FLOOR_MS = 20;
const core = useTestCore({}, { evenAnswerMs: FLOOR_MS });
const { at } = core;

/** Step 1 for `itscomId` at `ctx`; the code from the contact mail when one is expected. */
async function requestReset(itscomId = 'yamada.taro', ctx = COUNTER) {
  expect(await at(ctx).passwordReset.start()).toEqual({ ok: true, value: { demoMailbox: false } });
  return at(ctx).passwordReset.requestCode({ itscomId });
}
async function codeFromContactMail(count = 1): Promise<string> {
  await core.sink.waitFor(() => core.sink.to(TARO_CONTACT).filter((m) => m.subject.includes('パスワード再設定の認証コード')).length === count);
  return codeIn(core.sink.to(TARO_CONTACT).filter((m) => m.subject.includes('パスワード再設定の認証コード'))[count - 1]!);
}
const wrongCodeFor = (code: string) => (code === '000000' ? '111111' : '000000');

describe('password reset (「パスワードをお忘れの方」)', () => {
  it('resets with the code mailed to the contact address: new password works, old one not, notice and audit row written', async () => {
    const sent = await requestReset('yamada.taro');
    expect(sent).toEqual({ ok: true, value: { sentAt: core.t.clock.now, resendAvailableAt: core.t.clock.now + 60_000, expiresAt: core.t.clock.now + 1800_000 } });
    const code = await codeFromContactMail();
    expect(await at(COUNTER).passwordReset.verifyCode({ code })).toEqual({ ok: true, value: null });
    expect(await at(COUNTER).passwordReset.commit(newPassword)).toEqual({
      ok: true,
      value: { newPassword: NEW_PASSWORD, changedOn: { year: 2026, month: 11, day: 25 } },
    });
    const notice = await core.sink.waitFor((m) => m.subject.includes('パスワード再設定完了'));
    expect(notice.to).toEqual([TARO_CONTACT]);
    expect(notice.text + notice.html).not.toContain(NEW_PASSWORD);

    expect(await signInTaro('Demo-pass1')).toMatchObject({ code: 'invalid_credentials' });
    expect(await signInTaro(NEW_PASSWORD)).toMatchObject({ ok: true, value: { itscomId: 'yamada.taro', mustChangePassword: false } });
    expect(await look((db) => db.selectFrom('procedures').select(['kind', 'outcome', 'customer_id']).execute())).toEqual([
      { kind: 'password_reset', outcome: 'completed', customer_id: expect.any(Number) },
    ]);
    expect(await at(COUNTER).passwordReset.finish()).toEqual({ ok: true, value: null });
  });

  it('answers an unknown ID exactly as a known one, no sooner, and sends and stores nothing for it', async () => {
    // The kiosk's own floor, as it runs at the counter.
    await core.restart();
    const started = Date.now();
    const unknown = await requestReset('nobody.here');
    const unknownTook = Date.now() - started;
    const knownStarted = Date.now();
    const known = await requestReset('yamada.taro', ELSEWHERE);
    const knownTook = Date.now() - knownStarted;
    expect(unknown).toEqual(known);
    expect(unknownTook).toBeGreaterThanOrEqual(EVEN_ANSWER_MS - 1);
    expect(knownTook).toBeGreaterThanOrEqual(EVEN_ANSWER_MS - 1);
    await codeFromContactMail();
    expect(await look((db) => db.selectFrom('outbox').select(['kind', 'to_address']).execute())).toEqual([
      { kind: 'password_reset_code', to_address: TARO_CONTACT },
    ]);
    expect(await look((db) => db.selectFrom('verification_codes').select('id').execute())).toHaveLength(1);

    // Step 2 answers alike too: four counted wrong entries, then the fifth cancels.
    for (let remaining = 4; remaining >= 1; remaining -= 1) {
      const answer = { ok: false, code: 'wrong_code', field: 'code', remainingAttempts: remaining };
      expect(await at(COUNTER).passwordReset.verifyCode({ code: '123456' })).toEqual(answer);
    }
    expect(await at(COUNTER).passwordReset.verifyCode({ code: '123456' })).toEqual({ ok: false, code: 'procedure_cancelled' });
    expect(await at(COUNTER).passwordReset.commit(newPassword)).toMatchObject({ code: 'out_of_order' });
  });

  it('cancels after 5 wrong codes, and the right code is then worthless', async () => {
    await requestReset();
    const code = await codeFromContactMail();
    for (let remaining = 4; remaining >= 1; remaining -= 1) {
      expect(await at(COUNTER).passwordReset.verifyCode({ code: wrongCodeFor(code) })).toMatchObject({ code: 'wrong_code', remainingAttempts: remaining });
    }
    expect(await at(COUNTER).passwordReset.verifyCode({ code: wrongCodeFor(code) })).toEqual({ ok: false, code: 'procedure_cancelled' });
    expect(await at(COUNTER).passwordReset.verifyCode({ code })).toMatchObject({ code: 'out_of_order' });
  });

  it('expires a code after its TTL, for known and unknown IDs alike', async () => {
    await requestReset();
    const code = await codeFromContactMail();
    await requestReset('nobody.here', ELSEWHERE);
    core.t.clock.advance(1800_000);
    expect(await at(COUNTER).passwordReset.verifyCode({ code })).toEqual({ ok: false, code: 'code_expired' });
    expect(await at(ELSEWHERE).passwordReset.verifyCode({ code })).toEqual({ ok: false, code: 'code_expired' });
    // Back at step 1.
    expect(await at(COUNTER).passwordReset.verifyCode({ code })).toMatchObject({ code: 'out_of_order' });
  });

  it('binds the code to its reset: a new reset (or another window) cannot use it, and it is used once', async () => {
    await requestReset();
    const code = await codeFromContactMail();
    expect(await at(ELSEWHERE).passwordReset.verifyCode({ code })).toMatchObject({ code: 'out_of_order' });
    await requestReset('yamada.taro', ELSEWHERE);
    const second = await codeFromContactMail(2);
    // Each reset keeps its own code: a second reset of the ID neither cancels the first nor can use its code.
    if (second !== code) expect(await at(ELSEWHERE).passwordReset.verifyCode({ code })).toMatchObject({ code: 'wrong_code' });
    expect(await at(COUNTER).passwordReset.verifyCode({ code })).toEqual({ ok: true, value: null });
    expect(await at(COUNTER).passwordReset.verifyCode({ code })).toMatchObject({ code: 'out_of_order' });
    expect(await at(ELSEWHERE).passwordReset.verifyCode({ code: second })).toEqual({ ok: true, value: null });
  });

  it('answers a known and an unknown ID alike in every interleaving of two kiosks\' resets of it', async () => {
    type Step = { ctx: { windowId: string }; act: 'request' | 'wrong' };
    const one = (ctx: { windowId: string }): Step[] => [
      { ctx, act: 'request' },
      { ctx, act: 'wrong' },
    ];
    /** Every order of two kiosks' steps that keeps each kiosk's own order. */
    const interleavings = (a: Step[], b: Step[]): Step[][] =>
      a.length === 0 ? [b] : b.length === 0 ? [a] : [...interleavings(a.slice(1), b).map((rest) => [a[0]!, ...rest]), ...interleavings(a, b.slice(1)).map((rest) => [b[0]!, ...rest])];
    const orders = interleavings(one(COUNTER), one(ELSEWHERE));
    expect(orders).toHaveLength(6);
    const answersFor = async (itscomId: string, order: Step[]) => {
      const answers: unknown[] = [];
      for (const { ctx, act } of order) {
        const answer = act === 'request' ? await requestReset(itscomId, ctx) : await at(ctx).passwordReset.verifyCode({ code: '000000' });
        answers.push(answer.ok ? 'ok' : answer);
      }
      return answers;
    };
    for (const order of orders) {
      const known = await answersFor('yamada.taro', order);
      const unknown = await answersFor('nobody.here', order);
      expect(unknown, order.map((s) => `${s.ctx.windowId}:${s.act}`).join(' ')).toEqual(known);
      expect(known).not.toContainEqual(expect.objectContaining({ code: 'code_expired' }));
      // A fresh hour for the next order's sends.
      core.t.clock.advance(60 * 60_000);
    }
  });

  it('leaves the customer\'s own ID-change code alone when someone starts a reset of the ID', async () => {
    expect(await signInTaro('Demo-pass1')).toMatchObject({ ok: true });
    await at(ELSEWHERE).idChange.start();
    expect(await at(ELSEWHERE).idChange.requestCode({ newItscomId: 'taro.new@example.com' })).toMatchObject({ ok: true });
    const idCode = codeIn(await core.sink.waitFor((m) => m.to.includes('taro.new@example.com')));
    expect(await requestReset('yamada.taro', COUNTER)).toMatchObject({ ok: true });
    await codeFromContactMail();
    expect(await at(ELSEWHERE).idChange.verifyCode({ code: idCode })).toMatchObject({ ok: true });
  });

  it('refuses a new send within 60 s of the last, also from the ID step (not only the disabled button)', async () => {
    await requestReset('yamada.taro');
    expect(await at(COUNTER).passwordReset.requestCode({ itscomId: 'yamada.taro' })).toEqual({ ok: false, code: 'too_soon', retryAfterSeconds: 60 });
    core.t.clock.advance(60_000);
    expect(await at(COUNTER).passwordReset.requestCode({ itscomId: 'yamada.taro' })).toMatchObject({ ok: true });
  });

  it('resends after 60 s, at most 5 sends an hour per ID, known or not', async () => {
    for (const [ctx, id] of [
      [COUNTER, 'yamada.taro'],
      [ELSEWHERE, 'nobody.here'],
    ] as const) {
      await requestReset(id, ctx);
      expect(await at(ctx).passwordReset.resendCode()).toEqual({ ok: false, code: 'too_soon', retryAfterSeconds: 60 });
    }
    for (let send = 2; send <= 5; send += 1) {
      core.t.clock.advance(60_000);
      expect(await at(COUNTER).passwordReset.resendCode()).toMatchObject({ ok: true });
      expect(await at(ELSEWHERE).passwordReset.resendCode()).toMatchObject({ ok: true });
    }
    core.t.clock.advance(60_000);
    const known = await at(COUNTER).passwordReset.resendCode();
    const unknown = await at(ELSEWHERE).passwordReset.resendCode();
    expect(known).toEqual({ ok: false, code: 'rate_limited', retryAfterSeconds: 55 * 60 });
    expect(unknown).toEqual(known);
    // A fresh reset of the same ID counts against the same hour.
    expect(await requestReset('yamada.taro', { windowId: 'third' })).toMatchObject({ code: 'rate_limited' });
    await codeFromContactMail(5);
    expect(core.sink.mails).toHaveLength(5);
  });

  it('takes at most 5 sends an hour from a burst of 12 windows at once', async () => {
    const windows = Array.from({ length: 12 }, (_, i) => ({ windowId: `burst-${i}` }));
    await Promise.all(windows.map((ctx) => at(ctx).passwordReset.start()));
    const answers = await Promise.all(windows.map((ctx) => at(ctx).passwordReset.requestCode({ itscomId: 'yamada.taro' })));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(5);
    expect(answers.filter((answer) => !answer.ok && answer.code === 'rate_limited')).toHaveLength(7);
    expect(await look((db) => db.selectFrom('outbox').select('id').execute())).toHaveLength(5);
  });

  it('clears the lockout: a locked ID is usable with the new password', async () => {
    for (let i = 0; i < 5; i += 1) await signInTaro('wrong-pass');
    expect(await signInTaro('Demo-pass1')).toMatchObject({ code: 'account_locked' });
    await requestReset();
    await at(COUNTER).passwordReset.verifyCode({ code: await codeFromContactMail() });
    expect(await at(COUNTER).passwordReset.commit(newPassword)).toMatchObject({ ok: true });
    expect(await signInTaro(NEW_PASSWORD)).toMatchObject({ ok: true });
  });

  it('ends every session of the customer', async () => {
    expect(await signInTaro('Demo-pass1')).toMatchObject({ ok: true });
    await requestReset();
    await at(COUNTER).passwordReset.verifyCode({ code: await codeFromContactMail() });
    await at(COUNTER).passwordReset.commit(newPassword);
    expect(await at(ELSEWHERE).session.current()).toEqual({ ok: true, value: null });
  });

  it('refuses each broken rule of the new password on its field and changes nothing', async () => {
    await requestReset();
    await at(COUNTER).passwordReset.verifyCode({ code: await codeFromContactMail() });
    const refused = async (newPasswordValue: string, again = newPasswordValue) =>
      at(COUNTER).passwordReset.commit({ newPassword: newPasswordValue, newPasswordAgain: again });
    expect(await refused('abc')).toMatchObject({ code: 'invalid_input', field: 'newPassword', reason: 'rules.password.length' });
    expect(await refused('password1')).toMatchObject({ field: 'newPassword', reason: 'rules.password.common' });
    expect(await refused('my-yamada.taro-1')).toMatchObject({ field: 'newPassword', reason: 'rules.password.containsId' });
    expect(await refused(NEW_PASSWORD, 'Other/new=42')).toMatchObject({ field: 'newPasswordAgain', reason: 'rules.password.mismatch' });
    expect(await signInTaro('Demo-pass1')).toMatchObject({ ok: true });
    // Still at step 3: a good password goes through.
    expect(await at(COUNTER).passwordReset.commit(newPassword)).toMatchObject({ ok: true });
  });

  it('refuses steps out of order, and a reset beside a signed-in customer', async () => {
    expect(await at(COUNTER).passwordReset.requestCode({ itscomId: 'yamada.taro' })).toMatchObject({ code: 'out_of_order' });
    await at(COUNTER).passwordReset.start();
    expect(await at(COUNTER).passwordReset.verifyCode({ code: '123456' })).toMatchObject({ code: 'out_of_order' });
    expect(await at(COUNTER).passwordReset.commit(newPassword)).toMatchObject({ code: 'out_of_order' });
    await signInTaro('Demo-pass1');
    expect(await at(ELSEWHERE).passwordReset.start()).toMatchObject({ code: 'out_of_order' });
  });

  it('forgets the reset when the window is reset (idle, sign-out): the code is cancelled', async () => {
    await requestReset();
    const code = await codeFromContactMail();
    await at(COUNTER).session.signOut();
    expect(await at(COUNTER).passwordReset.verifyCode({ code })).toMatchObject({ code: 'out_of_order' });
    await expect.poll(() => look((db) => db.selectFrom('verification_codes').select('state').execute())).toEqual([{ state: 'cancelled' }]);
  });

  it('leaves neither the code nor the new password anywhere on disk', async () => {
    await requestReset();
    const code = await codeFromContactMail();
    await at(COUNTER).passwordReset.verifyCode({ code });
    await at(COUNTER).passwordReset.commit(newPassword);
    await core.sink.waitFor((m) => m.subject.includes('パスワード再設定完了'));
    const tables = ['verification_codes', 'outbox', 'procedures', 'customers'] as const;
    const dump = JSON.stringify(await look((db) => Promise.all(tables.map((table) => db.selectFrom(table).selectAll().execute()))));
    expect(dump).not.toContain(NEW_PASSWORD);
    expect(dump).not.toContain(code);
    await core.t.core.close();
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
    const holding = files(core.t.dataDir).filter((file) => readFileSync(file).includes(Buffer.from(NEW_PASSWORD)));
    expect(holding).toEqual([]);
    expect(readFileSync(join(core.t.dataDir, 'logs', 'kiosk.log'), 'utf8')).not.toContain(code);
  });
});
