import type { Router } from 'vue-router';
import { resetAllStores } from '../stores/reset-all-stores';

/** Leaves nothing of the last customer: every store reset, back to the welcome screen. */
export async function wipeCustomer(router: Router): Promise<void> {
  resetAllStores();
  await router.replace({ name: 'welcome' });
}
