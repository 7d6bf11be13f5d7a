import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { channelNames } from '../../shared/contract/channels';
import { browserApiScript, EMIT_FUNCTION, INVOKE_BINDING } from '../../electron/chromium/browser-api-script';

/** Runs the Chromium shell's injected script in a bare JS context standing in for the page. */
function injected() {
  const calls: unknown[] = [];
  const window: Record<string, unknown> = {
    [INVOKE_BINDING]: async (channel: string, input: unknown) => {
      calls.push([channel, input]);
      return { ok: true, value: null };
    },
  };
  runInNewContext(browserApiScript(), { window });
  type Fn = (...args: unknown[]) => unknown;
  const page = window as { kiosk: Record<string, Record<string, Fn>> & { events: { on: (name: string, listener: Fn) => () => void } } } & Record<string, Fn>;
  return { window: page, calls };
}

describe('Chromium shell page API', () => {
  it('defines window.kiosk with one function per channel over the binding', async () => {
    const { window, calls } = injected();
    for (const channel of channelNames) {
      const [area, verb] = channel.split('.') as [string, string];
      expect(typeof window.kiosk[area]![verb]).toBe('function');
    }
    await window.kiosk.session!.signIn!({ itscomId: 'a', password: 'b' });
    await window.kiosk.session!.signOut!();
    expect(calls).toEqual([
      ['session.signIn', { itscomId: 'a', password: 'b' }],
      ['session.signOut', {}],
    ]);
  });

  it('hides the raw binding and freezes the API', () => {
    const { window } = injected();
    expect(window[INVOKE_BINDING]).toBeUndefined();
    expect(Object.isFrozen(window.kiosk)).toBe(true);
    expect(Object.isFrozen(window.kiosk.session)).toBe(true);
  });

  it('delivers core events to subscribers until they unsubscribe', () => {
    const { window } = injected();
    const seen: unknown[] = [];
    const stop = window.kiosk.events.on('session.ended', (payload: unknown) => seen.push(payload));
    window[EMIT_FUNCTION]!('session.ended', { reason: 'signed_out' });
    stop();
    window[EMIT_FUNCTION]!('session.ended', { reason: 'idle' });
    expect(seen).toEqual([{ reason: 'signed_out' }]);
  });
});
