import { z } from 'zod';
import type { Db } from './database';

const codeRow = z.object({
  id: z.number().int(),
  customer_id: z.number().int(),
  session_id: z.string(),
  new_id_key: z.string(),
  code_hash: z.string(),
  created_at: z.number().int(),
  expires_at: z.number().int(),
  wrong_attempts: z.number().int().min(0),
  state: z.enum(['active', 'used', 'superseded', 'cancelled', 'expired']),
});

/** A verification code as stored: its hash only. */
export interface StoredCode {
  id: number;
  customerId: number;
  sessionId: string;
  newIdKey: string;
  codeHash: string;
  createdAt: number;
  expiresAt: number;
  wrongAttempts: number;
  state: z.infer<typeof codeRow>['state'];
}

export interface CodesRepo {
  /** Supersedes the customer's active codes and stores the new one. */
  insert(code: Omit<StoredCode, 'id' | 'wrongAttempts' | 'state'>): number;
  findActive(customerId: number, sessionId: string): StoredCode | undefined;
  setWrongAttempts(id: number, wrongAttempts: number): void;
  setState(id: number, state: StoredCode['state']): void;
  /** Ends every active code of a customer (sign-out, cancel). */
  endActive(customerId: number, state: 'cancelled' | 'expired'): void;
  /** Deletes rows older than `before`: nothing about a code is kept longer than needed. */
  purge(before: number): number;
}

function toCode(row: unknown): StoredCode {
  const r = codeRow.parse(row);
  return {
    id: r.id,
    customerId: r.customer_id,
    sessionId: r.session_id,
    newIdKey: r.new_id_key,
    codeHash: r.code_hash,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    wrongAttempts: r.wrong_attempts,
    state: r.state,
  };
}

export function createCodesRepo(db: Db): CodesRepo {
  const supersede = db.prepare("UPDATE verification_codes SET state = 'superseded' WHERE customer_id = ? AND state = 'active'");
  const insertStmt = db.prepare(`INSERT INTO verification_codes
    (customer_id, session_id, new_id_key, code_hash, created_at, expires_at)
    VALUES (@customerId, @sessionId, @newIdKey, @codeHash, @createdAt, @expiresAt)`);
  const active = db.prepare(
    "SELECT * FROM verification_codes WHERE customer_id = ? AND session_id = ? AND state = 'active' ORDER BY id DESC LIMIT 1",
  );
  const attempts = db.prepare('UPDATE verification_codes SET wrong_attempts = ? WHERE id = ?');
  const state = db.prepare('UPDATE verification_codes SET state = ? WHERE id = ?');
  const endActive = db.prepare("UPDATE verification_codes SET state = ? WHERE customer_id = ? AND state = 'active'");
  const purge = db.prepare('DELETE FROM verification_codes WHERE created_at < ?');

  return {
    insert: (code) => {
      supersede.run(code.customerId);
      return Number(insertStmt.run(code).lastInsertRowid);
    },
    findActive: (customerId, sessionId) => {
      const row = active.get(customerId, sessionId);
      return row === undefined ? undefined : toCode(row);
    },
    setWrongAttempts: (id, wrongAttempts) => void attempts.run(wrongAttempts, id),
    setState: (id, next) => void state.run(next, id),
    endActive: (customerId, next) => void endActive.run(next, customerId),
    purge: (before) => purge.run(before).changes,
  };
}
