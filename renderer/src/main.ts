import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { i18n } from './i18n';
import { installInputGuard } from './kiosk-guard/install-input-guard';
import { kiosk } from './kiosk';
import { router } from './router';
import { wipeCustomer } from './session/wipe-customer';
import { trackStores } from './session/reset-all-stores';
import './styles/base.css';

installInputGuard();

const pinia = createPinia();
pinia.use(trackStores);

const app = createApp(App).use(pinia).use(router).use(i18n);

// The core ends sessions (sign-out, idle, reload); the screen follows.
kiosk().events.on('session.ended', () => void wipeCustomer(router));

void router.isReady().then(() => app.mount('#app'));
void router.push('/');
