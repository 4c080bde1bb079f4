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
//
// A settled move leaves no trace of either file in the other. Once the source has
// finished or forgotten a move, the target's "in" row (which names the source's
// absolute path) has no use: settling removes it from the target at once when the
// target can be written (briefly, and only a file holding no trigger on the journal),
// and the target's own open or `roster migrate` removes any "in" row whose source has no
// "out" row left (the source read, never written), so a shared workspace does not keep
// another file's path. An "in" row whose source cannot be read now stays, up to 30 days.

import type Database from 'better-sqlite3';
import { immutableFilename, openForWriting, openSqlite } from '../../../kernel/node/sqlite/driver.js';
import { foldWalIn } from '../../../kernel/node/sqlite/pragmas.js';
import { fileKind } from '../../../kernel/node/sqlite/sqlite-file.js';
import { defineTask } from '../../../kernel/node/tasks/task.js';
import { hasSidecars } from '../../../kernel/node/files/file-identity.js';
import type { IdRange } from './id-ranges.js';
import { copiedRecord, hasJournal, inRows, pendingOut, pruneStaleInRows, removeJournal, type CopiedRecord } from './transfer-journal.js';
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
  /** "in" rows (this file as a target, or the targets of the moves settled here) removed because their move is settled. */
  readonly tidied: number;
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

/** True when `path`'s "out" row for move `id` is gone (the move is settled there); null when the file cannot be read now. */
function settledAtSource(path: string, id: string): boolean | null {
  const source = openTarget(path);
  if (!source) return null;
  try {
    return !hasJournal(source, id, 'out');
  } catch (error) {
    // A workspace that never had the journal never sent this move.
    return /no such table: PersonTransfer/i.test(String((error as Error).message)) ? true : null;
  } finally {
    source.close();
  }
}

/** Removes this file's "in" rows whose source has settled them (and those too old to wait for); returns how many. */
function tidyInRows(db: Database.Database): number {
  let tidied = 0;
  for (const row of inRows(db)) {
    if (settledAtSource(row.peerPath, row.id) === true && removeJournal(db, row.id, 'in')) tidied++;
  }
  return tidied + pruneStaleInRows(db);
}

/** Best effort, after the source committed: removes the target's "in" row of a settled move. Never throws. */
function tidyTargetRow(path: string, id: string): boolean {
  try {
    if (fileKind(path) !== 'sqlite') return false;
    const db = openForWriting(path, { fileMustExist: true, timeout: LOCK_WAIT_MS });
    try {
      // Roster puts no trigger on its journal: a file that has one is left to its own open.
      const triggers = db
        .prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'PersonTransfer'`)
        .pluck()
        .get();
      if (Number(triggers) !== 0) return false;
      return removeJournal(db, id, 'in');
    } finally {
      db.close();
    }
  } catch {
    return false; // busy, read-only, gone: the target's next open tidies it
  }
}

export function settleTransfers(input: SettleInput): SettleResult {
  const db = openForWriting(input.path, { fileMustExist: true, timeout: LOCK_WAIT_MS });
  db.defaultSafeIntegers(false);
  let finished = 0;
  let removed = 0;
  let kept = 0;
  let forgotten = 0;
  let pending = 0;
  let tidied = 0;
  const settled: { peerPath: string; id: string }[] = [];
  try {
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch {
      return { finished, removed, kept, forgotten, pending: pendingOut(db).length, tidied };
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
        settled.push({ peerPath: row.peerPath, id: row.id });
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
    // This file as the target of other moves.
    db.exec('SAVEPOINT "tidy"');
    try {
      tidied += tidyInRows(db);
      db.exec('RELEASE "tidy"');
    } catch {
      db.exec('ROLLBACK TO "tidy"');
      db.exec('RELEASE "tidy"');
    }
    db.exec('COMMIT');
    if (finished > 0) foldWalIn(db);
    // Only now that this file no longer has the "out" rows may the targets forget theirs.
    for (const move of settled) if (tidyTargetRow(move.peerPath, move.id)) tidied++;
    return { finished, removed, kept, forgotten, pending, tidied };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  } finally {
    db.close();
  }
}

export const settleTask = defineTask<SettleInput, SettleResult>('transfer-settle', async (input) => settleTransfers(input));
