import { defineStore } from 'pinia';
import type { CustomerSummary } from '@shared/contract/models';

/** Who is signed in at this kiosk right now; empty between customers. */
export const useSessionStore = defineStore('session', {
  state: () => ({ customer: null as CustomerSummary | null }),
  getters: {
    signedIn: (state) => state.customer !== null,
  },
});
