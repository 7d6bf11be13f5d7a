import { lockSubject, type Executor } from './executor';

/**
 * Events of a sliding-window limit (codes sent, addresses probed), counted in
 * the store so every process sees them. Counting and adding decide together:
 * the caller holds the subject (`lock`) in its transaction first.
 */
export interface RateEventsRepo {
  lock(subject: string): Promise<void>;
  /** When each event of `subject` after `since` happened, oldest first (one exactly an hour old has left the hour). */
  since(subject: string, since: number): Promise<number[]>;
  add(subject: string, at: number): Promise<void>;
  purge(before: number): Promise<number>;
}

export function createRateEventsRepo(x: Executor): RateEventsRepo {
  const { db } = x;
  return {
    lock: (subject) => lockSubject(x, `rate:${subject}`),
    since: async (subject, from) =>
      (await db.selectFrom('rate_events').select('at').where('subject', '=', subject).where('at', '>', from).orderBy('at').execute()).map((row) =>
        Number(row.at),
      ),
    add: async (subject, at) => {
      await db.insertInto('rate_events').values({ subject, at }).execute();
    },
    purge: async (before) => Number((await db.deleteFrom('rate_events').where('at', '<', before).executeTakeFirst()).numDeletedRows),
  };
}
