import type { Db } from './database';

/** Runs `work` in one transaction: all of it commits or none of it does. */
export type Transact = <T>(work: () => T) => T;

export function createTransact(db: Db): Transact {
  return (work) => db.transaction(work).immediate();
}
