// Writes that undo and redo are made of: delete, re-insert and rename people *exactly*
// as a step recorded them, or refuse.
//
// Each runs in one write transaction on the workspace's connection and first reads
// the rows it is about to touch. If any differs from what the step expects (a name or
// updatedAt another program changed, a person deleted or re-created meanwhile) nothing
// is written and UNDO_CONFLICT says so: a change made outside Roster is never undone by
// mistake. Ids are AUTOINCREMENT and never reused, so re-inserting a person with its
// id, name and both times is an exact restore. Writes run as Roster's writer (level 1),
// so the triggers keep the stored count and the search index right.

import type Database from 'better-sqlite3';
import { RosterError } from '../../../kernel/common/errors.js';
import { foldName } from '../../workspace/common/name-fold.js';
import type { PersonDto } from '../../people/common/people-contract.js';
import { asRosterWriter } from '../../workspace/node/keys/key-upkeep.js';
import { prismaTimestamp } from '../../workspace/node/migrations/migration-history.js';
import { storedTimeToIso } from '../../workspace/node/stored-time.js';

/** A person as a step remembers them (times as ISO strings, as the window sees them). */
export type ExactPerson = Pick<PersonDto, 'id' | 'name' | 'createdAt' | 'updatedAt'>;

const CHUNK = 500;

function conflict(what: string): RosterError {
  return new RosterError(
    'UNDO_CONFLICT',
    `${what} was changed outside this window's history (by another program, or by hand), so Roster left it as it is.`,
  );
}

function inWriteTransaction<T>(db: Database.Database, task: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = asRosterWriter(db, task);
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** The stored rows among `ids`, by id, with times as ISO strings. */
function readRows(db: Database.Database, ids: readonly number[]): Map<number, ExactPerson> {
  const found = new Map<number, ExactPerson>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    const rows = db
      .prepare(`SELECT "id", "name", "createdAt", "updatedAt" FROM "Person" WHERE "id" IN (${part.map(() => '?').join(',')})`)
      .all(...part) as { id: number | bigint; name: string; createdAt: unknown; updatedAt: unknown }[];
    // The shared connection reads integers as BigInt (the Prisma adapter's setting).
    for (const row of rows)
      found.set(Number(row.id), {
        id: Number(row.id),
        name: row.name,
        createdAt: storedTimeToIso(row.createdAt),
        updatedAt: storedTimeToIso(row.updatedAt),
      });
  }
  return found;
}

function same(a: ExactPerson | undefined, b: ExactPerson): boolean {
  return a !== undefined && a.name === b.name && a.updatedAt === b.updatedAt;
}

function who(people: readonly ExactPerson[]): string {
  return people.length === 1 ? `“${people[0]?.name ?? ''}”` : `One of these ${people.length.toLocaleString('en-US')} people`;
}

/** Deletes exactly these people, or nothing if any of them is gone or changed. */
export function deleteExact(db: Database.Database, people: readonly ExactPerson[]): void {
  inWriteTransaction(db, () => {
    const stored = readRows(
      db,
      people.map((person) => person.id),
    );
    if (people.some((person) => !same(stored.get(person.id), person))) throw conflict(who(people));
    const remove = db.prepare('DELETE FROM "Person" WHERE "id" = ?');
    for (const person of people) remove.run(person.id);
  });
}

/** Puts these people back with their ids and times, or nothing if any id is in use. */
export function insertExact(db: Database.Database, people: readonly ExactPerson[]): void {
  inWriteTransaction(db, () => {
    if (
      readRows(
        db,
        people.map((person) => person.id),
      ).size > 0
    )
      throw conflict(who(people));
    const insert = db.prepare('INSERT INTO "Person" ("id", "name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?)');
    for (const person of people) {
      insert.run(
        person.id,
        person.name,
        foldName(person.name),
        prismaTimestamp(new Date(person.createdAt)),
        prismaTimestamp(new Date(person.updatedAt)),
      );
    }
  });
}

/** Sets a person from `from` back (or forward) to `to`'s name and updatedAt, or nothing if it is not `from` now. */
export function renameExact(db: Database.Database, from: ExactPerson, to: ExactPerson): void {
  inWriteTransaction(db, () => {
    if (!same(readRows(db, [from.id]).get(from.id), from)) throw conflict(`“${from.name}”`);
    db.prepare('UPDATE "Person" SET "name" = ?, "nameKey" = ?, "updatedAt" = ? WHERE "id" = ?').run(
      to.name,
      foldName(to.name),
      prismaTimestamp(new Date(to.updatedAt)),
      from.id,
    );
  });
}

/** The people with ids first..last (one transaction's inserts), as stored. */
export function readRange(db: Database.Database, first: number, last: number): ExactPerson[] {
  const rows = db
    .prepare('SELECT "id", "name", "createdAt", "updatedAt" FROM "Person" WHERE "id" BETWEEN ? AND ? ORDER BY "id"')
    .all(first, last) as {
    id: number | bigint;
    name: string;
    createdAt: unknown;
    updatedAt: unknown;
  }[];
  return rows.map((row) => ({
    id: Number(row.id),
    name: row.name,
    createdAt: storedTimeToIso(row.createdAt),
    updatedAt: storedTimeToIso(row.updatedAt),
  }));
}
