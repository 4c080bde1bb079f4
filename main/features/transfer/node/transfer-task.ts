// Copying and moving people from one workspace file to another, as a task:
// on a worker in the app, inline in the CLI, with connections of its own to both files.
//
// Two SQLite files in WAL mode do not commit together, so a move is ordered so that a
// kill at any instant leaves every person in the source, the target, or both, and the
// journal says which (transfer-journal.ts):
//
//   1. source: write lock; the people to move are resolved; an "out" row is committed.
//   2. source: write lock again, held to the end, so nobody changes those people while
//      they are copied, and so a second process can tell this move is alive (it cannot
//      take the lock to settle it).
//   3. target: write lock; the people are staged, copied, and an "in" row naming exactly
//      the copied source ids is written; commit. From here the move is as good as done.
//   4. source: the copied people and the "out" row are deleted; commit.
//   5. target: the "in" row is deleted.
//
// Killed before 3 commits: the next open of the source finds "out" and no "in", and
// forgets the move (nothing was copied). Killed after: it finds both and finishes step 4.
// A copy is step 3 alone, with a read transaction on the source for a consistent view.

import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { RosterError } from '../../../kernel/common/errors.js';
import { asBulkWriter, asRosterWriter } from '../../workspace/node/keys/key-upkeep.js';
import { lastPersonId } from '../../people/node/bulk-insert.js';
import { resolveSelection, type SelectionQuery } from '../../people/node/selection.js';
import { deferIndexingOfNewRows } from '../../workspace/node/search/search-state.js';
import { immutableFilename, openForWriting, openSqlite } from '../../../kernel/node/sqlite/driver.js';
import { ConnectionStore } from '../../../kernel/node/sqlite/connection-store.js';
import { BUSY_TIMEOUT_MS, foldWalIn } from '../../../kernel/node/sqlite/pragmas.js';
import { throwIfCancelled, type TaskContext } from '../../../kernel/node/tasks/task-context.js';
import { defineTask } from '../../../kernel/node/tasks/task.js';
import { fileIdentity, sameFile } from '../../../kernel/node/files/file-identity.js';
import { rangeCount, toRanges, type IdRange, type IdRanges } from './id-ranges.js';
import { hasJournal, pruneStaleInRows, removeJournal, writeJournal } from './transfer-journal.js';
import { assertCarriableNames, chunksOf, deleteBatch, digestOf, readSourceRows, Staging, TRANSFER_BATCH } from './transfer-rows.js';

/** Which people: these ids, or everyone matching a (folded) search but the excepted. */
export type TransferSelection = SelectionQuery;

export interface TransferInput {
  /** The move's id, the same in both files' journals. Default: a new UUID. */
  readonly moveId?: string;
  /** Canonical paths of the two workspace files. */
  readonly source: string;
  readonly target: string;
  readonly mode: 'copy' | 'move';
  readonly selection: TransferSelection;
  /** Leave people whose folded name the target already holds where they are (merge). */
  readonly skipDuplicates?: boolean;
  /** Give the copies these ids, in source-id order (an undone move puts people back under their old ids). */
  readonly targetIds?: IdRanges;
  /** Refuse (UNDO_CONFLICT) unless the selected people are exactly these (RowDigest): undo and redo. */
  readonly expectDigest?: string;
  /** How the source is opened for a copy ('immutable': a read-only file nobody can be writing). Default: read-write. */
  readonly sourceReadMode?: 'read-write' | 'read-only' | 'immutable';
}

export interface TransferProgress {
  readonly stage: 'copying' | 'removing';
  readonly done: number;
  readonly total: number;
}

export interface TransferResult {
  /** People copied (and, for a move, removed from the source). */
  readonly copied: number;
  /** Of the selected people, how many the target already held under the same folded name. */
  readonly duplicates: number;
  /** Likely duplicates left in the source (skipDuplicates). */
  readonly skipped: number;
  /** The copies' ids in the target: one range (one transaction under AUTOINCREMENT), or null when none. */
  readonly firstId: number | null;
  readonly lastId: number | null;
  /** The source ids that were copied. */
  readonly sourceIds: IdRange[];
  /** Digest of the copied people (RowDigest): what undo checks. */
  readonly digest: string;
  /** People left in the source afterwards. */
  readonly sourceRemaining: number;
}

/** Test hook: told at each point where a kill must leave nobody lost (the SIGKILL tests). */
export interface TransferHooks {
  step?(name: string): void | Promise<void>;
}

