import { z } from 'zod';
import { lockSubject, type Executor } from './executor';
import { codeStates } from './schema';

const codeRow = z.object({
  id: z.number().int(),
  customer_id: z.number().int(),
  session_id: z.string(),
  new_id_key: z.string(),
  code_hash: z.string(),
  created_at: z.number().int(),
  expires_at: z.number().int(),
  wrong_attempts: z.number().int().min(0),
  state: z.enum(codeStates),
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

/**
 * Verification codes. The check of a code reads and then writes its row: the
 * caller runs it in a transaction after `lockCustomer`, so two entries of one
 * customer never both read the same count of wrong attempts.
 */
export interface CodesRepo {
  /** Holds the customer's codes for the rest of the transaction. */
  lockCustomer(customerId: number): Promise<void>;
  /** Supersedes the customer's active codes and stores the new one. */
  insert(code: Omit<StoredCode, 'id' | 'wrongAttempts' | 'state'>): Promise<number>;
  findActive(customerId: number, sessionId: string): Promise<StoredCode | undefined>;
  setWrongAttempts(id: number, wrongAttempts: number): Promise<void>;
  setState(id: number, state: StoredCode['state']): Promise<void>;
  /** Ends the active code of one session or reset (its customer's other codes stay). */
  endSession(sessionId: string, state: 'cancelled' | 'expired'): Promise<void>;
  /** Deletes rows older than `before`: nothing about a code is kept longer than needed. */
  purge(before: number): Promise<number>;
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

const codesSubject = (customerId: number) => `codes:${customerId}`;

export function createCodesRepo(x: Executor): CodesRepo {
  const { db } = x;
  return {
    lockCustomer: (customerId) => lockSubject(x, codesSubject(customerId)),
    insert: async (code) => {
      // A new code replaces the earlier ones of its own procedure only: a reset of the same ID at
      // another kiosk, or the customer's own ID change, keeps its code (and answers as for any ID).
      await db.updateTable('verification_codes').set({ state: 'superseded' }).where('session_id', '=', code.sessionId).where('state', '=', 'active').execute();
      const row = await db
        .insertInto('verification_codes')
        .values({
          customer_id: code.customerId,
          session_id: code.sessionId,
          new_id_key: code.newIdKey,
          code_hash: code.codeHash,
          created_at: code.createdAt,
          expires_at: code.expiresAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    findActive: async (customerId, sessionId) => {
      const row = await db
        .selectFrom('verification_codes')
        .selectAll()
        .where('customer_id', '=', customerId)
        .where('session_id', '=', sessionId)
        .where('state', '=', 'active')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? undefined : toCode(row);
    },
    setWrongAttempts: async (id, wrongAttempts) => {
      await db.updateTable('verification_codes').set({ wrong_attempts: wrongAttempts }).where('id', '=', id).execute();
    },
    setState: async (id, next) => {
      await db.updateTable('verification_codes').set({ state: next }).where('id', '=', id).execute();
    },
    endSession: async (sessionId, next) => {
      await db.updateTable('verification_codes').set({ state: next }).where('session_id', '=', sessionId).where('state', '=', 'active').execute();
    },
    purge: async (before) => Number((await db.deleteFrom('verification_codes').where('created_at', '<', before).executeTakeFirst()).numDeletedRows),
  };
}
