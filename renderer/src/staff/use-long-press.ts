import { onScopeDispose } from 'vue';

/**
 * A press held for `ms` (touch, mouse, or Enter/Space held) calls `onLongPress`:
 * the discreet way into staff mode, hard to hit by chance. Releasing anywhere
 * cancels it (the release is watched on the window, so a press that slides
 * off the logo and is let go elsewhere still counts as let go).
 */
export function useLongPress(onLongPress: () => void, ms = 2000) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => {
    clearTimeout(timer);
    window.removeEventListener('pointerup', cancel);
    window.removeEventListener('pointercancel', cancel);
  };
  const start = () => {
    cancel();
    timer = setTimeout(() => {
      cancel();
      onLongPress();
    }, ms);
  };
  // A logo that leaves the screen mid-press (the route changed) must not fire later, unseen.
  onScopeDispose(cancel);
  // Event names as v-on's object syntax takes them.
  return {
    pointerdown: () => {
      start();
      window.addEventListener('pointerup', cancel);
      window.addEventListener('pointercancel', cancel);
    },
    keydown: (event: KeyboardEvent) => {
      if ((event.key === 'Enter' || event.key === ' ') && !event.repeat) start();
    },
    keyup: cancel,
  };
}
