import type { StaffEntered, StaffIdentity } from '../../../shared/contract/models';
import { fail, ok, type KioskResult } from '../../../shared/contract/result';
import { newPinRefusal } from '../../../shared/rules/staff';
import type { AuditTrail } from '../audit/audit-trail';
import { createCountedAttempts } from '../auth/counted-attempt';
import { nobodyHash } from '../auth/nobody-hash';
import { hashPassword, verifyPassword } from '../auth/password-hash';
import { FAILURE_WINDOW_MS } from '../auth/sign-in-service';
import type { Logger } from '../logger';
import type { AttemptLimits, AttemptsRepo } from '../store/attempts-repo';
import type { StaffMember, StaffMembersRepo } from '../store/staff-members-repo';

/** Wrong entries at one kiosk lock entry there (the shop's other kiosks are not affected). */
export const KIOSK_ENTRY_LIMITS: AttemptLimits = { max: 5, windowMs: FAILURE_WINDOW_MS, lockMs: 5 * 60_000, leaseMs: 30_000 };
/** Wrong PINs against one staff number within a day deactivate it until a manager resets it. */
export const NUMBER_LIMITS: AttemptLimits = { max: 10, windowMs: 24 * 60 * 60_000, lockMs: 24 * 60 * 60_000, leaseMs: 30_000 };

export const entrySubject = (kioskId: string) => `staff-entry:${kioskId}`;
export const numberSubject = (shop: string, number: string) => `staff-number:${shop}:${number}`;

/** A window in staff mode: who, and when they last touched it. */
interface StaffWindow {
  member: StaffIdentity & { id: number };
  /** Entered with a PIN a manager set (or the shared PIN of before): a new one first. */
  mustSetPin: boolean;
  lastTouchAt: number;
}

export interface StaffEntryDeps {
  members: StaffMembersRepo;
  attempts: AttemptsRepo;
  audit: AuditTrail;
  kiosk: { id: string; shop: string };
  log: Logger;
  now: () => number;
  /** Staff mode closes by itself after this long without a call from its window. */
  idleMs: () => number;
}

const identity = (member: StaffMember) => ({ id: member.id, number: member.number, name: member.name, role: member.role });

/**
 * Entering and leaving staff mode: a staff number (typed, or from a card
 * reader) and its PIN, counted in the store at two levels before the PIN is
 * checked: per kiosk (5 wrong, 5 minutes' lock there) and per number (10 wrong
 * in a day deactivate it). A wrong number and a wrong PIN answer alike, at the
 * same cost. Every entry, failed entry and close is a row of the audit trail.
 */
