import { z } from 'zod';
import type { ChannelName } from './channels';
import type {
  AccountOverview,
  AuditPage,
  CodeSent,
  CodeVerified,
  CustomerSummary,
  DemoMail,
  IdChangeCompletion,
  IdChangeStart,
  IdLookup,
  KioskInfo,
  KioskStatus,
  PasswordChangeCompletion,
  PasswordChangeStart,
  PasswordResetStart,
  ResetCodeSent,
  StaffEntered,
  StaffMemberView,
  StaffOverview,
  TemporaryPasswordIssued,
} from './models';
import { staffSettingsSchema } from '../config/staff-settings';
import { auditQuerySchema, newStaffMemberSchema, newStaffPinSchema, resetStaffPinSchema, staffEntrySchema, staffNumberSchema } from '../rules/staff';
import { refuseUnusableCharacters } from '../rules/characters';
import { furiganaRequestSchema, speechRepeatSchema, speechRequestSchema } from '../rules/speech';
import type { FuriganaSegment } from './models';
import { signInSchema } from '../rules/sign-in';
import { funnelLeaveSchema, funnelStepSchema, signOutSchema } from '../rules/funnel';
import { saveOpeningHoursSchema } from '../rules/opening-hours';
import { newPasswordSchema, passwordChangeSchema, surveySchema } from '../rules/password';
import { idLookupSchema, printIdSchema, resetRequestSchema, temporaryPasswordSchema } from '../rules/recovery';
import { commitIdChangeSchema, reauthenticateSchema, requestCodeSchema, verifyCodeSchema } from '../rules/itscom-id';

const noInput = z.object({}).strict();
const printSlipSchema = z.object({ kind: z.enum(['id_change', 'password']) }).strict();
const mailIdSchema = z.object({ id: z.number().int().positive().optional() }).strict();
const callIdSchema = z.object({ id: z.number().int().positive() }).strict();
const unlockIdSchema = z
  .object({ itscomId: z.string().min(1, 'errors.required').max(100, 'errors.tooLong').superRefine(refuseUnusableCharacters) })
  .strict();

/**
 * The input schema of every channel. The core's dispatcher parses every call
 * with it before any handler runs; `satisfies` keeps it in step with channelNames.
 */
export const inputSchemas = {
  'session.signIn': signInSchema,
  'session.signOut': signOutSchema,
  'session.current': noInput,
  'session.setPassword': newPasswordSchema(),
  'account.overview': noInput,
  'idChange.start': noInput,
  'idChange.reauthenticate': reauthenticateSchema,
  'idChange.requestCode': requestCodeSchema,
  'idChange.resendCode': noInput,
  'idChange.verifyCode': verifyCodeSchema,
  'idChange.commit': commitIdChangeSchema,
  'idChange.finish': noInput,
  'passwordChange.start': noInput,
  'passwordChange.check': passwordChangeSchema(),
  'passwordChange.back': noInput,
  'passwordChange.commit': noInput,
  'passwordChange.rate': surveySchema,
  'passwordChange.finish': noInput,
  'passwordReset.start': noInput,
  'passwordReset.requestCode': resetRequestSchema,
  'passwordReset.resendCode': noInput,
  'passwordReset.verifyCode': verifyCodeSchema,
  'passwordReset.commit': newPasswordSchema(),
  'passwordReset.finish': noInput,
  'print.slip': printSlipSchema,
  'mailbox.list': noInput,
  'kiosk.info': noInput,
  'kiosk.status': z.object({ fresh: z.boolean().optional() }).strict(),
  'funnel.step': funnelStepSchema,
  'funnel.leave': funnelLeaveSchema,
  'support.call': noInput,
  'speech.say': speechRequestSchema,
  'speech.repeat': speechRepeatSchema,
  'speech.stop': noInput,
  'reading.furigana': furiganaRequestSchema,
  'staff.unlock': staffEntrySchema,
  'staff.setPin': newStaffPinSchema,
  'staff.lock': noInput,
  'staff.overview': noInput,
  'staff.saveSettings': staffSettingsSchema,
  'staff.retryMail': mailIdSchema,
  'staff.printTestPage': noInput,
  'staff.demoPrintout': noInput,
  'staff.unlockId': unlockIdSchema,
  'staff.issueTemporaryPassword': temporaryPasswordSchema,
  'staff.reprintTemporaryPassword': noInput,
  'staff.lookUpIds': idLookupSchema,
  'staff.printId': printIdSchema,
  'staff.resolveCall': callIdSchema,
  'staff.mailbox': noInput,
  'staff.quit': noInput,
  'staff.members': noInput,
  'staff.addMember': newStaffMemberSchema,
  'staff.deactivateMember': staffNumberSchema,
  'staff.resetMemberPin': resetStaffPinSchema,
  'staff.auditTrail': auditQuerySchema,
  'staff.printDayReport': noInput,
  'staff.saveOpeningHours': saveOpeningHoursSchema,
} as const satisfies Record<ChannelName, z.ZodTypeAny>;

