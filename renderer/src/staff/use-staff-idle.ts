import { onBeforeUnmount, onMounted } from 'vue';
import { kiosk } from '../kiosk';

/** What counts as a person at the kiosk: a touch, a click or a key (never a timer). */
const TOUCHES = ['pointerdown', 'keydown', 'wheel'] as const;

/**
 * Staff mode's idle time on screen (the PIN dialog, the set-your-PIN step,
 * the staff screen): `onIdle` after the kiosk's staff idle time without a
 * touch. The core closes the window's staff mode at the same time by itself;
 * this only takes the screen away with it.
 */
export function useStaffIdle(onIdle: () => void | Promise<void>): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idleMs: number | undefined;
  const arm = () => {
    clearTimeout(timer);
    if (idleMs !== undefined) timer = setTimeout(() => void onIdle(), idleMs);
  };
  onMounted(async () => {
    for (const kind of TOUCHES) document.addEventListener(kind, arm, { capture: true, passive: true });
    const info = await kiosk().kiosk.info();
    idleMs = info.ok ? info.value.staffIdleSeconds * 1000 : undefined;
    arm();
  });
  onBeforeUnmount(() => {
    clearTimeout(timer);
    for (const kind of TOUCHES) document.removeEventListener(kind, arm, { capture: true });
  });
}
