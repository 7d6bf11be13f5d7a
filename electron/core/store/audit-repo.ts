import { z } from 'zod';
import { auditHash, type AuditContent, type AuditRow } from '../audit/audit-chain';
import { atomically, lockSubject, type Executor } from './executor';

const auditRow = z.object({
  id: z.number().int(),
  shop: z.string(),
  kiosk_id: z.string(),
  at: z.number().int(),
  staff_number: z.string().nullable(),
  action: z.string(),
  subject: z.string().nullable(),
  outcome: z.string(),
  detail: z.string(),
  prev_hash: z.string(),
  hash: z.string(),
});

function toRow(raw: unknown): AuditRow {
  const r = auditRow.parse(raw);
  return {
    id: r.id,
    shop: r.shop,
    kioskId: r.kiosk_id,
    at: r.at,
    staffNumber: r.staff_number,
    action: r.action,
    subject: r.subject,
    outcome: r.outcome,
    detail: r.detail,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export interface AuditFilter {
  from?: number;
  to?: number;
  staffNumber?: string;
  action?: string;
}

/** The shop's audit trail: rows are appended, chained, read; only the retention purge removes them, oldest first. */
export interface AuditRepo {
  append(entry: Omit<AuditContent, 'shop' | 'kioskId'>): Promise<AuditRow>;
  /** Newest first, `limit` at most, before the row `beforeId` when paging. */
  list(filter: AuditFilter, page: { limit: number; beforeId?: number }): Promise<AuditRow[]>;
  /** Oldest first, in batches (the verification and the export read every row). */
  inOrder(filter: AuditFilter, afterId: number, limit: number): Promise<AuditRow[]>;
  /** Removes rows older than `before`, oldest first; returns how many. */
  purge(before: number): Promise<number>;
}

export function createAuditRepo(x: Executor, kioskId: string, shop: string): AuditRepo {
  const { db } = x;
  const filtered = (filter: AuditFilter) => {
    let query = db.selectFrom('audit_trail').selectAll().where('shop', '=', shop);
    if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('at', '<', filter.to);
    if (filter.staffNumber !== undefined) query = query.where('staff_number', '=', filter.staffNumber);
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    return query;
  };
  return {
    append: (entry) =>
      atomically(x, async (tx) => {
        // One writer per shop's chain at a time, on every kiosk of the shop.
        await lockSubject(tx, `audit:${shop}`);
        const last = await tx.db.selectFrom('audit_trail').select('hash').where('shop', '=', shop).orderBy('id', 'desc').limit(1).executeTakeFirst();
        const content: AuditContent = { ...entry, shop, kioskId };
        const prevHash = last?.hash ?? '';
        const hash = auditHash(prevHash, content);
        const row = await tx.db
          .insertInto('audit_trail')
          .values({
            shop,
            kiosk_id: kioskId,
            at: content.at,
            staff_number: content.staffNumber,
            action: content.action,
            subject: content.subject,
            outcome: content.outcome,
            detail: content.detail,
            prev_hash: prevHash,
            hash,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toRow(row);
      }),
    list: async (filter, page) => {
      let query = filtered(filter);
      if (page.beforeId !== undefined) query = query.where('id', '<', page.beforeId);
      return (await query.orderBy('id', 'desc').limit(page.limit).execute()).map(toRow);
    },
    inOrder: async (filter, afterId, limit) => (await filtered(filter).where('id', '>', afterId).orderBy('id').limit(limit).execute()).map(toRow),
    async purge(before) {
      let removed = 0;
      // From the front, one row at a time: the table's trigger refuses any other delete.
      for (;;) {
        const oldest = await db.selectFrom('audit_trail').select(['id', 'at']).where('shop', '=', shop).orderBy('id').limit(1).executeTakeFirst();
        if (!oldest || oldest.at >= before) return removed;
        await db.deleteFrom('audit_trail').where('id', '=', oldest.id).execute();
        removed += 1;
      }
    },
  };
}
