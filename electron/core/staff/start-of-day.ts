/** Midnight of the day `at` falls in, on the kiosk's clock (the day staff mode and the day's report count). */
export function startOfDay(at: number): number {
  const day = new Date(at);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}
