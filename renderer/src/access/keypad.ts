import { topDialog } from './top-dialog';

/**
 * Keypad navigation (docs/product.md, "Accessibility"): a self-service
 * machine's tactile keypad has arrows, Enter and a back key (Escape). Up/Left
 * and Down/Right move the focus through the controls of the screen (or of the
 * open dialog) in reading order; Enter activates; Escape goes back. Inside the
 * on-screen keyboard the arrows move over its keys (OnScreenKeyboard.vue).
 *
 * The input guard runs first (capture phase, installed before this), so no
 * shortcut ever reaches here.
 */
const FOCUSABLE = 'a[href], button, input:not([type="hidden"]), select, textarea, [tabindex]:not([tabindex="-1"])';

/** Where the keypad works now: the open dialog on top, else the whole page. */
function topLayer(): ParentNode {
  return topDialog() ?? document;
}

/** The controls the keypad moves through: the top layer's; visible, not disabled, not the keyboard's keys. */
function keypadControls(): HTMLElement[] {
  return Array.from(topLayer().querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) => !(el as HTMLButtonElement).disabled && el.checkVisibility() && !el.closest('.keyboard-dock') && el.getAttribute('aria-hidden') !== 'true',
  );
}

/** A focused box that scrolls (a long list in a dialog): Up and Down scroll it before they leave it. */
function scrolled(element: Element | null, step: 1 | -1): boolean {
  if (!(element instanceof HTMLElement) || element.scrollHeight <= element.clientHeight + 1) return false;
  const room = step === 1 ? element.scrollHeight - element.clientHeight - element.scrollTop : element.scrollTop;
  if (room <= 1) return false;
  element.scrollBy({ top: step * element.clientHeight * 0.8 });
  return true;
}

function move(step: 1 | -1): void {
  const controls = keypadControls();
  if (controls.length === 0) return;
  const at = controls.indexOf(document.activeElement as HTMLElement);
  // From nowhere, Down starts at the first control and Up at the last.
  const next = at === -1 ? (step === 1 ? 0 : controls.length - 1) : (at + step + controls.length) % controls.length;
  controls[next]!.focus({ preventScroll: false });
  controls[next]!.scrollIntoView({ block: 'nearest' });
}

/** The screen's way back: the open dialog's cancel, else the screen's 「戻る」 (marked `data-keypad-back`). */
function goBack(): void {
  const back = Array.from(topLayer().querySelectorAll<HTMLElement>('[data-keypad-back]')).find((el) => el.checkVisibility() && !(el as HTMLButtonElement).disabled);
  back?.click();
}

export interface KeypadHooks {
  /** Enter in a text field: into the on-screen keyboard (true when it took the focus). */
  enterKeyboard(field: HTMLInputElement): boolean;
  /** The keypad's own speech key: 「音声案内」 on or off from anywhere. */
  toggleSpeech(): void;
}

/**
 * The keypad's speech key sends `*`: a character no field of the kiosk accepts
 * (IDs, passwords, codes and PINs all refuse it), so it can never be typing.
 */
export const SPEECH_KEY = '*';

export function installKeypad(hooks: KeypadHooks, target: Window = window): void {
  // A field typed into from real keys (a keyboard, a staff card reader): its Enter submits, as on any form.
  // A keypad has no letters, so a field it reaches has none typed: its Enter opens the on-screen keyboard.
  const typedByKeys = new WeakSet<EventTarget>();
  target.addEventListener('focusin', (event) => event.target && typedByKeys.delete(event.target));
  target.addEventListener('keydown', (event) => {
    if (event.key === SPEECH_KEY && !event.ctrlKey && !event.altKey && !event.metaKey) {
      event.preventDefault();
      hooks.toggleSpeech();
      return;
    }
    if (event.key.length === 1 && event.target) typedByKeys.add(event.target);
    // A dialog that closed itself on this Escape has already handled it (ModalDialog prevents it).
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
    // The element the key was sent to: by now a closing dialog may have taken it off the page.
    const focused = event.target instanceof Element ? event.target : document.activeElement;
    // The on-screen keyboard handles its own keys.
    if (focused instanceof HTMLElement && focused.closest('.keyboard-dock')) return;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowRight':
        event.preventDefault();
        if (!(event.key === 'ArrowDown' && scrolled(focused, 1))) move(1);
        return;
      case 'ArrowUp':
      case 'ArrowLeft':
        event.preventDefault();
        if (!(event.key === 'ArrowUp' && scrolled(focused, -1))) move(-1);
        return;
      case 'Enter':
        if (focused instanceof HTMLInputElement && (focused.type === 'checkbox' || focused.type === 'radio')) {
          event.preventDefault();
          focused.click();
        } else if (focused instanceof HTMLInputElement && !typedByKeys.has(focused) && hooks.enterKeyboard(focused)) {
          event.preventDefault();
        }
        return;
      case 'Escape':
        // A dialog closes itself on Escape (ModalDialog); elsewhere Escape is 「戻る」.
        if (!(focused instanceof HTMLElement && focused.closest('[aria-modal="true"]'))) {
          event.preventDefault();
          goBack();
        }
        return;
    }
  });
}
