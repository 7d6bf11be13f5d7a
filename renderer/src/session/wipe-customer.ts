import type { Router } from 'vue-router';
import { setLocale } from '../i18n';
import { closeKeyboard } from '../keyboard/keyboard-target';
import { kiosk } from '../kiosk';
import { resetAllStores } from './reset-all-stores';

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

/**
 * 「ログアウト」: the core ends the session, then the screen is wiped. The core's
 * session.ended event wipes too; doing it here as well keeps the screen clean
 * even if that event were lost.
 */
export async function signOutAndWipe(router: Router): Promise<void> {
  // Asked first (the core takes a window's calls in order), the screen wiped at once: what the
  // next customer chooses on the welcome screen meanwhile (English, larger text) is theirs.
  const ended = kiosk().session.signOut({ reason: 'customer' });
  await wipeCustomer(router);
  await ended;
}
