// The clipboard text of a selection of any size, in the window's order: Ctrl+C on
// "all 1,000,000 matching" reads the rows here, on a worker with a read-only
// connection of its own, in one read transaction, up to a limit the window shows, and
// formats them here too, so the main thread only hands the text on.

import { rowsAsTsv } from '../common/clipboard-tsv.js';
import type { SortDirection, SortKey } from '../common/people-contract.js';
import { immutableFilename, openSqlite } from '../../../kernel/node/sqlite/driver.js';
import { ConnectionStore } from '../../../kernel/node/sqlite/connection-store.js';
import { throwIfCancelled } from '../../../kernel/node/tasks/task-context.js';
import { defineTask } from '../../../kernel/node/tasks/task.js';
import { chunksOf, ID_BATCH, resolveSelection, type SelectionQuery } from './selection.js';
import { storedTimeToIso } from '../../workspace/node/stored-time.js';
import { sortColumn } from './people-filter.js';

export interface SelectionRowsInput {
  readonly workspace: string;
  readonly readMode: 'normal' | 'immutable';
  readonly selection: SelectionQuery;
  readonly sort: SortKey;
  readonly direction: SortDirection;
  readonly limit: number;
}

export interface SelectionRows {
  /** Tab-separated, with a header row (clipboard-tsv.ts); empty when nobody is selected. */
  readonly text: string;
  /** Rows in the text. */
  readonly copied: number;
  /** How many people the selection holds (more than copied when the limit cut it). */
  readonly total: number;
}

export const selectionRowsTask = defineTask<SelectionRowsInput, SelectionRows>('selection-rows', async (input, context) => {
  const db =
    input.readMode === 'immutable'
      ? openSqlite(immutableFilename(input.workspace), { readonly: true, fileMustExist: true })
      : openSqlite(input.workspace, { readonly: true, fileMustExist: true, timeout: 5000 });
  db.defaultSafeIntegers(false);
  const store = new ConnectionStore(db);
  try {
    db.exec('BEGIN');
    const ids = resolveSelection(store, input.selection, { strict: false });
    db.exec('CREATE TEMP TABLE "chosen" ("id" INTEGER PRIMARY KEY)');
    const add = db.prepare('INSERT INTO temp."chosen" SELECT value FROM json_each(?)');
    for (const part of chunksOf(ids, ID_BATCH)) {
      add.run(JSON.stringify(part));
      throwIfCancelled(context.signal, 'Copying');
    }
    const column = sortColumn(input.sort);
    const direction = input.direction === 'asc' ? 'ASC' : 'DESC';
    const rows = db
      .prepare(
        `SELECT p."id", p."name", p."createdAt", p."updatedAt" FROM "Person" p JOIN temp."chosen" c ON c."id" = p."id" ` +
          `ORDER BY p.${column} ${direction}, p."id" ${direction} LIMIT ?`,
      )
      .all(input.limit) as { id: number; name: string; createdAt: unknown; updatedAt: unknown }[];
    db.exec('COMMIT');
    const items = rows.map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: storedTimeToIso(row.createdAt),
      updatedAt: storedTimeToIso(row.updatedAt),
    }));
    return { text: items.length > 0 ? rowsAsTsv(items) : '', copied: items.length, total: ids.length };
  } finally {
    db.close();
  }
});