function conflict(): RosterError {
  return new RosterError(
    'UNDO_CONFLICT',
    'Some of these people were changed, deleted or re-created outside this window’s ' +
      'history (by another program, or by hand), so Roster left them as they are.',
  );
}

function open(path: string, mode: TransferInput['sourceReadMode'] = 'read-write'): Database.Database {
  const db =
    mode === 'immutable'
      ? openSqlite(immutableFilename(path), { readonly: true, fileMustExist: true })
      : mode === 'read-only'
        ? openSqlite(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS, readonly: true })
        : openForWriting(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  db.defaultSafeIntegers(false);
  return db;
}

function personCount(db: Database.Database): number {
  return Number(db.prepare('SELECT count(*) FROM "Person"').pluck().get());
}

interface CopyRun {
  readonly input: TransferInput;
  readonly moveId: string;
  readonly context: TaskContext<TransferProgress>;
  step(name: string): Promise<void>;
}

interface Copied {
  readonly copiedIds: number[];
  readonly duplicates: number;
  readonly digest: string;
  readonly explicitIds: boolean;
  readonly lastBefore: number;
  readonly lastAfter: number;
}

/** Step 3 of runTransfer: copies `ids` into the target and commits (with the "in" row, for a move). */
async function copyIntoTarget(source: Database.Database, target: Database.Database, ids: readonly number[], run: CopyRun): Promise<Copied> {
  const { input, moveId, context, step } = run;
  const what = input.mode === 'move' ? 'The move' : 'The copy';
  const moving = input.mode === 'move';
  const total = ids.length;
  target.exec('BEGIN IMMEDIATE');
  await step('target locked');
  pruneStaleInRows(target);
  const staging = new Staging(target);
  let read = 0;
  for (const rows of readSourceRows(source, ids)) {
    staging.add(rows);
    read += rows.length;
    context.progress({ stage: 'copying', done: Math.round(read / 2), total });
    throwIfCancelled(context.signal, what);
  }
  const duplicates = staging.markDuplicates();
  if (input.skipDuplicates) staging.dropDuplicates();
  const copiedIds = staging.sourceIds();
  const digest = staging.digest();
  // Checked again on the rows actually copied: a rename between step 1 and the lock of
  // step 2 must not be moved under an undo that expected the rows it recorded.
  if (input.expectDigest !== undefined && digest !== input.expectDigest) throw conflict();
  const explicitIds = input.targetIds !== undefined;
  if (input.targetIds !== undefined) {
    if (rangeCount(input.targetIds) !== copiedIds.length) throw conflict();
    staging.assignTargetIds(input.targetIds);
    if (staging.targetIdsInUse() > 0) throw conflict();
  }
  const lastBefore = lastPersonId(target);
  const locked = target;
  const insertAll = async (): Promise<{ inserted: number }> => {
    let inserted = 0;
    for (const part of chunksOf(copiedIds, TRANSFER_BATCH)) {
      inserted += staging.insertBatch((part[0] as number) - 1, part.at(-1) as number, explicitIds);
      context.progress({ stage: 'copying', done: Math.round((read + inserted) / 2), total });
      throwIfCancelled(context.signal, what);
      await step('copied batch');
    }
    return { inserted };
  };
  if (explicitIds) {
    // Old ids are below the index's pending mark, so the triggers index them (writer 1).
    target.exec('UPDATE "RosterState" SET "writer" = 1 WHERE "id" = 1');
    await insertAll();
    target.exec('UPDATE "RosterState" SET "writer" = 0 WHERE "id" = 1');
  } else {
    // New ids: left to the search index's catch-up, like an import (search-state.ts).
    asRosterWriter(locked, () => deferIndexingOfNewRows(locked));
    await asBulkWriter(locked, insertAll);
  }
  // The copies' ids, read inside the transaction (another writer may add people right after it).
  const lastAfter = lastPersonId(target);
  const copyIds = explicitIds ? [...(input.targetIds ?? [])] : copiedIds.length > 0 ? [[lastBefore + 1, lastAfter] as const] : [];
  if (moving) writeJournal(target, { id: moveId, direction: 'in', peerPath: input.source, sourceIds: toRanges(copiedIds), copyIds });
  staging.drop();
  target.exec('COMMIT');
  return { copiedIds, duplicates, digest, explicitIds, lastBefore, lastAfter };
}

