import type { AuditPage } from '../../../shared/contract/models';
import { ok, type KioskResult } from '../../../shared/contract/result';
import type { AuditQuery } from '../../../shared/rules/staff';
import { checkChain } from '../audit/audit-chain';
import { checkAnchors, type AuditAnchor } from '../audit/audit-anchors';
import type { AuditTrail } from '../audit/audit-trail';
import { dayReportHtml } from '../report/day-report';
import type { SettingsService } from '../settings/settings-service';
import type { AuditRepo } from '../store/audit-repo';
import type { KioskPresence } from '../store/kiosks-repo';
import type { StaffMembersRepo } from '../store/staff-members-repo';
import type { StaffRepo } from '../store/staff-repo';
import { startOfDay } from './start-of-day';
import type { FunnelCount } from '../store/funnel-repo';
import { funnelView } from '../funnel/funnel-view';

export interface ManagerViewsDeps {
  repo: StaffRepo;
  auditRepo: AuditRepo;
  members: StaffMembersRepo;
  audit: AuditTrail;
  settings: SettingsService;
  shopKiosks: (since: number) => Promise<KioskPresence[]>;
  /** Prints an A4 document for the window's manager (the day's report). */
  printDocument: (windowId: string, kind: string, html: string) => Promise<KioskResult<unknown>>;
  /** The shop's procedure events counted since a time (the funnel). */
  funnelSince: (since: number) => Promise<FunnelCount[]>;
  now: () => number;
  numberAt: (windowId: string) => string | null;
  /** The newest anchors of the chain this kiosk knows (its log, its own rows, the store's purge front). */
  anchors: () => Promise<{ head?: AuditAnchor; front?: AuditAnchor }>;
}

/** What a manager reads about the shop: the audit trail, page by page with its chain's state, and the day's report on paper. */
export function createManagerViews(deps: ManagerViewsDeps) {
  const { repo, members, audit, settings, now, numberAt } = deps;
  const auditHead = async () => {
    const head = (await deps.auditRepo.ends())?.head;
    return head && head.seq !== null ? { count: head.seq, hash: head.hash } : null;
  };
  return {
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
      const cut = chain.holds ? await checkAnchors(deps.auditRepo, await deps.anchors()) : undefined;
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
        verified: !chain.holds
          ? { holds: false, brokenAt: chain.brokenAt.at }
          : cut && !cut.holds
            ? { holds: false, cut: { end: cut.end, missing: cut.missing } }
            : { holds: true, upTo: chain.lastAt },
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
        funnel: funnelView(await deps.funnelSince(since)),
        auditHead: await auditHead(),
      });
      const printed = await deps.printDocument(windowId, 'day_report', html);
      await audit.record({ staffNumber: numberAt(windowId), action: 'day_report_printed', outcome: printed.ok ? 'ok' : printed.code });
      return ok({ printProblem: printed.ok ? null : printed.code });
    },

  };
}

export type ManagerViews = ReturnType<typeof createManagerViews>;
