/**
 * Every message key the core may send as an error's `reason` (the rule a
 * field broke): the renderer's catalogues must hold each one, or the renderer
 * does not compile (renderer/src/i18n/messages.ts).
 */
export const reasonKeys = [
  'errors.required',
  'errors.tooLong',
  'errors.halfWidth',
  'errors.controlChar',
  'errors.invisibleChar',
  'errors.emoji',
  'errors.invalid',
  'errors.unexpectedField',
  'code.errors.form',
  'rules.itscomId.halfWidth',
  'rules.itscomId.length',
  'rules.itscomId.characters',
  'rules.itscomId.mailForm',
  'rules.itscomId.sameAsCurrent',
  'rules.itscomId.taken',
  'rules.password.halfWidth',
  'rules.password.length',
  'rules.password.forbidden',
  'rules.password.mismatch',
  'rules.password.sameAsCurrent',
  'rules.password.sameAsTemporary',
  'rules.password.containsId',
  'rules.password.common',
  'rules.password.wrongCurrent',
  'rules.password.inHistory',
  'rules.password.policy',
  'rules.password.tooYoung',
  'staff.errors.idleSeconds',
  'staff.errors.smtpUrl',
  'staff.errors.smtpUrlInsecure',
  'staff.errors.printerName',
  'staff.errors.smtpUrlRequired',
  'staff.errors.smtpPasswordHere',
  'staff.errors.mailFrom',
  'staff.errors.pin',
  'staff.errors.pinRepeated',
  'staff.errors.pinRun',
  'staff.errors.pinIsNumber',
  'staff.errors.pinMismatch',
  'staff.errors.number',
  'staff.errors.numberTaken',
  'staff.errors.lastManager',
  'staff.errors.unknownNumber',
  'staff.errors.notLocked',
  'staff.errors.identityNotChecked',
  'staff.errors.unknownId',
  'staff.errors.contactMail',
  'staff.errors.hoursTime',
  'staff.errors.hoursOrder',
  'staff.errors.closedDay',
] as const;

export type ReasonKey = (typeof reasonKeys)[number];

/** A reason as it crosses the contract: a key, or `key::value` for the one `{value}` of its message. */
export type Reason = ReasonKey | `${ReasonKey}::${string}`;

/** A rule's message key, checked by the compiler (zod takes any string). */
export const reason = (key: ReasonKey): ReasonKey => key;

export function isReasonKey(value: string): value is ReasonKey {
  return (reasonKeys as readonly string[]).includes(value);
}

/** A zod issue's message as a contract reason; anything else (zod's own words) is the generic one. */
export function asReason(message: string): Reason {
  const at = message.indexOf('::');
  return isReasonKey(at < 0 ? message : message.slice(0, at)) ? (message as Reason) : 'errors.invalid';
}
