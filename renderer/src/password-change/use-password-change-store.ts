import { defineStore } from 'pinia';
import type { PasswordChangeCompletion } from '@shared/contract/models';
import { kiosk } from '../kiosk';

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
  actions: {
    /** The completion is left: the new password is gone for good, in the core and here. */
    async finish() {
      await kiosk().passwordChange.finish();
      this.$reset();
    },
  },
});
