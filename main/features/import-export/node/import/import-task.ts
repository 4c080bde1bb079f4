// Importing a file of people into a workspace: streamed (a million rows never sit in
// memory), all or nothing (a bad row or a cancel leaves the workspace as it was).
//
// The file is read in chunks and each validated name is inserted as it comes, inside
// one write transaction on a connection of the task's own (a worker's, in the app): a
// million rows are never held in memory, the main thread never waits, and nobody sees
// a half-imported file. One bad row, a cancel, a full disk or a crash rolls the whole
// import back. The rows are written as Roster's trusted writer with their keys folded
// here, and are left to the search index's catch-up (search-state.ts), so the triggers
// cost almost nothing per row.
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
import { NameRows, type ImportShape } from './name-rows.js';
import { decodeChunks, openByteSource, type TextEncoding } from './text-source.js';

export interface ImportInput extends ImportShape {
  /** The workspace file. */
  readonly workspace: string;
  /** The file to import, or "-" for standard input (inline runs only: the CLI). */
  readonly file: string;
  /** Default: UTF-8 or UTF-16 when the file shows it; anything else must be chosen. */
  readonly encoding?: TextEncoding;
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
  /** createdAt and updatedAt of every imported row. */
  readonly stamp: string;
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
  try {
    db = openForWriting(input.workspace, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    const store = new ConnectionStore(db);
    const now = prismaTimestamp();
    const report = (): void => context.progress({ rows: count, bytes, totalBytes: source.size });
    const write = (names: readonly { name: string }[]): void => {
      count += insertPeople(
        store,
        names.map((row) => row.name),
        now,
      );
    };
    db.exec('BEGIN IMMEDIATE');
    const open = db;
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
    return { count, firstId, lastId, stamp: now };
  } catch (error) {
    if (db?.inTransaction) db.exec('ROLLBACK');
    throw error;
  } finally {
    db?.close();
    if (input.file !== '-') source.stream.destroy();
  }
});
