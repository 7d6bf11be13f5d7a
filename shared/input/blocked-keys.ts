/**
 * Which keys a customer's keyboard may send to the app. A kiosk needs typing,
 * editing and moving between controls; every accelerator the browser or the
 * desktop knows (Ctrl/Alt/Meta combinations, function keys, the context-menu
 * key, browser keys) could leave, reload, zoom, print with a dialog, open a
 * file chooser or copy a customer's data to the clipboard for the next one.
 */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

const EDITING_KEYS = new Set([
  'Backspace',
  'Delete',
  'Enter',
  'Tab',
  'Escape',
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'Shift',
  // Japanese keyboards: switching input modes must keep working.
  'CapsLock',
  'Hankaku',
  'Zenkaku',
  'ZenkakuHankaku',
  'Eisu',
  'KanjiMode',
  'Convert',
  'NonConvert',
  'Process',
  'Unidentified',
]);

export function isBlockedKey(event: KeyLike): boolean {
  // AltGr arrives as Ctrl+Alt on some layouts and types a character: let it through.
  const altGraph = event.ctrlKey && event.altKey && event.key.length === 1 && !/[a-z0-9]/i.test(event.key);
  if ((event.ctrlKey || event.altKey || event.metaKey) && !altGraph) return true;
  if (event.key.length === 1 || event.key === ' ') return false;
  return !EDITING_KEYS.has(event.key);
}
