// The list's order and column filters in SQL terms: which column each sort reads, and
// a date-range filter as conditions on the stored times.
//
// Times are compared as stored. Roster, Prisma and the triggers store every time in one
// fixed-width UTC form ("2026-11-24T09:27:04.887+00:00"; the triggers rewrite whatever
// another tool writes, and opening a file whose trigger is gone repairs it and rewrites
// the rows: stored-time.ts lists the forms). In that form text order is time order, so
// a range is an index range of (createdAt, id) or (updatedAt, id), and a sort by time
// is a walk of the same index, exactly as for the name.

import type { DateRange, PeopleFilter, SortKey } from '../common/people-contract.js';

/** A sort key's column in "Person". */
export type SortColumn = '"nameKey"' | '"createdAt"' | '"updatedAt"';

export function sortColumn(sort: SortKey): SortColumn {
  if (sort === 'name') return '"nameKey"';
  return sort === 'created' ? '"createdAt"' : '"updatedAt"';
}

/** One column's range, in the stored form: from included, to left out; null for an open end. */
export interface StoredRange {
  readonly column: '"createdAt"' | '"updatedAt"';
  readonly from: string | null;
  readonly to: string | null;
}

/** A filter as the queries use it (it crosses to a worker as is): no ranges for none. */
export type StoredFilter = readonly StoredRange[];

/** An ISO instant (the wire form, "Z") in the stored form, so that text comparison is time comparison. */
function storedInstant(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 23)}+00:00`;
}

function storedRange(column: StoredRange['column'], range: DateRange | undefined): StoredRange[] {
  if (range === undefined || (range.from === undefined && range.to === undefined)) return [];
  return [
    {
      column,
      from: range.from === undefined ? null : storedInstant(range.from),
      to: range.to === undefined ? null : storedInstant(range.to),
    },
  ];
}

export function storedFilter(filter: PeopleFilter | undefined): StoredFilter {
  return [...storedRange('"createdAt"', filter?.added), ...storedRange('"updatedAt"', filter?.changed)];
}

/** A count cache's key for a search and a filter. */
export function countKey(search: string, filter: StoredFilter): string {
  return filter.length === 0 ? search : `${search}\u0000${JSON.stringify(filter)}`;
}

export interface SqlPart {
  readonly sql: string;
  readonly params: (string | number)[];
}

/**
 * The ranges as conditions on `alias`'s columns, joined by AND ('' for none). Only the
 * range on `indexed` may use its index (the others are written `+col`, which SQLite
 * never serves from an index), so each plan below reads the index it chose.
 */
export function rangeConditions(filter: StoredFilter, alias: string, indexed: string | null): SqlPart {
  const terms: string[] = [];
  const params: (string | number)[] = [];
  for (const range of filter) {
    const column = `${range.column === indexed ? '' : '+'}${alias}${range.column}`;
    if (range.from !== null) {
      terms.push(`${column} >= ?`);
      params.push(range.from);
    }
    if (range.to !== null) {
      terms.push(`${column} < ?`);
      params.push(range.to);
    }
  }
  return { sql: terms.join(' AND '), params };
}

/** Conditions joined by AND, skipping empty ones ('' when none is left). */
export function allOf(...parts: readonly SqlPart[]): SqlPart {
  const kept = parts.filter((part) => part.sql !== '');
  return { sql: kept.map((part) => part.sql).join(' AND '), params: kept.flatMap((part) => part.params) };
}
