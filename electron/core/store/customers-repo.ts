import { z } from 'zod';
import { sql } from 'kysely';
import type { Executor } from './executor';
import { ItscomIdTakenError, UniqueViolationError } from './store-errors';

const customerRow = z.object({
  id: z.number().int(),
  itscom_id: z.string(),
  is_legacy_id: z.union([z.literal(0), z.literal(1)]),
  password_hash: z.string(),
  contact_mail: z.string(),
  plan_name: z.string().nullable(),
  renewal_from: z.string().regex(/^\d{4}-\d{2}$/).nullable(),
  renewal_to: z.string().regex(/^\d{4}-\d{2}$/).nullable(),
  contract_start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  password_changed_at: z.number().int().nullable(),
  temporary_password_expires_at: z.number().int().nullable(),
  credential_version: z.number().int().nonnegative(),
  directory_entry: z.string().nullable(),
});

/** A customer as the services see it. */
export interface Customer {
  id: number;
  itscomId: string;
  isLegacyId: boolean;
  passwordHash: string;
  contactMail: string;
  /** What the top page shows; null where a directory entry does not have it. */
  planName: string | null;
  renewalFrom: string | null;
  renewalTo: string | null;
  contractStart: string | null;
  /** When the password was last changed (null: never): a session opened before then is over, at every kiosk. */
  passwordChangedAt: number | null;
  /** A staff-issued temporary password: when it stops working (null: the customer's own password). */
  temporaryPasswordExpiresAt: number | null;
  /**
   * Moves on with every change of the password or the ID, at whichever kiosk.
   * A session keeps the version it signed in with; its commits apply only while
   * the store still holds that version.
   */
  credentialVersion: number;
  /** The provider's directory entry (its entryUUID) the row stands for; null for the kiosk's own accounts. */
  directoryEntry: string | null;
}

export type NewCustomer = Omit<Customer, 'id' | 'passwordChangedAt' | 'temporaryPasswordExpiresAt' | 'credentialVersion' | 'directoryEntry'> & {
  itscomIdKey: string;
  /** A row the demo seeds (the store then may run in demo mode). */
  demoSeeded?: boolean;
};

/** What a directory entry gives a customer's row. */
export interface DirectoryEntryFields {
  entryId: string;
  itscomId: string;
  itscomIdKey: string;
  isLegacyId: boolean;
  contactMail: string;
  planName: string | null;
  renewalFrom: string | null;
  renewalTo: string | null;
  contractStart: string | null;
}

/** The password "hash" of a row whose password lives in the directory: no password ever verifies against it. */
export const DIRECTORY_PASSWORD = 'directory';

/** A commit's condition: the credentials the session (or the procedure) began with. */
export interface CredentialCheck {
  /** The version read when the procedure began; the write happens only while the store still holds it. */
  ifVersion: number;
}

