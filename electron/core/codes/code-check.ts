import { fail, type KioskError } from '../../../shared/contract/result';
import type { CodesRepo } from '../store/codes-repo';
import type { CodeBinding, CodeHasher } from './verification-code';

/** Wrong entries of one code before its procedure is cancelled. */
export const MAX_WRONG_CODES = 5;

export type CodeCheck = { outcome: 'right' } | { outcome: 'expired' } | { outcome: 'wrong'; remainingAttempts: number } | { outcome: 'cancelled' };

/** A code that was not right, as the screen is told: the same words for every procedure and every ID. */
export function codeRefusal(check: Exclude<CodeCheck, { outcome: 'right' }>): KioskError {
  switch (check.outcome) {
    case 'expired':
      return fail('code_expired');
    case 'cancelled':
      return fail('procedure_cancelled');
    case 'wrong':
      return fail('wrong_code', { field: 'code', remainingAttempts: check.remainingAttempts });
  }
}

/**
 * Checks an entered code against the stored one of `binding`, inside the
 * caller's transaction: the customer's codes are held first, so no two
 * entries can both see the same count of wrong attempts. A right code is used
 * up; the fifth wrong one cancels it; an expired one is marked so.
 */
export async function checkStoredCode(codes: CodesRepo, hasher: CodeHasher, binding: CodeBinding, code: string, now: number): Promise<CodeCheck> {
  await codes.lockCustomer(binding.customerId);
  const stored = await codes.findActive(binding.customerId, binding.sessionId);
  if (!stored || now >= stored.expiresAt) {
    if (stored) await codes.setState(stored.id, 'expired');
    return { outcome: 'expired' };
  }
  if (stored.newIdKey !== binding.newIdKey || !hasher.matches(code, binding, stored.codeHash)) {
    const wrong = stored.wrongAttempts + 1;
    if (wrong >= MAX_WRONG_CODES) {
      await codes.setState(stored.id, 'cancelled');
      return { outcome: 'cancelled' };
    }
    await codes.setWrongAttempts(stored.id, wrong);
    return { outcome: 'wrong', remainingAttempts: MAX_WRONG_CODES - wrong };
  }
  await codes.setState(stored.id, 'used');
  return { outcome: 'right' };
}
