// Undo of a copy between workspaces, as a task: the copies hold one id range
// in the target (one transaction under AUTOINCREMENT), and are deleted in one
// transaction only if that range still holds exactly the people copied (RowDigest):
// otherwise UNDO_CONFLICT, and nothing is written. A copy of 100,000 people is undone on
// a worker, never on the main thread.

import { RosterError } from '../../../kernel/common/errors.js';
import { openForWriting } from '../../../kernel/node/sqlite/driver.js';
import { BUSY_TIMEOUT_MS, foldWalIn } from '../../../kernel/node/sqlite/pragmas.js';
import { defineTask } from '../../../kernel/node/tasks/task.js';
import { RowDigest } from './transfer-rows.js';

export interface UncopyInput {
  readonly workspace: string;
  readonly firstId: number;
  readonly lastId: number;
  /** The copies' digest, from the transfer's result. */
  readonly digest: string;
}

export const uncopyTask = defineTask<UncopyInput, { count: number }>('transfer-uncopy', async (input) => {
  const db = openForWriting(input.workspace, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  db.defaultSafeIntegers(false);
  try {
    db.exec('BEGIN IMMEDIATE');
    const digest = new RowDigest();
    const rows = db.prepare('SELECT "name", "createdAt", "updatedAt" FROM "Person" WHERE "id" BETWEEN ? AND ? ORDER BY "id"');
    for (const row of rows.iterate(input.firstId, input.lastId))
      digest.add(row as { name: string; createdAt: unknown; updatedAt: unknown });
    if (digest.digest() !== input.digest) {
      throw new RosterError(
        'UNDO_CONFLICT',
        'Some of the copied people were changed or deleted in the other workspace ' +
          'since (there, or by another program), so Roster left the copies as they are.',
      );
    }
    const count = db.prepare('DELETE FROM "Person" WHERE "id" BETWEEN ? AND ?').run(input.firstId, input.lastId).changes;
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
