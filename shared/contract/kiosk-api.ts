import type { ChannelName, EventName } from './channels';
import type { ChannelInput, ChannelOutput } from './contract';
import type { EventPayloads } from './models';
import type { KioskResult } from './result';

type AreaOf<C extends string> = C extends `${infer A}.${string}` ? A : never;
type CallOf<C extends ChannelName> = Record<never, never> extends ChannelInput<C>
  ? (input?: ChannelInput<C>) => Promise<KioskResult<ChannelOutput<C>>>
  : (input: ChannelInput<C>) => Promise<KioskResult<ChannelOutput<C>>>;

/** `window.kiosk`: one purpose-named function per channel, the same in both shells. */
export type KioskApi = {
  [A in AreaOf<ChannelName>]: {
    [C in ChannelName as C extends `${A}.${infer V}` ? V : never]: CallOf<C>;
  };
} & {
  events: {
    on<E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void): () => void;
  };
};

export type Invoke = (channel: string, input: unknown) => Promise<unknown>;
export type Subscribe = (name: string, listener: (payload: unknown) => void) => () => void;

/**
 * Builds `window.kiosk` from the channel list. It must stay self-contained (no
 * imports, no outer variables): the Chromium shell injects its source text.
 */
export function buildKioskApi(channels: readonly string[], invoke: Invoke, subscribe: Subscribe): unknown {
  const api: Record<string, Record<string, unknown>> = {};
  for (const channel of channels) {
    const [area, verb] = channel.split('.') as [string, string];
    const group = (api[area] ??= {});
    group[verb] = (input?: unknown) => invoke(channel, input === undefined ? {} : input);
  }
  api.events = { on: (name: unknown, listener: unknown) => subscribe(String(name), listener as (p: unknown) => void) };
  for (const group of Object.values(api)) Object.freeze(group);
  return Object.freeze(api);
}
