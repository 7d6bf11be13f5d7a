import type { FunnelKind, LeaveReason } from '../../../shared/domain/funnel';
import type { FunnelEvent } from '../store/schema';

/** One event of a procedure, as the store and the metrics count it. */
export interface FunnelRecord {
  kind: FunnelKind;
  step: string;
  event: FunnelEvent;
  reason?: LeaveReason;
}

/**
 * Where each window's customer is in a procedure, and what that makes of
 * them: started (its first step shown), reached (each step once per
 * procedure, however often 「戻る」 comes back to it), completed (its `done`
 * step shown), or abandoned at the step it was on, with why. Nothing of the
 * customer is kept: a kind and a step per window.
 */
export function createFunnelTracker(record: (entry: FunnelRecord) => void) {
  const open = new Map<string, { kind: FunnelKind; step: string; reached: Set<string> }>();

  function leave(windowId: string, reason: LeaveReason): void {
    const current = open.get(windowId);
    if (!current) return;
    open.delete(windowId);
    record({ kind: current.kind, step: current.step, event: 'abandoned', reason });
  }

  return {
    /** The window's wizard shows `step` of a `kind` procedure. */
    step(windowId: string, kind: FunnelKind, step: string): void {
      let current = open.get(windowId);
      // Another procedure while one was open: the first was left for it, as by 「戻る」.
      if (current && current.kind !== kind) leave(windowId, 'back');
      current = open.get(windowId);
      // A completion screen shown again (back from its print view) is no new procedure.
      if (!current && step === 'done') return;
      if (!current) {
        current = { kind, step, reached: new Set() };
        open.set(windowId, current);
        record({ kind, step, event: 'started' });
      }
      current.step = step;
      if (!current.reached.has(step)) {
        current.reached.add(step);
        record({ kind, step, event: 'reached' });
      }
      if (step === 'done') {
        open.delete(windowId);
        record({ kind, step, event: 'completed' });
      }
    },
    /** The window's procedure (if one is open) was left: counted as abandoned at its step. */
    leave,
    /** Windows in the middle of a procedure now. */
    get openCount(): number {
      return open.size;
    },
  };
}

export type FunnelTracker = ReturnType<typeof createFunnelTracker>;
