import type { Router } from 'vue-router';
import { setLocale } from '../i18n';
import { closeKeyboard } from '../keyboard/keyboard-target';
import { resetAllStores } from '../stores/reset-all-stores';

/**
 * Leaves nothing of the last customer: every store reset, keyboard closed,
 * Japanese again, back to the welcome screen (forms unmount with their screens).
 */
export async function wipeCustomer(router: Router): Promise<void> {
  resetAllStores();
  closeKeyboard();
  setLocale('ja');
  await router.replace({ name: 'welcome' });
}
