import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { i18n } from './i18n';
import { installInputGuard } from './kiosk-guard/install-input-guard';
import { installKeypad } from './access/keypad';
import { useAccessStore } from './access/use-access-store';
import { enterKeyboardFrom } from './keyboard/keyboard-target';
import { kiosk } from './kiosk';
import { router } from './router';
import { wipeCustomer } from './session/wipe-customer';
import { useSessionStore } from './session/use-session-store';
import { trackStores } from './session/reset-all-stores';
import './styles/base.css';
import './styles/access.css';

installInputGuard();
// After the guard: blocked shortcuts never reach the keypad.
installKeypad({ enterKeyboard: enterKeyboardFrom, toggleSpeech: () => useAccessStore().toggleSpeech() });

const pinia = createPinia();
pinia.use(trackStores);

const app = createApp(App).use(pinia).use(router).use(i18n);

// The core ends sessions (sign-out, idle, reload, a password changed elsewhere); the screen follows.
// A screen with nobody signed in was wiped already (the sign-out wipes it itself, and this event may
// come after): it is left alone, since the next customer may already have chosen English there.
kiosk().events.on('session.ended', () => {
  if (useSessionStore().signedIn) void wipeCustomer(router);
});

void router.isReady().then(() => app.mount('#app'));
void router.push('/');
