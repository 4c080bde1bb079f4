// The table's date filters: "Added today", "Last changed this week", "Added between 1
// and 5 December". The person's days and weeks are in their own time zone, so they are
// turned into UTC instants here, once, when the filter is made: main receives only
// instants ({from, to} per column, from included and to left out) and knows nothing of
// time zones. The instants stay as made while the filter is shown, so the count, the
// pages and an "all matching" action all mean the same people.

import type { DateRange, PeopleFilter } from '../../../../main/features/people/common/people-contract.js';

export type FilterColumn = 'added' | 'changed';
export type FilterPreset = 'today' | 'week' | 'month' | 'between';

export const FILTER_COLUMNS: readonly { value: FilterColumn; label: string }[] = [
  { value: 'added', label: 'Added' },
  { value: 'changed', label: 'Last changed' },
];

export const FILTER_PRESETS: readonly { value: FilterPreset; label: string }[] = [
  { value: 'today', label: 'Today' },
  { value: 'week', label: 'This week' },
  { value: 'month', label: 'This month' },
  { value: 'between', label: 'Between…' },
];

/** One column's filter as the table holds it: what the chip says and the instants it stands for. */
export interface DateFilter {
  readonly column: FilterColumn;
  /** After the column's name on the chip: "this week", "1 Dec 2026 to 5 Dec 2026". */
  readonly label: string;
  readonly range: DateRange;
}

/** The filters shown, at most one per column. */
export type DateFilters = readonly DateFilter[];

/** "Added: this week": the chip's text, and its remove button's name after "Remove filter ". */
export function filterName(filter: DateFilter): string {
  const column = FILTER_COLUMNS.find((option) => option.value === filter.column)?.label ?? filter.column;
  return `${column}: ${filter.label}`;
}

/** The first day of the week where the person is (Monday unless their locale says otherwise), 0 = Sunday. */
function weekStartDay(): number {
  try {
    const locale = new Intl.Locale(navigator.language) as Intl.Locale & {
      getWeekInfo?: () => { firstDay: number };
      weekInfo?: { firstDay: number };
    };
    const firstDay = (locale.getWeekInfo?.() ?? locale.weekInfo)?.firstDay ?? 1;
    return firstDay % 7;
  } catch {
    return 1;
  }
}

/** Local midnight of a "YYYY-MM-DD" (a date input's value), or null when it is not one. */
function localDay(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(day.getTime()) ? null : day;
}

function addDays(day: Date, days: number): Date {
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + days);
}

function shownDay(day: Date): string {
  return day.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

/**
 * The filter for a preset, in the person's time zone at `now`. "Between" takes two date
 * inputs' values (either may be empty: open on that side); the second day is included.
 * An error says what to fix instead.
 */
export function makeFilter(
  column: FilterColumn,
  preset: FilterPreset,
  now: Date,
  between: { from: string; to: string } = { from: '', to: '' },
): DateFilter | { error: string } {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const span = (from: Date, to: Date, label: string): DateFilter => ({
    column,
    label,
    range: { from: from.toISOString(), to: to.toISOString() },
  });
  if (preset === 'today') return span(today, addDays(today, 1), 'today');
  if (preset === 'week') {
    const start = addDays(today, -((today.getDay() - weekStartDay() + 7) % 7));
    return span(start, addDays(start, 7), 'this week');
  }
  if (preset === 'month') {
    const start = new Date(today.getFullYear(), today.getMonth(), 1);
    return span(start, new Date(today.getFullYear(), today.getMonth() + 1, 1), 'this month');
  }
  const from = between.from === '' ? null : localDay(between.from);
  const to = between.to === '' ? null : localDay(between.to);
  if ((between.from !== '' && from === null) || (between.to !== '' && to === null)) return { error: 'Enter dates as shown.' };
  if (from === null && to === null) return { error: 'Enter a first day, a last day, or both.' };
  if (from !== null && to !== null && from > to) return { error: 'The first day must not be after the last day.' };
  const end = to === null ? null : addDays(to, 1);
  const label =
    from !== null && to !== null
      ? `${shownDay(from)} to ${shownDay(to)}`
      : from !== null
        ? `from ${shownDay(from)}`
        : `up to ${shownDay(to as Date)}`;
  return {
    column,
    label,
    range: { ...(from === null ? {} : { from: from.toISOString() }), ...(end === null ? {} : { to: end.toISOString() }) },
  };
}

/** The filters as main takes them, or undefined for none. */
export function wireFilter(filters: DateFilters, until?: Date): PeopleFilter | undefined {
  if (filters.length === 0) return undefined;
  const out: { added?: DateRange; changed?: DateRange } = {};
  for (const filter of filters) out[filter.column] = until ? endedBy(filter.range, until) : filter.range;
  return out;
}

/**
 * `range` ending no later than `until`. "This week" reaches into the future, so a
 * selection of everyone it shows ("all 5 matching") would otherwise take in people added
 * or changed after it was made, whom nobody saw; ending it at the moment of selecting keeps
 * Delete and Export to the people that were shown.
 */
function endedBy(range: DateRange, until: Date): DateRange {
  const limit = Math.max(until.getTime(), range.from === undefined ? -Infinity : Date.parse(range.from));
  if (range.to !== undefined && Date.parse(range.to) <= limit) return range;
  return { ...range, to: new Date(limit).toISOString() };
}

/** `filters` with `filter` in place of its column's (a column has at most one). */
export function withFilter(filters: DateFilters, filter: DateFilter): DateFilters {
  const order = FILTER_COLUMNS.map((option) => option.value);
  return [...filters.filter((other) => other.column !== filter.column), filter].sort(
    (a, b) => order.indexOf(a.column) - order.indexOf(b.column),
  );
}

/** `filters` without the one at `index` (its chip was removed). */
export function withoutFilter(filters: DateFilters, index: number): DateFilters {
  return filters.filter((_, i) => i !== index);
}
