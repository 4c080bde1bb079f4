// Sets of person ids written compactly, as runs of consecutive ids: [[first, last], ...].
// A move journal row (PersonTransfer.sourceIds) holds the people on their way in this
// form, so a merge of a million people with few gaps costs a few bytes, not 8 MB.
//
// The journal is an ordinary table that other programs can write, so reading it back
// is strict: anything but sorted, disjoint, positive integer runs is refused (null),
// and the caller treats the row as unreadable rather than deleting the wrong people.

export type IdRange = readonly [first: number, last: number];
export type IdRanges = readonly IdRange[];

/** The runs of `ids` (any order, duplicates ignored), ascending. */
export function toRanges(ids: Iterable<number>): IdRange[] {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const id of sorted) {
    const last = ranges.at(-1);
    if (last && id === last[1] + 1) last[1] = id;
    else ranges.push([id, id]);
  }
  return ranges;
}

/** How many ids the ranges hold. */
export function rangeCount(ranges: IdRanges): number {
  return ranges.reduce((sum, [first, last]) => sum + (last - first + 1), 0);
}

/** Every id, ascending. */
export function* idsOf(ranges: IdRanges): Generator<number> {
  for (const [first, last] of ranges) for (let id = first; id <= last; id++) yield id;
}

export function encodeRanges(ranges: IdRanges): string {
  return JSON.stringify(ranges);
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** The ranges in `text`, or null unless it is exactly what encodeRanges writes (sorted, disjoint runs of positive ids). */
export function decodeRanges(text: unknown): IdRange[] | null {
  if (typeof text !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  const ranges: IdRange[] = [];
  let previous = 0;
  for (const item of parsed as unknown[]) {
    if (!Array.isArray(item) || item.length !== 2) return null;
    const [first, last] = item as unknown[];
    if (!isId(first) || !isId(last) || last < first || first <= previous) return null;
    ranges.push([first, last]);
    previous = last;
  }
  return ranges;
}
