import type { ChannelName } from './channels';

/**
 * Who may call a channel, decided by the dispatcher once the input has
 * passed its schema and before any handler runs:
 * - `public`: any window (sign-in, help, entering staff mode).
 * - `signed-out`: a window where nobody is signed in (the password reset).
 * - `customer`: a signed-in customer whose password is their own.
 * - `password-change-required`: a customer signed in with a staff-issued temporary password.
 * - `customer-or-reset`: a customer with their own password, or a window where nobody is
 *   signed in (what a reset also uses: its slip, its demo mailbox).
 * - `staff`: a window in staff mode (a staff member or a manager).
 * - `manager`: a window in staff mode entered by a manager (settings, staff accounts, the audit trail, quitting).
 */
export const audiences = ['public', 'signed-out', 'customer', 'password-change-required', 'customer-or-reset', 'staff', 'manager'] as const;
export type Audience = (typeof audiences)[number];

/** Every channel's audience: a channel without one does not compile. */
export const channelAudiences = {
  'session.signIn': 'public',
  'session.signOut': 'public',
  'session.current': 'public',
  'session.setPassword': 'password-change-required',
  'account.overview': 'customer',
  'idChange.start': 'customer',
  'idChange.reauthenticate': 'customer',
  'idChange.requestCode': 'customer',
  'idChange.resendCode': 'customer',
  'idChange.verifyCode': 'customer',
  'idChange.commit': 'customer',
  'idChange.finish': 'customer',
  'passwordChange.start': 'customer',
  'passwordChange.check': 'customer',
  'passwordChange.back': 'customer',
  'passwordChange.commit': 'customer',
  'passwordChange.rate': 'customer',
  'passwordChange.finish': 'customer',
  'passwordReset.start': 'signed-out',
  'passwordReset.requestCode': 'signed-out',
  'passwordReset.resendCode': 'signed-out',
  'passwordReset.verifyCode': 'signed-out',
  'passwordReset.commit': 'signed-out',
  'passwordReset.finish': 'signed-out',
  'print.slip': 'customer-or-reset',
  'mailbox.list': 'customer-or-reset',
  'kiosk.info': 'public',
  // The welcome screen shows a printer that cannot print and the closed screen; every wizard counts its steps.
  'kiosk.status': 'public',
  'funnel.step': 'public',
  'funnel.leave': 'public',
  'support.call': 'public',
  // Every screen speaks and shows furigana, the welcome screen and staff's PIN entry included.
  'speech.say': 'public',
  'speech.repeat': 'public',
  'speech.stop': 'public',
  'reading.furigana': 'public',
  'staff.unlock': 'public',
  // The window checks itself that a member entered with a PIN to replace.
  'staff.setPin': 'public',
  'staff.lock': 'public',
  'staff.overview': 'staff',
  'staff.saveSettings': 'manager',
  'staff.retryMail': 'staff',
  'staff.printTestPage': 'staff',
  'staff.demoPrintout': 'staff',
  'staff.unlockId': 'staff',
  'staff.issueTemporaryPassword': 'staff',
  'staff.reprintTemporaryPassword': 'staff',
  'staff.lookUpIds': 'staff',
  'staff.printId': 'staff',
  'staff.resolveCall': 'staff',
  'staff.mailbox': 'staff',
  'staff.quit': 'manager',
  'staff.members': 'manager',
  'staff.addMember': 'manager',
  'staff.deactivateMember': 'manager',
  'staff.resetMemberPin': 'manager',
  'staff.auditTrail': 'manager',
  'staff.printDayReport': 'manager',
  'staff.saveOpeningHours': 'manager',
} as const satisfies Record<ChannelName, Audience>;

/** Where the window stands when a call arrives: what the dispatcher checks an audience against. */
export interface CallerState {
  customer: 'none' | 'signed-in' | 'must-change-password';
  staff: boolean;
  /** In staff mode as a manager (implies `staff`). */
  manager: boolean;
}
