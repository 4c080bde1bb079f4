// The background task that fills the search index after a bulk import, an upgrade or
// a rebuild, in chunks of short write transactions on a connection of its own (so
// other writers wait at most one chunk, and a cancel or a crash loses nothing: the
// rows not yet indexed stay pending, and search scans them).

import { setImmediate as yieldNow } from 'node:timers/promises';
import { openSqlite } from '../../../../kernel/node/sqlite/driver.js';
import { ConnectionStore } from '../../../../kernel/node/sqlite/connection-store.js';
import { BUSY_TIMEOUT_MS, foldWalIn } from '../../../../kernel/node/sqlite/pragmas.js';
import { defineTask } from '../../../../kernel/node/tasks/task.js';
import type { TaskHandler } from '../../../../kernel/node/tasks/task-context.js';
import { stalled } from '../../../../kernel/node/sqlite/paging.js';
import { countPending, indexPendingChunk, restartSearchIndex } from './search-state.js';

const CATCH_UP_CHUNK = 10_000;

export interface CatchUpInput {
  readonly path: string;
  readonly chunk?: number;
  /** Empty the index first and index every row again (it was found out of step). */
  readonly rebuild?: boolean;
  /** Count Person again into RosterState.personCount first (it was found out of step). */
  readonly recount?: boolean;
}

export interface CatchUpProgress {
  readonly indexed: number;
  /** What was pending when the catch-up started, plus what was added since (at least `indexed`). */
  readonly total: number;
}

const catchUpSearch: TaskHandler<CatchUpInput, { indexed: number; cancelled: boolean }, CatchUpProgress> = async (input, context) => {
  const db = openSqlite(input.path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  const store = new ConnectionStore(db);
  let indexed = 0;
  try {
    // A derived index: losing its last chunks to a power cut only leaves them pending.
    db.pragma('synchronous = NORMAL');
    if (input.recount) {
      db.transaction(() =>
        db.prepare('UPDATE "RosterState" SET "personCount" = (SELECT count(*) FROM "Person") WHERE "id" = 1').run(),
      ).immediate();
    }
    if (input.rebuild) restartSearchIndex(db);
    // Counted once: progress runs from this total, not from a count per chunk.
    let total = countPending(store);
    for (;;) {
      if (context.signal.aborted) return { indexed, cancelled: true };
      const step = indexPendingChunk(store, input.chunk ?? CATCH_UP_CHUNK);
      indexed += step.indexed;
      // Rows added while it runs (another writer) push the total up rather than past it.
      total = step.done ? indexed : Math.max(total, indexed + 1);
      context.progress({ indexed, total });
      if (step.done) {
        foldWalIn(db);
        return { indexed, cancelled: false };
      }
      // Every chunk moves searchPendingFrom up; one that indexed nothing while rows remain would repeat forever.
      if (step.indexed === 0) throw stalled('search catch-up', { indexed });
      await yieldNow();
    }
  } finally {
    db.close();
  }
};

export const catchUpSearchTask = defineTask('search-catch-up', catchUpSearch, { lane: 'background' });
