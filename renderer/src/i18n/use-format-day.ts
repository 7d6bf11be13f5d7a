import { useI18n } from 'vue-i18n';
import type { CalendarDay } from '@shared/contract/models';

/** Formats a calendar day as the manual does: 2026年11月25日 (zero-padded, as on its screens). */
export function useFormatDay() {
  const { t } = useI18n();
  return (day: CalendarDay) =>
    t('wizard.date', {
      year: day.year,
      month: String(day.month).padStart(2, '0'),
      day: String(day.day).padStart(2, '0'),
    });
}
