import { describe, expect, it } from 'vitest';
import { fail } from '../../shared/contract/result';
import { codeSendFailure } from '../../renderer/src/forms/failure-message';
import { ja } from '../../renderer/src/i18n/ja';

/** What a customer reads when a code cannot go out: one function for the first step and the resend of both procedures. */
describe('a code that could not be sent', () => {
  it('tells how many minutes until the hourly sends allow another', () => {
    expect(codeSendFailure(fail('rate_limited', { retryAfterSeconds: 1500 }))).toEqual({ key: 'code.rateLimited', params: { minutes: 25 } });
    expect(codeSendFailure(fail('rate_limited', { retryAfterSeconds: 61 }))).toEqual({ key: 'code.rateLimited', params: { minutes: 2 } });
  });

  it('tells how many seconds until a resend may go', () => {
    expect(codeSendFailure(fail('too_soon', { retryAfterSeconds: 42 }))).toEqual({ key: 'code.tooSoon', params: { seconds: 42 } });
  });

  it('says what a store that changed nothing means, and asks for staff otherwise', () => {
    expect(codeSendFailure(fail('store_busy'))).toEqual({ key: 'errors.storeBusy' });
    expect(codeSendFailure(fail('internal'))).toEqual({ key: 'signIn.failed' });
  });

  it('names the wait in the message itself', () => {
    expect(ja.code.rateLimited).toContain('{minutes}');
    expect(ja.code.tooSoon).toContain('{seconds}');
  });
});
