import type { PiniaPluginContext, Store } from 'pinia';

const stores = new Set<Store>();

/** Pinia plugin: remembers every store so a leaving customer can be wiped from all of them. */
export function trackStores({ store }: PiniaPluginContext): void {
  stores.add(store);
}

/** Resets every store to its initial state (option stores carry $reset). */
export function resetAllStores(): void {
  for (const store of stores) store.$reset();
}
