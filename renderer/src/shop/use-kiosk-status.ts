import { onBeforeUnmount, onMounted, ref } from 'vue';
import type { KioskStatus } from '@shared/contract/models';
import { kiosk } from '../kiosk';

/** How often a screen that shows the kiosk's state asks again (the core asks the printer as often). */
export const STATUS_POLL_MS = 5_000;

/**
 * The printer's readiness and the shop's hours, for the screen showing them:
 * asked when it appears (`fresh`: the printer asked right now, before a
 * procedure that ends in a slip) and every STATUS_POLL_MS while it is up.
 * Unknown (null) until the first answer: nothing is shown meanwhile.
 */
export function useKioskStatus({ fresh = false }: { fresh?: boolean } = {}) {
  const status = ref<KioskStatus | null>(null);
  let timer: ReturnType<typeof setInterval> | undefined;
  const ask = async (now: boolean) => {
    const result = await kiosk().kiosk.status(now ? { fresh: true } : {});
    if (result.ok) status.value = result.value;
  };
  onMounted(() => {
    void ask(fresh);
    timer = setInterval(() => void ask(false), STATUS_POLL_MS);
  });
  onBeforeUnmount(() => clearInterval(timer));
  return status;
}
