import { z } from 'zod';
import { sql, type ExpressionBuilder } from 'kysely';
import { outboxStates, type OutboxState, type StoreSchema } from './schema';
import type { Executor } from './executor';

const outboxRow = z.object({
  id: z.number().int(),
  kind: z.string(),
  to_address: z.string(),
  from_address: z.string(),
  subject: z.string(),
  text_body: z.string(),
  html_body: z.string(),
  message_id: z.string(),
  has_secret_slot: z.union([z.literal(0), z.literal(1)]),
  state: z.enum(outboxStates),
  attempts: z.number().int().min(0),
  next_attempt_at: z.number().int(),
});

export type { OutboxState };

/** A mail waiting in (or done with) the outbox. */
export interface OutboxMail {
  id: number;
  kind: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  hasSecretSlot: boolean;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
}

export type NewOutboxMail = Pick<OutboxMail, 'kind' | 'to' | 'from' | 'subject' | 'text' | 'html' | 'messageId' | 'hasSecretSlot'> & {
  procedureId?: number;
};

/**
 * The outbox, shared by the shop's kiosks on one store. Every kiosk's worker
 * takes due mail with `claimDue`; a mail holding a secret slot (a code) is
 * claimed only by the kiosk that queued it, the one that holds its secret.
 */
export interface OutboxRepo {
  /** Queues a mail as this kiosk's. */
  enqueue(mail: NewOutboxMail, now: number): Promise<number>;
  /**
   * Takes up to `limit` due mails for one worker until `claimUntil` (a
   * worker that dies mid-send loses them then, and another finishes them),
   * oldest first. One UPDATE over a sub-select; on PostgreSQL the sub-select
   * locks FOR UPDATE SKIP LOCKED, so workers of several kiosks never wait on
   * each other and never take one mail twice (SQLite: the store's one write
   * lock does the same).
   */
  claimDue(workerId: string, now: number, limit: number, claimUntil: number): Promise<OutboxMail[]>;
  /** This kiosk's mails not yet delivered (for its heartbeat). */
  backlog(): Promise<number>;
  /** This kiosk's mail still to send: how many, and when the oldest of them was queued (metrics: mail stuck). */
  pending(): Promise<{ count: number; oldestAt: number | null }>;
  /**
   * Code mails of kiosks that are gone (no beat since `liveSince`, or
   * stopped) can never be sent with their code: they end as expired.
   */
  expireOrphanedCodeMails(liveSince: number, error: string): Promise<number>;
  /** When the next pending mail this kiosk may send becomes claimable (due, and any other worker's claim over), if any. */
  nextDueAt(): Promise<number | undefined>;
  markSent(id: number, now: number): Promise<void>;
  markRetry(id: number, attempts: number, nextAttemptAt: number, error: string): Promise<void>;
  markFinal(id: number, state: 'failed' | 'expired', attempts: number, error: string): Promise<void>;
  get(id: number): Promise<OutboxMail | undefined>;
}

function toMail(row: unknown): OutboxMail {
  const r = outboxRow.parse(row);
  return {
    id: r.id,
    kind: r.kind,
    to: r.to_address,
    from: r.from_address,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    messageId: r.message_id,
    hasSecretSlot: r.has_secret_slot === 1,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
  };
}

/** The row schema's columns, read and checked alike. */
const COLUMNS = outboxRow.keyof().options;
const RELEASED = { claimed_by: null, claim_until: null };

/**
 * `ownMailOnly`: a demo kiosk's worker takes only the mail this kiosk queued,
 * so it never delivers another kiosk's notice into its in-memory demo mailbox.
 */
export function createOutboxRepo({ db, engine }: Executor, kioskId: string, ownMailOnly = false): OutboxRepo {
  const mayTake = (eb: ExpressionBuilder<StoreSchema, 'outbox'>) =>
    ownMailOnly ? eb('kiosk_id', '=', kioskId) : eb.or([eb('has_secret_slot', '=', 0), eb('kiosk_id', '=', kioskId)]);
  return {
    enqueue: async (mail, now) => {
      const row = await db
        .insertInto('outbox')
        .values({
          kind: mail.kind,
          procedure_id: mail.procedureId ?? null,
          to_address: mail.to,
          from_address: mail.from,
          subject: mail.subject,
          text_body: mail.text,
          html_body: mail.html,
          message_id: mail.messageId,
          has_secret_slot: mail.hasSecretSlot ? 1 : 0,
          next_attempt_at: now,
          created_at: now,
          kiosk_id: kioskId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    claimDue: async (workerId, now, limit, claimUntil) => {
      const claimable = db
        .selectFrom('outbox')
        .select('id')
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('claim_until', 'is', null), eb('claim_until', '<=', now)]))
        .where(mayTake)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .$if(engine === 'postgres', (query) => query.forUpdate().skipLocked());
      const rows = await db
        .updateTable('outbox')
        .set({ claimed_by: workerId, claim_until: claimUntil })
        .where('id', 'in', claimable)
        .returning(COLUMNS)
        .execute();
      return rows.map(toMail).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id);
    },
    backlog: async () =>
      Number(
        (
          await db
            .selectFrom('outbox')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('kiosk_id', '=', kioskId)
            .where('state', 'in', ['pending', 'failed'])
            .executeTakeFirstOrThrow()
        ).n,
      ),
    pending: async () => {
      const row = await db
        .selectFrom('outbox')
        .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('created_at').as('oldest')])
        .where('kiosk_id', '=', kioskId)
        .where('state', '=', 'pending')
        .executeTakeFirstOrThrow();
      return { count: Number(row.n), oldestAt: row.oldest === null ? null : Number(row.oldest) };
    },
    expireOrphanedCodeMails: async (liveSince, error) => {
      const live = db.selectFrom('kiosks').select('id').where('stopped', '=', 0).where('last_beat_at', '>', liveSince);
      const result = await db
        .updateTable('outbox')
        .set({ state: 'expired', last_error: error, claimed_by: null, claim_until: null })
        .where('has_secret_slot', '=', 1)
        .where('state', '=', 'pending')
        .where((eb) => eb.or([eb('kiosk_id', 'is', null), eb.and([eb('kiosk_id', '<>', kioskId), eb('kiosk_id', 'not in', live)])]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    nextDueAt: async () => {
      const row = await db
        .selectFrom('outbox')
        .select(sql<number | null>`MIN(CASE WHEN claim_until > next_attempt_at THEN claim_until ELSE next_attempt_at END)`.as('next'))
        .where('state', '=', 'pending')
        .where(mayTake)
        .executeTakeFirst();
      return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
    },
    markSent: async (id, now) => {
      await db
        .updateTable('outbox')
        .set((eb) => ({ state: 'sent', sent_at: now, attempts: eb('attempts', '+', 1), last_error: null, ...RELEASED }))
        .where('id', '=', id)
        .execute();
    },
    markRetry: async (id, attempts, nextAttemptAt, error) => {
      await db.updateTable('outbox').set({ attempts, next_attempt_at: nextAttemptAt, last_error: error, ...RELEASED }).where('id', '=', id).execute();
    },
    markFinal: async (id, state, attempts, error) => {
      await db.updateTable('outbox').set({ state, attempts, last_error: error, ...RELEASED }).where('id', '=', id).execute();
    },
    get: async (id) => {
      const row = await db.selectFrom('outbox').select(COLUMNS).where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toMail(row);
    },
  };
}
