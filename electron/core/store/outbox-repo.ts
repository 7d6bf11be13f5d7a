import { z } from 'zod';
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
  state: z.enum(['pending', 'sent', 'failed', 'expired']),
  attempts: z.number().int().min(0),
  next_attempt_at: z.number().int(),
});

export type OutboxState = z.infer<typeof outboxRow>['state'];

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

export interface OutboxRepo {
  enqueue(mail: NewOutboxMail, now: number): Promise<number>;
  due(now: number, limit: number): Promise<OutboxMail[]>;
  /**
   * Takes a due mail for one worker until `claimUntil` (a worker that dies
   * mid-send loses it then). False when another worker holds it or it is no
   * longer pending: then this worker must not send it. One conditional UPDATE:
   * atomic on both engines (PostgreSQL re-checks the condition after waiting
   * for a concurrent claim).
   */
  claim(id: number, workerId: string, now: number, claimUntil: number): Promise<boolean>;
  /** Earliest next attempt among pending mails, if any. */
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

const COLUMNS = [
  'id',
  'kind',
  'to_address',
  'from_address',
  'subject',
  'text_body',
  'html_body',
  'message_id',
  'has_secret_slot',
  'state',
  'attempts',
  'next_attempt_at',
] as const;
const RELEASED = { claimed_by: null, claim_until: null };

export function createOutboxRepo({ db }: Executor): OutboxRepo {
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
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    due: async (now, limit) =>
      (
        await db
          .selectFrom('outbox')
          .select(COLUMNS)
          .where('state', '=', 'pending')
          .where('next_attempt_at', '<=', now)
          .where((eb) => eb.or([eb('claim_until', 'is', null), eb('claim_until', '<=', now)]))
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(limit)
          .execute()
      ).map(toMail),
    claim: async (id, workerId, now, claimUntil) => {
      const result = await db
        .updateTable('outbox')
        .set({ claimed_by: workerId, claim_until: claimUntil })
        .where('id', '=', id)
        .where('state', '=', 'pending')
        .where((eb) => eb.or([eb('claim_until', 'is', null), eb('claim_until', '<=', now)]))
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
    nextDueAt: async () => {
      const row = await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.min('next_attempt_at').as('next'))
        .where('state', '=', 'pending')
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
