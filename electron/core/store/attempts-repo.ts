import { z } from 'zod';
import type { Db } from './database';

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
 * Attempt counters, decided in the store so that every process (and, later,
 * every kiosk of a shop) sees one count. An attempt is counted *before* the
 * slow check, in one IMMEDIATE transaction with the lock check; at most one
 * attempt per subject is in flight; failures older than the window expire.
 */
export interface AttemptsRepo {
  reserve(subject: string, now: number, limits: AttemptLimits): Reservation;
  /** The attempt was wrong: it stays counted, and at the limit the subject locks. */
  failed(subject: string, now: number, limits: AttemptLimits): { failures: number; lockedUntil: number | null };
  /** The attempt was right: the count starts again (unless a lock came meanwhile: then 'locked'). */
  succeeded(subject: string, now: number): 'ok' | 'locked';
  /** Staff unlock: forgets the subject's failures. True when it was locked. */
  unlock(subject: string, now: number): boolean;
  /** Drops counters with nothing left to decide (no lock, window over). */
  purge(now: number, windowMs: number): number;
}

export function createAttemptsRepo(db: Db): AttemptsRepo {
  const get = db.prepare('SELECT failures, window_started_at, locked_until, in_flight_until FROM attempt_counters WHERE subject = ?');
  const put = db.prepare(`INSERT INTO attempt_counters (subject, failures, window_started_at, locked_until, in_flight_until)
    VALUES (@subject, @failures, @windowStartedAt, @lockedUntil, @inFlightUntil)
    ON CONFLICT (subject) DO UPDATE SET failures = excluded.failures, window_started_at = excluded.window_started_at,
      locked_until = excluded.locked_until, in_flight_until = excluded.in_flight_until`);
  const remove = db.prepare('DELETE FROM attempt_counters WHERE subject = ?');
  const unlockStmt = db.prepare('DELETE FROM attempt_counters WHERE subject = ? AND locked_until > ?');
  const purgeStmt = db.prepare(`DELETE FROM attempt_counters
    WHERE (locked_until IS NULL OR locked_until <= @now) AND window_started_at <= @before AND (in_flight_until IS NULL OR in_flight_until <= @now)`);

  /** The counter as it stands at `now`: an expired lock or window starts it again. */
  const current = (subject: string, now: number, windowMs: number) => {
    const raw = get.get(subject);
    const row = raw === undefined ? undefined : counterRow.parse(raw);
    const expired =
      !row || (row.locked_until !== null ? row.locked_until <= now : row.window_started_at <= now - windowMs);
    return expired
      ? { failures: 0, windowStartedAt: now, lockedUntil: null as number | null, inFlightUntil: row?.in_flight_until ?? null }
      : { failures: row.failures, windowStartedAt: row.window_started_at, lockedUntil: row.locked_until, inFlightUntil: row.in_flight_until };
  };

  return {
    reserve: (subject, now, limits) =>
      db
        .transaction((): Reservation => {
          const counter = current(subject, now, limits.windowMs);
          if (counter.lockedUntil !== null) return { outcome: 'locked', until: counter.lockedUntil };
          if (counter.inFlightUntil !== null && counter.inFlightUntil > now) return { outcome: 'busy' };
          const failures = counter.failures + 1;
          put.run({ subject, ...counter, failures, inFlightUntil: now + limits.leaseMs });
          return { outcome: 'reserved', failures };
        })
        .immediate(),
    failed: (subject, now, limits) =>
      db
        .transaction(() => {
          const counter = current(subject, now, limits.windowMs);
          const failures = Math.max(counter.failures, 1);
          const lockedUntil = counter.lockedUntil ?? (failures >= limits.max ? now + limits.lockMs : null);
          put.run({ subject, ...counter, failures, lockedUntil, inFlightUntil: null });
          return { failures, lockedUntil };
        })
        .immediate(),
    succeeded: (subject, now) =>
      db
        .transaction(() => {
          // Only a lock still in force survives (the window does not matter here).
          if (current(subject, now, 0).lockedUntil !== null) return 'locked' as const;
          remove.run(subject);
          return 'ok' as const;
        })
        .immediate(),
    unlock: (subject, now) => unlockStmt.run(subject, now).changes === 1,
    purge: (now, windowMs) => purgeStmt.run({ now, before: now - windowMs }).changes,
  };
}
