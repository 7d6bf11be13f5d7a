import { z } from 'zod';
import { reason } from '../contract/reasons';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, reason('staff.errors.hoursTime'));
const day = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, reason('staff.errors.closedDay'))
  .refine((value) => !Number.isNaN(new Date(`${value}T00:00:00`).getTime()), reason('staff.errors.closedDay'));

/** One weekday's hours: opening before closing, on the same day. */
const dayHours = z
  .object({ open: time, close: time })
  .strict()
  .refine((slot) => slot.open < slot.close, { message: reason('staff.errors.hoursOrder'), path: ['close'] });

/**
 * The shop's opening hours as a manager saves them (shared/domain/opening-hours.ts):
 * seven weekdays from Sunday, each its hours or null (closed), and closed dates.
 * `null` as a whole: no hours, the kiosk is always open.
 */
export const openingHoursSchema = z
  .object({
    weekly: z.array(dayHours.nullable()).length(7),
    closedDays: z.array(day).max(366).refine((days) => new Set(days).size === days.length, reason('staff.errors.closedDay')),
  })
  .strict();

export const saveOpeningHoursSchema = z.object({ hours: openingHoursSchema.nullable() }).strict();
