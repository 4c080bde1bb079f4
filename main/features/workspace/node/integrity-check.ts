// The background whole-file check: after a workspace's first rows are shown,
// a worker reads every page with PRAGMA quick_check on a connection of its own. It
// also compares the search index's row count with the rows it should hold, a cheap
// sign of an index that went out of step (its full integrity-check would need the
// write lock for seconds).
//
// The connection is read-write with query_only on, not read-only: SQLite cannot tidy
// up -wal/-shm when the last connection to close is read-only, and this one may be the
// last if the window closes mid-check.

import { immutableFilename, openSqlite } from '../../../kernel/node/sqlite/driver.js';
import { ConnectionStore } from '../../../kernel/node/sqlite/connection-store.js';
import { asRosterError } from '../../../kernel/node/sqlite/sqlite-errors.js';
import { BUSY_TIMEOUT_MS } from '../../../kernel/node/sqlite/pragmas.js';
import { NO_PENDING, searchPendingFrom } from './search/search-state.js';
import { quickCheckBesideSearch, unreadableSearchIndexes } from './search/search-repair.js';
import { defineTask } from '../../../kernel/node/tasks/task.js';
import type { TaskHandler } from '../../../kernel/node/tasks/task-context.js';
import { throwIfCancelled } from '../../../kernel/node/tasks/task-context.js';

export interface IntegrityInput {
  readonly path: string;
  /** How the workspace itself was opened: a read-only one is checked read-only too. */
  readonly mode?: 'read-write' | 'read-only' | 'immutable';
}

export type IntegrityResult =
  /** searchInStep / countInStep: the search index and RosterState.personCount agree with Person. */
  { readonly ok: true; readonly searchInStep: boolean; readonly countInStep: boolean } | { readonly ok: false; readonly reason: string };

const checkIntegrity: TaskHandler<IntegrityInput, IntegrityResult> = async (input, context) => {
  const mode = input.mode ?? 'read-write';
  const db =
    mode === 'immutable'
      ? openSqlite(immutableFilename(input.path), { readonly: true, fileMustExist: true })
      : openSqlite(input.path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS, readonly: mode === 'read-only' });
  const store = new ConnectionStore(db);
  try {
    db.pragma('query_only = ON');
    let result: unknown;
    let searchReadable = true;
    try {
      result = db.pragma('quick_check', { simple: true });
    } catch (error) {
      const mapped = asRosterError(error);
      if (mapped.code === 'WORKSPACE_CORRUPT') return { ok: false, reason: String(mapped.details?.['reason'] ?? mapped.message) };
      // A search index FTS5 cannot read (search/search-repair.ts): the rest of the file is
      // checked without it; search already reads around it.
      if (unreadableSearchIndexes(db).size === 0) throw error;
      searchReadable = false;
      result = quickCheckBesideSearch(db);
    }
    if (result !== 'ok') return { ok: false, reason: String(result) };
    throwIfCancelled(context.signal, 'The check');
    let searchInStep = false;
    let countInStep = true;
    try {
      countInStep = db
        .transaction(() => {
          const stored = db.prepare('SELECT "personCount" FROM "RosterState" WHERE "id" = 1').pluck().get() as
            number | bigint | null | undefined;
          return (
            stored === null || stored === undefined || Number(stored) === Number(db.prepare('SELECT count(*) FROM "Person"').pluck().get())
          );
        })
        .deferred();
      searchInStep = db
        .transaction(() => {
          const pending = searchPendingFrom(store);
          const indexed = Number(db.prepare('SELECT count(*) FROM "PersonSearch_docsize"').pluck().get());
          const rows =
            pending === NO_PENDING
              ? db.prepare('SELECT count(*) FROM "Person"')
              : db.prepare('SELECT count(*) FROM "Person" WHERE "id" <= ?');
          return indexed === Number(pending === NO_PENDING ? rows.pluck().get() : rows.pluck().get(pending));
        })
        .deferred();
    } catch {
      // No usable index (a damaged read-only file): search scans instead.
    }
    return { ok: true, searchInStep: searchInStep && searchReadable, countInStep };
  } finally {
    db.close();
  }
};

export const integrityTask = defineTask('integrity', checkIntegrity, { lane: 'background' });
