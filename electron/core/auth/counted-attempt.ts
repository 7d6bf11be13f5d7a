import type { AttemptLimits, AttemptsRepo } from '../store/attempts-repo';
import { StoreError } from '../store/store-errors';
import { oneAtATime } from './one-at-a-time';

/** `lockedNow`: this very attempt reached the limit (a lock that was there before says false). */
export type AttemptOutcome = { outcome: 'ok' } | { outcome: 'wrong'; failures: number } | { outcome: 'locked'; until: number; lockedNow: boolean };

/**
 * One attempt at a secret (a password, the staff PIN), counted in the store
 * before the slow check runs: a burst cannot check more guesses than the limit
 * allows, whatever arrives at once. Attempts on one subject wait in line in
 * this process; an attempt in flight in another process answers "wrong" (the
 * caller's generic answer), never something that tells more.
 */
export function createCountedAttempts(attempts: AttemptsRepo, now: () => number) {
  const inLine = oneAtATime();
  return (subject: string, limits: AttemptLimits, check: () => Promise<boolean>): Promise<AttemptOutcome> =>
    inLine(subject, async (): Promise<AttemptOutcome> => {
      const reservation = await attempts.reserve(subject, now(), limits);
      if (reservation.outcome === 'busy') return { outcome: 'wrong', failures: limits.max - 1 };
      if (reservation.outcome === 'locked') return { outcome: 'locked', until: reservation.until, lockedNow: false };
      let right: boolean;
      try {
        right = await check();
      } catch (error) {
        // A store or directory that cannot be reached checked nothing: the customer is not a guess closer to a lock.
        if (error instanceof StoreError) await attempts.notChecked(subject, now(), limits);
        else await attempts.failed(subject, now(), limits);
        throw error;
      }
      if (right) {
        // The lock is checked again after the slow step: a lock that came meanwhile wins.
        return (await attempts.succeeded(subject, now())) === 'ok' ? { outcome: 'ok' } : { outcome: 'locked', until: now() + limits.lockMs, lockedNow: false };
      }
      const failed = await attempts.failed(subject, now(), limits);
      return failed.lockedUntil === null ? { outcome: 'wrong', failures: failed.failures } : { outcome: 'locked', until: failed.lockedUntil, lockedNow: failed.lockedNow };
    });
}

export type CountedAttempts = ReturnType<typeof createCountedAttempts>;