/** Customer persistence. Services never see SQL or which engine holds the rows. */
export interface CustomersRepo {
  count(): Promise<number>;
  /** Customers the demo did not seed: any at all, and the store never runs in demo mode. */
  countNotDemo(): Promise<number>;
  findByKey(itscomIdKey: string): Promise<Customer | undefined>;
  findById(id: number): Promise<Customer | undefined>;
  /** Throws ItscomIdTakenError when another customer holds the key. */
  insert(customer: NewCustomer, now: number): Promise<number>;
  /**
   * An imported account laid over the customer with this id (the import's
   * `--upsert`): its fields replace the stored ones. A new password hash is a
   * new password: sessions opened with the old one end, a temporary one is gone.
   */
  replaceImported(id: number, customer: NewCustomer, now: number): Promise<void>;
  /**
   * The row standing for a directory entry (by its entryUUID), made or brought
   * up to date with what the directory says now. Its password is the
   * directory's (the row holds DIRECTORY_PASSWORD, which opens nothing). A row
   * another entry's new ID collides with (an ID changed outside the kiosk)
   * gives its key up first.
   */
  mirrorDirectoryEntry(entry: DirectoryEntryFields, now: number): Promise<Customer>;
  /** The row of a directory entry (by its entryUUID), if the kiosk has met it. */
  findByDirectoryEntry(entryId: string): Promise<Customer | undefined>;
  /** The same password, hashed again at today's parameters: sessions stay. */
  setPasswordHash(id: number, passwordHash: string, now: number): Promise<void>;
  /**
   * A new password: every session opened with the old one ends, at whichever
   * kiosk. `temporaryUntil` marks a staff-issued one that must be replaced at
   * sign-in and stops working then; a customer's own password clears the mark.
   * False (and nothing written) when the credentials moved on since `ifVersion`.
   */
  changePassword(id: number, passwordHash: string, now: number, options: CredentialCheck & { temporaryUntil?: number }): Promise<boolean>;
  /** The customers whose contact address is `contactMail` (letter case aside), for staff's ID look-up. */
  findByContactMail(contactMail: string): Promise<Customer[]>;
  /** When each of these customers last changed the password (for the kiosks' session check). */
  passwordChanges(ids: readonly number[]): Promise<Map<number, number | null>>;
  /**
   * Throws ItscomIdTakenError when another customer holds the key. False (and
   * nothing written) when the credentials moved on since `ifVersion`.
   */
  changeItscomId(
    id: number,
    change: { itscomId: string; itscomIdKey: string; isLegacyId: boolean; contactMail: string },
    now: number,
    check: CredentialCheck,
  ): Promise<boolean>;
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
    passwordChangedAt: r.password_changed_at,
    temporaryPasswordExpiresAt: r.temporary_password_expires_at,
    credentialVersion: r.credential_version,
    directoryEntry: r.directory_entry,
  };
}

/** The only UNIQUE column of customers is the ID's key. */
function takenAsDomainError(error: unknown): never {
  if (error instanceof UniqueViolationError) throw new ItscomIdTakenError();
  throw error;
}

/** The row schema's columns, read and checked alike. */
const COLUMNS = customerRow.keyof().options;

