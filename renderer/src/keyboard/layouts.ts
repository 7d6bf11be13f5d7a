import { PASSWORD_SYMBOLS } from '@shared/rules/password';
import type { KeyboardLayoutName } from './keyboard-target';

const LETTERS = ['q w e r t y u i o p', 'a s d f g h j k l', 'z x c v b n m'];
const DIGITS = '1 2 3 4 5 6 7 8 9 0';

/** Half-width letters and digits plus exactly the symbols the field's rules allow. */
function qwerty(symbols: string): Record<'default' | 'shift', string[]> {
  const row = (rows: string[]) => [
    `${DIGITS} {bksp}`,
    ...rows.slice(0, 2),
    `{shift} ${rows[2]} {shift}`,
    `${symbols} {done}`,
  ];
  return { default: row(LETTERS), shift: row(LETTERS.map((line) => line.toUpperCase())) };
}

export const KEYBOARD_LAYOUTS: Record<KeyboardLayoutName, Record<string, string[]>> = {
  itscomId: qwerty('@ _ - .'),
  password: qwerty(PASSWORD_SYMBOLS.join(' ')),
  text: qwerty('@ _ - . / : + %'),
  digits: { default: ['1 2 3', '4 5 6', '7 8 9', '{bksp} 0 {done}'] },
};
