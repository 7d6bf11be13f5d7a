import { useI18n } from 'vue-i18n';
import type { CalendarDay } from '@shared/contract/models';

/**
 * Formats a calendar day per language: 2026年11月25日 (zero-padded, as on the
 * manual's screens) in Japanese, the locale's long form in English.
 */
export function useFormatDay() {
  const { t, locale } = useI18n();
  return (day: CalendarDay) =>
    locale.value === 'ja'
      ? t('wizard.date', { year: day.year, month: String(day.month).padStart(2, '0'), day: String(day.day).padStart(2, '0') })
      : new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric' }).format(
          new Date(day.year, day.month - 1, day.day),
        );
}
