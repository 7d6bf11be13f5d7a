import type { AuditAction } from '../../../shared/contract/audit-actions';
import type { Logger } from '../logger';
import type { AuditRepo } from '../store/audit-repo';
import { HEAD_ANCHOR_MESSAGE, type AuditAnchor } from './audit-anchors';
import type { AuditRow } from './audit-chain';

export interface AuditEntry {
  /** Who: the member in staff mode, or the number typed at a failed entry. */
  staffNumber: string | null;
  action: AuditAction;
  /** The customer's ID (or the staff number acted on) where there is one. */
  subject?: string | null;
  outcome: string;
  /** What else the action says; never a password, PIN or code (masked before it gets here). */
  detail?: Record<string, unknown>;
}

/**
 * The shop's audit trail as the services write it: one append-only row per
 * staff action, on the shop's clock. A row that cannot be written fails the
 * call (staff see the store's message), so no action goes unrecorded quietly.
 * Each row's place and hash go to the log as the chain's head anchor
 * (audit-anchors.ts): the journal keeps what the store's owner cannot rewrite.
 */
export function createAuditTrail({ repo, now, log, shop }: { repo: AuditRepo; now: () => number; log: Logger; shop: string }) {
  let head: AuditAnchor | undefined;
  return {
    /** The newest head this kiosk has anchored (its own rows; the log has every kiosk's). */
    lastAnchor: () => head,
    async record(entry: AuditEntry): Promise<void> {
      let row: AuditRow;
      try {
        row = await repo.append({
          at: now(),
          staffNumber: entry.staffNumber,
          action: entry.action,
          subject: entry.subject ?? null,
          outcome: entry.outcome,
          detail: JSON.stringify(entry.detail ?? {}),
        });
      } catch (error) {
        log.error('audit row not written', { action: entry.action, error: error instanceof Error ? error.message : 'unknown' });
        throw error;
      }
      if (row.seq !== null) {
        head = { count: row.seq, hash: row.hash };
        log.notice(HEAD_ANCHOR_MESSAGE, { shop, count: row.seq, hash: row.hash });
      }
    },
  };
}

export type AuditTrail = ReturnType<typeof createAuditTrail>;
