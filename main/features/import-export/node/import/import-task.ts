// Importing a file of people into a workspace: streamed (a million rows never sit in
// memory), all or nothing (a bad row or a cancel leaves the workspace as it was).
//
// The file is read in chunks and each validated name is inserted as it comes, inside
// one write transaction on a connection of the task's own (a worker's, in the app): a
// million rows are never held in memory, the main thread never waits, and nobody sees
// a half-imported file. One bad row, a cancel, a full disk or a crash rolls the whole
// import back. The rows are written as Roster's trusted writer with their keys folded
// here, and are left to the search index's catch-up (search-state.ts), so the triggers
// cost almost nothing per row. Times a row brings (Roster's own export) are kept
// (import-times.ts); with `skipDuplicates`, rows that look like people already here
// (duplicates.ts) are left out.
//
// While it runs, the import holds the workspace's write lock: other writers wait, and
// one that waits longer than the busy timeout gets WORKSPACE_BUSY, whose message says
// another program is writing (docs/user/data-rules.md explains the choice).

import { setImmediate as yieldNow } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { prismaTimestamp } from '../../../workspace/node/migrations/migration-history.js';
import { deferIndexingOfNewRows } from '../../../workspace/node/search/search-state.js';
import { openForWriting } from '../../../../kernel/node/sqlite/driver.js';
import { ConnectionStore } from '../../../../kernel/node/sqlite/connection-store.js';
import { foldWalIn } from '../../../../kernel/node/sqlite/pragmas.js';
import { lastPersonId } from '../../../people/node/bulk-insert.js';
import { BUSY_TIMEOUT_MS } from '../../../../kernel/node/sqlite/pragmas.js';
import { throwIfCancelled } from '../../../../kernel/node/tasks/task-context.js';
import { defineTask } from '../../../../kernel/node/tasks/task.js';
import { insertPeople } from '../../../people/node/bulk-insert.js';
import { asBulkWriter, asRosterWriter } from '../../../workspace/node/keys/key-upkeep.js';
import { keysInWorkspace, withoutDuplicates } from './duplicates.js';
import { NameRows, type ImportShape, type NameRow } from './name-rows.js';
import { decodeChunks, openByteSource, type TextEncoding } from './text-source.js';

export interface ImportInput extends ImportShape {
  /** The workspace file. */
  readonly workspace: string;
  /** The file to import, or "-" for standard input (inline runs only: the CLI). */
  readonly file: string;
  /** Default: UTF-8 or UTF-16 when the file shows it; anything else must be chosen. */
  readonly encoding?: TextEncoding;
  /** Leave out rows whose folded name is already in the workspace or earlier in the file. */
  readonly skipDuplicates?: boolean;
}

export interface ImportProgress {
  /** People read and validated so far. */
  readonly rows: number;
  readonly bytes: number;
  /** The file's size, or null when reading a pipe. */
  readonly totalBytes: number | null;
}

export interface ImportResult {
  readonly count: number;
  /** The ids the rows took: one transaction under AUTOINCREMENT, so one range (for undo). */
  readonly firstId: number;
  readonly lastId: number;
  /** createdAt and updatedAt of every imported row that brought no times of its own. */
  readonly stamp: string;
  /** Rows whose createdAt and updatedAt came from the file (kept, not `stamp`). */
  readonly keptTimes: number;
  /** Of those, the rows whose kept updatedAt is after `stamp` (a file from a clock ahead): what undo must expect there. */
  readonly keptAfterStamp: number;
  /** The latest kept updatedAt (stored form), or `stamp` when it is later or nothing was kept. */
  readonly keptLatest: string;
  /** Rows left out as looking like people already here (skipDuplicates). */
  readonly skipped: number;
}

/**
 * The total number of rows, estimated from how far through the file the import is:
 * what a progress bar shows ("120,000 of about 1,000,000"). Never below `rows`; exact
 * at the end of the file.
 */
export function estimatedTotal(progress: ImportProgress): number {
  const { rows, bytes, totalBytes } = progress;
  if (!totalBytes || bytes <= 0 || bytes >= totalBytes) return rows;
  return Math.max(rows, Math.round((rows / bytes) * totalBytes));
}

export const importTask = defineTask<ImportInput, ImportResult, ImportProgress>('import', async (input, context) => {
  throwIfCancelled(context.signal, 'The import');
  const source = await openByteSource(input.file);
  const rows = new NameRows(input);
  let db: Database.Database | undefined;
  let bytes = 0;
  let count = 0;
  let skipped = 0;
  let keptTimes = 0;
  let keptAfterStamp = 0;
  let keptLatest = '';
  try {
    db = openForWriting(input.workspace, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    const store = new ConnectionStore(db);
    const now = prismaTimestamp();
    const report = (): void => context.progress({ rows: count, bytes, totalBytes: source.size });
    db.exec('BEGIN IMMEDIATE');
    const open = db;
    // Earlier batches are in Person already, so only the current batch's keys need remembering.
    const keysHere = input.skipDuplicates ? keysInWorkspace(open) : null;
    const write = (found: readonly NameRow[]): void => {
      let kept: readonly NameRow[] = found;
      if (keysHere) {
        const { fresh, duplicates } = withoutDuplicates(found, keysHere, new Set());
        skipped += duplicates;
        kept = fresh;
      }
      // What undo checks the rows against (import-undo-task.ts): counted here, as the rows pass, not read back.
      for (const row of kept) {
        if (row.createdAt === undefined) continue;
        keptTimes++;
        const updatedAt = row.updatedAt ?? row.createdAt;
        if (updatedAt > now) keptAfterStamp++;
        if (updatedAt > keptLatest) keptLatest = updatedAt;
      }
      count += insertPeople(store, kept, now);
    };
    const firstId = lastPersonId(open) + 1;
    asRosterWriter(open, () => deferIndexingOfNewRows(open));
    // Progress after each chunk (1 MB), when rows and bytes describe the same point.
    await asBulkWriter(open, async () => {
      for await (const text of decodeChunks(source, input.encoding, (read) => (bytes = read))) {
        write(rows.push(text));
        report();
        throwIfCancelled(context.signal, 'The import');
        // Between chunks: a cancel message can reach this thread.
        await yieldNow();
      }
      write(rows.end());
      throwIfCancelled(context.signal, 'The import');
      return { inserted: count };
    });
    const lastId = lastPersonId(open);
    db.exec('COMMIT');
    report();
    foldWalIn(db);
    return { count, firstId, lastId, stamp: now, keptTimes, keptAfterStamp, keptLatest: keptLatest > now ? keptLatest : now, skipped };
  } catch (error) {
    if (db?.inTransaction) db.exec('ROLLBACK');
    throw error;
  } finally {
    db?.close();
    if (input.file !== '-') source.stream.destroy();
  }
});
