import { z } from 'zod';
import { characterProblem, halfWidthOrUnusable, NOT_HALF_WIDTH, refuseUnusableCharacters } from './characters';
import { reason, type ReasonKey } from '../contract/reasons';

/**
 * The rules for a new iTSCOM ID (docs/product.md, "4. iTSCOM IDの変更"), one schema for the form and the
 * core. Each failure has its own message key, checked in the order a customer
 * would fix them: empty, full-width, length, characters, mail form.
 */
export const NEW_ID_MIN = 4;
export const NEW_ID_MAX = 100;

const ALLOWED = /^[A-Za-z0-9@_.-]+$/;
/** local@domain.tld from the allowed characters; no empty, leading, trailing or doubled dots. */
const MAIL_FORM = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

export type NewIdProblem = 'required' | 'halfWidth' | 'length' | 'characters' | 'mailForm';

export const newIdMessages: Record<NewIdProblem | 'sameAsCurrent' | 'taken', ReasonKey> = {
  required: reason('errors.required'),
  halfWidth: reason('rules.itscomId.halfWidth'),
  length: reason('rules.itscomId.length'),
  characters: reason('rules.itscomId.characters'),
  mailForm: reason('rules.itscomId.mailForm'),
  sameAsCurrent: reason('rules.itscomId.sameAsCurrent'),
  taken: reason('rules.itscomId.taken'),
};

export function newIdProblem(value: string): NewIdProblem | undefined {
  if (value.length === 0) return 'required';
  if (NOT_HALF_WIDTH.test(value)) return 'halfWidth';
  if (value.length < NEW_ID_MIN || value.length > NEW_ID_MAX) return 'length';
  if (!ALLOWED.test(value)) return 'characters';
  if (!MAIL_FORM.test(value)) return 'mailForm';
  return undefined;
}

/** Case-insensitive, as IDs are unique case-insensitively. */
export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The new ID's shape; `currentId`, when known (the form), also refuses the current ID. */
export function newItscomIdField(currentId?: string) {
  return z
    .string({ required_error: newIdMessages.required, invalid_type_error: newIdMessages.required })
    .max(1000, newIdMessages.length)
    .superRefine((value, ctx) => {
      const problem = value.length > 0 ? characterProblem(value) : undefined;
      const idProblem = newIdProblem(value);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      else if (idProblem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: newIdMessages[idProblem] });
      else if (currentId !== undefined && sameId(value, currentId)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: newIdMessages.sameAsCurrent });
      }
    });
}

export const requestCodeSchema = z.object({ newItscomId: newItscomIdField() }).strict();

export const verifyCodeSchema = z
  .object({
    code: z
      .string({ required_error: reason('errors.required'), invalid_type_error: reason('errors.required') })
      .max(100, reason('code.errors.form'))
      .refine((value) => value.length > 0, reason('errors.required'))
      .superRefine(refuseUnusableCharacters)
      .refine(halfWidthOrUnusable, reason('errors.halfWidth'))
      .refine((value) => value.length === 0 || /^\d{6}$/.test(value), reason('code.errors.form')),
  })
  .strict();

export const commitIdChangeSchema = z.object({ setAsContact: z.boolean() }).strict();

export const reauthenticateSchema = z
  .object({
    password: z
      .string({ required_error: reason('errors.required'), invalid_type_error: reason('errors.required') })
      .min(1, reason('errors.required'))
      .max(128, reason('errors.tooLong'))
      .superRefine(refuseUnusableCharacters),
  })
  .strict();
