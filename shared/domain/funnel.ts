/**
 * The customer procedures whose steps are counted (docs/product.md, "Where
 * customers give up"), each step in the order the wizard shows it. `done` is
 * the completion screen: reaching it completes the procedure.
 */
export const funnelSteps = {
  id_change: ['reauth', 'entry', 'code', 'confirm', 'done'],
  password_change: ['entry', 'confirm', 'done'],
  password_reset: ['id', 'code', 'password', 'done'],
} as const;

export type FunnelKind = keyof typeof funnelSteps;
export const funnelKinds = Object.keys(funnelSteps) as FunnelKind[];
export type FunnelStep<K extends FunnelKind = FunnelKind> = (typeof funnelSteps)[K][number];

/**
 * Why a procedure was left before its end: the idle reset, 「戻る」 (or the
 * menu) out of the wizard, 「ログアウト」, or the window itself (reloaded,
 * crashed, the kiosk stopped).
 */
export const leaveReasons = ['idle', 'back', 'sign-out', 'window'] as const;
export type LeaveReason = (typeof leaveReasons)[number];

/** One row of the funnel as staff read it: a procedure kind's starts, steps reached, completions and where it was left. */
export interface FunnelView {
  kind: FunnelKind;
  started: number;
  completed: number;
  /** Per step in order: how many procedures reached it, and how many were left there (per reason). */
  steps: { step: FunnelStep; reached: number; abandoned: Partial<Record<LeaveReason, number>> }[];
}
