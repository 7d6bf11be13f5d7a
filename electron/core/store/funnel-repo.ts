import { z } from 'zod';
import type { Executor } from './executor';
import { funnelEvents, type FunnelEvent } from './schema';

const countRow = z.object({
  kind: z.string(),
  step: z.string(),
  event: z.enum(funnelEvents),
  reason: z.string(),
  count: z.coerce.number().int(),
});
export type FunnelCount = z.infer<typeof countRow>;

/** Where the shop's customers' procedures went: one row per event, counted by kind, step, event and reason. */
export interface FunnelRepo {
  record(entry: { at: number; kind: string; step: string; event: FunnelEvent; reason?: string }): Promise<void>;
  /** The shop's counts since `since` (the day's start). */
  countsSince(since: number): Promise<FunnelCount[]>;
  /** Rows older than `before` go (the counts are kept for the day's report, not for ever). */
  purge(before: number): Promise<number>;
}

export function createFunnelRepo({ db }: Executor, kioskId: string, shop: string): FunnelRepo {
  return {
    record: async ({ at, kind, step, event, reason = '' }) => {
      await db.insertInto('funnel_events').values({ shop, kiosk_id: kioskId, at, kind, step, event, reason }).execute();
    },
    countsSince: async (since) =>
      (
        await db
          .selectFrom('funnel_events')
          .select(['kind', 'step', 'event', 'reason', (eb) => eb.fn.countAll<number>().as('count')])
          .where('shop', '=', shop)
          .where('at', '>=', since)
          .groupBy(['kind', 'step', 'event', 'reason'])
          .execute()
      ).map((row) => countRow.parse(row)),
    purge: async (before) => Number((await db.deleteFrom('funnel_events').where('at', '<', before).executeTakeFirst()).numDeletedRows),
  };
}
