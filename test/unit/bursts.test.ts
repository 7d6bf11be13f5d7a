import { beforeEach, describe, expect, it } from 'vitest';
import { codeIn } from '../support/smtp-sink';
import { useTestCore } from '../support/core-fixture';

/**
 * Someone with script access to window.kiosk sends 50 calls at once, through
 * the real dispatcher: no limit gives way, and the answers for a known and an
 * unknown ID cannot be told apart.
 */
const BURST = 50;
const PAGE = { windowId: 'kiosk' };
const core = useTestCore();
const { at } = core;
const codes = (results: { ok: boolean; code?: string }[]) => results.map((result) => (result.ok ? 'ok' : result.code));
const tally = (results: { ok: boolean; code?: string }[]) =>
  codes(results).reduce<Record<string, number>>((counts, code) => ({ ...counts, [code!]: (counts[code!] ?? 0) + 1 }), {});


describe('bursts of parallel calls', () => {
  it('sign-in: 49 wrong passwords and the right one, at once, check at most 5 and sign nobody in', async () => {
    const wrong = Array.from({ length: BURST - 1 }, (_, i) => at(PAGE).session.signIn({ itscomId: 'yamada.taro', password: `Wrong-${i}` }));
    const right = at(PAGE).session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' });
    const results = await Promise.all([...wrong, right]);
    expect(tally(results)).toEqual({ invalid_credentials: 4, account_locked: BURST - 4 });
    expect(await at(PAGE).session.current()).toEqual({ ok: true, value: null });
    // The lock holds for the right password afterwards too.
    expect(await at(PAGE).session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' })).toMatchObject({ code: 'account_locked' });
  });

  it('a known and an unknown ID answer the same burst with the same answers, in the same order', async () => {
    const burst = (itscomId: string) =>
      Promise.all(Array.from({ length: BURST }, (_, i) => at({ windowId: itscomId }).session.signIn({ itscomId, password: `Guess-${i}` })));
    const [known, unknown] = await Promise.all([burst('hanako.suzuki@example.com'), burst('nobody.here@example.com')]);
    expect(codes(unknown)).toEqual(codes(known));
    expect(tally(known)).toEqual({ invalid_credentials: 4, account_locked: BURST - 4 });
  });

  it('staff PIN: 49 wrong PINs and the right one, at once, never open staff mode', async () => {
    const results = await Promise.all([
      ...Array.from({ length: BURST - 1 }, (_, i) => at(PAGE).staff.unlock({ number: '1001', pin: String(100000 + i) })),
      at(PAGE).staff.unlock({ number: '1001', pin: '246810' }),
    ]);
    expect(tally(results)).toEqual({ invalid_pin: 4, staff_locked: BURST - 4 });
    expect(await at(PAGE).staff.overview()).toMatchObject({ ok: false, code: 'not_staff' });
  });

  describe('with a code sent', () => {
    beforeEach(async () => {
      expect(await at(PAGE).session.signIn({ itscomId: 'yamada.taro', password: 'Demo-pass1' })).toMatchObject({ ok: true });
      expect(await at(PAGE).idChange.start()).toMatchObject({ ok: true });
      expect(await at(PAGE).idChange.requestCode({ newItscomId: 'taro.burst@example.com' })).toMatchObject({ ok: true });
    });

    it('code entry: 50 wrong codes at once count exactly 5, then the procedure is gone', async () => {
      const code = codeIn(await core.sink.waitFor((mail) => mail.to.includes('taro.burst@example.com')));
      const guesses = Array.from({ length: BURST }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
      const results = await Promise.all(guesses.map((guess) => at(PAGE).idChange.verifyCode({ code: guess })));
      expect(tally(results)).toEqual({ wrong_code: 4, procedure_cancelled: 1, out_of_order: BURST - 5 });
      expect(await at(PAGE).idChange.verifyCode({ code })).toMatchObject({ ok: false, code: 'out_of_order' });
    });

    it('resend: 50 at once after the 60 s wait send exactly one code', async () => {
      core.t.clock.advance(60_000);
      const results = await Promise.all(Array.from({ length: BURST }, () => at(PAGE).idChange.resendCode()));
      expect(tally(results)).toEqual({ ok: 1, too_soon: BURST - 1 });
    });

    it('new addresses: 50 at once after the 60 s wait send exactly one code (a new address waits as a resend does)', async () => {
      core.t.clock.advance(60_000);
      const results = await Promise.all(
        Array.from({ length: BURST }, (_, i) => at(PAGE).idChange.requestCode({ newItscomId: `taro.burst${i}@example.com` })),
      );
      expect(tally(results)).toEqual({ ok: 1, too_soon: BURST - 1 });
    });

    it('"taken" answers spend the hourly sends: probing which IDs exist stops at the limit', async () => {
      core.t.clock.advance(60_000);
      const probes = await Promise.all(
        Array.from({ length: 6 }, () => at(PAGE).idChange.requestCode({ newItscomId: 'hanako.suzuki@example.com' })),
      );
      expect(codes(probes)).toEqual(['invalid_input', 'invalid_input', 'invalid_input', 'invalid_input', 'rate_limited', 'rate_limited']);
    });
  });
});
