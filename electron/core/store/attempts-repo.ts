import { z } from 'zod';
import { atomically, lockSubject, type Executor } from './executor';

const counterRow = z.object({
  failures: z.number().int().min(0),
  window_started_at: z.number().int(),
  locked_until: z.number().int().nullable(),
  in_flight_until: z.number().int().nullable(),
});

/** How many failures within how long lock a subject (an ID, the staff PIN), and for how long. */
export interface AttemptLimits {
  max: number;
  windowMs: number;
  lockMs: number;
  /** How long a reserved attempt may take before another may start (a process that died mid-check). */
  leaseMs: number;
}

export type Reservation = { outcome: 'reserved'; failures: number } | { outcome: 'locked'; until: number } | { outcome: 'busy' };

/**
 * Attempt counters, decided in the store so that every process (and every
 * kiosk on a shared store) sees one count. An attempt is counted *before* the
 * slow check, in one transaction with the lock check, the subject held for
 * that transaction (lockSubject); at most one attempt per subject is in
 * flight; failures older than the window expire.
 */
export interface AttemptsRepo {
  reserve(subject: string, now: number, limits: AttemptLimits): Promise<Reservation>;
  /** The attempt was wrong: it stays counted, and at the limit the subject locks. */
  failed(subject: string, now: number, limits: AttemptLimits): Promise<{ failures: number; lockedUntil: number | null }>;
  /** The attempt could not be checked (the account store could not be reached): it is not counted. */
  notChecked(subject: string, now: number, limits: AttemptLimits): Promise<void>;
  /** The attempt was right: the count starts again (unless a lock came meanwhile: then 'locked'). */
  succeeded(subject: string, now: number): Promise<'ok' | 'locked'>;
  /** Staff unlock: forgets the subject's failures. True when it was locked. */
  unlock(subject: string, now: number): Promise<boolean>;
  /** Forgets the subject's failures and lock (a password reset: the customer proved who they are). */
  clear(subject: string): Promise<void>;
  /** Drops counters with nothing left to decide (no lock, window over). */
  purge(now: number, windowMs: number): Promise<number>;
}

interface Counter {
  failures: number;
  windowStartedAt: number;
  lockedUntil: number | null;
  inFlightUntil: number | null;
}

/** `shop`: this kiosk's shop, recorded on a lock it causes; staff unlock only their shop's locks. */
export function createAttemptsRepo(x: Executor, shop: string): AttemptsRepo {
  /** The counter as it stands at `now`: an expired lock or window starts it again. */
  const current = async (tx: Executor, subject: string, now: number, windowMs: number): Promise<Counter> => {
    await lockSubject(tx, `attempts:${subject}`);
    const raw = await tx.db
      .selectFrom('attempt_counters')
      .select(['failures', 'window_started_at', 'locked_until', 'in_flight_until'])
      .where('subject', '=', subject)
      .executeTakeFirst();
    const row = raw === undefined ? undefined : counterRow.parse(raw);
    const expired = !row || (row.locked_until !== null ? row.locked_until <= now : row.window_started_at <= now - windowMs);
    return expired
      ? { failures: 0, windowStartedAt: now, lockedUntil: null, inFlightUntil: row?.in_flight_until ?? null }
      : { failures: row.failures, windowStartedAt: row.window_started_at, lockedUntil: row.locked_until, inFlightUntil: row.in_flight_until };
  };
  const put = async (tx: Executor, subject: string, counter: Counter) => {
    const values = {
      failures: counter.failures,
      window_started_at: counter.windowStartedAt,
      locked_until: counter.lockedUntil,
      in_flight_until: counter.inFlightUntil,
    };
    await tx.db
      .insertInto('attempt_counters')
      .values({ subject, ...values })
      .onConflict((conflict) => conflict.column('subject').doUpdateSet(values))
      .execute();
  };

  return {
    reserve: (subject, now, limits) =>
      atomically(x, async (tx): Promise<Reservation> => {
        const counter = await current(tx, subject, now, limits.windowMs);
        if (counter.lockedUntil !== null) return { outcome: 'locked', until: counter.lockedUntil };
        if (counter.inFlightUntil !== null && counter.inFlightUntil > now) return { outcome: 'busy' };
        const failures = counter.failures + 1;
        await put(tx, subject, { ...counter, failures, inFlightUntil: now + limits.leaseMs });
        return { outcome: 'reserved', failures };
      }),
    failed: (subject, now, limits) =>
      atomically(x, async (tx) => {
        const counter = await current(tx, subject, now, limits.windowMs);
        const failures = Math.max(counter.failures, 1);
        const lockedUntil = counter.lockedUntil ?? (failures >= limits.max ? now + limits.lockMs : null);
        await put(tx, subject, { ...counter, failures, lockedUntil, inFlightUntil: null });
        if (lockedUntil !== null && counter.lockedUntil === null) {
          await tx.db.updateTable('attempt_counters').set({ locked_in_shop: shop }).where('subject', '=', subject).execute();
        }
        return { failures, lockedUntil };
      }),
    notChecked: (subject, now, limits) =>
      atomically(x, async (tx) => {
        const counter = await current(tx, subject, now, limits.windowMs);
        await put(tx, subject, { ...counter, failures: Math.max(counter.failures - 1, 0), inFlightUntil: null });
      }),
    succeeded: (subject, now) =>
      atomically(x, async (tx) => {
        // Only a lock still in force survives (the window does not matter here).
        if ((await current(tx, subject, now, 0)).lockedUntil !== null) return 'locked' as const;
        await tx.db.deleteFrom('attempt_counters').where('subject', '=', subject).execute();
        return 'ok' as const;
      }),
    unlock: async (subject, now) => {
      const result = await x.db
        .deleteFrom('attempt_counters')
        .where('subject', '=', subject)
        .where('locked_until', '>', now)
        .where((eb) => eb.or([eb('locked_in_shop', 'is', null), eb('locked_in_shop', '=', shop)]))
        .executeTakeFirst();
      return result.numDeletedRows === 1n;
    },
    clear: (subject) =>
      atomically(x, async (tx) => {
        await lockSubject(tx, `attempts:${subject}`);
        await tx.db.deleteFrom('attempt_counters').where('subject', '=', subject).execute();
      }),
    purge: async (now, windowMs) => {
      const result = await x.db
        .deleteFrom('attempt_counters')
        .where((eb) =>
          eb.and([
            eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]),
            eb('window_started_at', '<=', now - windowMs),
            eb.or([eb('in_flight_until', 'is', null), eb('in_flight_until', '<=', now)]),
          ]),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
