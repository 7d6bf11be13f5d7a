import { createI18n } from 'vue-i18n';
import { ja, type Messages } from './ja';

export const i18n = createI18n<[Messages], 'ja', false>({
  legacy: false,
  locale: 'ja',
  fallbackLocale: 'ja',
  messages: { ja },
});
