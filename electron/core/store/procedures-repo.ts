import type { Db } from './database';

export type ProcedureKind = 'id_change' | 'password_change';

/** The audit trail of completed procedures: kind, outcome and time, never a secret. */
export interface ProceduresRepo {
  record(entry: { customerId: number; kind: ProcedureKind; outcome: string; at: number }): number;
  /** Stores a survey rating once; false when the procedure is unknown or already rated. */
  rate(id: number, rating: number): boolean;
}

export function createProceduresRepo(db: Db): ProceduresRepo {
  const insert = db.prepare('INSERT INTO procedures (customer_id, kind, outcome, at) VALUES (@customerId, @kind, @outcome, @at)');
  const rate = db.prepare('UPDATE procedures SET rating = ? WHERE id = ? AND rating IS NULL');
  return {
    record: (entry) => Number(insert.run(entry).lastInsertRowid),
    rate: (id, rating) => rate.run(rating, id).changes === 1,
  };
}
