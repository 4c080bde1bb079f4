// Inserting many people at once, fast, in the caller's write transaction.
//
// Person has triggers (for other programs' rows: see the third migration), and SQLite
// runs each INSERT that may fire triggers under a statement journal of its own. Row by
// row, that doubled the cost of a million-row import even though a Roster bulk write
// (writer = 2) makes the trigger skip its body. So rows are staged in a TEMP table on the
// same connection (no triggers, in memory) and moved into Person with one INSERT …
// SELECT per batch: one statement journal per batch instead of per row. A row may bring
// its own createdAt and updatedAt (an import of Roster's own export keeps them); the
// others take the batch's time.

import type Database from 'better-sqlite3';
import { defineSlot, type ConnectionStore } from '../../../kernel/node/sqlite/connection-store.js';
import { foldName } from '../../workspace/common/name-fold.js';

/** The staging table and its statements, set up on a connection's first bulk insert. */
const staged = defineSlot('people.staged-insert', (db) => {
  db.pragma('temp_store = MEMORY');
  // A name without its own times is staged with NULLs, which the move fills with the batch's time.
  db.exec(
    'CREATE TEMP TABLE IF NOT EXISTS "roster_staged_people" ' +
      '("name" TEXT NOT NULL, "nameKey" TEXT NOT NULL, "createdAt" TEXT, "updatedAt" TEXT)',
  );
  return {
    stage: db.prepare('INSERT INTO temp."roster_staged_people" ("name", "nameKey") VALUES (?, ?)'),
    stageTimed: db.prepare('INSERT INTO temp."roster_staged_people" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)'),
    move: db.prepare(
      'INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") ' +
        'SELECT "name", "nameKey", coalesce("createdAt", @now), coalesce("updatedAt", @now) ' +
        'FROM temp."roster_staged_people" ORDER BY rowid',
    ),
    clear: db.prepare('DELETE FROM temp."roster_staged_people"'),
  };
});

/** A person to insert with times of its own (Prisma's stored form), and its key when the caller folded it already. */
export interface TimedPerson {
  readonly name: string;
  readonly nameKey?: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

/**
 * Inserts `people` (already validated) with their folded keys, in order, inside the
 * caller's transaction: a plain name, or a person with its own times, gets the time
 * `now` (in Prisma's stored form) for what it does not bring. Call it as Roster's
 * bulk writer (asBulkWriter) after deferIndexingOfNewRows.
 */
export function insertPeople(store: ConnectionStore, people: Iterable<string | TimedPerson>, now: string): number {
  if (!store.db.inTransaction) throw new Error('insertPeople needs an open write transaction');
  const { stage, stageTimed, move, clear } = store.slot(staged);
  let count = 0;
  for (const person of people) {
    if (typeof person === 'string') stage.run(person, foldName(person));
    else {
      const key = person.nameKey ?? foldName(person.name);
      if (person.createdAt === undefined) stage.run(person.name, key);
      else stageTimed.run(person.name, key, person.createdAt, person.updatedAt ?? person.createdAt);
    }
    count++;
  }
  if (count > 0) move.run({ now });
  clear.run();
  return count;
}

/** The highest Person id ever used in the file (AUTOINCREMENT's sqlite_sequence). */
export function lastPersonId(db: Database.Database): number {
  const seq = db.prepare(`SELECT "seq" FROM sqlite_sequence WHERE "name" = 'Person'`).pluck().get();
  // The shared connection reads integers as BigInt (the Prisma adapter's setting).
  return typeof seq === 'number' || typeof seq === 'bigint' ? Number(seq) : 0;
}
