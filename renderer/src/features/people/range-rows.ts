// The people in rows first..last of a query, for a range selection (Shift+click,
// Shift+End, Ctrl+A): rows already in the page cache are taken from it, the others are
// fetched in runs of up to 1,000, in order.

import type { PersonDto } from '../../../../main/features/people/common/people-contract.js';
import { roster, settle } from '../../kernel/api.js';
import type { PeopleQuery } from './grid-state.js';
import { wireFilter } from './filters.js';

const RANGE_FETCH = 1000;

export function listInput(query: PeopleQuery, offset: number, limit: number) {
  return {
    sort: query.sort,
    direction: query.direction,
    limit,
    offset,
    ...(query.search ? { search: query.search } : {}),
    ...matchingFilter(query),
  };
}

/** The query's filter as a request's `filter` field, or nothing when there is none. */
export function matchingFilter(query: PeopleQuery): { filter?: NonNullable<ReturnType<typeof wireFilter>> } {
  const filter = wireFilter(query.filters);
  return filter === undefined ? {} : { filter };
}

/**
 * The people in rows first..last, in table order, or null if a fetch failed or the
 * query changed meanwhile (`stillCurrent` turned false).
 */
export async function rowsInRange(
  query: PeopleQuery,
  first: number,
  last: number,
  cached: (index: number) => PersonDto | undefined,
  stillCurrent: () => boolean,
): Promise<PersonDto[] | null> {
  const found: PersonDto[] = [];
  let missingFrom = -1;
  const fetchMissing = async (to: number): Promise<boolean> => {
    for (let start = missingFrom; start <= to; start += RANGE_FETCH) {
      const limit = Math.min(RANGE_FETCH, to - start + 1);
      const result = await settle(roster().people.list(listInput(query, start, limit)));
      if (!result.ok || !stillCurrent()) return false;
      found.push(...result.data.items);
    }
    missingFrom = -1;
    return true;
  };
  for (let index = first; index <= last; index++) {
    const person = cached(index);
    if (person) {
      if (missingFrom >= 0 && !(await fetchMissing(index - 1))) return null;
      found.push(person);
    } else if (missingFrom < 0) {
      missingFrom = index;
    }
  }
  if (missingFrom >= 0 && !(await fetchMissing(last))) return null;
  return found;
}
