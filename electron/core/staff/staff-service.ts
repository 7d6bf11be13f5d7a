import { procedureKinds, type StaffEntered, type StaffOverview } from '../../../shared/contract/models';
import { fail, ok, type KioskResult } from '../../../shared/contract/result';
import type { StaffSettingsInput } from '../../../shared/config/staff-settings';
import { itscomIdKey } from '../../../shared/domain/itscom-id';
import { maskRelayPassword } from '../../../shared/rules/smtp-url';
import type { AuditEntry, AuditTrail } from '../audit/audit-trail';
import type { StaffEntry } from './staff-entry';
import type { SessionRegistry } from '../auth/session-registry';
import type { Logger } from '../logger';
import type { SettingsService } from '../settings/settings-service';
import type { StaffRepo } from '../store/staff-repo';
import type { AttemptsRepo } from '../store/attempts-repo';
import { signInSubject } from '../auth/sign-in-service';
import { isOnline } from '../shop/kiosk-presence';
import { problemOf } from '../print/cups';
import { startOfDay } from './start-of-day';
import type { KioskPresence } from '../store/kiosks-repo';
import type { OpeningHoursService } from '../shop/opening-hours-service';
import type { FunnelCount } from '../store/funnel-repo';
import { funnelView } from '../funnel/funnel-view';
import type { OpeningHours } from '../../../shared/domain/opening-hours';

export interface StaffDeps {
  repo: StaffRepo;
  entry: StaffEntry;
  audit: AuditTrail;
  attempts: AttemptsRepo;
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
  /** The shop's opening hours (a manager sets them here). */
  hours: OpeningHoursService;
  /** The shop's procedure events counted since a time (the funnel). */
  funnelSince: (since: number) => Promise<FunnelCount[]>;
  /** The numbers the audit trail says were locked by wrong PINs since a time, one entry per lock. */
  numbersLockedSince: (since: number) => Promise<string[]>;
  /** The shop's members by number (for the names the alert shows). */
  memberNames: () => Promise<ReadonlyMap<string, string>>;
}


/**
 * Staff mode: a member's number and PIN (staff-entry.ts) open it for one
 * window, never while a customer is signed in there unless that session
 * ends. What staff do is recorded in the audit trail under their number.
 */
