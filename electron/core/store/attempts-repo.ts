import { sql } from 'kysely';
import { z } from 'zod';
import { atomically, lockSubject, type Executor } from './executor';

const counterRow = z.object({
  failures: z.number().int().min(0),
  window_started_at: z.number().int(),
  locked_until: z.number().int().nullable(),
  in_flight_until: z.number().int().nullable(),
  lock_level: z.number().int().min(0),
});

/** How many failures within how long lock a subject (an ID, the staff PIN), and for how long. */
export interface AttemptLimits {
  max: number;
  windowMs: number;
  lockMs: number;
  /** How long a reserved attempt may take before another may start (a process that died mid-check). */
  leaseMs: number;
  /**
   * Locks that grow: the first lasts lockStepsMs[0], the next [1], and so on
   * (the last repeats), until the subject has a right attempt or the counter
   * is purged after a quiet window. Without it every lock lasts lockMs.
   */
  lockStepsMs?: readonly number[];
}

/** How long the next lock of a subject at `level` lasts. */
export const lockDuration = (limits: AttemptLimits, level: number): number =>
  limits.lockStepsMs ? limits.lockStepsMs[Math.min(level, limits.lockStepsMs.length - 1)]! : limits.lockMs;

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
  /** The attempt was wrong: it stays counted, and at the limit the subject locks (`lockedNow`: this attempt locked it). */
  failed(subject: string, now: number, limits: AttemptLimits): Promise<{ failures: number; lockedUntil: number | null; lockedNow: boolean }>;
  /** The attempt could not be checked (the account store could not be reached): it is not counted. */
  notChecked(subject: string, now: number, limits: AttemptLimits): Promise<void>;
  /** The attempt was right: the count starts again (unless a lock came meanwhile: then 'locked'). */
  succeeded(subject: string, now: number): Promise<'ok' | 'locked'>;
  /** Staff unlock: forgets the subject's failures. True when it was locked. */
  unlock(subject: string, now: number): Promise<boolean>;
  /** Forgets the subject's failures and lock (a password reset: the customer proved who they are). */
  clear(subject: string): Promise<void>;
  /** Drops counters with nothing left to decide (no lock, window over; a growing lock's level after a quiet `levelMs`). */
  purge(now: number, windowMs: number, levelMs?: number): Promise<number>;
  /** The subjects starting with `prefix` locked at `now`, with when each lock ends. */
  lockedWithPrefix(prefix: string, now: number): Promise<Array<{ subject: string; lockedUntil: number }>>;
}

interface Counter {
  failures: number;
  windowStartedAt: number;
  lockedUntil: number | null;
  inFlightUntil: number | null;
  lockLevel: number;
}

/** `shop`: this kiosk's shop, recorded on a lock it causes; staff unlock only their shop's locks. */
export function createAttemptsRepo(x: Executor, shop: string): AttemptsRepo {
  /** The counter as it stands at `now`: an expired lock or window starts it again. */
  const current = async (tx: Executor, subject: string, now: number, windowMs: number): Promise<Counter> => {
    await lockSubject(tx, `attempts:${subject}`);
    const raw = await tx.db
      .selectFrom('attempt_counters')
      .select(['failures', 'window_started_at', 'locked_until', 'in_flight_until', 'lock_level'])
      .where('subject', '=', subject)
      .executeTakeFirst();
    const row = raw === undefined ? undefined : counterRow.parse(raw);
    const expired = !row || (row.locked_until !== null ? row.locked_until <= now : row.window_started_at <= now - windowMs);
    // The lock level outlives a lock and a window: it goes with the row (a right attempt, an unlock, the purge).
    const lockLevel = row?.lock_level ?? 0;
    return expired
      ? { failures: 0, windowStartedAt: now, lockedUntil: null, inFlightUntil: row?.in_flight_until ?? null, lockLevel }
      : { failures: row.failures, windowStartedAt: row.window_started_at, lockedUntil: row.locked_until, inFlightUntil: row.in_flight_until, lockLevel };
  };
  const put = async (tx: Executor, subject: string, counter: Counter) => {
    const values = {
      failures: counter.failures,
      window_started_at: counter.windowStartedAt,
      locked_until: counter.lockedUntil,
      in_flight_until: counter.inFlightUntil,
      lock_level: counter.lockLevel,
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
        const lockedNow = counter.lockedUntil === null && failures >= limits.max;
        const lockedUntil = lockedNow ? now + lockDuration(limits, counter.lockLevel) : counter.lockedUntil;
        const lockLevel = lockedNow ? counter.lockLevel + 1 : counter.lockLevel;
        await put(tx, subject, { ...counter, failures, lockedUntil, inFlightUntil: null, lockLevel });
        if (lockedNow) {
          await tx.db.updateTable('attempt_counters').set({ locked_in_shop: shop }).where('subject', '=', subject).execute();
        }
        return { failures, lockedUntil, lockedNow };
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
    purge: async (now, windowMs, levelMs = windowMs) => {
      const result = await x.db
        .deleteFrom('attempt_counters')
        .where((eb) =>
          eb.and([
            eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]),
            eb('window_started_at', '<=', now - windowMs),
            eb.or([eb('in_flight_until', 'is', null), eb('in_flight_until', '<=', now)]),
            eb.or([eb('lock_level', '=', 0), eb('window_started_at', '<=', now - levelMs)]),
          ]),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    lockedWithPrefix: async (prefix, now) => {
      const rows = await x.db
        .selectFrom('attempt_counters')
        .select(['subject', 'locked_until'])
        // substr, not LIKE: a shop's name may hold LIKE's wildcards.
        .where(sql<string>`substr(subject, 1, ${prefix.length})`, '=', prefix)
        .where('locked_until', '>', now)
        .orderBy('subject')
        .execute();
      return rows.map((row) => ({ subject: row.subject, lockedUntil: Number(row.locked_until) }));
    },
  };
}
