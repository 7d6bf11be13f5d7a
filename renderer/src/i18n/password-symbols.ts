import { PASSWORD_SYMBOLS } from '@shared/rules/password';

/**
 * The symbols a password may hold, for a message: each between `open` and
 * `close`, joined by `separator`. vue-i18n reads @ { } $ | as its own syntax,
 * so those are written as literals.
 */
export function passwordSymbols(open: string, close: string, separator: string): string {
  return PASSWORD_SYMBOLS.map((symbol) => `${open}${/[@{}$|]/.test(symbol) ? `{'${symbol}'}` : symbol}${close}`).join(separator);
}
