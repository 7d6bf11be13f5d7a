import type { CalendarDay } from '../contract/models';

/** The day of `at` on the kiosk's clock. */
export function calendarDay(at: number): CalendarDay {
  const date = new Date(at);
  return { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() };
}

/** 2026年11月25日, zero-padded as on the manual's screens (mail and slips are Japanese). */
export function formatDay(day: CalendarDay): string {
  return `${day.year}年${String(day.month).padStart(2, '0')}月${String(day.day).padStart(2, '0')}日`;
}
