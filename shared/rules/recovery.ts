import { z } from 'zod';
import { refuseUnusableCharacters } from './characters';
import { signInSchema } from './sign-in';
import { reason } from '../contract/reasons';

/**
 * The counter's recovery forms: the reset's ID (any ID the store may hold, as
 * at sign-in) and staff's two forms, each of which needs the identity check
 * ticked. Messages are i18n keys.
 */
const itscomId = signInSchema.shape.itscomId;

/** 「ご本人確認書類を確認しました」: required, and only `true` passes. */
const identityChecked = z.literal(true, { errorMap: () => ({ message: reason('staff.errors.identityNotChecked') }) });

export const resetRequestSchema = z.object({ itscomId }).strict();

export const temporaryPasswordSchema = z.object({ itscomId, identityChecked }).strict();

export const idLookupSchema = z
  .object({
    contactMail: z
      .string({ required_error: reason('errors.required'), invalid_type_error: reason('errors.required') })
      .min(1, reason('errors.required'))
      .max(200, reason('errors.tooLong'))
      .superRefine(refuseUnusableCharacters)
      .pipe(z.string().email(reason('staff.errors.contactMail'))),
    identityChecked,
  })
  .strict();

export const printIdSchema = z.object({ itscomId }).strict();

export type TemporaryPasswordInput = z.infer<typeof temporaryPasswordSchema>;
export type IdLookupInput = z.infer<typeof idLookupSchema>;
