import { z } from 'zod';
import { halfWidthOrUnusable, refuseUnusableCharacters } from './characters';

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
      .string({ required_error: 'errors.required', invalid_type_error: 'errors.required' })
      .min(1, 'errors.required')
      .max(ITSCOM_ID_MAX, 'errors.tooLong')
      .superRefine(refuseUnusableCharacters)
      .refine(halfWidthOrUnusable, 'errors.halfWidth'),
    password: z
      .string({ required_error: 'errors.required', invalid_type_error: 'errors.required' })
      .min(1, 'errors.required')
      .max(PASSWORD_MAX, 'errors.tooLong')
      .superRefine(refuseUnusableCharacters)
      .refine(halfWidthOrUnusable, 'errors.halfWidth'),
  })
  .strict();

export type SignInInput = z.infer<typeof signInSchema>;
