import { z } from 'zod';
import { reason } from '../contract/reasons';
import { refuseUnusableCharacters } from './characters';

/** The number on a staff card: 4 to 10 digits. */
export const STAFF_NUMBER = /^\d{4,10}$/;
/** A staff PIN: 6 to 8 digits. */
export const STAFF_PIN = /^\d{6,8}$/;

/** A run of digits up or down by one (123456, 987654): guessed first, so refused. */
function isRun(pin: string): boolean {
  const steps = new Set<number>();
  for (let i = 1; i < pin.length; i += 1) steps.add(Number(pin[i]) - Number(pin[i - 1]));
  return steps.size === 1 && (steps.has(1) || steps.has(-1));
}

/** Why a new PIN is refused (a reason key), or undefined: 6–8 digits, not one digit repeated, not a run, not the staff number. */
export function newPinRefusal(pin: string, staffNumber: string): ReturnType<typeof reason> | undefined {
  if (!STAFF_PIN.test(pin)) return reason('staff.errors.pin');
  if (/^(\d)\1+$/.test(pin)) return reason('staff.errors.pinRepeated');
  if (isRun(pin)) return reason('staff.errors.pinRun');
  if (pin === staffNumber) return reason('staff.errors.pinIsNumber');
  return undefined;
}

const digits = (max: number) =>
  z
    .string({ required_error: reason('errors.required') })
    .min(1, reason('errors.required'))
    .max(100, reason('errors.tooLong'))
    .superRefine(refuseUnusableCharacters)
    .refine((value) => value.length <= max, reason('errors.tooLong'));

/** Entering staff mode: the number (typed, or from a card reader) and the PIN. One answer for a wrong one of either. */
export const staffEntrySchema = z
  .object({
    number: digits(10).refine((value) => STAFF_NUMBER.test(value), reason('staff.errors.number')),
    pin: digits(8),
    endCustomerSession: z.boolean().optional(),
  })
  .strict();

/** A member's own new PIN, typed twice. */
export const newStaffPinSchema = z
  .object({ pin: digits(8), pinAgain: digits(8) })
  .strict()
  .superRefine((value, ctx) => {
    if (value.pin !== value.pinAgain) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['pinAgain'], message: reason('staff.errors.pinMismatch') });
  });

const staffName = z.string().trim().min(1, reason('errors.required')).max(40, reason('errors.tooLong')).superRefine(refuseUnusableCharacters);

/** A manager adds a member; the first PIN is typed by the manager and replaced by the member at the first entry. */
export const newStaffMemberSchema = z
  .object({
    number: digits(10).refine((value) => STAFF_NUMBER.test(value), reason('staff.errors.number')),
    name: staffName,
    role: z.enum(['staff', 'manager'], { errorMap: () => ({ message: reason('errors.invalid') }) }),
    pin: digits(8),
  })
  .strict()
  .superRefine((value, ctx) => {
    const refusal = newPinRefusal(value.pin, value.number);
    if (refusal) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['pin'], message: refusal });
  });

export const staffNumberSchema = z.object({ number: digits(10).refine((value) => STAFF_NUMBER.test(value), reason('staff.errors.number')) }).strict();

export type NewStaffMemberInput = z.infer<typeof newStaffMemberSchema>;
export const resetStaffPinSchema = z
  .object({ number: digits(10).refine((value) => STAFF_NUMBER.test(value), reason('staff.errors.number')), pin: digits(8) })
  .strict();

/** The manager's 「操作履歴」: filters and a page. */
export const auditQuerySchema = z
  .object({
    /** A day in Japan, YYYY-MM-DD. */
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, reason('errors.invalid')).optional(),
    staffNumber: z.string().regex(STAFF_NUMBER, reason('staff.errors.number')).optional(),
    action: z.string().regex(/^[a-z_]{1,40}$/, reason('errors.invalid')).optional(),
    /** The page after the row with this id (newest first). */
    beforeId: z.number().int().positive().optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuerySchema>;
