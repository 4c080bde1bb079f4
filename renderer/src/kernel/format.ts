// Numbers, plurals and dates in the person's own locale.

const numbers = new Intl.NumberFormat();
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
/** For a narrow column: all digits, still the whole date and time. */
const dateTimeShort = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
/** For a tooltip: the weekday, the date in words and the time to the second. */
const dateTimeFull = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function formatNumber(value: number): string {
  return numbers.format(value);
}

export function people(count: number): string {
  return `${formatNumber(count)} ${count === 1 ? 'person' : 'people'}`;
}

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** "12/7/26, 4:11 PM": the same moment in fewer characters, for a narrow column. */
export function formatDateTimeShort(iso: string): string {
  return dateTimeShort.format(new Date(iso));
}

/** "Monday, December 7, 2026 at 4:11:47 PM": with the seconds, for a tooltip. */
export function formatDateTimeFull(iso: string): string {
  return dateTimeFull.format(new Date(iso));
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "5 minutes ago", "yesterday", "just now". */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}
