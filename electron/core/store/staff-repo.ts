import { sql } from 'kysely';
import { z } from 'zod';
import type { Executor } from './executor';
import { procedureKinds } from '../../../shared/contract/models';
import { outboxStates } from './schema';

/** The kiosk that did it, by name (null: before kiosks had names, or a kiosk since removed). */
const kiosk = z.string().nullable();
const procedureRow = z.object({
  at: z.number().int(),
  kind: z.enum(procedureKinds),
  outcome: z.string(),
  rating: z.number().int().nullable(),
  kiosk,
});
const outboxRow = z.object({
  id: z.number().int(),
  kind: z.string(),
  to_address: z.string(),
  state: z.enum(outboxStates),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  created_at: z.number().int(),
  kiosk,
});
const lockedRow = z.object({ id: z.number().int(), itscom_id: z.string(), locked_until: z.number().int() });
const callRow = z.object({ id: z.number().int(), at: z.number().int(), kiosk });
const answeredCallRow = z.object({ at: z.number().int(), resolved_at: z.number().int().nullable(), kiosk });
const failedMailRow = z.object({ created_at: z.number().int(), kind: z.string(), to_address: z.string(), kiosk });

/**
 * The reads and small writes behind staff mode, for the whole shop (every
 * kiosk of this kiosk's shop on a shared store). None returns a secret.
 */
export interface StaffRepo {
  proceduresSince(since: number): Promise<z.infer<typeof procedureRow>[]>;
  /** Mail that is not delivered (pending or failed), newest first. */
  undeliveredMail(limit: number): Promise<z.infer<typeof outboxRow>[]>;
  retryMail(id: number | undefined, now: number): Promise<number>;
  lockedCustomers(now: number): Promise<z.infer<typeof lockedRow>[]>;
  addSupportCall(at: number): Promise<number>;
  pendingSupportCalls(): Promise<z.infer<typeof callRow>[]>;
  resolveSupportCall(id: number, at: number): Promise<boolean>;
  /** Calls for help made since `since`, answered or not (the day's report). */
  supportCallsSince(since: number): Promise<z.infer<typeof answeredCallRow>[]>;
  /** Mail queued since `since` that failed for good (the day's report). */
  failedMailSince(since: number): Promise<z.infer<typeof failedMailRow>[]>;
}

export function createStaffRepo({ db }: Executor, kioskId: string, shop: string): StaffRepo {
  // Rows of this kiosk and of the shop's other kiosks, and rows from before kiosks were named (a single kiosk's own store).
  const shopKiosks = db.selectFrom('kiosks').select('id').where('shop', '=', shop);
  return {
    proceduresSince: async (since) =>
      (
        await db
          .selectFrom('procedures as p')
          .leftJoin('kiosks as k', 'k.id', 'p.kiosk_id')
          .select(['p.at', 'p.kind', 'p.outcome', 'p.rating', 'k.name as kiosk'])
          .where('p.at', '>=', since)
          .where((eb) => eb.or([eb('p.kiosk_id', 'is', null), eb('p.kiosk_id', '=', kioskId), eb('p.kiosk_id', 'in', shopKiosks)]))
          .orderBy('p.at', 'desc')
          .execute()
      ).map((row) => procedureRow.parse(row)),
    undeliveredMail: async (limit) =>
      (
        await db
          .selectFrom('outbox as o')
          .leftJoin('kiosks as k', 'k.id', 'o.kiosk_id')
          .select(['o.id', 'o.kind', 'o.to_address', 'o.state', 'o.attempts', 'o.last_error', 'o.created_at', 'k.name as kiosk'])
          .where('o.state', 'in', ['pending', 'failed'])
          .where((eb) => eb.or([eb('o.kiosk_id', 'is', null), eb('o.kiosk_id', '=', kioskId), eb('o.kiosk_id', 'in', shopKiosks)]))
          .orderBy('o.id', 'desc')
          .limit(limit)
          .execute()
      ).map((row) => outboxRow.parse(row)),
    retryMail: async (id, now) => {
      const result = await db
        .updateTable('outbox')
        .set({ state: 'pending', next_attempt_at: now })
        .where('state', 'in', ['pending', 'failed'])
        .where((eb) => eb.or([eb('kiosk_id', 'is', null), eb('kiosk_id', '=', kioskId), eb('kiosk_id', 'in', shopKiosks)]))
        .$if(id !== undefined, (query) => query.where('id', '=', id!))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    // Lockouts live in attempt_counters (one row per ID, known or not); staff see the known customers' ones.
    lockedCustomers: async (now) =>
      (
        await db
          .selectFrom('attempt_counters as a')
          .innerJoin('customers as c', (join) => join.on('a.subject', '=', sql<string>`'signin:' || c.itscom_id_key`))
          .select(['c.id', 'c.itscom_id', 'a.locked_until'])
          .where('a.locked_until', '>', now)
          .where((eb) => eb.or([eb('a.locked_in_shop', 'is', null), eb('a.locked_in_shop', '=', shop)]))
          .orderBy('a.locked_until')
          .execute()
      ).map((row) => lockedRow.parse(row)),
    addSupportCall: async (at) => (await db.insertInto('support_calls').values({ at, kiosk_id: kioskId }).returning('id').executeTakeFirstOrThrow()).id,
    pendingSupportCalls: async () =>
      (
        await db
          .selectFrom('support_calls as s')
          .leftJoin('kiosks as k', 'k.id', 's.kiosk_id')
          .select(['s.id', 's.at', 'k.name as kiosk'])
          .where('s.resolved_at', 'is', null)
          .where((eb) => eb.or([eb('s.kiosk_id', 'is', null), eb('s.kiosk_id', '=', kioskId), eb('s.kiosk_id', 'in', shopKiosks)]))
          .orderBy('s.at')
          .execute()
      ).map((row) => callRow.parse(row)),
    resolveSupportCall: async (id, at) =>
      (
        await db
          .updateTable('support_calls')
          .set({ resolved_at: at })
          .where('id', '=', id)
          .where('resolved_at', 'is', null)
          .where((eb) => eb.or([eb('kiosk_id', 'is', null), eb('kiosk_id', '=', kioskId), eb('kiosk_id', 'in', shopKiosks)]))
          .executeTakeFirst()
      ).numUpdatedRows === 1n,
    supportCallsSince: async (since) =>
      (
        await db
          .selectFrom('support_calls as s')
          .leftJoin('kiosks as k', 'k.id', 's.kiosk_id')
          .select(['s.at', 's.resolved_at', 'k.name as kiosk'])
          .where('s.at', '>=', since)
          .where((eb) => eb.or([eb('s.kiosk_id', 'is', null), eb('s.kiosk_id', '=', kioskId), eb('s.kiosk_id', 'in', shopKiosks)]))
          .orderBy('s.at')
          .execute()
      ).map((row) => answeredCallRow.parse(row)),
    failedMailSince: async (since) =>
      (
        await db
          .selectFrom('outbox as o')
          .leftJoin('kiosks as k', 'k.id', 'o.kiosk_id')
          .select(['o.created_at', 'o.kind', 'o.to_address', 'k.name as kiosk'])
          .where('o.state', '=', 'failed')
          .where('o.created_at', '>=', since)
          .where((eb) => eb.or([eb('o.kiosk_id', 'is', null), eb('o.kiosk_id', '=', kioskId), eb('o.kiosk_id', 'in', shopKiosks)]))
          .orderBy('o.created_at')
          .execute()
      ).map((row) => failedMailRow.parse(row)),
  };
}
