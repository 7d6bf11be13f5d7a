import { isBlockedKey } from '@shared/input/blocked-keys';

/**
 * Keeps keyboard, mouse and touch inside the app: the browser never sees an
 * accelerator, a zoom, a context menu, a middle click, a dropped file or a
 * copy. Listeners run in the capture phase on window, before any component.
 *
 * In a full-screen (kiosk) window Chromium hands even its reserved keys
 * (Ctrl+W, Ctrl+N, Ctrl+T) to the page first, so preventing them here stops
 * them. Behind this, the shells filter keys themselves (Electron's
 * before-input-event), close any window they did not open and bring back a
 * window that went away.
 */
export function installInputGuard(target: Window = window): void {
  const stop = (event: Event) => {
    event.preventDefault();
    event.stopImmediatePropagation();
  };
  const capture = { capture: true, passive: false } as const;

  target.addEventListener('keydown', (event) => (isBlockedKey(event) ? stop(event) : undefined), capture);
  target.addEventListener('keyup', (event) => (isBlockedKey(event) ? stop(event) : undefined), capture);
  // Right click, long-press menus and the context-menu key.
  target.addEventListener('contextmenu', stop, capture);
  // Middle and side buttons: autoscroll, paste of the X selection, back/forward.
  for (const type of ['mousedown', 'mouseup', 'pointerdown', 'auxclick'] as const) {
    target.addEventListener(type, (event) => ((event as MouseEvent).button > 0 ? stop(event) : undefined), capture);
  }
  // Ctrl+wheel and trackpad pinch (which arrives as Ctrl+wheel) zoom the page.
  target.addEventListener('wheel', (event) => (event.ctrlKey ? stop(event) : undefined), capture);
  // A dropped file or link would navigate the window to it.
  for (const type of ['dragstart', 'dragover', 'drop'] as const) target.addEventListener(type, stop, capture);
  // Nothing a customer typed or saw goes to the clipboard for the next one.
  for (const type of ['copy', 'cut'] as const) target.addEventListener(type, stop, capture);
}
