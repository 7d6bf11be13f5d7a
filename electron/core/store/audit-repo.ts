import { z } from 'zod';
import { auditHash, type AuditContent, type AuditRow } from '../audit/audit-chain';
import { atomically, lockSubject, type Executor } from './executor';
import { parseStoredJson } from './settings-repo';

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
  seq: z.coerce.number().int().nullable(),
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
    seq: r.seq,
  };
}

/** Where the last purge's front is kept among the shop's settings. */
const FRONT_KEY = 'auditFront';
const frontValue = z.object({ count: z.number().int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) });

export interface AuditFilter {
  from?: number;
  to?: number;
  staffNumber?: string;
  action?: string;
}

/** The shop's audit trail: rows are appended, chained, read; only the retention purge removes them, oldest first. */
export interface AuditRepo {
  append(entry: Omit<AuditContent, 'shop' | 'kioskId' | 'seq'>): Promise<AuditRow>;
  /** The shop's newest row and its oldest (the chain's head and front), if any. */
  ends(): Promise<{ head: AuditRow; front: AuditRow } | undefined>;
  /** The shop's row at this place of the chain, if it is there. */
  atSeq(seq: number): Promise<AuditRow | undefined>;
  /** The front the last retention purge left (the oldest row's place and hash), kept with the shop's settings. */
  recordedFront(): Promise<{ count: number; hash: string } | undefined>;
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
        const last = await tx.db.selectFrom('audit_trail').select(['hash', 'seq']).where('shop', '=', shop).orderBy('id', 'desc').limit(1).executeTakeFirst();
        // The next place in the chain; after rows of before version 14 (no place), the count of the shop's rows goes on.
        const seq = !last ? 1 : last.seq !== null ? Number(last.seq) + 1 : Number((await tx.db.selectFrom('audit_trail').select((eb) => eb.fn.countAll<number>().as('n')).where('shop', '=', shop).executeTakeFirstOrThrow()).n) + 1;
        const content: AuditContent = { ...entry, shop, kioskId, seq };
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
            seq,
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
    ends: async () => {
      const newest = await filtered({}).orderBy('id', 'desc').limit(1).executeTakeFirst();
      const oldest = await filtered({}).orderBy('id').limit(1).executeTakeFirst();
      return newest && oldest ? { head: toRow(newest), front: toRow(oldest) } : undefined;
    },
    atSeq: async (seq) => {
      const row = await filtered({}).where('seq', '=', seq).executeTakeFirst();
      return row && toRow(row);
    },
    recordedFront: async () => {
      const row = await db.selectFrom('shop_settings').select('value').where('shop', '=', shop).where('key', '=', FRONT_KEY).executeTakeFirst();
      const parsed = row && frontValue.safeParse(parseStoredJson(row.value));
      return parsed?.success ? parsed.data : undefined;
    },
    inOrder: async (filter, afterId, limit) => (await filtered(filter).where('id', '>', afterId).orderBy('id').limit(limit).execute()).map(toRow),
    async purge(before) {
      let removed = 0;
      // From the front, one row at a time: the table's trigger refuses any other delete.
      for (;;) {
        const oldest = await db.selectFrom('audit_trail').select(['id', 'at', 'seq', 'hash']).where('shop', '=', shop).orderBy('id').limit(1).executeTakeFirst();
        if (!oldest || oldest.at >= before) {
          // The front the purge leaves, where the verification finds it (the log has it too: audit-anchors.ts).
          if (removed > 0 && oldest && oldest.seq !== null) {
            const value = JSON.stringify({ count: Number(oldest.seq), hash: oldest.hash });
            await db
              .insertInto('shop_settings')
              .values({ shop, key: FRONT_KEY, value })
              .onConflict((conflict) => conflict.columns(['shop', 'key']).doUpdateSet({ value }))
              .execute();
          }
          return removed;
        }
        await db.deleteFrom('audit_trail').where('id', '=', oldest.id).execute();
        removed += 1;
      }
    },
  };
}
