// Finishing or forgetting moves that were cut off (a kill, a crash, a full disk), run
// when a workspace that has an unsettled "out" row opens (workspace-file.ts) and by
// `roster migrate`. See transfer-task.ts for the order of a move's steps.
//
// For each "out" row of the source, the target's journal decides:
//   - an "in" row: the copies committed, so the copied people are deleted here (exactly
//     the ids the "in" row lists) and the "out" row with them: the move is finished;
//   - no "in" row: nothing was copied, so the "out" row is dropped: the move is
//     forgotten and its people stay here;
//   - the target cannot be read now (missing, busy, damaged): the row stays, and the
//     people with it; the next open tries again. Nobody is lost either way.
// The source's write lock is taken first, with a short wait: a move that is still
// running (in another process) holds it, and is left alone.

import type Database from 'better-sqlite3';
import { immutableFilename, openSqlite } from '../sqlite/driver.js';
import { foldWalIn } from '../sqlite/pragmas.js';
import type { TaskHandler } from '../tasks/task-context.js';
import { hasSidecars } from '../workspace/file-identity.js';
import { idsOf, type IdRange } from './id-ranges.js';
import { copiedSourceIds, pendingOut, removeJournal } from './transfer-journal.js';
import { chunksOf, deleteBatch, TRANSFER_BATCH } from './transfer-rows.js';

export interface SettleInput {
  /** The source workspace file (canonical). */
  readonly path: string;
}

export interface SettleResult {
  /** Moves finished: their people removed here, since the target holds them. */
  readonly finished: number;
  /** People removed by finishing them. */
  readonly removed: number;
  /** Moves forgotten: nothing had been copied. */
  readonly forgotten: number;
  /** Moves left for later: the target could not be read, or the move is still running. */
  readonly pending: number;
}

/** How long settling waits for the source's write lock before deciding a move is alive. */
const LOCK_WAIT_MS = 250;

type Verdict = { readonly kind: 'copied'; readonly ids: IdRange[] } | { readonly kind: 'not-copied' } | { readonly kind: 'unknown' };

/** Reads the target's "in" row without writing to the target or leaving files beside it. */
function askTarget(targetPath: string, moveId: string): Verdict {
  let db: Database.Database | undefined;
  try {
    db = hasSidecars(targetPath)
      ? openSqlite(targetPath, { readonly: true, fileMustExist: true, timeout: LOCK_WAIT_MS })
      : openSqlite(immutableFilename(targetPath), { readonly: true, fileMustExist: true });
    const ids = copiedSourceIds(db, moveId);
    if (ids === null) return { kind: 'unknown' };
    return ids.length === 0 ? { kind: 'not-copied' } : { kind: 'copied', ids };
  } catch (error) {
    // A target that is gone never received the copies... unless it was moved away after
    // they landed. Only a readable file can tell, so a missing one keeps the row too.
    void error;
    return { kind: 'unknown' };
  } finally {
    db?.close();
  }
}

export function settleTransfers(input: SettleInput): SettleResult {
  const db = openSqlite(input.path, { fileMustExist: true, timeout: LOCK_WAIT_MS });
  db.defaultSafeIntegers(false);
  let finished = 0;
  let removed = 0;
  let forgotten = 0;
  let pending = 0;
  try {
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch {
      return { finished, removed, forgotten, pending: pendingOut(db).length };
    }
    for (const row of pendingOut(db)) {
      const verdict = askTarget(row.peerPath, row.id);
      if (verdict.kind === 'unknown') {
        pending++;
      } else {
        if (verdict.kind === 'copied') {
          for (const part of chunksOf([...idsOf(verdict.ids)], TRANSFER_BATCH)) removed += deleteBatch(db, part);
          finished++;
        } else {
          forgotten++;
        }
        removeJournal(db, row.id, 'out');
      }
    }
    db.exec('COMMIT');
    if (finished > 0) foldWalIn(db);
    return { finished, removed, forgotten, pending };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  } finally {
    db.close();
  }
}

export const settleTask: TaskHandler<SettleInput, SettleResult> = async (input) => settleTransfers(input);
