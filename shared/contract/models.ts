/** What the renderer may know about the signed-in customer. Never a secret. */
export interface CustomerSummary {
  itscomId: string;
  /** A legacy ID is not a mail address and must be changed (SPEC.md §1). */
  isLegacyId: boolean;
}

/** A plan's length so far, in whole years and months. */
export interface PlanDuration {
  years: number;
  months: number;
}

/** Everything the My Page top and account screens show. */
export interface AccountOverview extends CustomerSummary {
  planName: string;
  /** Renewal window as year-month pairs, e.g. 2025-01 … 2025-03. */
  renewalFrom: { year: number; month: number };
  renewalTo: { year: number; month: number };
  planDuration: PlanDuration;
}

export type SessionEndReason = 'signed_out' | 'idle' | 'replaced';

export interface EventPayloads {
  'session.ended': { reason: SessionEndReason };
}
