import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelAudiences, type CallerState } from '../../shared/contract/audiences';
import { channelNames, type ChannelName } from '../../shared/contract/channels';
import { inputSchemas } from '../../shared/contract/contract';
import { errorCodes, ok, type KioskResult } from '../../shared/contract/result';
import { createDispatcher, type Handlers } from '../../electron/core/bridge/dispatcher';
import { memoryLogger } from '../support/silent-logger';
import { admittedState } from '../support/caller-states';
import { validInput } from '../support/valid-inputs';
import { startTestCore, type TestCore } from '../support/test-core';
import { inStore } from '../support/test-store';

/**
 * 10,000 random payloads at every IPC channel, through the real dispatcher and
 * a real core on a SQLite file: only typed errors come back, no handler runs on
 * input its schema refuses, refused input changes nothing, nothing throws.
 */
const RUNS_PER_CHANNEL = 10_000;
/**
 * Accepted payloads reach real handlers; sign-in and password checks then run
 * the full-strength KDF (~0.1 s each), so only this many per channel do.
 */
const ACCEPTED_THROUGH_HANDLERS = 30;


/** Strings people paste by accident or on purpose. */
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    'yamada\u0000.taro',
    'a\u200bb',
    '\ufeffDemo-pass1',
    '\u202eevil',
    'line\nbreak',
    'tab\there',
    '😀',
    '👨‍👩‍👧',
    '🇯🇵',
    '\ud800',
    'ｆｕｌｌ＠ｗｉｄｔｈ',
    '　',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '%SECRET%',
    '__proto__',
  ),
  fc.nat({ max: 200_000 }).map((n) => 'x'.repeat(n)),
);
/** A value of any type, including the wrong ones. */
const anyValue = fc.oneof(nastyString, fc.anything({ maxDepth: 2, withNullPrototype: true, withBigInt: true }));

function nearlyValid(channel: ChannelName): fc.Arbitrary<unknown> {
  const base = validInput[channel] as Record<string, unknown>;
  const keys = Object.keys(base);
  const withExtraKey = fc
    .tuple(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'role', 'windowId')), anyValue)
    .filter(([key]) => !keys.includes(key))
    .map(([key, value]) => {
      const copy: Record<string, unknown> = { ...base };
      Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
      return copy;
    });
  if (keys.length === 0) return withExtraKey;
  const withBadValue = fc.tuple(fc.constantFrom(...keys), anyValue).map(([key, value]) => ({ ...base, [key]: value }));
  const withoutKey = fc.constantFrom(...keys).map((key) => {
    const copy = { ...base };
    delete copy[key];
    return copy;
  });
  return fc.oneof(withBadValue, withBadValue, withoutKey, withExtraKey);
}

const payload = (channel: ChannelName) =>
  fc.oneof(nearlyValid(channel), nearlyValid(channel), fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: true }), nastyString);

/** Everything the store holds, as one hash: equal before and after means nothing changed. */
async function storeFingerprint(dataDir: string): Promise<string> {
  const tables = ['customers', 'verification_codes', 'procedures', 'outbox', 'kiosk_settings', 'support_calls', 'attempt_counters', 'rate_events'] as const;
  const contents = await inStore(dataDir, (db) => Promise.all(tables.map((table) => db.selectFrom(table).selectAll().execute())));
  const hash = createHash('sha256');
  // Row order is the engine's business: sort each table's rows.
  tables.forEach((table, i) => hash.update(table).update(JSON.stringify(contents[i]!.map((row) => JSON.stringify(row)).sort())));
  return hash.digest('hex');
}

function expectTyped(result: KioskResult<unknown>, label: string): void {
  expect(typeof result, label).toBe('object');
  if (result.ok) return;
  expect(errorCodes, label).toContain(result.code);
  expect(result.code, `${label}: a handler threw`).not.toBe('internal');
}

describe('every IPC channel under 10,000 random payloads', () => {
  /** Gets only refused input: its store and session must not change. */
  let test: TestCore;
  /** Gets the input its schemas accept: handlers must answer with typed results, never throw. */
  let other: TestCore;
  const window = { windowId: 'fuzz' };
  const handlerCalls = new Map<ChannelName, number>();
  /** The spy dispatcher's caller: one its channel's audience admits, so valid input reaches the handler. */
  let spyCaller: CallerState = admittedState('public');
  // The dispatcher alone, with handlers that only count: none may run for refused input.
  const spyDispatch = createDispatcher(
    Object.fromEntries(
      channelNames.map((name) => [name, vi.fn(() => (handlerCalls.set(name, (handlerCalls.get(name) ?? 0) + 1), ok(null)))]),
    ) as unknown as Handlers,
    memoryLogger(),
    () => spyCaller,
  );

  beforeAll(async () => {
    [test, other] = await Promise.all([startTestCore(), startTestCore()]);
    // A customer is signed in mid-procedure: the state garbage must not disturb.
    for (const core of [test.core, other.core]) {
      expect(await core.dispatch(window, 'session.signIn', validInput['session.signIn'])).toMatchObject({ ok: true });
      expect(await core.dispatch(window, 'passwordChange.start', {})).toMatchObject({ ok: true });
    }
  }, 30_000);
  afterAll(() => Promise.all([test.stop(), other.stop()]));

  it.each(channelNames)('%s', async (channel) => {
    const schema = inputSchemas[channel];
    spyCaller = admittedState(channelAudiences[channel]);
    const before = await storeFingerprint(test.dataDir);
    const session = await test.core.dispatch(window, 'session.current', {});
    let refused = 0;
    let accepted = 0;
    // Plain checks in the loop (a failure throws, and fast-check shrinks and reports the payload):
    // vitest's expect() per payload was most of the run's time.
    const refusedAsInvalid = (result: KioskResult<unknown>) => !result.ok && result.code === 'invalid_input';
    await fc.assert(
      fc.asyncProperty(payload(channel), async (input) => {
        const valid = schema.safeParse(input).success;
        const calls = handlerCalls.get(channel) ?? 0;
        const spied = await spyDispatch(window, channel, input);
        if ((handlerCalls.get(channel) ?? 0) !== (valid ? calls + 1 : calls)) throw new Error(`${channel}: the handler ran ${valid ? 'not once' : 'on refused input'}`);
        if (valid) {
          accepted += 1;
          if (accepted <= ACCEPTED_THROUGH_HANDLERS) expectTyped(await other.core.dispatch(window, channel, input), channel);
          return;
        }
        refused += 1;
        if (!refusedAsInvalid(spied)) throw new Error(`${channel}: the dispatcher answered ${JSON.stringify(spied)}`);
        const real = await test.core.dispatch(window, channel, input);
        if (!refusedAsInvalid(real)) throw new Error(`${channel}: the core answered ${JSON.stringify(real)}`);
      }),
      { numRuns: RUNS_PER_CHANNEL },
    );
    expect(refused).toBeGreaterThan(RUNS_PER_CHANNEL * 0.5);
    expect(await storeFingerprint(test.dataDir)).toBe(before);
    expect(await test.core.dispatch(window, 'session.current', {})).toEqual(session);
  }, 120_000);
});
