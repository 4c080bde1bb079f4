// Inserting many people at once, fast, in the caller's write transaction.
//
// Person has triggers (for other programs' rows: see the third migration), and SQLite
// runs each INSERT that may fire triggers under a statement journal of its own. Row by
// row, that doubled the cost of a million-row import even though a Roster bulk write
// (writer = 2) makes the trigger skip its body. So rows are staged in a TEMP table on the
// same connection (no triggers, in memory) and moved into Person with one INSERT …
// SELECT per batch: one statement journal per batch instead of per row.

import type Database from 'better-sqlite3';
import { defineSlot, type ConnectionStore } from '../../../kernel/node/sqlite/connection-store.js';
import { foldName } from '../../workspace/common/name-fold.js';

/** The staging table and its statements, set up on a connection's first bulk insert. */
const staged = defineSlot('people.staged-insert', (db) => {
  db.pragma('temp_store = MEMORY');
  db.exec('CREATE TEMP TABLE IF NOT EXISTS "roster_staged_people" ("name" TEXT NOT NULL, "nameKey" TEXT NOT NULL)');
  return {
    stage: db.prepare('INSERT INTO temp."roster_staged_people" ("name", "nameKey") VALUES (?, ?)'),
    move: db.prepare(
      'INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") ' +
        'SELECT "name", "nameKey", ?, ? FROM temp."roster_staged_people" ORDER BY rowid',
    ),
    clear: db.prepare('DELETE FROM temp."roster_staged_people"'),
  };
});

/**
 * Inserts `names` (already validated) with their folded keys and the time `now` (in
 * Prisma's stored form), in order, inside the caller's transaction. Call it as Roster's
 * bulk writer (asBulkWriter) after deferIndexingOfNewRows.
 */
export function insertPeople(store: ConnectionStore, names: Iterable<string>, now: string): number {
  if (!store.db.inTransaction) throw new Error('insertPeople needs an open write transaction');
  const { stage, move, clear } = store.slot(staged);
  let count = 0;
  for (const name of names) {
    stage.run(name, foldName(name));
    count++;
  }
  if (count > 0) move.run(now, now);
  clear.run();
  return count;
}

/** The highest Person id ever used in the file (AUTOINCREMENT's sqlite_sequence). */
export function lastPersonId(db: Database.Database): number {
  const seq = db.prepare(`SELECT "seq" FROM sqlite_sequence WHERE "name" = 'Person'`).pluck().get();
  // The shared connection reads integers as BigInt (the Prisma adapter's setting).
  return typeof seq === 'number' || typeof seq === 'bigint' ? Number(seq) : 0;
}
