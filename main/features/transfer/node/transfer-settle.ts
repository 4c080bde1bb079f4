// Finishing or forgetting moves that were cut off (a kill, a crash, a full disk), run
// when a workspace that has an unsettled "out" row opens (workspace-file.ts) and by
// `roster migrate`. See transfer-task.ts for the order of a move's steps.
//
// For each "out" row of the source, the target's journal decides:
//   - an "in" row: the copies committed, so the move is finished: a source person is
//     deleted where the "out" row named them AND their copy is still in the target
//     (someone may have deleted the copies meanwhile, seeing everyone twice: then the
//     originals stay), and the "out" row goes;
//   - no "in" row: nothing was copied, so the "out" row is dropped: the move is
//     forgotten and its people stay here;
//   - the target cannot be read now (missing, busy, damaged, not a file), or a row is
//     not one Roster wrote: the row stays, and the people with it; the next open tries
//     again. Nobody is lost either way.
// The source's write lock is taken first, with a short wait: a move that is still
// running (in another process) holds it, and is left alone.

import type Database from 'better-sqlite3';
import { immutableFilename, openForWriting, openSqlite } from '../../../kernel/node/sqlite/driver.js';
import { foldWalIn } from '../../../kernel/node/sqlite/pragmas.js';
import { fileKind } from '../../../kernel/node/sqlite/sqlite-file.js';
import { defineTask } from '../../../kernel/node/tasks/task.js';
import { hasSidecars } from '../../../kernel/node/files/file-identity.js';
import type { IdRange } from './id-ranges.js';
import { copiedRecord, pendingOut, removeJournal, type CopiedRecord } from './transfer-journal.js';
import { deleteBatch, TRANSFER_BATCH } from './transfer-rows.js';

export interface SettleInput {
  /** The source workspace file (canonical). */
  readonly path: string;
}

export interface SettleResult {
  /** Moves finished: their people removed here, since the target holds them. */
  readonly finished: number;
  /** People removed by finishing them. */
  readonly removed: number;
  /** People of finished moves kept here, because their copies were gone from the target. */
  readonly kept: number;
  /** Moves forgotten: nothing had been copied. */
  readonly forgotten: number;
  /** Moves left for later: the target could not be read, or the move is still running. */
  readonly pending: number;
}

/** How long settling waits for the source's write lock before deciding a move is alive. */
const LOCK_WAIT_MS = 250;

/** Opens the target read-only, writing nothing and leaving nothing beside it; null when it is not a readable workspace file now. */
function openTarget(path: string): Database.Database | null {
  try {
    // Never a FIFO, device or folder named by a row another program may have written.
    if (fileKind(path) !== 'sqlite') return null;
    const db = hasSidecars(path)
      ? openSqlite(path, { readonly: true, fileMustExist: true, timeout: LOCK_WAIT_MS })
      : openSqlite(immutableFilename(path), { readonly: true, fileMustExist: true });
    db.defaultSafeIntegers(false);
    return db;
  } catch {
    return null;
  }
}

/** True for ids inside `ranges` (sorted, disjoint); ids must be asked in increasing order. */
function rangeCursor(ranges: readonly IdRange[]): (id: number) => boolean {
  let at = 0;
  return (id) => {
    while (at < ranges.length && (ranges[at] as IdRange)[1] < id) at++;
    const range = ranges[at];
    return range !== undefined && range[0] <= id;
  };
}

/** The ids of `ranges`, in order, a chunk at a time. */
function* chunkedIds(ranges: readonly IdRange[], size: number): Generator<number[]> {
  let chunk: number[] = [];
  for (const [first, last] of ranges) {
    for (let id = first; id <= last; id++) {
      chunk.push(id);
      if (chunk.length === size) {
        yield chunk;
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Deletes the copied source people whose copies are still in the target and whom the "out" row named; returns [removed, kept]. */
function finish(source: Database.Database, target: Database.Database, record: CopiedRecord, asked: readonly IdRange[]): [number, number] {
  const named = rangeCursor(asked);
  const present = target.prepare('SELECT "id" FROM "Person" WHERE "id" IN (SELECT value FROM json_each(?))').pluck();
  const copies = chunkedIds(record.copyIds, TRANSFER_BATCH);
  let removed = 0;
  let kept = 0;
  // Source ids and their copies' ids walk in step (the same order, the same chunks).
  for (const originals of chunkedIds(record.sourceIds, TRANSFER_BATCH)) {
    const copyChunk = copies.next().value ?? [];
    const there = new Set(present.all(JSON.stringify(copyChunk)) as number[]);
    const gone = originals.filter((id, k) => there.has(copyChunk[k] as number) && named(id));
    kept += originals.length - gone.length;
    if (gone.length > 0) removed += deleteBatch(source, gone);
  }
  return [removed, kept];
}

export function settleTransfers(input: SettleInput): SettleResult {
  const db = openForWriting(input.path, { fileMustExist: true, timeout: LOCK_WAIT_MS });
  db.defaultSafeIntegers(false);
  let finished = 0;
  let removed = 0;
  let kept = 0;
  let forgotten = 0;
  let pending = 0;
  try {
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch {
      return { finished, removed, kept, forgotten, pending: pendingOut(db).length };
    }
    for (const row of pendingOut(db)) {
      const target = row.sourceIds === null ? null : openTarget(row.peerPath);
      if (!target || !row.sourceIds) {
        pending++;
        continue;
      }
      // Each move settles whole or not at all (a savepoint inside the one transaction).
      db.exec('SAVEPOINT "settle"');
      try {
        const record = copiedRecord(target, row.id);
        let gone = 0;
        let stayed = 0;
        if (record) [gone, stayed] = finish(db, target, record, row.sourceIds);
        removeJournal(db, row.id, 'out');
        db.exec('RELEASE "settle"');
        if (record) {
          removed += gone;
          kept += stayed;
          finished++;
        } else {
          forgotten++;
        }
      } catch {
        // Busy, damaged, or a row Roster did not write: decide nothing now.
        db.exec('ROLLBACK TO "settle"');
        db.exec('RELEASE "settle"');
        pending++;
      } finally {
        target.close();
      }
    }
    db.exec('COMMIT');
    if (finished > 0) foldWalIn(db);
    return { finished, removed, kept, forgotten, pending };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  } finally {
    db.close();
  }
}

export const settleTask = defineTask<SettleInput, SettleResult>('transfer-settle', async (input) => settleTransfers(input));
