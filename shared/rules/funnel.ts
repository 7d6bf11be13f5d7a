import { z } from 'zod';
import { funnelSteps, leaveReasons } from '../domain/funnel';

/** A wizard shows one of its steps (the step must be one of that procedure's). */
export const funnelStepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('id_change'), step: z.enum(funnelSteps.id_change) }).strict(),
  z.object({ kind: z.literal('password_change'), step: z.enum(funnelSteps.password_change) }).strict(),
  z.object({ kind: z.literal('password_reset'), step: z.enum(funnelSteps.password_reset) }).strict(),
]);

/** The customer left the wizard by 「戻る」 or the menu (idle and sign-out are told by the sign-out itself). */
export const funnelLeaveSchema = z.object({ reason: z.literal('back') }).strict();

/** How the page signs the customer out: their own 「ログアウト」, or the idle reset. */
export const signOutSchema = z.object({ reason: z.enum(['customer', 'idle']).optional() }).strict();

export { leaveReasons };
