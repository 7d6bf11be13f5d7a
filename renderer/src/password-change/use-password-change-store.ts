import { defineStore } from 'pinia';
import type { PasswordChangeCompletion } from '@shared/contract/models';

export type PasswordChangeStep = 'entry' | 'confirm' | 'done';

/**
 * Where this customer is in the password change. The completion (with the new
 * password, for the print view) lives only here in memory and goes with the customer.
 */
export const usePasswordChangeStore = defineStore('passwordChange', {
  state: () => ({
    step: 'entry' as PasswordChangeStep,
    itscomId: '',
    completion: null as PasswordChangeCompletion | null,
    rated: false,
  }),
});
