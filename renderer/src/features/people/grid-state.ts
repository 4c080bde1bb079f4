// What the people grid's parts share (people-table.ts and the helpers it owns: the
// loader, the rows, the pointer and keyboard handling): the query shown, the active
// row and the selection. One plain object, so every part reads the same values and
// none keeps a copy that could fall behind.

import type { SortDirection, SortKey } from '../../../../main/features/people/common/people-contract.js';
import type { DateFilters } from './filters.js';
import type { NameEditor } from './name-editor.js';
import { Selection } from './selection.js';

export interface PeopleQuery {
  readonly sort: SortKey;
  readonly direction: SortDirection;
  readonly search: string;
  /** The date filters shown as chips; a new array whenever they change. */
  readonly filters: DateFilters;
}

/** Whether the query shows fewer than everyone (a search or a filter): counts say "N of M match". */
export function narrowed(query: PeopleQuery): boolean {
  return query.search !== '' || query.filters.length > 0;
}

export class GridState {
  query: PeopleQuery = { sort: 'name', direction: 'asc', search: '', filters: [] };
  /** The row aria-activedescendant points at; -1 before there is one. */
  active = -1;
  /** Where a Shift range starts; -1 when none has been set. */
  anchor = -1;
  readonly selected = new Selection();
  /** Select the active row as soon as it is loaded (selection follows focus). */
  selectActivePending = false;
  /** Ids just deleted: never selected again while stale rows still show them. */
  justDeleted = new Set<number>();
  /** The inline name editor, while one is open. */
  editor: NameEditor | null = null;
}
