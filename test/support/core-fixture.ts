import { afterEach, beforeEach } from 'vitest';
import type { KioskConfig } from '../../shared/config/kiosk-config';
import { channelNames } from '../../shared/contract/channels';
import { buildKioskApi, type KioskApi } from '../../shared/contract/kiosk-api';
import type { CoreOptions, KioskCore } from '../../electron/core/kiosk-core';
import { SmtpSink } from './smtp-sink';
import { startTestCore, type TestCore } from './test-core';

/** A window of the kiosk as its page sees it: `window.kiosk`, typed by the contract, over the real dispatcher. */
export function kioskAt(core: KioskCore, window: string | { windowId: string }): KioskApi {
  const windowId = typeof window === 'string' ? window : window.windowId;
  return buildKioskApi(channelNames, (channel, input) => core.dispatch({ windowId }, channel, input), () => () => undefined) as KioskApi;
}

export interface CoreFixture {
  /** This test's core (a fresh store, the demo customers, a clock the test moves). */
  readonly t: TestCore;
  /** The real SMTP server on loopback the core's relay points at. */
  readonly sink: SmtpSink;
  /** The typed `window.kiosk` of a window. */
  at(window: string | { windowId: string }): KioskApi;
  /** A call the contract's types would refuse (a channel named by data, a payload of the wrong shape), as a hostile page makes it. */
  raw(window: string | { windowId: string }, channel: string, input?: unknown): Promise<unknown>;
  /** This test's core stopped and started anew (same sink), with these settings. */
  restart(config?: Partial<KioskConfig>, options?: Omit<CoreOptions, 'config' | 'now'>): Promise<TestCore>;
}

/**
 * A fresh core and SMTP sink for every test of the file (or describe) that
 * calls it, stopped after each: what a dozen test files each wrote themselves.
 * `config` may depend on the sink (its URL is the relay by default).
 */
export function useTestCore(
  config: Partial<KioskConfig> | ((sink: SmtpSink) => Partial<KioskConfig>) = {},
  options: Omit<CoreOptions, 'config' | 'now'> = {},
): CoreFixture {
  let t: TestCore | undefined;
  let sink: SmtpSink | undefined;
  beforeEach(async () => {
    sink = await new SmtpSink().start();
    const overrides = typeof config === 'function' ? config(sink) : config;
    t = await startTestCore({ smtpUrl: sink.url, ...overrides }, options);
  });
  afterEach(async () => {
    await t?.stop();
    await sink?.stop();
    t = undefined;
    sink = undefined;
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the test core runs inside a test only');
    return value;
  };
  return {
    get t() {
      return started(t);
    },
    get sink() {
      return started(sink);
    },
    at: (window) => kioskAt(started(t).core, window),
    raw: (window, channel, input = {}) => started(t).core.dispatch({ windowId: typeof window === 'string' ? window : window.windowId }, channel, input),
    async restart(overrides = {}, restartOptions = {}) {
      await started(t).stop();
      t = await startTestCore({ smtpUrl: started(sink).url, ...overrides }, restartOptions);
      return t;
    },
  };
}
