import { z } from 'zod';
import type { Db } from './database';
import { isUniqueViolation, ItscomIdTakenError } from './store-errors';

const customerRow = z.object({
  id: z.number().int(),
  itscom_id: z.string(),
  is_legacy_id: z.union([z.literal(0), z.literal(1)]),
  password_hash: z.string(),
  contact_mail: z.string(),
  plan_name: z.string(),
  renewal_from: z.string().regex(/^\d{4}-\d{2}$/),
  renewal_to: z.string().regex(/^\d{4}-\d{2}$/),
  contract_start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

/** A customer as the services see it. */
export interface Customer {
  id: number;
  itscomId: string;
  isLegacyId: boolean;
  passwordHash: string;
  contactMail: string;
  planName: string;
  renewalFrom: string;
  renewalTo: string;
  contractStart: string;
}

export type NewCustomer = Omit<Customer, 'id'> & { itscomIdKey: string };

/**
 * Customer persistence. Services never see SQL, so a server database can sit
 * behind the same interface later (DESIGN.md).
 */
export interface CustomersRepo {
  count(): number;
  findByKey(itscomIdKey: string): Customer | undefined;
  findById(id: number): Customer | undefined;
  insert(customer: NewCustomer, now: number): number;
  setPasswordHash(id: number, passwordHash: string, now: number): void;
  /** Throws ItscomIdTakenError when another customer holds the key. */
  changeItscomId(id: number, change: { itscomId: string; itscomIdKey: string; isLegacyId: boolean; contactMail: string }, now: number): void;
}

function toCustomer(row: unknown): Customer {
  const r = customerRow.parse(row);
  return {
    id: r.id,
    itscomId: r.itscom_id,
    isLegacyId: r.is_legacy_id === 1,
    passwordHash: r.password_hash,
    contactMail: r.contact_mail,
    planName: r.plan_name,
    renewalFrom: r.renewal_from,
    renewalTo: r.renewal_to,
    contractStart: r.contract_start,
  };
}

const COLUMNS = `id, itscom_id, is_legacy_id, password_hash, contact_mail, plan_name, renewal_from,
  renewal_to, contract_start`;

export function createCustomersRepo(db: Db): CustomersRepo {
  const countStmt = db.prepare('SELECT COUNT(*) AS n FROM customers').pluck();
  const byKey = db.prepare(`SELECT ${COLUMNS} FROM customers WHERE itscom_id_key = ?`);
  const byId = db.prepare(`SELECT ${COLUMNS} FROM customers WHERE id = ?`);
  const insertStmt = db.prepare(`
    INSERT INTO customers (itscom_id, itscom_id_key, is_legacy_id, password_hash, contact_mail, plan_name,
      renewal_from, renewal_to, contract_start, created_at, updated_at)
    VALUES (@itscomId, @itscomIdKey, @isLegacyId, @passwordHash, @contactMail, @planName,
      @renewalFrom, @renewalTo, @contractStart, @now, @now)`);
  const hashStmt = db.prepare('UPDATE customers SET password_hash = ?, updated_at = ? WHERE id = ?');
  const idStmt = db.prepare(`UPDATE customers SET itscom_id = @itscomId, itscom_id_key = @itscomIdKey,
    is_legacy_id = @isLegacyId, contact_mail = @contactMail, updated_at = @now WHERE id = @id`);

  return {
    count: () => countStmt.get() as number,
    findByKey: (key) => {
      const row = byKey.get(key);
      return row === undefined ? undefined : toCustomer(row);
    },
    findById: (id) => {
      const row = byId.get(id);
      return row === undefined ? undefined : toCustomer(row);
    },
    insert: (customer, now) =>
      Number(insertStmt.run({ ...customer, isLegacyId: customer.isLegacyId ? 1 : 0, now }).lastInsertRowid),
    setPasswordHash: (id, passwordHash, now) => {
      hashStmt.run(passwordHash, now, id);
    },
    changeItscomId: (id, change, now) => {
      try {
        idStmt.run({ ...change, isLegacyId: change.isLegacyId ? 1 : 0, now, id });
      } catch (error) {
        if (isUniqueViolation(error)) throw new ItscomIdTakenError();
        throw error;
      }
    },
  };
}
