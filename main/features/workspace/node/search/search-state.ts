// The state of a workspace's search index (PersonSearch, an FTS5 trigram index over
// Person.nameKey), kept in RosterState.searchPendingFrom:
//   NULL  every row is in the index;
//   N     rows with id > N are not yet (a bulk import just committed them, or the index
//         is being rebuilt); Roster's catch-up adds them in chunks and raises N.
// Search never depends on the index being complete: it asks the index about rows up
// to N and scans the rows above N directly (search-query.ts), so a crash at any point
// leaves search exactly right, and the next open simply carries on catching up.

import type Database from 'better-sqlite3';
import { preparedOnce } from '../../../../kernel/node/sqlite/statements.js';

/** Sentinel for "no pending rows" in SQL comparisons: above any rowid. */
export const NO_PENDING = Number.MAX_SAFE_INTEGER;

/** rows with id > the returned value are not indexed; NO_PENDING when all are. */
export function searchPendingFrom(db: Database.Database): number {
  const value = preparedOnce(db, 'SELECT "searchPendingFrom" FROM "RosterState" WHERE "id" = 1').pluck().get() as number | null | undefined;
  return value === null || value === undefined ? NO_PENDING : value;
}

/**
 * Called by a bulk writer inside its write transaction, before inserting: rows it is
 * about to add get ids above today's largest, so marking everything above that as
 * pending keeps the per-row index triggers out of the import (issue 8: indexing a
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

/** Indexes up to `limit` pending rows in one write transaction. Returns how many remain pending afterwards. */
export function indexPendingChunk(db: Database.Database, limit: number): { indexed: number; remaining: number } {
  return db
    .transaction(() => {
      const pending = searchPendingFrom(db);
      if (pending === NO_PENDING) return { indexed: 0, remaining: 0 };
      const rows = db.prepare('SELECT "id" FROM "Person" WHERE "id" > ? ORDER BY "id" LIMIT ?').pluck().safeIntegers(false).all(pending, limit) as number[];
      const last = rows.at(-1);
      if (last === undefined) {
        db.prepare('UPDATE "RosterState" SET "searchPendingFrom" = NULL WHERE "id" = 1').run();
        return { indexed: 0, remaining: 0 };
      }
      db.prepare('INSERT INTO "PersonSearch" (rowid, "nameKey") SELECT "id", "nameKey" FROM "Person" WHERE "id" > ? AND "id" <= ?').run(pending, last);
      const remaining = rows.length < limit ? 0 : Number(db.prepare('SELECT count(*) FROM "Person" WHERE "id" > ?').pluck().get(last));
      db.prepare('UPDATE "RosterState" SET "searchPendingFrom" = ? WHERE "id" = 1').run(remaining === 0 ? null : last);
      return { indexed: rows.length, remaining };
    })
    .immediate();
}

/** Empties the index and marks every row pending, in one transaction: search scans meanwhile. */
export function restartSearchIndex(db: Database.Database): void {
  db.transaction(() => {
    db.exec(`INSERT INTO "PersonSearch" ("PersonSearch") VALUES ('delete-all')`);
    db.prepare('UPDATE "RosterState" SET "searchPendingFrom" = 0 WHERE "id" = 1').run();
  }).immediate();
}
