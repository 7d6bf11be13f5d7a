import { defineStore } from 'pinia';
import type { AccountOverview } from '@shared/contract/models';
import { kiosk } from '../kiosk';

/** The signed-in customer's plan and account, as the core reports it. */
export const useAccountStore = defineStore('account', {
  state: () => ({ overview: null as AccountOverview | null, loadFailed: false }),
  actions: {
    async load() {
      const result = await kiosk().account.overview();
      this.loadFailed = !result.ok;
      this.overview = result.ok ? result.value : null;
    },
  },
});
