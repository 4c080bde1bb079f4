// Deleting a selection of any size ("all 1,000,000 matching" is one click away), and
// its undo and redo, as a task: on a worker in the app, with progress and cancel.
//
// Delete resolves the selection inside its own write transaction (the people the file
// holds at that instant), copies them into the step's private side file (under
// <data folder>/undo, like an import's undo), deletes them, and commits: all or nothing,
// and a cancel before the commit changes nothing. Undo puts the saved people back with
// their ids and times if none of those ids is in use; redo deletes them again if every
// one is still exactly as saved. Either refuses with UNDO_CONFLICT, writing nothing.
//
// Deleting most of a large workspace row by row through the search index's delete
// trigger is the slow part, so a delete of more than half the people (and many of
// them) empties the index instead, in the same transaction; search scans meanwhile and
// the background catch-up rebuilds it (search-state.ts).

import type Database from 'better-sqlite3';
import { RosterError } from '../../../kernel/common/errors.js';
import { asRosterWriter } from '../../workspace/node/keys/key-upkeep.js';
import { chunksOf, ID_BATCH, resolveSelection, type SelectionQuery } from '../../people/node/selection.js';
import { openForWriting } from '../../../kernel/node/sqlite/driver.js';
import { ConnectionStore } from '../../../kernel/node/sqlite/connection-store.js';
import { BUSY_TIMEOUT_MS, foldWalIn } from '../../../kernel/node/sqlite/pragmas.js';
import { throwIfCancelled } from '../../../kernel/node/tasks/task-context.js';
import { defineTask } from '../../../kernel/node/tasks/task.js';

export type BulkDeleteInput =
  | { readonly action: 'delete'; readonly workspace: string; readonly side: string; readonly selection: SelectionQuery }
  | { readonly action: 'undo' | 'redo'; readonly workspace: string; readonly side: string };

export interface BulkDeleteProgress {
  readonly done: number;
  readonly total: number;
}

export interface BulkDeleteResult {
  readonly count: number;
  /** The search index was emptied to make the delete fast; it catches up in the background. */
  readonly reindex: boolean;
}

/** Deleting at least this many, and more than half of everyone, restarts the search index instead. */
const RESTART_INDEX_FROM = 50_000;

function conflict(action: 'undo' | 'redo'): RosterError {
  return new RosterError(
    'UNDO_CONFLICT',
    action === 'undo'
      ? 'Some of the deleted people’s ids are in use again (another program added people under them), so Roster did not put them back.'
      : 'Some of these people were changed or deleted since (by another program, or by hand), so Roster left them as they are.',
  );
}

function single(db: Database.Database, sql: string, ...params: unknown[]): number {
  return Number(
    db
      .prepare(sql)
      .pluck()
      .get(...params) ?? 0,
  );
}

function restartIndex(db: Database.Database): void {
  db.exec(`INSERT INTO "PersonSearch" ("PersonSearch") VALUES ('delete-all')`);
  db.prepare('UPDATE "RosterState" SET "searchPendingFrom" = 0 WHERE "id" = 1').run();
}

export const bulkDeleteTask = defineTask<BulkDeleteInput, BulkDeleteResult, BulkDeleteProgress>('bulk-delete', async (input, context) => {
  throwIfCancelled(context.signal, 'The delete');
  const db = openForWriting(input.workspace, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  db.defaultSafeIntegers(false);
  const store = new ConnectionStore(db);
  try {
    db.prepare('ATTACH DATABASE ? AS "side"').run(input.side);
    db.exec('BEGIN IMMEDIATE');
    let count: number;
    let reindex = false;
    if (input.action === 'delete') {
      const ids = resolveSelection(store, input.selection, { strict: true });
      db.exec('DROP TABLE IF EXISTS "side"."Saved"');
      db.exec(
        'CREATE TABLE "side"."Saved" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL, ' +
          '"nameKey" TEXT NOT NULL, "createdAt" TEXT NOT NULL, "updatedAt" TEXT NOT NULL)',
      );
      const save = db.prepare(
        'INSERT INTO "side"."Saved" SELECT "id", "name", "nameKey", "createdAt", "updatedAt" FROM "main"."Person" ' +
          'WHERE "id" IN (SELECT value FROM json_each(?))',
      );
      const remove = db.prepare('DELETE FROM "main"."Person" WHERE "id" IN (SELECT value FROM json_each(?))');
      const everyone = single(db, 'SELECT count(*) FROM "main"."Person"');
      reindex = ids.length >= RESTART_INDEX_FROM && ids.length * 2 > everyone;
      if (reindex) restartIndex(db);
      const total = ids.length * 2;
      let done = 0;
      for (const part of chunksOf(ids, ID_BATCH)) {
        save.run(JSON.stringify(part));
        done += part.length;
        context.progress({ done, total });
        throwIfCancelled(context.signal, 'The delete');
      }
      for (const part of chunksOf(ids, ID_BATCH)) {
        remove.run(JSON.stringify(part));
        done += part.length;
        context.progress({ done, total });
        throwIfCancelled(context.signal, 'The delete');
        // Between batches: a cancel message can reach this thread.
        await new Promise((resolve) => setImmediate(resolve));
      }
      count = ids.length;
    } else if (input.action === 'undo') {
      count = single(db, 'SELECT count(*) FROM "side"."Saved"');
      if (single(db, 'SELECT count(*) FROM "main"."Person" WHERE "id" IN (SELECT "id" FROM "side"."Saved")') > 0) throw conflict('undo');
      asRosterWriter(db, () =>
        db.exec(
          'INSERT INTO "main"."Person" ("id", "name", "nameKey", "createdAt", "updatedAt") ' +
            'SELECT "id", "name", "nameKey", "createdAt", "updatedAt" FROM "side"."Saved" ORDER BY "id"',
        ),
      );
      context.progress({ done: count, total: count });
    } else {
      count = single(db, 'SELECT count(*) FROM "side"."Saved"');
      const unchanged = single(
        db,
        'SELECT count(*) FROM "main"."Person" AS p JOIN "side"."Saved" AS s ' +
          'ON s."id" = p."id" AND s."name" = p."name" AND s."updatedAt" = p."updatedAt"',
      );
      if (unchanged !== count) throw conflict('redo');
      reindex = count >= RESTART_INDEX_FROM && count * 2 > single(db, 'SELECT count(*) FROM "main"."Person"');
      if (reindex) restartIndex(db);
      db.exec('DELETE FROM "main"."Person" WHERE "id" IN (SELECT "id" FROM "side"."Saved")');
      context.progress({ done: count, total: count });
    }
    db.exec('COMMIT');
    foldWalIn(db);
    return { count, reindex };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  } finally {
    db.close();
  }
});
