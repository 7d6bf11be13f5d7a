import { z } from 'zod';
import type { Executor } from './executor';
import { journalledKinds, type JournalledKind } from './schema';

const changeRow = z.object({
  id: z.number().int(),
  customer_id: z.number().int(),
  kind: z.enum(journalledKinds),
  details: z.string(),
  kiosk_id: z.string(),
  started_at: z.number().int(),
});

/** A change begun in an account store outside the kiosk's and not recorded yet. */
export interface JournalledChange {
  id: number;
  customerId: number;
  kind: JournalledKind;
  /** JSON, read by the journal (account/change-journal.ts). */
  details: string;
  kioskId: string;
  startedAt: number;
}

/**
 * The journal of changes an account store outside the kiosk's makes (a
 * directory): a row is written before the change and removed by the
 * transaction that records it, so a row left behind is a change whose kiosk
 * stopped in between.
 */
export interface AccountChangesRepo {
  begin(change: { customerId: number; kind: JournalledKind; details: string; startedAt: number }): Promise<number>;
  /** Removes the row (in the recording transaction, or once the change is found not made); false when it was gone already. */
  end(id: number): Promise<boolean>;
  /** Rows this kiosk left (it has just started: none of them is in progress), and any kiosk's begun before `startedBefore`. */
  leftBehind(query: { ownKiosk: boolean; startedBefore: number }): Promise<JournalledChange[]>;
}

export function createAccountChangesRepo({ db }: Executor, kioskId: string): AccountChangesRepo {
  return {
    begin: async ({ customerId, kind, details, startedAt }) =>
      (
        await db
          .insertInto('account_changes')
          .values({ customer_id: customerId, kind, details, kiosk_id: kioskId, started_at: startedAt })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    end: async (id) => (await db.deleteFrom('account_changes').where('id', '=', id).executeTakeFirst()).numDeletedRows === 1n,
    async leftBehind({ ownKiosk, startedBefore }) {
      const rows = await db
        .selectFrom('account_changes')
        .selectAll()
        .where((eb) => (ownKiosk ? eb.or([eb('kiosk_id', '=', kioskId), eb('started_at', '<', startedBefore)]) : eb('started_at', '<', startedBefore)))
        .orderBy('id')
        .limit(100)
        .execute();
      return rows.map((row) => {
        const r = changeRow.parse(row);
        return { id: r.id, customerId: r.customer_id, kind: r.kind, details: r.details, kioskId: r.kiosk_id, startedAt: r.started_at };
      });
    },
  };
}
