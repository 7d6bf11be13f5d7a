import { shallowRef, type Ref } from 'vue';

/** Which keys a field's on-screen keyboard offers: exactly what its rules allow. */
export type KeyboardLayoutName = 'itscomId' | 'password' | 'digits' | 'text';

/** The field the on-screen keyboard types into. */
export interface KeyboardTarget {
  id: string;
  layout: KeyboardLayoutName;
  /** The field's current value (typed on either keyboard). */
  value: Ref<string>;
  setValue(value: string): void;
  /** Shows what is typed as dots (password fields). */
  secret: boolean;
}

export const keyboardTarget = shallowRef<KeyboardTarget | null>(null);

export function openKeyboard(target: KeyboardTarget): void {
  keyboardTarget.value = target;
}

/** Set by the open keyboard: Enter on a field (keypad) moves the focus onto its keys; true when it did. */
export const keypadEntry: { enter: (() => boolean) | undefined } = { enter: undefined };

/**
 * Enter on a text field from the keypad: onto the on-screen keyboard's keys.
 * A keyboard closed with 「完了」 opens again first (the field's focus opens it).
 */
export function enterKeyboardFrom(field: HTMLInputElement): boolean {
  if (keyboardTarget.value?.id === field.id && keypadEntry.enter) return keypadEntry.enter();
  field.blur();
  field.focus();
  // The keyboard mounts on the next frame.
  requestAnimationFrame(() => keypadEntry.enter?.());
  return true;
}

export function closeKeyboard(): void {
  keyboardTarget.value = null;
}

let pointerIsDown = false;
window.addEventListener('pointerdown', () => (pointerIsDown = true), { capture: true });
window.addEventListener('pointerup', () => (pointerIsDown = false), { capture: true });
window.addEventListener('pointercancel', () => (pointerIsDown = false), { capture: true });

/**
 * Closes the keyboard once focus has left text fields. A tap on a button first
 * blurs the field: closing right then would move the page under the finger and
 * lose the tap, so the close waits until the tap is over.
 */
export function closeKeyboardWhenIdle(): void {
  const close = () =>
    setTimeout(() => {
      // The keypad moved onto the keyboard's own keys: it stays.
      const focused = document.activeElement;
      if (!(focused instanceof HTMLInputElement) && !focused?.closest('.keyboard-dock')) closeKeyboard();
    }, 0);
  if (!pointerIsDown) {
    close();
    return;
  }
  // Whichever ends the tap first closes; the other listener goes with it, so none pile up.
  const done = new AbortController();
  const closeOnce = () => {
    done.abort();
    close();
  };
  window.addEventListener('click', closeOnce, { capture: true, signal: done.signal });
  window.addEventListener('pointercancel', closeOnce, { capture: true, signal: done.signal });
}