/** The value each channel returns on success. */
export interface ChannelOutputs {
  'session.signIn': CustomerSummary;
  'session.signOut': null;
  'session.current': CustomerSummary | null;
  'session.setPassword': null;
  'account.overview': AccountOverview;
  'idChange.start': IdChangeStart;
  'idChange.reauthenticate': null;
  'idChange.requestCode': CodeSent;
  'idChange.resendCode': CodeSent;
  'idChange.verifyCode': CodeVerified;
  'idChange.commit': IdChangeCompletion;
  'idChange.finish': null;
  'passwordChange.start': PasswordChangeStart;
  'passwordChange.check': null;
  'passwordChange.back': null;
  'passwordChange.commit': PasswordChangeCompletion;
  'passwordChange.rate': null;
  'passwordChange.finish': null;
  'passwordReset.start': PasswordResetStart;
  'passwordReset.requestCode': ResetCodeSent;
  'passwordReset.resendCode': ResetCodeSent;
  'passwordReset.verifyCode': null;
  'passwordReset.commit': PasswordChangeCompletion;
  'passwordReset.finish': null;
  'print.slip': { jobId: string | null };
  'mailbox.list': DemoMail[];
  'kiosk.info': KioskInfo;
  'kiosk.status': KioskStatus;
  'funnel.step': null;
  'funnel.leave': null;
  'support.call': { callId: number };
  'speech.say': null;
  'speech.repeat': null;
  'speech.stop': null;
  'reading.furigana': FuriganaSegment[][];
  'staff.unlock': StaffEntered;
  'staff.setPin': null;
  'staff.lock': null;
  'staff.overview': StaffOverview;
  'staff.saveSettings': null;
  'staff.retryMail': { queued: number };
  'staff.printTestPage': { jobId: string | null };
  /** The demo printer's latest output as a PNG data URL (staff look at it instead of paper). */
  'staff.demoPrintout': { image: string };
  'staff.unlockId': null;
  'staff.issueTemporaryPassword': TemporaryPasswordIssued;
  'staff.reprintTemporaryPassword': { printProblem: string | null };
  'staff.lookUpIds': IdLookup;
  'staff.printId': { printProblem: string | null };
  'staff.resolveCall': null;
  'staff.mailbox': DemoMail[];
  'staff.quit': null;
  'staff.members': StaffMemberView[];
  'staff.addMember': null;
  'staff.deactivateMember': null;
  'staff.resetMemberPin': null;
  'staff.auditTrail': AuditPage;
  'staff.printDayReport': { printProblem: string | null };
  'staff.saveOpeningHours': null;
}

export type ChannelInput<C extends ChannelName> = z.input<(typeof inputSchemas)[C]>;
export type ParsedInput<C extends ChannelName> = z.output<(typeof inputSchemas)[C]>;
export type ChannelOutput<C extends ChannelName> = ChannelOutputs[C];
