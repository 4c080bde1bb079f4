// The exact count of a date filter combined with a search (or of two filters), on a
// worker with a read-only connection of its own: such a count reads a row for every
// person in the smaller of the two sets (tens of thousands at a million people, a
// tenth of a second or more), which must not hold the main thread. The window asks
// for the count apart from its pages, so nothing waits for it but the count line.

import { immutableFilename, openSqlite } from '../../../kernel/node/sqlite/driver.js';
import { ConnectionStore } from '../../../kernel/node/sqlite/connection-store.js';
import { defineTask } from '../../../kernel/node/tasks/task.js';
import { countPeople } from './people-queries.js';
import type { StoredFilter } from './people-filter.js';
import { degradeSearch, type DegradedSearch } from '../../workspace/node/search/search-state.js';

export interface FilteredCountInput {
  readonly workspace: string;
  readonly readMode: 'normal' | 'immutable';
  /** Folded; '' for none. */
  readonly search: string;
  readonly filter: StoredFilter;
  /** How the window's own connection reads search (a damaged read-only file's index or keys are not trusted). */
  readonly degraded: DegradedSearch | null;
}

export const filteredCountTask = defineTask<FilteredCountInput, number>('filtered-count', async (input) => {
  const db =
    input.readMode === 'immutable'
      ? openSqlite(immutableFilename(input.workspace), { readonly: true, fileMustExist: true })
      : openSqlite(input.workspace, { readonly: true, fileMustExist: true, timeout: 5000 });
  db.defaultSafeIntegers(false);
  try {
    const store = new ConnectionStore(db);
    if (input.degraded !== null) degradeSearch(store, input.degraded);
    return db.transaction(() => countPeople(store, input.search, input.filter)).deferred();
  } finally {
    db.close();
  }
});
