import { onBeforeUnmount, ref } from 'vue';

const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'input'] as const;

/**
 * Counts idle seconds from the last touch or key. `warnAfter` seconds without
 * input → `warning` with a countdown of `countdownFrom`; at 0 → `onExpired`.
 * Input during the warning does not count: only 「操作を続ける」 (continueUsing) does,
 * so a stranger's stray touch cannot keep the last customer's screen up.
 */
export function useIdleTimer(onExpired: () => void) {
  const warning = ref(false);
  const secondsLeft = ref(0);
  let lastActivity = Date.now();
  let warnAfter = Infinity;
  let countdownFrom = 30;
  let expired = false;

  const touch = () => {
    if (!warning.value) lastActivity = Date.now();
  };
  for (const name of ACTIVITY) window.addEventListener(name, touch, { capture: true, passive: true });

  const tick = setInterval(() => {
    if (expired) return;
    const idle = (Date.now() - lastActivity) / 1000;
    if (idle < warnAfter) {
      warning.value = false;
      return;
    }
    warning.value = true;
    secondsLeft.value = Math.max(0, Math.ceil(warnAfter + countdownFrom - idle));
    if (secondsLeft.value === 0) {
      expired = true;
      warning.value = false;
      onExpired();
    }
  }, 250);

  onBeforeUnmount(() => {
    clearInterval(tick);
    for (const name of ACTIVITY) window.removeEventListener(name, touch, { capture: true });
  });

  return {
    warning,
    secondsLeft,
    /** (Re)starts the timer with the kiosk's current settings. */
    arm(idleSeconds: number, warningSeconds: number) {
      warnAfter = idleSeconds;
      countdownFrom = warningSeconds;
      lastActivity = Date.now();
      expired = false;
      warning.value = false;
    },
    disarm() {
      warnAfter = Infinity;
      warning.value = false;
    },
    continueUsing() {
      warning.value = false;
      lastActivity = Date.now();
    },
  };
}
