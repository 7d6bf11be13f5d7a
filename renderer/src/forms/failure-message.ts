import type { ErrorCode, KioskError } from '@shared/contract/result';
import type { Message, MessageKey } from '../i18n/messages';

/**
 * The message for a step that failed for a reason no field explains. A full,
 * locked or unreachable store has changed nothing, and the customer is told what to do.
 */
export function failureMessage(code: ErrorCode): MessageKey {
  if (code === 'store_full') return 'errors.storeFull';
  if (code === 'store_busy') return 'errors.storeBusy';
  if (code === 'store_unavailable') return 'errors.storeUnavailable';
  if (code === 'shop_closed') return 'errors.shopClosed';
  if (code === 'password_change_required') return 'setPassword.required';
  return 'signIn.failed';
}

/** A code that could not be sent (from the first step or 「認証コードを再送する」): the same words at both, in both procedures. */
export function codeSendFailure(error: KioskError): Message {
  if (error.code === 'rate_limited') return { key: 'code.rateLimited', params: { minutes: Math.ceil((error.retryAfterSeconds ?? 3600) / 60) } };
  if (error.code === 'too_soon') return { key: 'code.tooSoon', params: { seconds: error.retryAfterSeconds ?? 60 } };
  return { key: failureMessage(error.code) };
}
