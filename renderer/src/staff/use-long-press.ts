/**
 * A press held for `ms` (touch, mouse, or Enter/Space held) calls `onLongPress`:
 * the discreet way into staff mode, hard to hit by chance.
 */
export function useLongPress(onLongPress: () => void, ms = 2000) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const start = () => {
    clearTimeout(timer);
    timer = setTimeout(onLongPress, ms);
  };
  const cancel = () => clearTimeout(timer);
  // Event names as v-on's object syntax takes them.
  return {
    pointerdown: start,
    pointerup: cancel,
    pointerleave: cancel,
    pointercancel: cancel,
    keydown: (event: KeyboardEvent) => {
      if ((event.key === 'Enter' || event.key === ' ') && !event.repeat) start();
    },
    keyup: cancel,
  };
}