export function createStaffEntry(deps: StaffEntryDeps) {
  const { members, attempts, audit, kiosk, log, now } = deps;
  const counted = createCountedAttempts(attempts, now);
  const windows = new Map<string, StaffWindow>();

  async function close(windowId: string, reason: 'closed' | 'idle' | 'customer' | 'window' | 'quit'): Promise<void> {
    const open = windows.get(windowId);
    if (!open) return;
    windows.delete(windowId);
    await audit.record({ staffNumber: open.member.number, action: 'staff_mode_closed', outcome: reason });
  }

  /** The number's own count: at its limit the member is deactivated (and told nothing more than "wrong"). */
  async function checkNumber(number: string, pin: string): Promise<StaffMember | undefined> {
    let member: StaffMember | undefined;
    const attempt = await counted(numberSubject(kiosk.shop, number), NUMBER_LIMITS, async () => {
      member = await members.find(number);
      const usable = member?.active === true;
      const right = await verifyPassword(pin, usable ? member!.pinHash : await nobodyHash());
      return right && usable;
    });
    if (attempt.outcome === 'ok') return member;
    if (member?.active) {
      await members.failedEntry(member.id);
      if (attempt.outcome === 'locked' && (await members.deactivate(number, 'failures'))) {
        log.warn('staff number deactivated: too many wrong PINs', { staffNumber: number });
        await audit.record({ staffNumber: number, action: 'staff_number_deactivated', subject: number, outcome: 'too_many_failures' });
      }
    }
    return undefined;
  }

  return {
    async enter(windowId: string, number: string, pin: string): Promise<KioskResult<StaffEntered>> {
      let member: StaffMember | undefined;
      const attempt = await counted(entrySubject(kiosk.id), KIOSK_ENTRY_LIMITS, async () => {
        member = await checkNumber(number, pin);
        return member !== undefined;
      });
      if (attempt.outcome === 'locked') {
        log.warn('staff entry refused: locked at this kiosk');
        await audit.record({ staffNumber: number, action: 'staff_entry_failed', outcome: 'kiosk_locked' });
        return fail('staff_locked', { retryAfterSeconds: Math.max(1, Math.ceil((attempt.until - now()) / 1000)) });
      }
      if (attempt.outcome === 'wrong' || !member) {
        log.warn('wrong staff number or PIN', { failures: attempt.outcome === 'wrong' ? attempt.failures : undefined });
        await audit.record({ staffNumber: number, action: 'staff_entry_failed', outcome: 'wrong' });
        const failures = attempt.outcome === 'wrong' ? attempt.failures : KIOSK_ENTRY_LIMITS.max;
        return fail('invalid_pin', { field: 'pin', remainingAttempts: Math.max(0, KIOSK_ENTRY_LIMITS.max - failures) });
      }
      const failuresSinceEntry = await members.entered(member.id, now());
      await close(windowId, 'closed');
      windows.set(windowId, { member: identity(member), mustSetPin: member.mustSetPin, lastTouchAt: now() });
      await audit.record({ staffNumber: member.number, action: 'staff_mode_opened', outcome: member.mustSetPin ? 'pin_to_set' : 'ok', detail: { failuresSinceEntry } });
      log.info('staff mode opened', { staffNumber: member.number, role: member.role });
      return ok({ number: member.number, name: member.name, role: member.role, mustSetPin: member.mustSetPin, failuresSinceEntry });
    },

    /** The member's own new PIN (required after a manager's reset): staff mode opens with it. */
    async setPin(windowId: string, pin: string): Promise<KioskResult<null>> {
      const open = windows.get(windowId);
      if (!open) return fail('not_staff');
      const refusal = newPinRefusal(pin, open.member.number);
      if (refusal) return fail('invalid_input', { field: 'pin', reason: refusal });
      await members.setPin(open.member.id, await hashPassword(pin), now());
      open.mustSetPin = false;
      await audit.record({ staffNumber: open.member.number, action: 'pin_set', subject: open.member.number, outcome: 'ok' });
      return ok(null);
    },

    /**
     * The role of the window's staff mode for this call, or undefined: not in
     * staff mode, a PIN still to set, or closed now for being idle too long
     * (its audit row written behind the answer). Each call counts as a touch.
     */
    roleOf(windowId: string): 'staff' | 'manager' | undefined {
      const open = windows.get(windowId);
      if (!open) return undefined;
      if (now() - open.lastTouchAt > deps.idleMs()) {
        close(windowId, 'idle').catch(() => undefined); // the audit trail has logged its failure
        return undefined;
      }
      open.lastTouchAt = now();
      return open.mustSetPin ? undefined : open.member.role;
    },

    /** Who is in staff mode at the window (for the header and the audit rows), PIN set or not. */
    who(windowId: string): (StaffIdentity & { mustSetPin: boolean }) | undefined {
      const open = windows.get(windowId);
      return open && { number: open.member.number, name: open.member.name, role: open.member.role, mustSetPin: open.mustSetPin };
    },

    /** The number of the member in staff mode at the window (who an audit row names), or null. */
    numberAt: (windowId: string): string | null => windows.get(windowId)?.member.number ?? null,

    close,
  };
}

export type StaffEntry = ReturnType<typeof createStaffEntry>;