export async function runTransfer(
  input: TransferInput,
  context: TaskContext<TransferProgress>,
  hooks: TransferHooks = {},
): Promise<TransferResult> {
  const what = input.mode === 'move' ? 'The move' : 'The copy';
  throwIfCancelled(context.signal, what);
  if (input.source === input.target || sameFile(fileIdentity(input.source), fileIdentity(input.target))) {
    throw new RosterError('INVALID_INPUT', 'People can only be copied or moved to another workspace.');
  }
  const moveId = input.moveId ?? randomUUID();
  const moving = input.mode === 'move';
  const step = async (name: string): Promise<void> => {
    await hooks.step?.(name);
  };
  // A copy only reads the source, so a read-only workspace can be copied from.
  const source = open(input.source, moving ? 'read-write' : (input.sourceReadMode ?? 'read-write'));
  // The source's per-connection state (the selection is resolved there); the target needs none.
  const sourceStore = new ConnectionStore(source);
  let target: Database.Database | undefined;
  let journaled = false;
  let targetCommitted = false;
  try {
    target = open(input.target);
    await step('opened');
    // 1. Which people. A move journals them before anything else happens.
    source.exec(moving ? 'BEGIN IMMEDIATE' : 'BEGIN');
    const ids = resolveSelection(sourceStore, input.selection, { strict: true });
    assertCarriableNames(source, ids);
    if (input.expectDigest !== undefined && digestOf(source, ids) !== input.expectDigest) throw conflict();
    if (moving) {
      writeJournal(source, { id: moveId, direction: 'out', peerPath: input.target, sourceIds: toRanges(ids) });
      source.exec('COMMIT');
      journaled = true;
      await step('journal written');
      // 2. Held from here to the end.
      source.exec('BEGIN IMMEDIATE');
      if (!hasJournal(source, moveId, 'out')) {
        journaled = false;
        throw new RosterError('WORKSPACE_BUSY', 'Another Roster settled this move before it could start; nothing was moved. Try again.');
      }
      await step('source locked');
    }
    // 3. The copies and, for a move, the "in" row, in one transaction on the target.
    const copied = await copyIntoTarget(source, target, ids, { input, moveId, context, step });
    const { copiedIds, duplicates, digest, explicitIds, lastBefore, lastAfter } = copied;
    targetCommitted = true;
    await step('target committed');
    // 4. The source lets go of the people the target now holds.
    if (moving) {
      let removed = 0;
      for (const part of chunksOf(copiedIds, TRANSFER_BATCH)) {
        removed += deleteBatch(source, part);
        context.progress({ stage: 'removing', done: removed, total: copiedIds.length });
        await step('removed batch');
      }
      removeJournal(source, moveId, 'out');
    }
    source.exec('COMMIT');
    journaled = false;
    await step('source committed');
    // 5. The target's note is no longer needed. Best effort: the move is done whatever
    // happens here (a busy or full target keeps the note, which is pruned later).
    if (moving) {
      try {
        removeJournal(target, moveId, 'in');
      } catch {
        // Left for pruneStaleInRows.
      }
    }
    await step('done');
    const sourceRemaining = personCount(source);
    foldWalIn(target);
    foldWalIn(source);
    return {
      copied: copiedIds.length,
      duplicates,
      skipped: input.skipDuplicates ? duplicates : 0,
      firstId: !explicitIds && copiedIds.length > 0 ? lastBefore + 1 : null,
      lastId: !explicitIds && copiedIds.length > 0 ? lastAfter : null,
      sourceIds: toRanges(copiedIds),
      digest,
      sourceRemaining,
    };
  } catch (error) {
    if (target?.inTransaction) target.exec('ROLLBACK');
    if (targetCommitted) {
      // The people are in both files; the journal lets the next open of the source finish.
      if (source.inTransaction) source.exec('ROLLBACK');
      throw error;
    }
    if (journaled) forgetJournal(source, moveId);
    else if (source.inTransaction) source.exec('ROLLBACK');
    throw error;
  } finally {
    target?.close();
    source.close();
  }
}

/** Nothing was copied: take the "out" row back (if this fails, the next open forgets it). */
function forgetJournal(source: Database.Database, moveId: string): void {
  try {
    if (!source.inTransaction) source.exec('BEGIN IMMEDIATE');
    removeJournal(source, moveId, 'out');
    source.exec('COMMIT');
  } catch {
    if (source.inTransaction) source.exec('ROLLBACK');
  }
}

export const transferTask = defineTask<TransferInput, TransferResult, TransferProgress>('transfer', (input, context) =>
  runTransfer(input, context),
);
