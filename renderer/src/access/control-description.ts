import { isSecretField, spokenText } from './spoken-text';

export interface DescriptionWords {
  role: (role: string) => string;
  state: (state: 'checked' | 'unchecked' | 'disabled' | 'pressed' | 'notPressed' | 'selected') => string;
  typedCount: (count: number) => string;
  empty: string;
  slipNote: string;
}

/** The control's accessible name, as a screen reader would find it (label, aria-label, its text). */
function nameOf(element: HTMLElement, slipNote: string): string {
  const label = element.getAttribute('aria-label');
  if (label) return label;
  const labelledBy = element.getAttribute('aria-labelledby');
  if (labelledBy) {
    return labelledBy
      .split(/\s+/)
      .map((id) => document.getElementById(id))
      .filter((node): node is HTMLElement => node !== null)
      .map((node) => spokenText(node, slipNote))
      .join(' ');
  }
  if (element instanceof HTMLInputElement && element.labels?.length) return Array.from(element.labels, (node) => spokenText(node, slipNote)).join(' ');
  return spokenText(element, slipNote);
}

function roleOf(element: HTMLElement): string {
  const explicit = element.getAttribute('role');
  if (explicit === 'tab' || explicit === 'checkbox' || explicit === 'radio' || explicit === 'link') return explicit;
  if (element.closest('.keyboard-dock')) return 'key';
  if (element instanceof HTMLAnchorElement) return 'link';
  if (element instanceof HTMLInputElement) {
    if (element.type === 'checkbox' || element.type === 'radio') return element.type;
    return 'textbox';
  }
  return 'button';
}

/**
 * What moving the focus onto a control says: its name, its role and its state
 * (「チェックあり」, 「無効」, 「オン」). A secret field says how many characters
 * it holds, never which.
 */
export function describeControl(element: HTMLElement, words: DescriptionWords): string {
  const role = roleOf(element);
  const parts = [nameOf(element, words.slipNote), words.role(role)];
  if (element instanceof HTMLInputElement && (role === 'checkbox' || role === 'radio')) parts.push(words.state(element.checked ? 'checked' : 'unchecked'));
  const pressed = element.getAttribute('aria-pressed');
  if (pressed !== null) parts.push(words.state(pressed === 'true' ? 'pressed' : 'notPressed'));
  if (element.getAttribute('aria-selected') === 'true') parts.push(words.state('selected'));
  if ((element as HTMLButtonElement).disabled || element.getAttribute('aria-disabled') === 'true') parts.push(words.state('disabled'));
  if (role === 'textbox') parts.push(fieldContent(element as HTMLInputElement, words));
  return parts.filter(Boolean).join('、');
}

/** A field's content as said: a secret as its length, the rest as typed. */
export function fieldContent(field: HTMLInputElement, words: Pick<DescriptionWords, 'typedCount' | 'empty'>): string {
  if (field.value.length === 0) return words.empty;
  return isSecretField(field) ? words.typedCount(field.value.length) : field.value;
}
