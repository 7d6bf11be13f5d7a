import { z } from 'zod';
import type { Db } from './database';

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
  enqueue(mail: NewOutboxMail, now: number): number;
  due(now: number, limit: number): OutboxMail[];
  /**
   * Takes a due mail for one worker until `claimUntil` (a worker that dies
   * mid-send loses it then). False when another worker holds it or it is no
   * longer pending: then this worker must not send it.
   */
  claim(id: number, workerId: string, now: number, claimUntil: number): boolean;
  /** Earliest next attempt among pending mails, if any. */
  nextDueAt(): number | undefined;
  markSent(id: number, now: number): void;
  markRetry(id: number, attempts: number, nextAttemptAt: number, error: string): void;
  markFinal(id: number, state: 'failed' | 'expired', attempts: number, error: string): void;
  get(id: number): OutboxMail | undefined;
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

const COLUMNS = 'id, kind, to_address, from_address, subject, text_body, html_body, message_id, has_secret_slot, state, attempts, next_attempt_at';

export function createOutboxRepo(db: Db): OutboxRepo {
  const insert = db.prepare(`INSERT INTO outbox (kind, procedure_id, to_address, from_address, subject, text_body,
    html_body, message_id, has_secret_slot, next_attempt_at, created_at)
    VALUES (@kind, @procedureId, @to, @from, @subject, @text, @html, @messageId, @hasSecretSlot, @now, @now)`);
  const due = db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE state = 'pending' AND next_attempt_at <= @now
    AND (claim_until IS NULL OR claim_until <= @now) ORDER BY next_attempt_at, id LIMIT @limit`);
  const claim = db.prepare(`UPDATE outbox SET claimed_by = @workerId, claim_until = @claimUntil
    WHERE id = @id AND state = 'pending' AND (claim_until IS NULL OR claim_until <= @now)`);
  const nextDue = db.prepare("SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'").pluck();
  const sent = db.prepare("UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL, claimed_by = NULL, claim_until = NULL WHERE id = ?");
  const retry = db.prepare('UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, claimed_by = NULL, claim_until = NULL WHERE id = ?');
  const final = db.prepare('UPDATE outbox SET state = ?, attempts = ?, last_error = ?, claimed_by = NULL, claim_until = NULL WHERE id = ?');
  const one = db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE id = ?`);

  return {
    enqueue: (mail, now) =>
      Number(insert.run({ ...mail, procedureId: mail.procedureId ?? null, hasSecretSlot: mail.hasSecretSlot ? 1 : 0, now }).lastInsertRowid),
    due: (now, limit) => due.all({ now, limit }).map(toMail),
    claim: (id, workerId, now, claimUntil) => claim.run({ id, workerId, now, claimUntil }).changes === 1,
    nextDueAt: () => (nextDue.get() as number | null) ?? undefined,
    markSent: (id, now) => void sent.run(now, id),
    markRetry: (id, attempts, nextAttemptAt, error) => void retry.run(attempts, nextAttemptAt, error, id),
    markFinal: (id, state, attempts, error) => void final.run(state, attempts, error, id),
    get: (id) => {
      const row = one.get(id);
      return row === undefined ? undefined : toMail(row);
    },
  };
}
