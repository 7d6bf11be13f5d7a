import type { AuditAction } from '../../../shared/contract/audit-actions';
import type { Logger } from '../logger';
import type { AuditRepo } from '../store/audit-repo';

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
 */
export function createAuditTrail({ repo, now, log }: { repo: AuditRepo; now: () => number; log: Logger }) {
  return {
    async record(entry: AuditEntry): Promise<void> {
      try {
        await repo.append({
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
    },
  };
}

export type AuditTrail = ReturnType<typeof createAuditTrail>;
