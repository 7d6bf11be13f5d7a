import { procedureKinds, type StaffOverview } from '../../../shared/contract/models';
import { fail, ok, type KioskResult } from '../../../shared/contract/result';
import type { StaffSettingsInput } from '../../../shared/config/staff-settings';
import { itscomIdKey } from '../../../shared/domain/itscom-id';
import { maskRelayPassword } from '../../../shared/rules/smtp-url';
import { hashPassword, verifyPassword } from '../auth/password-hash';
import type { SessionRegistry } from '../auth/session-registry';
import type { Logger } from '../logger';
import type { SettingsService } from '../settings/settings-service';
import type { SettingsRepo } from '../store/settings-repo';
import type { StaffRepo } from '../store/staff-repo';
import type { AttemptLimits, AttemptsRepo } from '../store/attempts-repo';
import { createCountedAttempts } from '../auth/counted-attempt';
import { FAILURE_WINDOW_MS, signInSubject } from '../auth/sign-in-service';
import { isOnline } from '../shop/kiosk-presence';
import type { KioskPresence } from '../store/kiosks-repo';

export const MAX_PIN_FAILURES = 5;
export const PIN_LOCK_MS = 5 * 60_000;
export const DEMO_STAFF_PIN = '2468';

const PIN_HASH = 'staffPinHash';
const PIN_SUBJECT = 'staff-pin';
export const PIN_LIMITS: AttemptLimits = { max: MAX_PIN_FAILURES, windowMs: FAILURE_WINDOW_MS, lockMs: PIN_LOCK_MS, leaseMs: 30_000 };

export interface StaffDeps {
  repo: StaffRepo;
  attempts: AttemptsRepo;
  settingsRepo: SettingsRepo;
  settings: SettingsService;
  sessions: SessionRegistry;
  log: Logger;
  now: () => number;
  /** Facts staff mode shows that live elsewhere (printers, outbox worker). */
  printers: () => Promise<string[]>;
  printerStatus: () => Promise<StaffOverview['printer']>;
  kickMail: () => void;
  demoMailboxActive: () => boolean;
  /** Why the relay cannot be used now, if so (mail service), and the CA file IT gave for it. */
  relay: () => { caFile: string | null; problem: string | null };
  /** Outside demo mode there is no demo mailbox to fall back on: a relay is required. */
  demo: boolean;
  /** This kiosk and the shop's kiosks as their heartbeats show them. */
  kiosk: { id: string; name: string; shop: string };
  shopKiosks: (since: number) => Promise<KioskPresence[]>;
}

