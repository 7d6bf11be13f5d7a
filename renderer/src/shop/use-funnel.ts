import { onBeforeUnmount, watch, type WatchSource } from 'vue';
import type { FunnelKind, FunnelStep } from '@shared/domain/funnel';
import { kiosk } from '../kiosk';

/**
 * Counts where this wizard's customer is (no customer data: a kind and a
 * step). `step` is null until the wizard has begun. Leaving the wizard before
 * its `done` step (「戻る」, the menu) counts as left there; the sign-out and
 * the idle reset are counted by the core, before the wizard leaves the screen.
 */
export function useFunnel<K extends FunnelKind>(kind: K, step: WatchSource<FunnelStep<K> | null>): void {
  watch(
    step,
    (now) => {
      // A step the core cannot take is not the customer's problem: the count is lost, not the step.
      if (now) void kiosk().funnel.step({ kind, step: now } as Parameters<ReturnType<typeof kiosk>['funnel']['step']>[0]);
    },
    { immediate: true },
  );
  onBeforeUnmount(() => void kiosk().funnel.leave({ reason: 'back' }));
}
