import type { Db } from './database';

/**
 * Events of a sliding-window limit (codes sent, addresses probed), counted in
 * the store so every process sees them.
 */
export interface RateEventsRepo {
  /** When each event of `subject` after `since` happened, oldest first (one exactly an hour old has left the hour). */
  since(subject: string, since: number): number[];
  add(subject: string, at: number): void;
  purge(before: number): number;
}

export function createRateEventsRepo(db: Db): RateEventsRepo {
  const since = db.prepare('SELECT at FROM rate_events WHERE subject = ? AND at > ? ORDER BY at').pluck();
  const add = db.prepare('INSERT INTO rate_events (subject, at) VALUES (?, ?)');
  const purge = db.prepare('DELETE FROM rate_events WHERE at < ?');
  return {
    since: (subject, from) => (since.all(subject, from) as unknown[]).map((at) => Number(at)),
    add: (subject, at) => void add.run(subject, at),
    purge: (before) => purge.run(before).changes,
  };
}
