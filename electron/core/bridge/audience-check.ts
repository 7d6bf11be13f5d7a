import type { Audience, CallerState } from '../../../shared/contract/audiences';
import { fail, type KioskError } from '../../../shared/contract/result';

/** Why a caller in `state` may not call a channel of `audience` (undefined: it may). */
export function audienceRefusal(audience: Audience, state: CallerState): KioskError | undefined {
  switch (audience) {
    case 'public':
      return undefined;
    case 'signed-out':
      return state.customer === 'none' ? undefined : fail('out_of_order');
    case 'customer':
      if (state.customer === 'none') return fail('not_signed_in');
      return state.customer === 'must-change-password' ? fail('password_change_required') : undefined;
    case 'password-change-required':
      if (state.customer === 'none') return fail('not_signed_in');
      return state.customer === 'signed-in' ? fail('out_of_order') : undefined;
    case 'customer-or-reset':
      return state.customer === 'must-change-password' ? fail('password_change_required') : undefined;
    case 'staff':
      return state.staff ? undefined : fail('not_staff');
    case 'manager':
      if (!state.staff) return fail('not_staff');
      return state.manager ? undefined : fail('not_manager');
  }
}
