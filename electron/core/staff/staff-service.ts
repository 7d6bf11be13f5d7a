import { procedureKinds, type AuditPage, type StaffEntered, type StaffMemberView, type StaffOverview } from '../../../shared/contract/models';
import { fail, ok, type KioskResult } from '../../../shared/contract/result';
import type { StaffSettingsInput } from '../../../shared/config/staff-settings';
import { itscomIdKey } from '../../../shared/domain/itscom-id';
import { maskRelayPassword } from '../../../shared/rules/smtp-url';
import { hashPassword } from '../auth/password-hash';
import type { AuditEntry, AuditTrail } from '../audit/audit-trail';
import { checkChain } from '../audit/audit-chain';
import { dayReportHtml } from '../report/day-report';
import type { AuditRepo } from '../store/audit-repo';
import { newPinRefusal } from '../../../shared/rules/staff';
import type { AuditQuery, NewStaffMemberInput } from '../../../shared/rules/staff';
import { LastManagerError, StaffNumberTakenError, type StaffMembersRepo } from '../store/staff-members-repo';
import { numberSubject, type StaffEntry } from './staff-entry';
import type { SessionRegistry } from '../auth/session-registry';
import type { Logger } from '../logger';
import type { SettingsService } from '../settings/settings-service';
import type { SettingsRepo } from '../store/settings-repo';
import type { StaffRepo } from '../store/staff-repo';
import type { AttemptsRepo } from '../store/attempts-repo';
import { signInSubject } from '../auth/sign-in-service';
import { isOnline } from '../shop/kiosk-presence';
import type { KioskPresence } from '../store/kiosks-repo';

/** The demo's staff (docs/product.md, "Demo data"): a manager and a staff member, with published PINs. */
export const DEMO_STAFF = [
  { number: '1001', name: '山田', role: 'manager', pin: '246810' },
  { number: '2001', name: '佐藤', role: 'staff', pin: '135790' },
] as const;
/** The number the shared PIN of before becomes: a manager who sets a new PIN at the first entry. */
export const SHARED_PIN_NUMBER = '0000';
/** Where kiosks before store version 12 kept the one shared PIN's hash (this kiosk's settings). */
const SHARED_PIN_HASH = 'staffPinHash';

export interface StaffDeps {
  repo: StaffRepo;
  members: StaffMembersRepo;
  entry: StaffEntry;
  audit: AuditTrail;
  auditRepo: AuditRepo;
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
  /** Prints an A4 document for the window's manager (the day's report). */
  printDocument: (windowId: string, kind: string, html: string) => Promise<KioskResult<unknown>>;
}

