// Credits are counted per UTC day and limited per UTC calendar month, so that every server, whatever
// its time zone, files a call under the same day. Days are ISO dates, `YYYY-MM-DD`.

const DAY_MS = 86_400_000;

export function utcDay(time: Date): string {
  return time.toISOString().slice(0, 10);
}

/** `YYYY-MM`, the month a day belongs to. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** The first day of the day's month. */
export function monthStart(day: string): string {
  return `${monthOf(day)}-01`;
}

/** The `count` days up to and including `today`, oldest first. */
export function daysUpTo(today: string, count: number): string[] {
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => utcDay(new Date(end - (count - 1 - i) * DAY_MS)));
}

/** The first millisecond of the next UTC day: until then, `utcDay` need not be computed again. */
export function nextDayStarts(time: Date): number {
  return Date.parse(`${utcDay(time)}T00:00:00Z`) + DAY_MS;
}
