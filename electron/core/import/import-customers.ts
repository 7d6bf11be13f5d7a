import type { Store } from '../store/store';
import { ItscomIdTakenError } from '../store/store-errors';
import type { ImportRow, LineProblem } from './customer-file';

export type ImportOutcome = { ok: true; inserted: number; updated: number } | { ok: false; problems: LineProblem[] };

/** Thrown inside the import's transaction so that nothing of a file with a bad line stays. */
class ImportRefused extends Error {
  constructor(readonly problems: LineProblem[]) {
    super('import refused');
  }
}

/**
 * Puts the file's customers into the kiosk's store, all or nothing, in one
 * transaction: an ID the store already holds is a bad line unless `upsert`
 * (then its fields are replaced, and a new password hash ends its sessions).
 */
export async function importCustomers(store: Pick<Store, 'transaction'>, rows: readonly ImportRow[], options: { upsert: boolean; now: number }): Promise<ImportOutcome> {
  try {
    return await store.transaction(async (tx) => {
      const problems: LineProblem[] = [];
      let inserted = 0;
      let updated = 0;
      for (const { line, customer } of rows) {
        const existing = await tx.customers.findByKey(customer.itscomIdKey);
        if (existing && !options.upsert) {
          problems.push({ line, problem: `itscomId: ${customer.itscomId} is already in the store (--upsert replaces it)` });
        } else if (existing) {
          await tx.customers.replaceImported(existing.id, customer, options.now);
          updated += 1;
        } else {
          try {
            await tx.customers.insert(customer, options.now);
            inserted += 1;
          } catch (error) {
            // Another kiosk registered the ID meanwhile (an ID change at the counter): the
            // transaction cannot go on (PostgreSQL has aborted it), so the import ends here.
            if (!(error instanceof ItscomIdTakenError)) throw error;
            throw new ImportRefused([...problems, { line, problem: `itscomId: ${customer.itscomId} was registered while the import ran` }]);
          }
        }
      }
      if (problems.length > 0) throw new ImportRefused(problems);
      return { ok: true as const, inserted, updated };
    });
  } catch (error) {
    if (error instanceof ImportRefused) return { ok: false, problems: error.problems };
    throw error;
  }
}
