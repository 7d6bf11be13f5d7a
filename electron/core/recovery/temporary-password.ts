import { randomInt } from 'node:crypto';
import { containsIdPart, newPasswordProblem } from '../../../shared/rules/password';
import { isCommonPassword } from '../password-change/common-passwords';

/** Letters and digits a customer cannot misread on paper (no 0/O, 1/l/I). */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
export const TEMPORARY_PASSWORD_LENGTH = 10;

/**
 * A temporary password from the OS CSPRNG (10 of 56 characters: about 58
 * bits, for a password that lives 24 hours behind the sign-in lockout) that
 * keeps every rule a customer's own password must keep.
 */
export function newTemporaryPassword(itscomId: string): string {
  for (;;) {
    const password = Array.from({ length: TEMPORARY_PASSWORD_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    if (!newPasswordProblem(password) && !containsIdPart(password, itscomId) && !isCommonPassword(password)) return password;
  }
}
