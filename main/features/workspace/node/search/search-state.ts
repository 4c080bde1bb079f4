// The state of a workspace's search index (PersonSearch, an FTS5 trigram index over
// Person.nameKey), kept in RosterState.searchPendingFrom:
//   NULL  every row is in the index;
//   N     rows with id > N are not yet (a bulk import just committed them, or the index
//         is being rebuilt); Roster's catch-up adds them in chunks and raises N.
// Search never depends on the index being complete: it asks the index about rows up
// to N and scans the rows above N directly
// (main/features/people/node/people-queries.ts), so a crash at any point leaves search
// exactly right, and the next open simply carries on catching up.
//
// Below that, how search reads one connection: with the index, or (a file Roster may
// not repair) around it, as opening decided.

import type Database from 'better-sqlite3';
import { defineSlot, type ConnectionStore } from '../../../../kernel/node/sqlite/connection-store.js';
import { foldName } from '../../common/name-fold.js';
import { storedText } from '../stored-text.js';
import { emptyGramIndex, indexGramsOfRange } from './gram-index.js';

/** Sentinel for "no pending rows" in SQL comparisons: above any rowid. */
export const NO_PENDING = Number.MAX_SAFE_INTEGER;

/** rows with id > the returned value are not indexed; NO_PENDING when all are. */
export function searchPendingFrom(store: ConnectionStore): number {
  const value = store.statement('SELECT "searchPendingFrom" FROM "RosterState" WHERE "id" = 1').pluck().get() as number | null | undefined;
  return value === null || value === undefined ? NO_PENDING : value;
}

/**
 * Called by a bulk writer inside its write transaction, before inserting: rows it is
 * about to add get ids above today's largest, so marking everything above that as
 * pending keeps the per-row index triggers out of the import (indexing a
 * million rows one by one was five times slower than catching up afterwards).
 */
export function deferIndexingOfNewRows(db: Database.Database): void {
  if (!db.inTransaction) throw new Error('deferIndexingOfNewRows needs an open write transaction');
  db.prepare(
    `UPDATE "RosterState"
        SET "searchPendingFrom" = coalesce("searchPendingFrom", (SELECT coalesce(max("id"), 0) FROM "Person"))
      WHERE "id" = 1`,
  ).run();
}

/**
 * How many rows are pending: one count, taken once by a catch-up for its progress (a
 * count per chunk made the catch-up quadratic: each walked every row still pending).
 */
export function countPending(store: ConnectionStore): number {
  const pending = searchPendingFrom(store);
  if (pending === NO_PENDING) return 0;
  return Number(store.statement('SELECT count(*) FROM "Person" WHERE "id" > ?').pluck().get(pending));
}

/**
 * Indexes up to `limit` pending rows in one write transaction. `done`: no row is
 * pending afterwards. Costs what the chunk holds, whatever the number still pending
 * (the rows are found through the primary key from searchPendingFrom on).
 */
export function indexPendingChunk(store: ConnectionStore, limit: number): { indexed: number; done: boolean } {
  const { db } = store;
  return db
    .transaction(() => {
      const pending = searchPendingFrom(store);
      if (pending === NO_PENDING) return { indexed: 0, done: true };
      const rows = store
        .statement('SELECT "id" FROM "Person" WHERE "id" > ? ORDER BY "id" LIMIT ?')
        .pluck()
        .safeIntegers(false)
        .all(pending, limit) as number[];
      const last = rows.at(-1);
      const finish = store.statement('UPDATE "RosterState" SET "searchPendingFrom" = ? WHERE "id" = 1');
      if (last === undefined) {
        finish.run(null);
        return { indexed: 0, done: true };
      }
      store
        .statement('INSERT INTO "PersonSearch" (rowid, "nameKey") SELECT "id", "nameKey" FROM "Person" WHERE "id" > ? AND "id" <= ?')
        .run(pending, last);
      indexGramsOfRange(store, pending, last);
      const done = rows.length < limit || store.statement('SELECT 1 FROM "Person" WHERE "id" > ? LIMIT 1').get(last) === undefined;
      finish.run(done ? null : last);
      return { indexed: rows.length, done };
    })
    .immediate();
}

/** Empties the index and marks every row pending, in one transaction: search scans meanwhile. */
export function restartSearchIndex(db: Database.Database): void {
  db.transaction(() => {
    db.exec(`INSERT INTO "PersonSearch" ("PersonSearch") VALUES ('delete-all')`);
    emptyGramIndex(db);
    db.prepare('UPDATE "RosterState" SET "searchPendingFrom" = 0 WHERE "id" = 1').run();
  }).immediate();
}

// ---------------------------------------------------------------- how search reads a connection

/**
 * How a file Roster cannot repair (read-only, with repairs pending: workspace-file.ts)
 * is searched: 'scan-keys' when only the index may be incomplete, 'fold-names' when
 * the stored keys may be stale too (written while a trigger was missing), so each name
 * is folded as it is read. Slower, and exact.
 */
export type DegradedSearch = 'scan-keys' | 'fold-names';

/**
 * How search reads one connection, for as long as it lives: what opening decided
 * (degraded, null when the index and keys are trusted) and what the first search
 * learnt (usable, null until then).
 */
interface SearchReading {
  degraded: DegradedSearch | null;
  usable: boolean | null;
}

const searchReading = defineSlot<SearchReading>('workspace.search-reading', () => ({ degraded: null, usable: null }));
const FOLD_FUNCTION = 'roster_fold';

export function degradeSearch(store: ConnectionStore, mode: DegradedSearch): void {
  store.slot(searchReading).degraded = mode;
  if (mode === 'fold-names') {
    store.db.function(FOLD_FUNCTION, { deterministic: true }, (name: unknown) => foldName(storedText(name)));
  }
}

/** How opening degraded search on this connection (null: not at all), for a worker's connection to read alike. */
export function searchDegradation(store: ConnectionStore): DegradedSearch | null {
  return store.slot(searchReading).degraded;
}

/** What search matches against: the stored key, or (keys not trusted) the name folded now. */
export function searchedKey(store: ConnectionStore, alias: string): string {
  return store.slot(searchReading).degraded === 'fold-names' ? `${FOLD_FUNCTION}(${alias}"name")` : `${alias}"nameKey"`;
}

/** Whether this connection's file has a usable search index (a damaged read-only file may not). */
export function hasSearchIndex(store: ConnectionStore): boolean {
  const reading = store.slot(searchReading);
  if (reading.degraded !== null) return false;
  if (reading.usable === null) {
    try {
      store.db.prepare(`SELECT 1 FROM "PersonSearch" WHERE "PersonSearch" MATCH '"abc"' LIMIT 1`).get();
      store.db.prepare('SELECT "searchPendingFrom" FROM "RosterState" WHERE "id" = 1').get();
      reading.usable = true;
    } catch {
      reading.usable = false;
    }
  }
  return reading.usable;
}
