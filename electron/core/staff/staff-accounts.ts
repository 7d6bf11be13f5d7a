import type { StaffMemberView } from '../../../shared/contract/models';
import { fail, ok, type KioskResult } from '../../../shared/contract/result';
import { newPinRefusal, type NewStaffMemberInput } from '../../../shared/rules/staff';
import type { AuditTrail } from '../audit/audit-trail';
import { hashPassword, isAtCurrentCost } from '../auth/password-hash';
import type { Logger } from '../logger';
import type { AttemptsRepo } from '../store/attempts-repo';
import type { SettingsRepo } from '../store/settings-repo';
import { LastManagerError, StaffNumberTakenError, type StaffMembersRepo } from '../store/staff-members-repo';
import { numberSubject } from './staff-entry';

/**
 * The demo's staff (docs/product.md, "Demo data"): a manager and a staff
 * member, with published PINs and their hashes made once at today's
 * parameters, as the demo customers' (store/demo-seed.ts): a full-strength
 * KDF run each that every demo start would otherwise repeat, protecting nothing secret.
 */
export const DEMO_STAFF = [
  { number: '1001', name: '山田', role: 'manager', pin: '246810', pinHash: 'scrypt$131072$8$1$5b4wm6EfezWIucNSM9qAXw==$tas/Gbc+u47x8YezGeV1IhaLbf8dukD+OFPQmbGz+ZY=' },
  { number: '2001', name: '佐藤', role: 'staff', pin: '135790', pinHash: 'scrypt$131072$8$1$e7we2QDpPG3gipQMfLlOkA==$t4da23W/8+B+vDcnmTq28IOlmLJix11M+tDXJQyuCs8=' },
] as const;
/** The number the shared PIN of before becomes: a manager who sets a new PIN at the first entry. */
export const SHARED_PIN_NUMBER = '0000';
/** Where kiosks before store version 12 kept the one shared PIN's hash (this kiosk's settings). */
const SHARED_PIN_HASH = 'staffPinHash';

export interface StaffAccountsDeps {
  members: StaffMembersRepo;
  attempts: AttemptsRepo;
  settingsRepo: SettingsRepo;
  audit: AuditTrail;
  kiosk: { shop: string };
  log: Logger;
  now: () => number;
  /** The number of the member in staff mode at a window (who the audit row names). */
  numberAt: (windowId: string) => string | null;
}

/** The shop's staff accounts: the first members of a shop, and what a manager does with them. Each change is audited. */
export function createStaffAccounts(deps: StaffAccountsDeps) {
  const { members, settingsRepo, audit, log, now, numberAt } = deps;
  return {
    /**
     * A shop without staff gets its first: the demo's two members; or, on a
     * kiosk from before staff accounts, the shared PIN (stored, or
     * KIOSK_STAFF_PIN) as manager 0000, who sets a new PIN at the first entry.
     * Otherwise IT adds the first manager (npm run staff -- add).
     */
    async ensureStaff({ demo, sharedPin }: { demo: boolean; sharedPin: string | undefined }): Promise<void> {
      if ((await members.count()) > 0) return;
      // Kiosks of a new shop starting at the same moment: the first to add a number has it, the others go on.
      const addOnce = (member: Parameters<StaffMembersRepo['add']>[0]) =>
        members.add(member, now()).then(
          () => true,
          (error: unknown) => {
            if (error instanceof StaffNumberTakenError) return false;
            throw error;
          },
        );
      if (demo) {
        for (const member of DEMO_STAFF) {
          // Made anew only where new hashes have another cost (the unit tests' cheaper KDF).
          const pinHash = isAtCurrentCost(member.pinHash) ? member.pinHash : await hashPassword(member.pin);
          await addOnce({ number: member.number, name: member.name, role: member.role, pinHash, mustSetPin: false });
        }
        return;
      }
      const stored = await settingsRepo.get(SHARED_PIN_HASH);
      const pinHash = typeof stored === 'string' ? stored : sharedPin ? await hashPassword(sharedPin) : undefined;
      if (!pinHash) return;
      if (await addOnce({ number: SHARED_PIN_NUMBER, name: '共通PIN', role: 'manager', pinHash, mustSetPin: true })) {
        log.warn('the shared staff PIN became manager 0000: enter with it once, set a new PIN, then add named staff and deactivate 0000');
      }
    },

    /** The shop's staff, for a manager: never a PIN or its hash. */
    async members(): Promise<KioskResult<StaffMemberView[]>> {
      return ok(
        (await members.list()).map((member) => ({
          number: member.number,
          name: member.name,
          role: member.role,
          active: member.active,
          inactiveReason: member.inactiveReason,
          mustSetPin: member.mustSetPin,
          lastUsedAt: member.lastUsedAt,
        })),
      );
    },

    async addMember(windowId: string, input: NewStaffMemberInput): Promise<KioskResult<null>> {
      try {
        await members.add({ number: input.number, name: input.name, role: input.role, pinHash: await hashPassword(input.pin), mustSetPin: true }, now());
      } catch (error) {
        if (!(error instanceof StaffNumberTakenError)) throw error;
        return fail('invalid_input', { field: 'number', reason: 'staff.errors.numberTaken' });
      }
      await audit.record({ staffNumber: numberAt(windowId), action: 'staff_added', subject: input.number, outcome: 'ok', detail: { role: input.role } });
      return ok(null);
    },

    async deactivateMember(windowId: string, number: string): Promise<KioskResult<null>> {
      let done: boolean;
      try {
        done = await members.deactivate(number, 'manager');
      } catch (error) {
        if (!(error instanceof LastManagerError)) throw error;
        return fail('invalid_input', { field: 'number', reason: 'staff.errors.lastManager' });
      }
      if (!done) return fail('invalid_input', { field: 'number', reason: 'staff.errors.unknownNumber' });
      await audit.record({ staffNumber: numberAt(windowId), action: 'staff_deactivated', subject: number, outcome: 'ok' });
      return ok(null);
    },

    /** A new PIN the manager gives the member, who replaces it at the next entry; a number deactivated for wrong PINs is active again. */
    async resetMemberPin(windowId: string, number: string, pin: string): Promise<KioskResult<null>> {
      const refusal = newPinRefusal(pin, number);
      if (refusal) return fail('invalid_input', { field: 'pin', reason: refusal });
      if (!(await members.resetPin(number, await hashPassword(pin), now()))) return fail('invalid_input', { field: 'number', reason: 'staff.errors.unknownNumber' });
      await deps.attempts.clear(numberSubject(deps.kiosk.shop, number));
      await audit.record({ staffNumber: numberAt(windowId), action: 'staff_pin_reset', subject: number, outcome: 'ok' });
      return ok(null);
    },
  };
}

export type StaffAccounts = ReturnType<typeof createStaffAccounts>;
