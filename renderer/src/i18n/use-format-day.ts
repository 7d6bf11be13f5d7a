import { useMessages } from './messages';
import type { CalendarDay } from '@shared/contract/models';
import { formatDay } from '@shared/domain/calendar-day';

/**
 * Formats a calendar day per language: as the manual writes it in Japanese
 * (2026年11月25日, the same as mail and slips), the locale's long form in English.
 */
export function useFormatDay() {
  const { locale } = useMessages();
  return (day: CalendarDay) =>
    locale.value === 'ja'
      ? formatDay(day)
      : new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric' }).format(
          new Date(day.year, day.month - 1, day.day),
        );
}
