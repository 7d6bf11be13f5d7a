import { z } from 'zod';
import { characterProblem, NOT_HALF_WIDTH, refuseUnusableCharacters } from './characters';
import { ruleMessage } from './rule-message';
import { reason, type Reason } from '../contract/reasons';

/**
 * The rules for a new password (docs/product.md, "5. パスワードの変更"), one schema for the form and the
 * core: 6–32 characters from A-Z a-z 0-9 % + . / : = @ ^ _ -; both entries
 * equal; not the current password; not containing the iTSCOM ID's local part
 * (OWASP ASVS 6.2.4's context words). The core adds the common-password list.
 */
export const PASSWORD_MIN = 6;
export const PASSWORD_MAX = 32;
/** The symbols a password may hold: the rule, the on-screen keyboard and the messages all read them from here. */
export const PASSWORD_SYMBOLS = ['%', '+', '.', '/', ':', '=', '@', '^', '_', '-'] as const;
const ALLOWED_CHAR = new RegExp(`[A-Za-z0-9${PASSWORD_SYMBOLS.map((symbol) => `\\${symbol}`).join('')}]`);
/** Shorter local parts would refuse too much by chance (an ID "a@…" would forbid every "a"). */
const MIN_ID_PART = 3;

export const passwordMessages = {
  required: reason('errors.required'),
  halfWidth: reason('rules.password.halfWidth'),
  length: reason('rules.password.length'),
  forbidden: reason('rules.password.forbidden'),
  mismatch: reason('rules.password.mismatch'),
  sameAsCurrent: reason('rules.password.sameAsCurrent'),
  sameAsTemporary: reason('rules.password.sameAsTemporary'),
  containsId: reason('rules.password.containsId'),
  common: reason('rules.password.common'),
  wrongCurrent: reason('rules.password.wrongCurrent'),
  // The account store's own policy (a directory's), after every rule of the kiosk's.
  inHistory: reason('rules.password.inHistory'),
  policy: reason('rules.password.policy'),
  tooYoung: reason('rules.password.tooYoung'),
} as const;

/** The first rule a new password breaks, as a message; undefined when it keeps them all. */
export function newPasswordProblem(value: string): Reason | undefined {
  if (value.length === 0) return passwordMessages.required;
  const unusable = characterProblem(value);
  if (unusable) return unusable;
  if (NOT_HALF_WIDTH.test(value)) return passwordMessages.halfWidth;
  const forbidden = [...value].find((char) => !ALLOWED_CHAR.test(char));
  if (forbidden !== undefined) return ruleMessage(passwordMessages.forbidden, forbidden === ' ' ? 'スペース' : forbidden);
  if (value.length < PASSWORD_MIN || value.length > PASSWORD_MAX) return passwordMessages.length;
  return undefined;
}

/** The part of an iTSCOM ID a password must not contain: the local part of a mail, or the whole legacy ID. */
export function idPart(itscomId: string): string {
  return (itscomId.split('@')[0] ?? '').toLowerCase();
}

export function containsIdPart(password: string, itscomId: string): boolean {
  const part = idPart(itscomId);
  return part.length >= MIN_ID_PART && password.toLowerCase().includes(part);
}

const secret = z
  .string({ required_error: passwordMessages.required, invalid_type_error: passwordMessages.required })
  .max(1000, passwordMessages.length);

/** The rules of a new password and its repetition, as form issues (`currentPassword`: refused as the new one too). */
function refineNewPassword(
  value: { newPassword: string; newPasswordAgain: string; currentPassword?: string },
  ctx: z.RefinementCtx,
  itscomId: string | undefined,
): void {
  const problem = newPasswordProblem(value.newPassword);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['newPassword'], message: problem });
  else if (value.newPassword === value.currentPassword) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['newPassword'], message: passwordMessages.sameAsCurrent });
  } else if (itscomId !== undefined && containsIdPart(value.newPassword, itscomId)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['newPassword'], message: passwordMessages.containsId });
  }
  if (characterProblem(value.newPasswordAgain)) {
    // Reported on the field itself, by its own refinement.
  } else if (value.newPasswordAgain.length === 0) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['newPasswordAgain'], message: passwordMessages.required });
  } else if (value.newPasswordAgain !== value.newPassword) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['newPasswordAgain'], message: passwordMessages.mismatch });
  }
}

/** Step 1's three fields. `itscomId`, when known (the form), also refuses passwords containing it. */
export function passwordChangeSchema(itscomId?: string) {
  return z
    .object({
      currentPassword: secret
        .refine((value) => value.length > 0, passwordMessages.required)
        .superRefine(refuseUnusableCharacters),
      newPassword: secret,
      newPasswordAgain: secret.superRefine(refuseUnusableCharacters),
    })
    .strict()
    .superRefine((value, ctx) => refineNewPassword(value, ctx, itscomId));
}

/**
 * A new password without the current one: the reset's step 3 and the
 * password set after a temporary one. `itscomId`, when known, also refuses
 * passwords containing it (the core checks that and the common list anyway).
 */
export function newPasswordSchema(itscomId?: string) {
  return z
    .object({ newPassword: secret, newPasswordAgain: secret.superRefine(refuseUnusableCharacters) })
    .strict()
    .superRefine((value, ctx) => refineNewPassword(value, ctx, itscomId));
}

export type NewPasswordInput = z.infer<ReturnType<typeof newPasswordSchema>>;

export const surveySchema = z.object({ rating: z.number().int().min(1).max(5) }).strict();
