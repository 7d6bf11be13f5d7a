/**
 * Every channel the renderer may call, as `area.verb`. Kept free of zod so the
 * sandboxed preload can import it without pulling the schemas in.
 */
export const channelNames = [
  'session.signIn',
  'session.signOut',
  'session.current',
  'session.setPassword',
  'account.overview',
  'idChange.start',
  'idChange.reauthenticate',
  'idChange.requestCode',
  'idChange.resendCode',
  'idChange.verifyCode',
  'idChange.commit',
  'idChange.finish',
  'passwordChange.start',
  'passwordChange.check',
  'passwordChange.back',
  'passwordChange.commit',
  'passwordChange.rate',
  'passwordChange.finish',
  'passwordReset.start',
  'passwordReset.requestCode',
  'passwordReset.resendCode',
  'passwordReset.verifyCode',
  'passwordReset.commit',
  'passwordReset.finish',
  'print.slip',
  'mailbox.list',
  'kiosk.info',
  'kiosk.status',
  'funnel.step',
  'funnel.leave',
  'support.call',
  'speech.say',
  'speech.repeat',
  'speech.stop',
  'reading.furigana',
  'staff.unlock',
  'staff.setPin',
  'staff.lock',
  'staff.overview',
  'staff.saveSettings',
  'staff.retryMail',
  'staff.printTestPage',
  'staff.demoPrintout',
  'staff.unlockId',
  'staff.issueTemporaryPassword',
  'staff.reprintTemporaryPassword',
  'staff.lookUpIds',
  'staff.printId',
  'staff.resolveCall',
  'staff.mailbox',
  'staff.quit',
  'staff.members',
  'staff.addMember',
  'staff.deactivateMember',
  'staff.resetMemberPin',
  'staff.auditTrail',
  'staff.printDayReport',
  'staff.saveOpeningHours',
] as const;

export type ChannelName = (typeof channelNames)[number];

/** Events the core pushes to the renderer. */
export const eventNames = ['session.ended', 'mail.status'] as const;

export type EventName = (typeof eventNames)[number];

/** The areas whose channels are the steps of a customer procedure. */
const procedureAreas = ['idChange', 'passwordChange', 'passwordReset'] as const;

/**
 * A step of a procedure (and setting the password a temporary one asks for):
 * the dispatcher runs a window's steps one at a time, in arrival order.
 */
export function isProcedureStep(channel: ChannelName): boolean {
  return channel === 'session.setPassword' || (procedureAreas as readonly string[]).includes(channel.slice(0, channel.indexOf('.')));
}

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && (channelNames as readonly string[]).includes(value);
}
