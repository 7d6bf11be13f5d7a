import { afterEach, describe, expect, it, vi } from 'vitest';
import { PURGE_INTERVAL_MS, SESSION_GRACE_SECONDS } from '../../electron/core/kiosk-core';
import { TARO } from '../support/sign-in';
import { SmtpSink } from '../support/smtp-sink';
import { startTestCore, type TestCore } from '../support/test-core';
import { inStore } from '../support/test-store';
import { kioskAt } from '../support/core-fixture';

/** What a kiosk-day leaves behind: expired codes and abandoned sessions go on their own. */
let test: TestCore | undefined;
let sink: SmtpSink | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await test?.stop();
  await sink?.stop();
});

const window = { windowId: 'w' };

describe('purging', () => {
  it('drops verification codes after a day', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    sink = await new SmtpSink().start();
    test = await startTestCore({ smtpUrl: sink.url });
    const kiosk = kioskAt(test.core, window);
    await kiosk.session.signIn(TARO);
    await kiosk.idChange.start();
    expect(await kiosk.idChange.requestCode({ newItscomId: 'taro.purge@example.com' })).toMatchObject({ ok: true });
    const codeRows = async () => (await inStore(test!.dataDir, (db) => db.selectFrom('verification_codes').select('id').execute())).length;
    expect(await codeRows()).toBe(1);
    await kiosk.session.signOut();

    test.clock.advance(23 * 60 * 60_000);
    vi.advanceTimersByTime(PURGE_INTERVAL_MS);
    await test.core.purged();
    expect(await codeRows()).toBe(1);
    test.clock.advance(60 * 60_000 + 1);
    vi.advanceTimersByTime(PURGE_INTERVAL_MS);
    await test.core.purged();
    expect(await codeRows()).toBe(0);
  });

  it('ends a session nobody has used for longer than the idle reset plus a grace period', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    test = await startTestCore({ idleSeconds: 120, idleWarningSeconds: 30 });
    const ended: unknown[] = [];
    test.core.onEvent((windowId, name, payload) => name === 'session.ended' && ended.push([windowId, payload]));
    expect(await kioskAt(test.core, window).session.signIn(TARO)).toMatchObject({ ok: true });

    const limitMs = (120 + 30 + SESSION_GRACE_SECONDS) * 1000;
    test.clock.advance(limitMs - 1_000);
    // A call just before the limit keeps the session.
    expect(await test.core.dispatch(window, 'session.current', {})).toMatchObject({ value: { itscomId: TARO.itscomId } });
    test.clock.advance(limitMs - 1_000);
    vi.advanceTimersByTime(PURGE_INTERVAL_MS);
    expect(ended).toEqual([]);

    // The screen's poll of the printer and the hours is not the customer: it keeps nothing alive.
    expect(await test.core.dispatch(window, 'kiosk.status', {})).toMatchObject({ ok: true });
    test.clock.advance(2_000);
    vi.advanceTimersByTime(PURGE_INTERVAL_MS);
    expect(ended).toEqual([['w', { reason: 'idle' }]]);
    expect(await test.core.dispatch(window, 'session.current', {})).toEqual({ ok: true, value: null });
  });
});
