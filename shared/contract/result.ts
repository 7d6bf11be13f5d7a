/**
 * Errors cross the bridge as values, never as thrown strings. `field` names the
 * input field an error belongs to, so the UI can show it next to that field.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_channel'
  | 'forbidden_sender'
  | 'not_signed_in'
  | 'invalid_credentials'
  | 'account_locked'
  | 'internal';

export interface KioskError {
  ok: false;
  code: ErrorCode;
  field?: string;
  /** i18n key of the rule that failed, for `invalid_input`. */
  reason?: string;
}

export interface KioskOk<T> {
  ok: true;
  value: T;
}

export type KioskResult<T> = KioskOk<T> | KioskError;

export function ok<T>(value: T): KioskOk<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, detail: { field?: string; reason?: string } = {}): KioskError {
  return { ok: false, code, ...detail };
}
