import { describe, expect, it, vi } from 'vitest';
import { channelNames, type ChannelName } from '../../shared/contract/channels';
import { ok } from '../../shared/contract/result';
import { createDispatcher, type Handlers } from '../../electron/core/bridge/dispatcher';
import { memoryLogger } from '../support/silent-logger';

function spyHandlers() {
  const entries = channelNames.map((name) => [name, vi.fn(() => ok(null))] as const);
  return Object.fromEntries(entries) as unknown as Record<ChannelName, ReturnType<typeof vi.fn>> & Handlers;
}

/** The dispatcher's own checks, not the audience, are under test here: the caller is nobody in particular. */
const anyCaller = () => ({ customer: 'none' as const, staff: false });

const huge = 'x'.repeat(1_000_000);
/** Payloads no channel accepts: wrong types, extra keys, huge strings. */
const malformedForEvery: unknown[] = [null, undefined, 'text', 42, true, [], [{}], { extra: 1 }, { __proto__: { x: 1 }, y: huge }];
const malformedSignIn: unknown[] = [
  {},
  { itscomId: 'yamada.taro' },
  { password: 'x' },
  { itscomId: 1, password: 'x' },
  { itscomId: 'yamada.taro', password: null },
  { itscomId: huge, password: 'x' },
  { itscomId: 'yamada.taro', password: huge },
  { itscomId: 'yamada.taro', password: 'x', role: 'admin' },
  { itscomId: '', password: 'x' },
];

describe('dispatcher', () => {
  it.each(channelNames)('rejects malformed input on %s without reaching its handler', async (channel) => {
    const handlers = spyHandlers();
    const dispatch = createDispatcher(handlers, memoryLogger(), anyCaller);
    const payloads = channel === 'session.signIn' ? [...malformedForEvery, ...malformedSignIn] : malformedForEvery.filter((p) => p !== undefined);
    for (const payload of payloads) {
      const result = await dispatch({ windowId: 'w' }, channel, payload);
      expect(result, JSON.stringify(payload)?.slice(0, 80)).toMatchObject({ ok: false, code: 'invalid_input' });
    }
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
  });

  it('names the field and the rule that failed', async () => {
    const dispatch = createDispatcher(spyHandlers(), memoryLogger(), anyCaller);
    expect(await dispatch({ windowId: 'w' }, 'session.signIn', { itscomId: '', password: 'x' })).toEqual({
      ok: false,
      code: 'invalid_input',
      field: 'itscomId',
      reason: 'errors.required',
    });
  });

  it('rejects unknown channels and non-string channel names', async () => {
    const handlers = spyHandlers();
    const dispatch = createDispatcher(handlers, memoryLogger(), anyCaller);
    for (const channel of ['session.delete', '__proto__', 'constructor', '', 7, null, { toString: () => 'session.signIn' }]) {
      expect(await dispatch({ windowId: 'w' }, channel, {})).toEqual({ ok: false, code: 'unknown_channel' });
    }
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
  });

  it('passes valid input to its handler and turns a throw into a typed error without logging input', async () => {
    const handlers = spyHandlers();
    handlers['session.signIn'].mockImplementation(() => {
      throw new Error('boom');
    });
    const log = memoryLogger();
    const dispatch = createDispatcher(handlers, log, anyCaller);
    const result = await dispatch({ windowId: 'w' }, 'session.signIn', { itscomId: 'a', password: 'Secret-pw1' });
    expect(result).toEqual({ ok: false, code: 'internal' });
    expect(handlers['session.signIn']).toHaveBeenCalledWith({ windowId: 'w' }, { itscomId: 'a', password: 'Secret-pw1' });
    expect(log.lines.join('\n')).not.toContain('Secret-pw1');
  });
});
