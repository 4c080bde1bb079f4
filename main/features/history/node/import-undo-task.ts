// Undo and redo of an import, as a task: a million-row import is undone on a
// worker, never on the main thread.
//
// An import inserts its rows in one transaction, so they hold one id range and all
// carry the import's time as createdAt and updatedAt. Undo first copies that range into
// a private side file (the step's, under <data folder>/undo, removed when the step leaves
// the history), then, in one transaction on the workspace, checks that the range still
// holds exactly those rows, unchanged, and deletes them. Redo puts the saved rows back
// with their ids in one transaction, if none of those ids is in use. Either refuses
// with UNDO_CONFLICT, writing nothing, when another program changed the rows.
// Both write as Roster's writer 1, so the triggers keep the count and the index right.

import type Database from 'better-sqlite3';
import { RosterError } from '../../../kernel/common/errors.js';
import { asRosterWriter } from '../../workspace/node/keys/key-upkeep.js';
import { openForWriting } from '../../../kernel/node/sqlite/driver.js';
import { BUSY_TIMEOUT_MS, foldWalIn } from '../../../kernel/node/sqlite/pragmas.js';
import { throwIfCancelled } from '../../../kernel/node/tasks/task-context.js';
import { defineTask } from '../../../kernel/node/tasks/task.js';

export interface ImportUndoInput {
  readonly workspace: string;
  /** The step's private side file (created empty, 0600, by the caller). */
  readonly side: string;
  readonly action: 'undo' | 'redo';
  readonly firstId: number;
  readonly lastId: number;
  readonly count: number;
  readonly stamp: string;
}

function conflict(action: 'undo' | 'redo'): RosterError {
  return new RosterError(
    'UNDO_CONFLICT',
    action === 'undo'
      ? 'Some of the imported people were changed or deleted outside this window’s ' +
          'history (by another program, or by hand), so Roster left the import as it is.'
      : 'Some of the imported people’s ids are in use again, so Roster did not import them a second time.',
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

export const importUndoTask = defineTask<ImportUndoInput, { count: number }>('import-undo', async (input, context) => {
  throwIfCancelled(context.signal, 'Undo');
  const { firstId, lastId, count, stamp } = input;
  const db = openForWriting(input.workspace, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    db.prepare('ATTACH DATABASE ? AS "side"').run(input.side);
    if (input.action === 'undo') {
      // The copy is made before the write lock is taken, then compared under it.
      db.exec('DROP TABLE IF EXISTS "side"."Saved"');
      db.prepare(
        'CREATE TABLE "side"."Saved" AS SELECT "id", "name", "nameKey", "createdAt", "updatedAt" ' +
          'FROM "main"."Person" WHERE "id" BETWEEN ? AND ?',
      ).run(firstId, lastId);
      db.exec('BEGIN IMMEDIATE');
      const unchanged = single(
        db,
        `SELECT count(*) FROM "main"."Person" AS p JOIN "side"."Saved" AS s ON s."id" = p."id" AND s."name" = p."name"
          WHERE p."id" BETWEEN ? AND ? AND p."createdAt" = ? AND p."updatedAt" = ?`,
        firstId,
        lastId,
        stamp,
        stamp,
      );
      const present = single(db, 'SELECT count(*) FROM "main"."Person" WHERE "id" BETWEEN ? AND ?', firstId, lastId);
      if (unchanged !== count || present !== count) throw conflict('undo');
      asRosterWriter(db, () => db.prepare('DELETE FROM "main"."Person" WHERE "id" BETWEEN ? AND ?').run(firstId, lastId));
    } else {
      db.exec('BEGIN IMMEDIATE');
      if (single(db, 'SELECT count(*) FROM "main"."Person" WHERE "id" BETWEEN ? AND ?', firstId, lastId) > 0) throw conflict('redo');
      if (single(db, 'SELECT count(*) FROM "side"."Saved"') !== count) throw conflict('redo');
      asRosterWriter(db, () =>
        db.exec(
          'INSERT INTO "main"."Person" ("id", "name", "nameKey", "createdAt", "updatedAt") ' +
            'SELECT "id", "name", "nameKey", "createdAt", "updatedAt" FROM "side"."Saved" ORDER BY "id"',
        ),
      );
    }
    db.exec('COMMIT');
    foldWalIn(db);
    return { count };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  } finally {
    db.close();
  }
});
