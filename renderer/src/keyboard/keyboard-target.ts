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

export function closeKeyboard(): void {
  keyboardTarget.value = null;
}
