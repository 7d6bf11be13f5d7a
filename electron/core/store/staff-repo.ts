import { z } from 'zod';
import type { Db } from './database';

const procedureRow = z.object({
  at: z.number().int(),
  kind: z.enum(['id_change', 'password_change']),
  outcome: z.string(),
  rating: z.number().int().nullable(),
});
const outboxRow = z.object({
  id: z.number().int(),
  kind: z.string(),
  to_address: z.string(),
  state: z.enum(['pending', 'sent', 'failed', 'expired']),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  created_at: z.number().int(),
});
const lockedRow = z.object({ id: z.number().int(), itscom_id: z.string(), locked_until: z.number().int() });
const callRow = z.object({ id: z.number().int(), at: z.number().int() });

/** The reads and small writes behind staff mode. None returns a secret. */
export interface StaffRepo {
  proceduresSince(since: number): z.infer<typeof procedureRow>[];
  /** Mail that is not delivered (pending or failed), newest first. */
  undeliveredMail(limit: number): z.infer<typeof outboxRow>[];
  retryMail(id: number | undefined, now: number): number;
  lockedCustomers(now: number): z.infer<typeof lockedRow>[];
  addSupportCall(at: number): number;
  pendingSupportCalls(): z.infer<typeof callRow>[];
  resolveSupportCall(id: number, at: number): boolean;
}

export function createStaffRepo(db: Db): StaffRepo {
  const procedures = db.prepare('SELECT at, kind, outcome, rating FROM procedures WHERE at >= ? ORDER BY at DESC');
  const undelivered = db.prepare(`SELECT id, kind, to_address, state, attempts, last_error, created_at FROM outbox
    WHERE state IN ('pending', 'failed') ORDER BY id DESC LIMIT ?`);
  const retryOne = db.prepare("UPDATE outbox SET state = 'pending', next_attempt_at = ? WHERE id = ? AND state IN ('pending', 'failed')");
  const retryAll = db.prepare("UPDATE outbox SET state = 'pending', next_attempt_at = ? WHERE state IN ('pending', 'failed')");
  // Lockouts live in attempt_counters (one row per ID, known or not); staff see the known customers' ones.
  const locked = db.prepare(`SELECT c.id, c.itscom_id, a.locked_until FROM attempt_counters a
    JOIN customers c ON a.subject = 'signin:' || c.itscom_id_key WHERE a.locked_until > ? ORDER BY a.locked_until`);
  const addCall = db.prepare('INSERT INTO support_calls (at) VALUES (?)');
  const calls = db.prepare('SELECT id, at FROM support_calls WHERE resolved_at IS NULL ORDER BY at');
  const resolve = db.prepare('UPDATE support_calls SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL');

  return {
    proceduresSince: (since) => procedures.all(since).map((row) => procedureRow.parse(row)),
    undeliveredMail: (limit) => undelivered.all(limit).map((row) => outboxRow.parse(row)),
    retryMail: (id, now) => (id === undefined ? retryAll.run(now) : retryOne.run(now, id)).changes,
    lockedCustomers: (now) => locked.all(now).map((row) => lockedRow.parse(row)),
    addSupportCall: (at) => Number(addCall.run(at).lastInsertRowid),
    pendingSupportCalls: () => calls.all().map((row) => callRow.parse(row)),
    resolveSupportCall: (id, at) => resolve.run(at, id).changes === 1,
  };
}