export function createCustomersRepo({ db }: Executor): CustomersRepo {
  const select = () => db.selectFrom('customers').select(COLUMNS);
  return {
    count: async () => Number((await db.selectFrom('customers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    countNotDemo: async () =>
      Number((await db.selectFrom('customers').select((eb) => eb.fn.countAll().as('n')).where('demo_seeded', '=', 0).executeTakeFirstOrThrow()).n),
    findByKey: async (key) => {
      const row = await select().where('itscom_id_key', '=', key).executeTakeFirst();
      return row === undefined ? undefined : toCustomer(row);
    },
    findById: async (id) => {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toCustomer(row);
    },
    insert: async (customer, now) => {
      const row = await db
        .insertInto('customers')
        .values({
          itscom_id: customer.itscomId,
          itscom_id_key: customer.itscomIdKey,
          is_legacy_id: customer.isLegacyId ? 1 : 0,
          password_hash: customer.passwordHash,
          contact_mail: customer.contactMail,
          plan_name: customer.planName,
          renewal_from: customer.renewalFrom,
          renewal_to: customer.renewalTo,
          contract_start: customer.contractStart,
          demo_seeded: customer.demoSeeded ? 1 : 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
        .catch(takenAsDomainError);
      return row.id;
    },
    replaceImported: async (id, customer, now) => {
      await db
        .updateTable('customers')
        .set((eb) => ({
          itscom_id: customer.itscomId,
          is_legacy_id: customer.isLegacyId ? 1 : 0,
          contact_mail: customer.contactMail,
          plan_name: customer.planName,
          renewal_from: customer.renewalFrom,
          renewal_to: customer.renewalTo,
          contract_start: customer.contractStart,
          updated_at: now,
          password_hash: customer.passwordHash,
          // Only a hash that differs is a new password.
          password_changed_at: eb.case().when('password_hash', '<>', customer.passwordHash).then(now).else(eb.ref('password_changed_at')).end(),
          temporary_password_expires_at: eb.case().when('password_hash', '<>', customer.passwordHash).then(null).else(eb.ref('temporary_password_expires_at')).end(),
          credential_version: eb.case().when('password_hash', '<>', customer.passwordHash).then(eb('credential_version', '+', 1)).else(eb.ref('credential_version')).end(),
        }))
        .where('id', '=', id)
        .execute();
    },
    mirrorDirectoryEntry: async (entry, now) => {
      const fields = {
        itscom_id: entry.itscomId,
        itscom_id_key: entry.itscomIdKey,
        is_legacy_id: entry.isLegacyId ? 1 : 0,
        contact_mail: entry.contactMail,
        plan_name: entry.planName,
        renewal_from: entry.renewalFrom,
        renewal_to: entry.renewalTo,
        contract_start: entry.contractStart,
        updated_at: now,
      };
      // An entry met before and unchanged since: read, nothing written (a sign-in costs one read, as an unknown ID's does).
      const known = await select().where('directory_entry', '=', entry.entryId).executeTakeFirst();
      if (known) {
        // The ID's key follows from the ID, which is compared.
        const { updated_at: _, itscom_id_key: __, ...compared } = fields;
        const same = (Object.keys(compared) as (keyof typeof compared)[]).every((key) => known[key] === compared[key]);
        if (same) return toCustomer(known);
      }
      // The key is one entry's at a time: a row still holding it for another entry lets it go.
      await db
        .updateTable('customers')
        .set({ itscom_id_key: sql<string>`'~released:' || CAST(id AS TEXT)`, updated_at: now })
        .where('itscom_id_key', '=', entry.itscomIdKey)
        .where((eb) => eb.or([eb('directory_entry', 'is', null), eb('directory_entry', '<>', entry.entryId)]))
        .execute();
      try {
        await db
          .insertInto('customers')
          .values({ ...fields, password_hash: DIRECTORY_PASSWORD, directory_entry: entry.entryId, created_at: now })
          .onConflict((conflict) => conflict.column('directory_entry').doUpdateSet(fields))
          .execute();
      } catch (error) {
        // Another kiosk made the entry's row at the same moment (PostgreSQL may then report the ID's key, not the entry): bring that row up to date.
        if (!(error instanceof UniqueViolationError)) throw error;
        const updated = await db.updateTable('customers').set(fields).where('directory_entry', '=', entry.entryId).executeTakeFirst();
        if (updated.numUpdatedRows === 0n) takenAsDomainError(error);
      }
      const row = await select().where('directory_entry', '=', entry.entryId).executeTakeFirstOrThrow();
      return toCustomer(row);
    },
    findByDirectoryEntry: async (entryId) => {
      const row = await select().where('directory_entry', '=', entryId).executeTakeFirst();
      return row && toCustomer(row);
    },
    setPasswordHash: async (id, passwordHash, now) => {
      await db.updateTable('customers').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', id).execute();
    },
    changePassword: async (id, passwordHash, now, { ifVersion, temporaryUntil }) => {
      const result = await db
        .updateTable('customers')
        .set((eb) => ({
          password_hash: passwordHash,
          password_changed_at: now,
          updated_at: now,
          temporary_password_expires_at: temporaryUntil ?? null,
          credential_version: eb('credential_version', '+', 1),
        }))
        .where('id', '=', id)
        .where('credential_version', '=', ifVersion)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    findByContactMail: async (contactMail) =>
      (
        await select()
          .where(sql<string>`lower(contact_mail)`, '=', contactMail.toLowerCase())
          .orderBy('id')
          .execute()
      ).map(toCustomer),
    passwordChanges: async (ids) => {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('customers').select(['id', 'password_changed_at']).where('id', 'in', [...ids]).execute();
      return new Map(rows.map((row) => [row.id, row.password_changed_at]));
    },
    changeItscomId: async (id, change, now, { ifVersion }) => {
      try {
        const result = await db
          .updateTable('customers')
          .set((eb) => ({
            itscom_id: change.itscomId,
            itscom_id_key: change.itscomIdKey,
            is_legacy_id: change.isLegacyId ? 1 : 0,
            contact_mail: change.contactMail,
            updated_at: now,
            credential_version: eb('credential_version', '+', 1),
          }))
          .where('id', '=', id)
          .where('credential_version', '=', ifVersion)
          .executeTakeFirst();
        return result.numUpdatedRows > 0n;
      } catch (error) {
        return takenAsDomainError(error);
      }
    },
  };
}
