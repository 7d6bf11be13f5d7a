/**
 * A CUPS printer name the kiosk will pass to CUPS's commands: printable, no
 * space, none of the characters CUPS refuses in a name (/ \ # ? ' "), and
 * never starting with "-". CUPS's commands (lp, lpstat, cancel) take no "--":
 * a name that looked like an option (`-hevil.example`) would be read as one
 * (lpstat would ask another server). The kiosk also passes each name attached
 * to its option (`-dNAME`), so nothing after the flag is ever an option.
 */
export const PRINTER_NAME = /^[^\s\-/\\#?'"\p{Cc}][^\s/\\#?'"\p{Cc}]{0,199}$/u;

export const isUsablePrinterName = (name: string): boolean => PRINTER_NAME.test(name);

export const PRINTER_NAME_PROBLEM = 'must be a CUPS printer name (no spaces, / \\ # ? quotes, and not starting with -)';
