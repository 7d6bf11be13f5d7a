import { funnelKinds, funnelSteps, leaveReasons, type FunnelView, type LeaveReason } from '../../../shared/domain/funnel';
import type { FunnelCount } from '../store/funnel-repo';

/**
 * The shop's counted events as staff read them: per procedure kind (in the
 * menu's order) the starts, the completions, and per step in the wizard's
 * order how many reached it and how many were left there, and why. Kinds
 * nobody started are left out; rows of kinds or steps this version does not
 * know (a newer kiosk of the shop) are ignored.
 */
export function funnelView(counts: readonly FunnelCount[]): FunnelView[] {
  return funnelKinds.flatMap((kind) => {
    const ofKind = counts.filter((row) => row.kind === kind);
    const total = (event: FunnelCount['event'], step?: string) =>
      ofKind.filter((row) => row.event === event && (step === undefined || row.step === step)).reduce((sum, row) => sum + row.count, 0);
    const started = total('started');
    if (started === 0 && ofKind.length === 0) return [];
    return [
      {
        kind,
        started,
        completed: total('completed'),
        steps: funnelSteps[kind].map((step) => {
          const abandoned: Partial<Record<LeaveReason, number>> = {};
          for (const row of ofKind) {
            if (row.event !== 'abandoned' || row.step !== step || !(leaveReasons as readonly string[]).includes(row.reason)) continue;
            const reason = row.reason as LeaveReason;
            abandoned[reason] = (abandoned[reason] ?? 0) + row.count;
          }
          return { step, reached: total('reached', step), abandoned };
        }),
      },
    ];
  });
}
