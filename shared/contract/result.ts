import type { Reason } from './reasons';

/**
 * Errors cross the bridge as values, never as thrown strings. `field` names the
 * input field an error belongs to, so the UI can show it next to that field.
 */
export const errorCodes = [
  'invalid_input',
  'unknown_channel',
  'forbidden_sender',
  'not_signed_in',
  'invalid_credentials',
  'account_locked',
  /** The step needs a fresh password entry (signed in more than 15 minutes ago). */
  'reauth_required',
  /** Resend asked for before the 60 s wait is over (see retryAfterSeconds). */
  'too_soon',
  /** Too many codes sent to this customer within the hour (see retryAfterSeconds). */
  'rate_limited',
  'wrong_code',
  'code_expired',
  /** Too many wrong codes: the procedure must be started again. */
  'procedure_cancelled',
  /** A later step's channel called before its step. */
  'out_of_order',
  /** Another customer registered the same ID first. */
  'id_taken',
  /** The feature is off in this configuration (e.g. the demo mailbox with a real relay). */
  'not_available',
  /** No KIOSK_PRINTER and no system default printer. */
  'printer_not_configured',
  /** The printer is stopped, rejecting jobs or offline. */
  'printer_offline',
  'printer_out_of_paper',
  'print_failed',
  /** Staff mode asked for while a customer is signed in at this window. */
  'customer_signed_in',
  'invalid_pin',
  /** Too many wrong PINs: staff mode is locked (see retryAfterSeconds). */
  'staff_locked',
  /** A staff channel called outside staff mode. */
  'not_staff',
  /** A manager's channel called by a staff member. */
  'not_manager',
  /** The store cannot grow (disk full or its size cap): nothing was changed. */
  'store_full',
  /** The store stayed locked by another process: nothing was changed; try again. */
  'store_busy',
  /** The shared store cannot be reached (server restarting, network down): nothing was changed; try again later. */
  'store_unavailable',
  /** A staff-issued temporary password past its 24 hours: staff must issue a new one. */
  'temporary_password_expired',
  /** Signed in with a temporary password: only setting a new one is open. */
  'password_change_required',
  /**
   * The customer's password or ID changed elsewhere (another kiosk, staff, a
   * reset) since this session signed in: nothing was changed or mailed, and the session is over.
   */
  'session_ended',
  /** Outside the shop's opening hours: a new procedure does not begin (one under way finishes). */
  'shop_closed',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface KioskError {
  ok: false;
  code: ErrorCode;
  field?: string;
  /** The rule that failed, for `invalid_input`: a message key of the renderer's catalogues. */
  reason?: Reason;
  retryAfterSeconds?: number;
  remainingAttempts?: number;
}

export interface KioskOk<T> {
  ok: true;
  value: T;
}

export type KioskResult<T> = KioskOk<T> | KioskError;

export function ok<T>(value: T): KioskOk<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, detail: Omit<KioskError, 'ok' | 'code'> = {}): KioskError {
  return { ok: false, code, ...detail };
}
