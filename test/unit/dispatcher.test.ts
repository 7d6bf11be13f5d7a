import { describe, expect, it, vi, type Mock } from 'vitest';
import { channelNames, isProcedureStep, type ChannelName } from '../../shared/contract/channels';
import { ok, type KioskResult } from '../../shared/contract/result';
import { createDispatcher, type Handlers } from '../../electron/core/bridge/dispatcher';
import { memoryLogger } from '../support/silent-logger';
import { validInput } from '../support/valid-inputs';
import { admittedState } from '../support/caller-states';
import { channelAudiences } from '../../shared/contract/audiences';

type SpyHandler = Mock<(ctx: { windowId: string }, input?: unknown) => KioskResult<null> | Promise<KioskResult<null>>>;

function spyHandlers() {
  const entries = channelNames.map((name) => [name, vi.fn<(ctx: { windowId: string }, input?: unknown) => KioskResult<null> | Promise<KioskResult<null>>>(() => ok(null))] as const);
  return Object.fromEntries(entries) as unknown as Record<ChannelName, SpyHandler> & Handlers;
}

/** The dispatcher's own checks, not the audience, are under test here: the caller is nobody in particular. */
const anyCaller = () => ({ customer: 'none' as const, staff: false, manager: false });

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

  describe('one step at a time per window', () => {
    const procedureSteps = channelNames.filter(isProcedureStep);
    /** Handlers that record when each call starts and ends, each taking a few turns of the event loop. */
    function timedHandlers() {
      const timeline: string[] = [];
      const handlers = spyHandlers();
      for (const name of channelNames) {
        handlers[name].mockImplementation(async (ctx: { windowId: string }) => {
          timeline.push(`start ${name} ${ctx.windowId}`);
          for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
          timeline.push(`end ${name} ${ctx.windowId}`);
          return ok(null);
        });
      }
      return { handlers, timeline };
    }

    it('covers every step of every procedure', () => {
      expect(procedureSteps.filter((c) => c.startsWith('idChange.'))).toHaveLength(7);
      expect(procedureSteps.filter((c) => c.startsWith('passwordReset.'))).toHaveLength(6);
      expect(procedureSteps.filter((c) => c.startsWith('passwordChange.'))).toHaveLength(6);
      expect(procedureSteps).toContain('session.setPassword');
      expect(procedureSteps).not.toContain('session.signOut');
    });

    it.each(procedureSteps)('%s waits for the window\'s previous step to end, and then runs', async (channel) => {
      const { handlers, timeline } = timedHandlers();
      const audience = channelAudiences[channel];
      const dispatch = createDispatcher(handlers, memoryLogger(), () => admittedState(audience));
      // The step before it: another step of its audience where there is one (the same step twice otherwise).
      const previous = procedureSteps.find((c) => c !== channel && channelAudiences[c] === audience) ?? channel;
      const results = await Promise.all([
        dispatch({ windowId: 'w' }, previous, validInput[previous]),
        dispatch({ windowId: 'w' }, channel, validInput[channel]),
      ]);
      expect(results).toEqual([ok(null), ok(null)]);
      expect(timeline).toEqual([`start ${previous} w`, `end ${previous} w`, `start ${channel} w`, `end ${channel} w`]);
    });

    it('runs the steps of different windows side by side, and other channels beside a step', async () => {
      const { handlers, timeline } = timedHandlers();
      const dispatch = createDispatcher(handlers, memoryLogger(), () => admittedState('customer'));
      await Promise.all([
        dispatch({ windowId: 'a' }, 'idChange.resendCode', {}),
        dispatch({ windowId: 'b' }, 'idChange.resendCode', {}),
        dispatch({ windowId: 'a' }, 'session.current', {}),
      ]);
      expect(timeline.slice(0, 3).sort()).toEqual(['start idChange.resendCode a', 'start idChange.resendCode b', 'start session.current a']);
    });

    it('checks a waiting step\'s audience when its turn comes', async () => {
      const { handlers } = timedHandlers();
      let signedIn = true;
      handlers['idChange.start'].mockImplementation(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        signedIn = false;
        return ok(null);
      });
      const dispatch = createDispatcher(handlers, memoryLogger(), () => ({ customer: signedIn ? 'signed-in' : 'none', staff: false, manager: false }));
      const [first, second] = await Promise.all([dispatch({ windowId: 'w' }, 'idChange.start', {}), dispatch({ windowId: 'w' }, 'idChange.resendCode', {})]);
      expect(first).toEqual({ ok: true, value: null });
      expect(second).toMatchObject({ ok: false, code: 'not_signed_in' });
      expect(handlers['idChange.resendCode']).not.toHaveBeenCalled();
    });
  });
});