export function createStaffService(deps: StaffDeps) {
  const { repo, entry, audit, settings, sessions, log, now } = deps;
  const lockListeners = new Set<(windowId: string) => void>();
  const numberAt = entry.numberAt;
  const notifyLocked = (windowId: string) => {
    for (const listener of lockListeners) listener(windowId);
  };

  /** Today's locks of staff numbers, as the header's alert shows them: a manager sees the shop's, a member their own. */
  async function numberLocks(windowId: string, since: number): Promise<StaffOverview['numberLocks']> {
    const member = entry.who(windowId);
    if (!member) return [];
    const [lockedToday, lockedNow, names] = await Promise.all([deps.numbersLockedSince(since), entry.lockedNumbers(), deps.memberNames()]);
    const numbers = [...new Set([...lockedToday, ...lockedNow.map((lock) => lock.number)])]
      .filter((number) => names.has(number))
      .filter((number) => member.role === 'manager' || number === member.number)
      .sort();
    return numbers.map((number) => ({
      number,
      name: names.get(number)!,
      locksToday: lockedToday.filter((locked) => locked === number).length,
      lockedUntil: lockedNow.find((lock) => lock.number === number)?.lockedUntil ?? null,
    }));
  }

  return {
    /** Whether the window is in staff mode now (a PIN set, not idle too long). */
    isStaff: (windowId: string) => entry.roleOf(windowId) !== undefined,
    roleOf: (windowId: string) => entry.roleOf(windowId),
    who: (windowId: string) => entry.who(windowId),
    /** A person acted at the window (the dispatcher calls it for every channel that is a touch). */
    touch: (windowId: string) => entry.touch(windowId),

    /** Staff mode of every window idle too long closes (the core's own timer calls it). */
    async closeIdle(): Promise<void> {
      for (const windowId of await entry.closeIdle()) notifyLocked(windowId);
    },

    async unlock(windowId: string, number: string, pin: string, endCustomerSession: boolean): Promise<KioskResult<StaffEntered>> {
      if (sessions.get(windowId)) {
        if (!endCustomerSession) return fail('customer_signed_in');
        sessions.end(windowId, 'signed_out');
      }
      return entry.enter(windowId, number, pin);
    },

    setPin: (windowId: string, pin: string) => entry.setPin(windowId, pin),

    async lock(windowId: string, reason: 'closed' | 'customer' | 'window' | 'quit' = 'closed'): Promise<KioskResult<null>> {
      await entry.close(windowId, reason);
      notifyLocked(windowId);
      return ok(null);
    },

    /** Staff mode of a window closed (or the window went): what it held in memory must go. */
    onLock(listener: (windowId: string) => void): void {
      lockListeners.add(listener);
    },

    /** A staff action of this window, in the audit trail under the member's number. */
    record: (windowId: string, action: AuditEntry['action'], fields: Omit<AuditEntry, 'staffNumber' | 'action'>) =>
      audit.record({ staffNumber: numberAt(windowId), action, ...fields }),

    async overview(windowId: string): Promise<StaffOverview> {
      const at = now();
      const today = await repo.proceduresSince(startOfDay(at));
      const current = settings.current();
      // Kiosks heard from in the last day: today's, and one that went down overnight.
      const kiosks = await deps.shopKiosks(at - 24 * 60 * 60_000);
      return {
        kiosk: { name: deps.kiosk.name, shop: deps.kiosk.shop },
        member: entry.who(windowId) ?? null,
        kiosks: kiosks.map((k) => ({
          name: k.name,
          self: k.id === deps.kiosk.id,
          online: isOnline(k, at),
          inUse: k.inUse,
          printerState: k.printerState,
          printerReasons: k.printerReasons,
          // The heartbeat has no "accepting": a queue that rejects jobs reports itself stopped.
          printerProblem: problemOf({ state: k.printerState, accepting: true, reasons: k.printerReasons }) ?? null,
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
        openingHours: deps.hours.current(),
        open: deps.hours.state().open,
        funnel: funnelView(await deps.funnelSince(startOfDay(at))),
        numberLocks: await numberLocks(windowId, startOfDay(at)),
      };
    },

    /** A manager's opening hours for the shop (every kiosk of it reads them within HOURS_REFRESH_MS). */
    async saveOpeningHours(windowId: string, hours: OpeningHours | null): Promise<KioskResult<null>> {
      const before = deps.hours.current();
      await deps.hours.save(hours);
      await audit.record({ staffNumber: numberAt(windowId), action: 'settings_changed', outcome: 'ok', detail: { openingHours: { from: before, to: hours } } });
      log.info('opening hours saved by a manager', { set: hours !== null });
      return ok(null);
    },

    async saveSettings(windowId: string, input: StaffSettingsInput): Promise<KioskResult<null>> {
      if (!deps.demo && !input.smtpUrl) return fail('invalid_input', { field: 'smtpUrl', reason: 'staff.errors.smtpUrlRequired' });
      const shown = (values: typeof before) => ({ ...values, smtpUrl: values.smtpUrl ? maskRelayPassword(values.smtpUrl) : '' });
      const current = settings.current();
      const before = {
        idleSeconds: current.idleSeconds,
        printer: current.printer ?? '',
        paperSize: current.paperSize,
        smtpUrl: current.smtpUrl ?? '',
        mailFrom: current.mailFrom,
        shopName: current.shopName,
      };
      await settings.update({
        idleSeconds: input.idleSeconds,
        printer: input.printer || undefined,
        paperSize: input.paperSize,
        smtpUrl: input.smtpUrl || undefined,
        mailFrom: input.mailFrom,
        shopName: input.shopName,
      });
      // Old → new of what changed, the relay's password masked.
      const [was, now_] = [shown(before), shown({ ...input })];
      const changed = Object.fromEntries(
        (Object.keys(was) as (keyof typeof was)[]).filter((key) => was[key] !== now_[key]).map((key) => [key, { from: was[key], to: now_[key] }]),
      );
      await audit.record({ staffNumber: numberAt(windowId), action: 'settings_changed', outcome: 'ok', detail: changed });
      log.info('settings saved by staff', { changed: Object.keys(changed).join(',') });
      return ok(null);
    },

    async retryMail(windowId: string, id: number | undefined): Promise<KioskResult<{ queued: number }>> {
      const queued = await repo.retryMail(id, now());
      deps.kickMail();
      await audit.record({ staffNumber: numberAt(windowId), action: 'mail_retry', outcome: 'ok', detail: { mailId: id ?? 'all', queued } });
      return ok({ queued });
    },

    async unlockId(windowId: string, itscomId: string): Promise<KioskResult<null>> {
      const unlocked = await deps.attempts.unlock(signInSubject(itscomIdKey(itscomId)), now());
      await audit.record({ staffNumber: numberAt(windowId), action: 'unlock_id', subject: itscomId, outcome: unlocked ? 'unlocked' : 'not_locked' });
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
