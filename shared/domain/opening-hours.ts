/**
 * A shop's opening hours: for each weekday (0 Sunday … 6 Saturday, as
 * Date#getDay counts) the time the counter opens and closes ("HH:MM", the
 * kiosk's local time), or null when it is closed that weekday; and the
 * dates it is closed besides (holidays, YYYY-MM-DD). No hours set: always open.
 */
export interface OpeningHours {
  weekly: ({ open: string; close: string } | null)[];
  closedDays: string[];
}

export interface OpeningState {
  open: boolean;
  /** When the counter opens next (epoch ms), if it does within two weeks; null while open or when nothing is set. */
  nextOpening: number | null;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const two = (n: number) => String(n).padStart(2, '0');
export const dateKey = (d: Date) => `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;

/** Whether the counter is open at `at` (local time) and, when it is not, when it opens next. */
export function openingState(hours: OpeningHours | null, at: number): OpeningState {
  if (!hours) return { open: true, nextOpening: null };
  const now = new Date(at);
  const minuteNow = now.getHours() * 60 + now.getMinutes();
  const hoursOn = (day: Date) => (hours.closedDays.includes(dateKey(day)) ? null : (hours.weekly[day.getDay()] ?? null));
  const today = hoursOn(now);
  if (today && minuteNow >= minutesOf(today.open) && minuteNow < minutesOf(today.close)) return { open: true, nextOpening: null };
  for (let ahead = 0; ahead <= 14; ahead++) {
    const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + ahead);
    const slot = hoursOn(day);
    if (!slot || (ahead === 0 && minuteNow >= minutesOf(slot.open))) continue;
    const opens = minutesOf(slot.open);
    return { open: false, nextOpening: new Date(day.getFullYear(), day.getMonth(), day.getDate(), Math.floor(opens / 60), opens % 60).getTime() };
  }
  return { open: false, nextOpening: null };
}
