import { createI18n } from 'vue-i18n';
import { en } from './en';
import { ja, type Messages } from './ja';

export type Locale = 'ja' | 'en';

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: 'ja',
  fallbackLocale: 'ja',
  messages: { ja, en },
});

/** Switches the UI language; the document's lang follows for screen readers. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
}
