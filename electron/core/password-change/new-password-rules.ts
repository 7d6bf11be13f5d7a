import type { Reason } from '../../../shared/contract/reasons';
import { fail, type KioskError } from '../../../shared/contract/result';
import { containsIdPart, newPasswordProblem, passwordMessages } from '../../../shared/rules/password';
import { isCommonPassword } from './common-passwords';
import type { PasswordRefusal } from '../account/account-store';

/**
 * Every rule of a new password the core decides (the form's own plus the
 * common-password list), as the field error the screen shows; undefined when
 * it keeps them all. The password change, the reset and the password set after
 * a temporary one all pass through here.
 */
export function newPasswordRefusal(input: { newPassword: string; newPasswordAgain: string }, itscomId: string): KioskError | undefined {
  const field = (name: 'newPassword' | 'newPasswordAgain', reason: Reason) => fail('invalid_input', { field: name, reason });
  const problem = newPasswordProblem(input.newPassword);
  if (problem) return field('newPassword', problem);
  if (input.newPasswordAgain !== input.newPassword) return field('newPasswordAgain', passwordMessages.mismatch);
  if (containsIdPart(input.newPassword, itscomId)) return field('newPassword', passwordMessages.containsId);
  if (isCommonPassword(input.newPassword)) return field('newPassword', passwordMessages.common);
  return undefined;
}

/** The account store's own policy refused the new password (a directory's history or quality rules): on the new password's field. */
export function policyRefusal(refusal: PasswordRefusal): KioskError {
  const reason = { in_history: passwordMessages.inHistory, quality: passwordMessages.policy, too_young: passwordMessages.tooYoung }[refusal];
  return fail('invalid_input', { field: 'newPassword', reason });
}
