import { z } from 'zod';
import { refuseUnusableCharacters } from '../rules/characters';
import { hasClearPassword, smtpUrlProblem } from '../rules/smtp-url';
import { reason } from '../contract/reasons';
import { isUsablePrinterName } from '../rules/printer-name';

/**
 * What staff can change at the counter (docs/product.md, "8. Staff mode"). Stored as
 * this kiosk's own rows of the store; a stored value wins over the environment
 * and the config file, so a change made at the counter takes effect. Messages
 * are i18n keys.
 */
export const staffSettingsSchema = z
  .object({
    idleSeconds: z
      .number({ invalid_type_error: reason('staff.errors.idleSeconds') })
      .int(reason('staff.errors.idleSeconds'))
      .min(10, reason('staff.errors.idleSeconds'))
      .max(3600, reason('staff.errors.idleSeconds')),
    /** Empty: the system default printer. */
    printer: z
      .string()
      .max(200, reason('errors.tooLong'))
      .superRefine(refuseUnusableCharacters)
      .refine((value) => value === '' || isUsablePrinterName(value), reason('staff.errors.printerName')),
    paperSize: z.enum(['a4', 'roll80'], { errorMap: () => ({ message: reason('errors.invalid') }) }),
    /** Empty: the embedded demo mailbox. */
    smtpUrl: z
      .string()
      .max(500, reason('errors.tooLong'))
      .superRefine(refuseUnusableCharacters)
      .superRefine((value, ctx) => {
        const problem = value === '' ? undefined : smtpUrlProblem(value);
        if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem === 'insecure_remote' ? reason('staff.errors.smtpUrlInsecure') : reason('staff.errors.smtpUrl') });
        // The relay's password lives in the environment only (kiosk.env); the form shows it masked.
        else if (hasClearPassword(value)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: reason('staff.errors.smtpPasswordHere') });
      }),
    mailFrom: z.string().max(200, reason('errors.tooLong')).superRefine(refuseUnusableCharacters).pipe(z.string().email(reason('staff.errors.mailFrom'))),
    shopName: z.string().min(1, reason('errors.required')).max(60, reason('errors.tooLong')).superRefine(refuseUnusableCharacters),
  })
  .strict();

export type StaffSettingsInput = z.infer<typeof staffSettingsSchema>;
