// Every person of a workspace as it was at one instant: the source of an export.
//
// An export must be a snapshot. Reading in pages with separate queries lets a change
// that lands between two pages show half of itself (delete ids 1 and 200000 together
// mid-export, and the file has 1 but not 200000: a state that never existed). So the
// reader opens its own read-only connection and reads every page inside one read
// transaction (BEGIN ... COMMIT): in WAL mode that transaction sees the file as it was
// at its first read, whatever other connections commit meanwhile, and it blocks none
// of them. The shared workspace connection stays free for the window's own work.
//
// Kept a pure function of (path, batch size, signal), with no Prisma and no shared
// connection, so it can run inside a worker thread unchanged.

import { RosterError } from '../../../kernel/common/errors.js';
import type { PersonDto } from '../../people/common/people-contract.js';
import { immutableFilename, openSqlite } from '../../../kernel/node/sqlite/driver.js';
import { ConnectionStore } from '../../../kernel/node/sqlite/connection-store.js';
import { assertAdvanced } from '../../../kernel/node/sqlite/paging.js';
import { chunksOf, resolveSelection, type SelectionQuery } from '../../people/node/selection.js';
import { storedTimeToIso } from '../../workspace/node/stored-time.js';
import { storedText } from '../../workspace/node/stored-text.js';

export const SNAPSHOT_BATCH = 5000;
/** How long the reader waits for a lock (only a checkpoint-in-progress or recovery takes one). */
const READ_TIMEOUT_MS = 5000;

interface SnapshotRow {
  id: number;
  name: unknown;
  createdAt: string | number;
  updatedAt: string | number;
}

function toDto(row: SnapshotRow): PersonDto {
  return { id: row.id, name: storedText(row.name), createdAt: storedTimeToIso(row.createdAt), updatedAt: storedTimeToIso(row.updatedAt) };
}

function cancelled(): RosterError {
  return new RosterError('CANCELLED', 'The export was cancelled.');
}

/**
 * Yields every person of the workspace file at `path`, in id order, `batchSize` at a
 * time, all from one read transaction. Stop early by breaking out of the loop or
 * through `signal` (CANCELLED); either way the connection is closed.
 */
export async function* readPeopleSnapshot(
  path: string,
  batchSize = SNAPSHOT_BATCH,
  signal?: AbortSignal,
  /** 'immutable' for a workspace nobody can be writing (opened that way: see workspace-file.ts). */
  mode: 'normal' | 'immutable' = 'normal',
  /** Only these people (a window's selection), resolved inside the same read transaction. */
  selection?: SelectionQuery,
): AsyncGenerator<PersonDto[]> {
  if (signal?.aborted) throw cancelled();
  const db =
    mode === 'immutable'
      ? openSqlite(immutableFilename(path), { readonly: true, fileMustExist: true })
      : openSqlite(path, { readonly: true, fileMustExist: true, timeout: READ_TIMEOUT_MS });
  const store = new ConnectionStore(db);
  try {
    db.exec('BEGIN');
    if (selection) {
      const byIds = db.prepare(
        'SELECT "id", "name", "createdAt", "updatedAt" FROM "Person" WHERE "id" IN (SELECT value FROM json_each(?)) ORDER BY "id"',
      );
      for (const part of chunksOf(resolveSelection(store, selection, { strict: false }), batchSize)) {
        if (signal?.aborted) throw cancelled();
        yield (byIds.all(JSON.stringify(part)) as SnapshotRow[]).map(toDto);
      }
      db.exec('COMMIT');
      return;
    }
    const page = db.prepare('SELECT "id", "name", "createdAt", "updatedAt" FROM "Person" WHERE "id" > ? ORDER BY "id" LIMIT ?');
    let after = 0;
    for (;;) {
      if (signal?.aborted) throw cancelled();
      const rows = page.all(after, batchSize) as SnapshotRow[];
      if (rows.length === 0) break;
      yield rows.map(toDto);
      const last = (rows.at(-1) as SnapshotRow).id;
      assertAdvanced('export', after, last);
      after = last;
      if (rows.length < batchSize) break;
    }
    db.exec('COMMIT');
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
  }
}