function startOfDay(at: number): number {
  const day = new Date(at);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

/**
 * Staff mode: a member's number and PIN (staff-entry.ts) open it for one
 * window, never while a customer is signed in there unless that session
 * ends. What staff do is recorded in the audit trail under their number.
 */
export function createStaffService(deps: StaffDeps) {
  const { repo, members, entry, audit, settingsRepo, settings, sessions, log, now } = deps;
  const lockListeners = new Set<(windowId: string) => void>();
  const numberAt = (windowId: string) => entry.who(windowId)?.number ?? null;

  return {
    /**
     * A shop without staff gets its first: the demo's two members; or, on a
     * kiosk from before staff accounts, the shared PIN (stored, or
     * KIOSK_STAFF_PIN) as manager 0000, who sets a new PIN at the first entry.
     * Otherwise IT adds the first manager (npm run staff -- add).
     */
    async ensureStaff({ demo, sharedPin }: { demo: boolean; sharedPin: string | undefined }): Promise<void> {
      if ((await members.count()) > 0) return;
      if (demo) {
        for (const member of DEMO_STAFF) {
          await members.add({ number: member.number, name: member.name, role: member.role, pinHash: await hashPassword(member.pin), mustSetPin: false }, now());
        }
        return;
      }
      const stored = await settingsRepo.get(SHARED_PIN_HASH);
      const pinHash = typeof stored === 'string' ? stored : sharedPin ? await hashPassword(sharedPin) : undefined;
      if (!pinHash) return;
      await members.add({ number: SHARED_PIN_NUMBER, name: '共通PIN', role: 'manager', pinHash, mustSetPin: true }, now());
      log.warn('the shared staff PIN became manager 0000: enter with it once, set a new PIN, then add named staff and deactivate 0000');
    },

    /** Whether the window is in staff mode now (a PIN set, not idle too long). */
    isStaff: (windowId: string) => entry.roleOf(windowId) !== undefined,
    roleOf: (windowId: string) => entry.roleOf(windowId),
    who: (windowId: string) => entry.who(windowId),

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
      for (const listener of lockListeners) listener(windowId);
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

    /** 「操作履歴」: a page of the shop's trail (newest first, filtered) and how far its chain holds. */
    async auditPage(query: AuditQuery): Promise<KioskResult<AuditPage>> {
      const PAGE = 50;
      // The day on the kiosk's clock, as the screen shows times.
      const [y, m, d] = (query.day ?? '').split('-').map(Number) as [number, number, number];
      const from = query.day === undefined ? undefined : new Date(y, m - 1, d).getTime();
      const to = query.day === undefined ? undefined : new Date(y, m - 1, d + 1).getTime();
      const filter = {
        ...(from === undefined || to === undefined || Number.isNaN(from) ? {} : { from, to }),
        ...(query.staffNumber === undefined ? {} : { staffNumber: query.staffNumber }),
        ...(query.action === undefined ? {} : { action: query.action }),
      };
      const rows = await deps.auditRepo.list(filter, { limit: PAGE + 1, ...(query.beforeId === undefined ? {} : { beforeId: query.beforeId }) });
      const shown = rows.slice(0, PAGE);
      const names = new Map((await deps.shopKiosks(0)).map((k) => [k.id, k.name]));
      const chain = await checkChain((afterId) => deps.auditRepo.inOrder({}, afterId, 500));
      return ok({
        rows: shown.map((row) => ({
          id: row.id,
          at: row.at,
          kiosk: names.get(row.kioskId) ?? row.kioskId,
          staffNumber: row.staffNumber,
          action: row.action,
          subject: row.subject,
          outcome: row.outcome,
        })),
        nextBeforeId: rows.length > PAGE ? shown.at(-1)!.id : null,
        verified: chain.holds ? { holds: true, upTo: chain.lastAt } : { holds: false, brokenAt: chain.brokenAt.at },
      });
    },

    /** 「日報を印刷」: the shop's day so far on the counter printer (A4). */
    async printDayReport(windowId: string): Promise<KioskResult<{ printProblem: string | null }>> {
      const at = now();
      const since = startOfDay(at);
      const actions: { staffNumber: string | null; action: string }[] = [];
      for (let batch = await deps.auditRepo.inOrder({ from: since }, 0, 1000); batch.length > 0; batch = await deps.auditRepo.inOrder({ from: since }, batch.at(-1)!.id, 1000)) {
        actions.push(...batch.map((row) => ({ staffNumber: row.staffNumber, action: row.action })));
      }
      const day = new Date(at);
      const two = (n: number) => String(n).padStart(2, '0');
      const html = dayReportHtml({
        shopName: settings.current().shopName,
        day: `${day.getFullYear()}-${two(day.getMonth() + 1)}-${two(day.getDate())}`,
        printedAt: `${two(day.getHours())}:${two(day.getMinutes())}`,
        procedures: (await repo.proceduresSince(since)).map((row) => ({ kind: row.kind, outcome: row.outcome, kiosk: row.kiosk })),
        staffActions: actions,
        staffNames: new Map((await members.list()).map((member) => [member.number, member.name])),
        calls: (await repo.supportCallsSince(since)).map((row) => ({ at: row.at, resolvedAt: row.resolved_at, kiosk: row.kiosk })),
        failedMail: (await repo.failedMailSince(since)).map((row) => ({ at: row.created_at, kind: row.kind, to: row.to_address, kiosk: row.kiosk })),
        printers: (await deps.shopKiosks(since)).map((k) => ({ kiosk: k.name, state: k.printerState, reasons: k.printerReasons })),
      });
      const printed = await deps.printDocument(windowId, 'day_report', html);
      await audit.record({ staffNumber: numberAt(windowId), action: 'day_report_printed', outcome: printed.ok ? 'ok' : printed.code });
      return ok({ printProblem: printed.ok ? null : printed.code });
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
