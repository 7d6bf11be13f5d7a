import { channelNames } from '../../shared/contract/channels';
import { buildKioskApi } from '../../shared/contract/kiosk-api';

export const INVOKE_BINDING = '__kioskInvoke';
export const EMIT_FUNCTION = '__kioskEmit';

/**
 * The script the Chromium shell runs in the page before the app loads: it
 * defines the same `window.kiosk` the Electron preload exposes, on top of a CDP
 * binding. Built from buildKioskApi's own source so both shells share one shape.
 */
export function browserApiScript(): string {
  return `(() => {
  const build = ${buildKioskApi.toString()};
  const invokeBinding = window[${JSON.stringify(INVOKE_BINDING)}];
  delete window[${JSON.stringify(INVOKE_BINDING)}];
  const listeners = new Map();
  const invoke = (channel, input) => invokeBinding(channel, input);
  const subscribe = (name, listener) => {
    if (!listeners.has(name)) listeners.set(name, new Set());
    listeners.get(name).add(listener);
    return () => listeners.get(name).delete(listener);
  };
  Object.defineProperty(window, ${JSON.stringify(EMIT_FUNCTION)}, {
    value: (name, payload) => { for (const l of listeners.get(name) ?? []) l(payload); },
  });
  Object.defineProperty(window, 'kiosk', { value: build(${JSON.stringify(channelNames)}, invoke, subscribe) });
})();`;
}
