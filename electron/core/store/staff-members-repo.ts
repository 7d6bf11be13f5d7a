import { z } from 'zod';
import { atomically, lockSubject, type Executor } from './executor';
import { staffRoles, type StaffRole } from './schema';

const memberRow = z.object({
  id: z.number().int(),
  number: z.string(),
  name: z.string(),
  role: z.enum(staffRoles),
  pin_hash: z.string(),
  must_set_pin: z.union([z.literal(0), z.literal(1)]),
  active: z.union([z.literal(0), z.literal(1)]),
  inactive_reason: z.string().nullable(),
  failures_since_entry: z.number().int().nonnegative(),
  created_at: z.number().int(),
  last_used_at: z.number().int().nullable(),
  pin_changed_at: z.number().int(),
});

/** A member of the shop's staff as the kiosk reads them; the PIN only as its hash. */
export interface StaffMember {
  id: number;
  number: string;
  name: string;
  role: StaffRole;
  pinHash: string;
  mustSetPin: boolean;
  active: boolean;
  inactiveReason: 'manager' | 'failures' | null;
  failuresSinceEntry: number;
  createdAt: number;
  lastUsedAt: number | null;
  pinChangedAt: number;
}

function toMember(row: unknown): StaffMember {
  const r = memberRow.parse(row);
  return {
    id: r.id,
    number: r.number,
    name: r.name,
    role: r.role,
    pinHash: r.pin_hash,
    mustSetPin: r.must_set_pin === 1,
    active: r.active === 1,
    inactiveReason: r.inactive_reason === 'manager' || r.inactive_reason === 'failures' ? r.inactive_reason : null,
    failuresSinceEntry: r.failures_since_entry,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    pinChangedAt: r.pin_changed_at,
  };
}

export class StaffNumberTakenError extends Error {
  override name = 'StaffNumberTakenError';
}
export class LastManagerError extends Error {
  override name = 'LastManagerError';
}

/** The staff of this kiosk's shop (shop-wide on a shared store). */
export interface StaffMembersRepo {
  find(number: string): Promise<StaffMember | undefined>;
  list(): Promise<StaffMember[]>;
  count(): Promise<number>;
  /** StaffNumberTakenError when the shop has the number already. */
  add(member: { number: string; name: string; role: StaffRole; pinHash: string; mustSetPin: boolean }, now: number): Promise<StaffMember>;
  /** A right PIN: last used now, the failures since the last entry returned and forgotten. */
  entered(id: number, now: number): Promise<number>;
  /** A wrong PIN against this number: counted for the next entry. */
  failedEntry(id: number): Promise<void>;
  /** Deactivated (by a manager, or for too many wrong PINs). LastManagerError for the shop's last active manager, by a manager. */
  deactivate(number: string, reason: 'manager' | 'failures'): Promise<boolean>;
  /** A manager's reset: active again, with a PIN the member replaces at the next entry. */
  resetPin(number: string, pinHash: string, now: number): Promise<boolean>;
  /** The member's own new PIN. */
  setPin(id: number, pinHash: string, now: number): Promise<void>;
}

export function createStaffMembersRepo(x: Executor, shop: string): StaffMembersRepo {
  const { db } = x;
  const select = () => db.selectFrom('staff_members').selectAll().where('shop', '=', shop);
  return {
    find: async (number) => {
      const row = await select().where('number', '=', number).executeTakeFirst();
      return row && toMember(row);
    },
    list: async () => (await select().orderBy('number').execute()).map(toMember),
    count: async () => Number((await db.selectFrom('staff_members').select((eb) => eb.fn.countAll<number>().as('n')).where('shop', '=', shop).executeTakeFirstOrThrow()).n),
    add: (member, now) =>
      atomically(x, async (tx) => {
        await lockSubject(tx, `staff:${shop}`);
        const taken = await tx.db.selectFrom('staff_members').select('id').where('shop', '=', shop).where('number', '=', member.number).executeTakeFirst();
        if (taken) throw new StaffNumberTakenError(`staff number ${member.number} is taken in shop ${shop}`);
        const row = await tx.db
          .insertInto('staff_members')
          .values({
            shop,
            number: member.number,
            name: member.name,
            role: member.role,
            pin_hash: member.pinHash,
            must_set_pin: member.mustSetPin ? 1 : 0,
            created_at: now,
            pin_changed_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toMember(row);
      }),
    entered: (id, now) =>
      atomically(x, async (tx) => {
        const row = await tx.db.selectFrom('staff_members').select('failures_since_entry').where('id', '=', id).executeTakeFirstOrThrow();
        await tx.db.updateTable('staff_members').set({ last_used_at: now, failures_since_entry: 0 }).where('id', '=', id).execute();
        return Number(row.failures_since_entry);
      }),
    failedEntry: async (id) => {
      await db.updateTable('staff_members').set((eb) => ({ failures_since_entry: eb('failures_since_entry', '+', 1) })).where('id', '=', id).execute();
    },
    deactivate: (number, reason) =>
      atomically(x, async (tx) => {
        // Decided with the shop's staff held: two managers deactivating each other cannot both win.
        await lockSubject(tx, `staff:${shop}`);
        const member = await tx.db.selectFrom('staff_members').selectAll().where('shop', '=', shop).where('number', '=', number).executeTakeFirst();
        if (!member || member.active === 0) return false;
        if (reason === 'manager' && member.role === 'manager') {
          const managers = await tx.db
            .selectFrom('staff_members')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('shop', '=', shop)
            .where('role', '=', 'manager')
            .where('active', '=', 1)
            .executeTakeFirstOrThrow();
          if (Number(managers.n) <= 1) throw new LastManagerError('the last active manager of the shop cannot be deactivated');
        }
        await tx.db.updateTable('staff_members').set({ active: 0, inactive_reason: reason }).where('id', '=', member.id).execute();
        return true;
      }),
    resetPin: async (number, pinHash, now) =>
      (
        await db
          .updateTable('staff_members')
          .set({ pin_hash: pinHash, must_set_pin: 1, active: 1, inactive_reason: null, failures_since_entry: 0, pin_changed_at: now })
          .where('shop', '=', shop)
          .where('number', '=', number)
          .executeTakeFirst()
      ).numUpdatedRows === 1n,
    setPin: async (id, pinHash, now) => {
      await db.updateTable('staff_members').set({ pin_hash: pinHash, must_set_pin: 0, pin_changed_at: now }).where('id', '=', id).execute();
    },
  };
}
