import type { Store } from '../store/store';

/** How often a kiosk on a shared store measures its clock against the database's. */
export const CLOCK_SYNC_MS = 30_000;

/**
 * The shop's one clock. Lockouts, attempt windows, outbox claims, heartbeats,
 * code and temporary-password expiry compare times written by one kiosk with
 * times written by another, so every kiosk on a shared store reads the
 * database server's clock: it measures its own clock's offset from the
 * server's (`SELECT clock_timestamp()`, half the round trip as error) at start
 * and every CLOCK_SYNC_MS, and every time it writes or compares is its own
 * clock plus that offset. A kiosk whose clock runs 20 minutes fast then writes
 * and decides on the same time as the others. The embedded SQLite store serves
 * one kiosk, whose clock is the only one: there the offset stays 0.
 */
export interface ShopClock {
  now(): number;
  /** The offset last measured (server minus this machine, ms), for the log. */
  readonly offsetMs: number;
  /** Measures again (a clock stepped by NTP, or one that drifts). */
  sync(): Promise<void>;
  stop(): void;
}

export async function startShopClock(store: Pick<Store, 'serverTime'>, localNow: () => number = Date.now): Promise<ShopClock> {
  let offsetMs = 0;
  const sync = async () => {
    const before = localNow();
    const server = await store.serverTime();
    if (server === undefined) return;
    const after = localNow();
    offsetMs = server - Math.round((before + after) / 2);
  };
  await sync();
  // A store away for a moment keeps the last offset measured: the next round measures again.
  const timer = setInterval(() => void sync().catch(() => undefined), CLOCK_SYNC_MS);
  timer.unref();
  return {
    now: () => localNow() + offsetMs,
    get offsetMs() {
      return offsetMs;
    },
    sync,
    stop: () => clearInterval(timer),
  };
}
