import { createHash } from 'node:crypto';

/** What an audit row says; the hash covers all of it and the previous row's hash. */
export interface AuditContent {
  shop: string;
  kioskId: string;
  at: number;
  staffNumber: string | null;
  action: string;
  subject: string | null;
  outcome: string;
  /** JSON text, as stored. */
  detail: string;
  /** The row's place in the shop's chain (null: a row from before store version 14). */
  seq: number | null;
}

/**
 * The hash a row must hold: SHA-256 over the previous row's hash and the
 * row's content, in a fixed order; its place in the chain too, for rows that
 * have one (older rows keep the hash they were written with).
 */
export function auditHash(prevHash: string, c: AuditContent): string {
  const fields = [prevHash, c.shop, c.kioskId, c.at, c.staffNumber, c.action, c.subject, c.outcome, c.detail];
  const canonical = JSON.stringify(c.seq === null ? fields : [...fields, c.seq]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export interface AuditRow extends AuditContent {
  id: number;
  prevHash: string;
  hash: string;
}

export type ChainCheck = { holds: true; rows: number; lastAt: number | null } | { holds: false; rows: number; brokenAt: { id: number; at: number }; why: string };

/**
 * Checks a shop's rows in order, read in batches (`next(afterId)`, empty at
 * the end): each must hold the hash of its content and of the row before it.
 * The oldest row's own previous hash is taken as given (rows before it were
 * removed by the retention purge).
 */
export async function checkChain(next: (afterId: number) => Promise<AuditRow[]>): Promise<ChainCheck> {
  let previous: AuditRow | undefined;
  let count = 0;
  for (let batch = await next(0); batch.length > 0; batch = await next(previous!.id)) {
    for (const row of batch) {
      count += 1;
      if (previous && previous.seq !== null && row.seq !== previous.seq + 1) {
        return { holds: false, rows: count, brokenAt: { id: row.id, at: row.at }, why: 'its place in the chain does not follow the row before it (a row was removed)' };
      }
      if (previous && row.prevHash !== previous.hash) {
        return { holds: false, rows: count, brokenAt: { id: row.id, at: row.at }, why: 'its previous hash is not the hash of the row before it (a row was removed or changed)' };
      }
      if (auditHash(row.prevHash, row) !== row.hash) {
        return { holds: false, rows: count, brokenAt: { id: row.id, at: row.at }, why: 'its content does not match its hash (the row was changed)' };
      }
      previous = row;
    }
  }
  return { holds: true, rows: count, lastAt: previous?.at ?? null };
}
