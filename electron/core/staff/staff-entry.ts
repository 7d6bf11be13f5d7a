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
/**
 * Wrong PINs against one staff number, from any kiosk of the shop (8 within
 * 15 minutes), lock the number for a time that grows with each lock (5 min, 15 min, then 1 h each):
 * guessing is slowed to a few tries an hour, yet no walk-in can take a number
 * (the shop's managers) out of service. A right entry starts it over.
 */
export const NUMBER_LIMITS: AttemptLimits = {
  // More than one kiosk's own limit: one kiosk's slips lock that kiosk, not the member everywhere.
  max: 8,
  windowMs: FAILURE_WINDOW_MS,
  lockMs: 5 * 60_000,
  lockStepsMs: [5 * 60_000, 15 * 60_000, 60 * 60_000],
  leaseMs: 30_000,
};
/** How long a number's lock level is remembered after its last wrong PIN. */
export const NUMBER_LEVEL_MS = 24 * 60 * 60_000;

export const entrySubject = (kioskId: string) => `staff-entry:${kioskId}`;
export const numberSubject = (shop: string, number: string) => `staff-number:${shop}:${number}`;
const numberOfSubject = (subject: string) => subject.slice(subject.lastIndexOf(':') + 1);

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
  /** Staff mode closes by itself after this long without a person's touch at its window. */
  idleMs: () => number;
}

const identity = (member: StaffMember) => ({ id: member.id, number: member.number, name: member.name, role: member.role });

/**
 * Entering and leaving staff mode: a staff number (typed, or from a card
 * reader) and its PIN, counted in the store at two levels before the PIN is
 * checked: per kiosk (5 wrong, 5 minutes' lock there) and per number (a
 * growing lock, NUMBER_LIMITS). A wrong number, a wrong PIN and a locked
 * number answer alike, at the same cost. Every entry, failed entry and close
 * is a row of the audit trail; a failed entry names the number only when it
 * is a member's (staff who type their PIN into the number field must not
 * find it kept anywhere).
 *
 * A window in staff mode stays open only while a person touches it
 * (`touch`, called where a person acted): a window idle for `idleMs()` is
 * closed by `closeIdle`, which the core runs on a timer of its own, whatever
 * the page does. `roleOf` only asks.
 */
export function createStaffEntry(deps: StaffEntryDeps) {
  const { members, attempts, audit, kiosk, log, now } = deps;
  const counted = createCountedAttempts(attempts, now);
  const windows = new Map<string, StaffWindow>();
  const idle = (open: StaffWindow) => now() - open.lastTouchAt > deps.idleMs();

  async function close(windowId: string, reason: 'closed' | 'idle' | 'customer' | 'window' | 'quit'): Promise<void> {
    const open = windows.get(windowId);
    if (!open) return;
    windows.delete(windowId);
    // Closed by hand after it had already gone idle (before the core's timer came round): it ended idle.
    const why = reason === 'closed' && idle(open) ? 'idle' : reason;
    await audit.record({ staffNumber: open.member.number, action: 'staff_mode_closed', outcome: why });
  }

  /** The number's own count: at its limit the number locks for a while (and is told nothing more than "wrong"). */
  async function checkNumber(number: string, pin: string): Promise<StaffMember | undefined> {
    let member = await members.find(number);
    // Digits that are nobody's number (a PIN typed into the number field, maybe) are counted at the kiosk
    // alone, never kept as a subject of their own: the same slow check, and nothing written.
    if (!member) {
      await verifyPassword(pin, await nobodyHash());
      return undefined;
    }
    const attempt = await counted(numberSubject(kiosk.shop, number), NUMBER_LIMITS, async () => {
      member = await members.find(number);
      const usable = member?.active === true;
      const right = await verifyPassword(pin, usable ? member!.pinHash : await nobodyHash());
      return right && usable;
    });
    if (attempt.outcome === 'ok') return member;
    if (member?.active) {
      await members.failedEntry(member.id);
      if (attempt.outcome === 'locked' && attempt.lockedNow) {
        const minutes = Math.round((attempt.until - now()) / 60_000);
        log.warn('staff number locked: too many wrong PINs', { staffNumber: number, minutes });
        await audit.record({ staffNumber: number, action: 'staff_number_locked', subject: number, outcome: 'too_many_failures', detail: { minutes } });
      }
    }
    return undefined;
  }

  /** Who a failed entry names: a member's number, never digits that are nobody's (a PIN typed in the wrong field). */
  const namedNumber = async (number: string) => ((await members.find(number)) ? number : null);

  return {
    async enter(windowId: string, number: string, pin: string): Promise<KioskResult<StaffEntered>> {
      let member: StaffMember | undefined;
      const attempt = await counted(entrySubject(kiosk.id), KIOSK_ENTRY_LIMITS, async () => {
        member = await checkNumber(number, pin);
        return member !== undefined;
      });
      if (attempt.outcome === 'locked') {
        log.warn('staff entry refused: locked at this kiosk');
        await audit.record({ staffNumber: await namedNumber(number), action: 'staff_entry_failed', outcome: 'kiosk_locked' });
        return fail('staff_locked', { retryAfterSeconds: Math.max(1, Math.ceil((attempt.until - now()) / 1000)) });
      }
      if (attempt.outcome === 'wrong' || !member) {
        log.warn('wrong staff number or PIN', { failures: attempt.outcome === 'wrong' ? attempt.failures : undefined });
        const named = member ? member.number : await namedNumber(number);
        await audit.record({ staffNumber: named, action: 'staff_entry_failed', outcome: named ? 'wrong' : 'unknown_number' });
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
      // Left at 「ご自分のPINを設定してください」: whoever types a PIN now is not the member who entered.
      if (idle(open)) {
        await close(windowId, 'idle');
        return fail('not_staff');
      }
      const refusal = newPinRefusal(pin, open.member.number);
      if (refusal) return fail('invalid_input', { field: 'pin', reason: refusal });
      await members.setPin(open.member.id, await hashPassword(pin), now());
      open.mustSetPin = false;
      await audit.record({ staffNumber: open.member.number, action: 'pin_set', subject: open.member.number, outcome: 'ok' });
      return ok(null);
    },

    /** The role of the window's staff mode, or undefined: not in staff mode, a PIN still to set, or idle too long. Only asks. */
    roleOf(windowId: string): 'staff' | 'manager' | undefined {
      const open = windows.get(windowId);
      if (!open || idle(open)) return undefined;
      return open.mustSetPin ? undefined : open.member.role;
    },

    /** A person acted at the window: its staff mode (if open and not yet idle) stays open from now. */
    touch(windowId: string): void {
      const open = windows.get(windowId);
      if (open && !idle(open)) open.lastTouchAt = now();
    },

    /** Closes every window idle too long (audit row "idle"); returns which. */
    async closeIdle(): Promise<string[]> {
      const stale = [...windows].filter(([, open]) => idle(open)).map(([windowId]) => windowId);
      for (const windowId of stale) await close(windowId, 'idle');
      return stale;
    },

    /** The shop's staff numbers locked now by wrong PINs, and until when. */
    async lockedNumbers(): Promise<Array<{ number: string; lockedUntil: number }>> {
      const locked = await attempts.lockedWithPrefix(numberSubject(kiosk.shop, ''), now());
      return locked.map(({ subject, lockedUntil }) => ({ number: numberOfSubject(subject), lockedUntil }));
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
