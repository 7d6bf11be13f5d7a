import { fail, ok, type KioskError, type KioskResult } from '../../../shared/contract/result';
import type { RateEventsRepo } from '../store/rate-events-repo';

/** Code mails per subject (a customer, an ID typed at the reset) within any hour. */
export const MAX_SENDS_PER_HOUR = 5;
/** A new code for the same procedure no sooner than this after the last. */
export const RESEND_WAIT_MS = 60_000;
const HOUR_MS = 60 * 60_000;

/**
 * too_soon, with the wait, when a procedure's last code went out less than
 * RESEND_WAIT_MS before `now`: from the code step's resend and from the first
 * step alike (a new address or ID is a resend too). Undefined: it may send.
 */
export function resendRefusal(sentAt: number, now: number): KioskError | undefined {
  const wait = sentAt + RESEND_WAIT_MS - now;
  return wait > 0 ? fail('too_soon', { retryAfterSeconds: Math.ceil(wait / 1000) }) : undefined;
}

/**
 * Takes one of the subject's hourly sends in the caller's transaction (the
 * subject held until it ends, so a burst cannot take more than there are);
 * rate_limited, with the wait, when none is left.
 */
export async function takeHourlySend(rateEvents: RateEventsRepo, subject: string, at: number): Promise<KioskResult<null>> {
  await rateEvents.lock(subject);
  const recent = await rateEvents.since(subject, at - HOUR_MS);
  if (recent.length >= MAX_SENDS_PER_HOUR) {
    return fail('rate_limited', { retryAfterSeconds: Math.ceil(((recent[0] ?? at) + HOUR_MS - at) / 1000) });
  }
  await rateEvents.add(subject, at);
  return ok(null);
}
