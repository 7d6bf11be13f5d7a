import type { ProcedureKind } from '../../../shared/contract/models';
import type { Executor } from './executor';

/** The audit trail of completed procedures: kind, outcome, time and the kiosk that did it, never a secret. */
export interface ProceduresRepo {
  /** `customerId` null: a look-up that found nobody. */
  record(entry: { customerId: number | null; kind: ProcedureKind; outcome: string; at: number }): Promise<number>;
  /** Stores a survey rating once; false when the procedure is unknown or already rated. */
  rate(id: number, rating: number): Promise<boolean>;
}

export function createProceduresRepo({ db }: Executor, kioskId: string): ProceduresRepo {
  return {
    record: async (entry) =>
      (
        await db
          .insertInto('procedures')
          .values({ customer_id: entry.customerId, kind: entry.kind, outcome: entry.outcome, at: entry.at, kiosk_id: kioskId })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    rate: async (id, rating) =>
      (await db.updateTable('procedures').set({ rating }).where('id', '=', id).where('rating', 'is', null).executeTakeFirst()).numUpdatedRows === 1n,
  };
}
