import { z } from 'zod';
import { halfWidthOrUnusable, refuseUnusableCharacters } from './characters';
import { reason } from '../contract/reasons';

/**
 * Sign-in only checks shape, not the change rules: a customer must be able to
 * sign in with whatever ID and password the store holds. Messages are i18n keys.
 */
export const ITSCOM_ID_MAX = 100;
// Every iTSCOM ID and password is printable half-width ASCII: anything else cannot match.
export const PASSWORD_MAX = 128;

export const signInSchema = z
  .object({
    itscomId: z
      .string({ required_error: reason('errors.required'), invalid_type_error: reason('errors.required') })
      .min(1, reason('errors.required'))
      .max(ITSCOM_ID_MAX, reason('errors.tooLong'))
      .superRefine(refuseUnusableCharacters)
      .refine(halfWidthOrUnusable, reason('errors.halfWidth')),
    password: z
      .string({ required_error: reason('errors.required'), invalid_type_error: reason('errors.required') })
      .min(1, reason('errors.required'))
      .max(PASSWORD_MAX, reason('errors.tooLong'))
      .superRefine(refuseUnusableCharacters)
      .refine(halfWidthOrUnusable, reason('errors.halfWidth')),
  })
  .strict();

export type SignInInput = z.infer<typeof signInSchema>;
