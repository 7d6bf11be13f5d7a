import type { Audience, CallerState } from '../../shared/contract/audiences';

/** Every state a window can be in when a call arrives. */
export const callerStates: Record<string, CallerState> = {
  'nobody signed in': { customer: 'none', staff: false, manager: false },
  'a customer signed in': { customer: 'signed-in', staff: false, manager: false },
  'a customer with a temporary password': { customer: 'must-change-password', staff: false, manager: false },
  'staff mode': { customer: 'none', staff: true, manager: false },
  'manager mode': { customer: 'none', staff: true, manager: true },
};

/** A caller the audience admits. */
export function admittedState(audience: Audience): CallerState {
  switch (audience) {
    case 'public':
    case 'signed-out':
    case 'customer-or-reset':
      return callerStates['nobody signed in']!;
    case 'customer':
      return callerStates['a customer signed in']!;
    case 'password-change-required':
      return callerStates['a customer with a temporary password']!;
    case 'staff':
      return callerStates['staff mode']!;
    case 'manager':
      return callerStates['manager mode']!;
  }
}
