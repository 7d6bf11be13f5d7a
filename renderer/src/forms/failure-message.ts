import type { ErrorCode } from '@shared/contract/result';

/**
 * The message for a step that failed for a reason no field explains. A full,
 * locked or unreachable store has changed nothing, and the customer is told what to do.
 */
export function failureMessage(code: ErrorCode): string {
  if (code === 'store_full') return 'errors.storeFull';
  if (code === 'store_busy') return 'errors.storeBusy';
  if (code === 'store_unavailable') return 'errors.storeUnavailable';
  if (code === 'password_change_required') return 'setPassword.required';
  return 'signIn.failed';
}
