// Which people a bulk action works on, as main resolves it on the connection doing the
// work (a delete, a copy, a move): these ids, or everyone a search and filter match but the
// ones left out. A window's "all 1,000,000 matching" crosses IPC as its search, never as
// a million ids, and is resolved here inside the action's own transaction, so the
// action reaches exactly the people the file holds at that instant.

import { RosterError } from '../../../kernel/common/errors.js';
import type { ConnectionStore } from '../../../kernel/node/sqlite/connection-store.js';
import { foldName } from '../../workspace/common/name-fold.js';
import type { PeopleSelection } from '../common/people-contract.js';
import { matchingIds } from './people-queries.js';
import { storedFilter, type StoredFilter } from './people-filter.js';

/** A selection with its search folded: what tasks take (it crosses to a worker as is). */
export type SelectionQuery =
  | { readonly ids: readonly number[] }
  /** Runs of ids (undo and redo of a transfer: a million people as a few numbers). */
  | { readonly ranges: readonly (readonly [number, number])[] }
  | { readonly matching: string; readonly filter?: StoredFilter; readonly except: readonly number[] };

/** Ids are looked up this many at a time (SQLite's variable limit is far above; json_each has none). */
export const ID_BATCH = 5000;

export function selectionQuery(selection: PeopleSelection): SelectionQuery {
  if (selection.kind === 'ids') return { ids: selection.ids };
  const filter = storedFilter(selection.filter);
  return { matching: foldName((selection.search ?? '').trim()), ...(filter.length > 0 ? { filter } : {}), except: selection.except ?? [] };
}

export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function expand(ranges: readonly (readonly [number, number])[]): number[] {
  const ids: number[] = [];
  for (const [first, last] of ranges) for (let id = first; id <= last; id++) ids.push(id);
  return ids;
}

function notFound(missing: readonly number[]): RosterError {
  const shown = missing.slice(0, 10).join(', ') + (missing.length > 10 ? `, and ${missing.length - 10} more` : '');
  return new RosterError(
    'PERSON_NOT_FOUND',
    missing.length === 1 ? `There is no person with id ${shown}.` : `There are no people with ids ${shown}.`,
    {
      ids: missing.slice(0, 100),
    },
  );
}

/**
 * The selected ids that exist, ascending. `strict`: every explicit id must exist, or
 * PERSON_NOT_FOUND names the missing ones (an action on a window's selection is all or nothing).
 */
export function resolveSelection(store: ConnectionStore, selection: SelectionQuery, options: { strict: boolean }): number[] {
  if ('ids' in selection || 'ranges' in selection) {
    const wanted = 'ids' in selection ? [...new Set(selection.ids)].sort((a, b) => a - b) : expand(selection.ranges);
    const present: number[] = [];
    const exists = store.db
      .prepare('SELECT "id" FROM "Person" WHERE "id" IN (SELECT value FROM json_each(?)) ORDER BY "id"')
      .pluck()
      .safeIntegers(false);
    for (const part of chunksOf(wanted, ID_BATCH)) present.push(...(exists.all(JSON.stringify(part)) as number[]));
    if (options.strict && present.length !== wanted.length) {
      const found = new Set(present);
      throw notFound(wanted.filter((id) => !found.has(id)));
    }
    return present;
  }
  const except = new Set(selection.except);
  return matchingIds(store, selection.matching, selection.filter).filter((id) => !except.has(id));
}