function startOfDay(at: number): number {
  const day = new Date(at);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

/**
 * Staff mode: a PIN (stored hashed; 5 wrong → 5-minute lock) opens it for one
 * window, never while a customer is signed in there unless that session ends.
 */
export function createStaffService(deps: StaffDeps) {
  const { repo, settingsRepo, settings, sessions, log, now } = deps;
  const staffWindows = new Set<string>();
  const lockListeners = new Set<(windowId: string) => void>();
  const counted = createCountedAttempts(deps.attempts, now);

  return {
    /** Sets the first PIN (demo or KIOSK_STAFF_PIN) when none is stored yet. */
    async ensurePin(initialPin: string | undefined): Promise<void> {
      if ((await settingsRepo.get(PIN_HASH)) !== undefined || !initialPin) return;
      await settingsRepo.set(PIN_HASH, await hashPassword(initialPin));
    },

    isStaff: (windowId: string) => staffWindows.has(windowId),

    async unlock(windowId: string, pin: string, endCustomerSession: boolean): Promise<KioskResult<null>> {
      if (sessions.get(windowId)) {
        if (!endCustomerSession) return fail('customer_signed_in');
        sessions.end(windowId, 'signed_out');
      }
      const hash = await settingsRepo.get(PIN_HASH);
      const attempt = await counted(PIN_SUBJECT, PIN_LIMITS, async () => typeof hash === 'string' && (await verifyPassword(pin, hash)));
      if (attempt.outcome === 'locked') {
        log.warn('staff PIN refused: locked');
        return fail('staff_locked', { retryAfterSeconds: Math.max(1, Math.ceil((attempt.until - now()) / 1000)) });
      }
      if (attempt.outcome === 'wrong') {
        log.warn('wrong staff PIN', { failures: attempt.failures });
        return fail('invalid_pin', { field: 'pin', remainingAttempts: MAX_PIN_FAILURES - attempt.failures });
      }
      staffWindows.add(windowId);
      log.info('staff mode opened');
      return ok(null);
    },

    lock(windowId: string): KioskResult<null> {
      staffWindows.delete(windowId);
      for (const listener of lockListeners) listener(windowId);
      return ok(null);
    },

    /** Staff mode of a window closed (or the window went): what it held in memory must go. */
    onLock(listener: (windowId: string) => void): void {
      lockListeners.add(listener);
    },

    async overview(): Promise<StaffOverview> {
      const at = now();
      const today = await repo.proceduresSince(startOfDay(at));
      const current = settings.current();
      // Kiosks heard from in the last day: today's, and one that went down overnight.
      const kiosks = await deps.shopKiosks(at - 24 * 60 * 60_000);
      return {
        kiosk: { name: deps.kiosk.name, shop: deps.kiosk.shop },
        kiosks: kiosks.map((k) => ({
          name: k.name,
          self: k.id === deps.kiosk.id,
          online: isOnline(k, at),
          inUse: k.inUse,
          printerState: k.printerState,
          printerReasons: k.printerReasons,
          outboxBacklog: k.outboxBacklog,
          lastBeatAt: k.lastBeatAt,
          version: k.version,
        })),
        settings: {
          idleSeconds: current.idleSeconds,
          printer: current.printer ?? '',
          paperSize: current.paperSize,
          // Never the relay's password: staff see and send back the mask.
          smtpUrl: current.smtpUrl ? maskRelayPassword(current.smtpUrl) : '',
          mailFrom: current.mailFrom,
          shopName: current.shopName,
        },
        printers: await deps.printers(),
        printer: await deps.printerStatus(),
        procedures: today.map((row) => ({ at: row.at, kind: row.kind, outcome: row.outcome, rating: row.rating, kiosk: row.kiosk })),
        counts: Object.fromEntries(procedureKinds.map((kind) => [kind, today.filter((row) => row.kind === kind).length])) as StaffOverview['counts'],
        mail: (await repo.undeliveredMail(50)).map((row) => ({
          id: row.id,
          kind: row.kind,
          to: row.to_address,
          state: row.state as 'pending' | 'failed',
          attempts: row.attempts,
          lastError: row.last_error,
          createdAt: row.created_at,
          kiosk: row.kiosk,
        })),
        lockedIds: (await repo.lockedCustomers(at)).map((row) => ({ itscomId: row.itscom_id, lockedUntil: row.locked_until })),
        supportCalls: await repo.pendingSupportCalls(),
        demoMailbox: deps.demoMailboxActive(),
        relay: deps.relay(),
        warnings: settings.warnings(),
      };
    },

    async saveSettings(input: StaffSettingsInput): Promise<KioskResult<null>> {
      if (!deps.demo && !input.smtpUrl) return fail('invalid_input', { field: 'smtpUrl', reason: 'staff.errors.smtpUrlRequired' });
      await settings.update({
        idleSeconds: input.idleSeconds,
        printer: input.printer || undefined,
        paperSize: input.paperSize,
        smtpUrl: input.smtpUrl || undefined,
        mailFrom: input.mailFrom,
        shopName: input.shopName,
      });
      if (input.newPin) await settingsRepo.set(PIN_HASH, await hashPassword(input.newPin));
      log.info('settings saved by staff', { pinChanged: input.newPin !== '' });
      return ok(null);
    },

    async retryMail(id: number | undefined): Promise<KioskResult<{ queued: number }>> {
      const queued = await repo.retryMail(id, now());
      deps.kickMail();
      return ok({ queued });
    },

    async unlockId(itscomId: string): Promise<KioskResult<null>> {
      const unlocked = await deps.attempts.unlock(signInSubject(itscomIdKey(itscomId)), now());
      if (unlocked) log.info('itscom id unlocked by staff');
      return unlocked ? ok(null) : fail('invalid_input', { field: 'itscomId', reason: 'staff.errors.notLocked' });
    },

    async callStaff(): Promise<KioskResult<{ callId: number }>> {
      const callId = await repo.addSupportCall(now());
      log.info('support call', { callId });
      return ok({ callId });
    },

    async resolveCall(id: number): Promise<KioskResult<null>> {
      return (await repo.resolveSupportCall(id, now())) ? ok(null) : fail('invalid_input', { field: 'id' });
    },
  };
}

export type StaffService = ReturnType<typeof createStaffService>;
