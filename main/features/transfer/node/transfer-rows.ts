// The rows a transfer carries, read from the source and staged in the target.
//
// Rows are staged in a TEMP table on the target's connection (no triggers, a temp file), so
// that duplicates can be found with the target's own (nameKey, id) index, and the copies
// go into Person with one INSERT … SELECT per batch (one statement journal per batch:
// see main/features/people/node/bulk-insert.ts). The key is folded here, by this build's fold, whatever the
// source held; the times are kept, written in Prisma's stored form.
//
// A name is carried only if Roster would accept it as it is (storedNameProblem): the
// same rule adding, renaming and importing apply, so a name another program stored
// that breaks it (300 characters, a line break) stops the transfer, naming the person,
// rather than spreading to a workspace that then cannot be exported and imported back.

import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { RosterError } from '../../../kernel/common/errors.js';
import { foldName } from '../../workspace/common/name-fold.js';
import { storedNameProblem } from '../../workspace/common/person-name.js';
import { chunksOf } from '../../people/node/selection.js';
import { idsOf, type IdRanges } from './id-ranges.js';
import { storedTimeToIso } from '../../workspace/node/stored-time.js';

/** Rows read or written per statement; progress and cancel are checked between batches. */
export const TRANSFER_BATCH = 5000;

interface SourceRow {
  id: number;
  name: string;
  createdAt: unknown;
  updatedAt: unknown;
}

/** A stored time in Prisma's form ("…T…+00:00"), whatever form the source held it in. */
function canonicalStoredTime(value: unknown): string {
  return storedTimeToIso(value).replace('Z', '+00:00');
}

/**
 * A digest of people as a transfer carries them (name and both times, in id order):
 * undo and redo compare it to prove the rows are still exactly what the step moved,
 * without keeping a million names in memory.
 */
export class RowDigest {
  readonly #hash = createHash('sha256');
  #count = 0;

  add(row: { name: string; createdAt: unknown; updatedAt: unknown }): void {
    this.#hash.update(`${row.name}\u0000${canonicalStoredTime(row.createdAt)}\u0000${canonicalStoredTime(row.updatedAt)}\n`);
    this.#count++;
  }

  get count(): number {
    return this.#count;
  }

  digest(): string {
    return `${this.#count}:${this.#hash.digest('hex')}`;
  }
}

/** INVALID_NAME when a stored name breaks the rule Roster applies on every path. */
function refuseBadName(id: number, name: unknown): void {
  const problem = typeof name === 'string' ? storedNameProblem(name) : 'The name is not text.';
  if (problem === null) return;
  throw new RosterError(
    'INVALID_NAME',
    `The name of person ${id} breaks Roster's naming rules: ${problem} Rename them first; nothing was copied or moved.`,
    { id },
  );
}

/** Refuses the transfer, before it writes anything, when one of these people's names breaks the rule (the first by id). */
export function assertCarriableNames(db: Database.Database, ids: readonly number[]): void {
  const select = db
    .prepare('SELECT "id", "name" FROM "Person" WHERE "id" IN (SELECT value FROM json_each(?)) ORDER BY "id"')
    .raw()
    .safeIntegers(false);
  for (const part of chunksOf(ids, TRANSFER_BATCH)) {
    for (const [id, name] of select.all(JSON.stringify(part)) as [number, unknown][]) refuseBadName(id, name);
  }
}

/** The people with these ids (ascending), a batch at a time, in id order. */
export function* readSourceRows(db: Database.Database, ids: readonly number[]): Generator<SourceRow[]> {
  const select = db
    .prepare('SELECT "id", "name", "createdAt", "updatedAt" FROM "Person" WHERE "id" IN (SELECT value FROM json_each(?)) ORDER BY "id"')
    .safeIntegers(false);
  for (const part of chunksOf(ids, TRANSFER_BATCH)) yield select.all(JSON.stringify(part)) as SourceRow[];
}

/** The digest of the people with these ids as stored in `db`, and how many of them exist. */
export function digestOf(db: Database.Database, ids: readonly number[]): string {
  const digest = new RowDigest();
  for (const rows of readSourceRows(db, ids)) for (const row of rows) digest.add(row);
  return digest.digest();
}

/** The staging table on the target's connection. */
export class Staging {
  readonly #db: Database.Database;
  readonly #stage: Database.Statement;

  constructor(db: Database.Database) {
    this.#db = db;
    // On disk: a merge of a million people stages every row, and memory must stay bounded.
    db.pragma('temp_store = FILE');
    db.exec('DROP TABLE IF EXISTS temp."roster_transfer"');
    db.exec(
      'CREATE TEMP TABLE "roster_transfer" ("sourceId" INTEGER PRIMARY KEY, "name" TEXT NOT NULL, "nameKey" TEXT NOT NULL, ' +
        '"createdAt" TEXT NOT NULL, "updatedAt" TEXT NOT NULL, "targetId" INTEGER, "duplicate" INTEGER NOT NULL DEFAULT 0)',
    );
    this.#stage = db.prepare(
      'INSERT INTO temp."roster_transfer" ("sourceId", "name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?)',
    );
  }

  add(rows: readonly SourceRow[]): void {
    // Checked before anything was written (assertCarriableNames); again here, since a
    // move lets go of the source between its journal and its lock.
    for (const row of rows) refuseBadName(row.id, row.name);
    for (const row of rows)
      this.#stage.run(row.id, row.name, foldName(row.name), canonicalStoredTime(row.createdAt), canonicalStoredTime(row.updatedAt));
  }

  /** Marks staged people whose folded name the target already holds; returns how many. */
  markDuplicates(): number {
    return this.#db
      .prepare(
        'UPDATE temp."roster_transfer" SET "duplicate" = 1 ' +
          'WHERE EXISTS (SELECT 1 FROM main."Person" p WHERE p."nameKey" = "roster_transfer"."nameKey")',
      )
      .run().changes;
  }

  dropDuplicates(): void {
    this.#db.exec('DELETE FROM temp."roster_transfer" WHERE "duplicate" = 1');
  }

  /** The staged source ids, ascending. */
  sourceIds(): number[] {
    return this.#db
      .prepare('SELECT "sourceId" FROM temp."roster_transfer" ORDER BY "sourceId"')
      .pluck()
      .safeIntegers(false)
      .all() as number[];
  }

  /** Gives the copies these ids, in source-id order (undo of a move puts people back under their old ids). */
  assignTargetIds(targetIds: IdRanges): void {
    const sorted = [...idsOf(targetIds)];
    const set = this.#db.prepare('UPDATE temp."roster_transfer" SET "targetId" = ? WHERE "sourceId" = ?');
    this.sourceIds().forEach((sourceId, i) => set.run(sorted[i] ?? null, sourceId));
  }

  /** How many of the assigned target ids the target already uses. */
  targetIdsInUse(): number {
    return Number(
      this.#db.prepare('SELECT count(*) FROM main."Person" WHERE "id" IN (SELECT "targetId" FROM temp."roster_transfer")').pluck().get(),
    );
  }

  digest(): string {
    const digest = new RowDigest();
    for (const row of this.#db
      .prepare('SELECT "name", "createdAt", "updatedAt" FROM temp."roster_transfer" ORDER BY "sourceId"')
      .iterate()) {
      digest.add(row as { name: string; createdAt: string; updatedAt: string });
    }
    return digest.digest();
  }

  /** Inserts the staged people with sourceId in (after, upTo], in order; returns how many. */
  insertBatch(after: number, upTo: number, withTargetIds: boolean): number {
    const sql = withTargetIds
      ? 'INSERT INTO main."Person" ("id", "name", "nameKey", "createdAt", "updatedAt") ' +
        'SELECT "targetId", "name", "nameKey", "createdAt", "updatedAt" FROM temp."roster_transfer" ' +
        'WHERE "sourceId" > ? AND "sourceId" <= ? ORDER BY "sourceId"'
      : 'INSERT INTO main."Person" ("name", "nameKey", "createdAt", "updatedAt") ' +
        'SELECT "name", "nameKey", "createdAt", "updatedAt" FROM temp."roster_transfer" ' +
        'WHERE "sourceId" > ? AND "sourceId" <= ? ORDER BY "sourceId"';
    return this.#db.prepare(sql).run(after, upTo).changes;
  }

  drop(): void {
    this.#db.exec('DROP TABLE IF EXISTS temp."roster_transfer"');
  }
}

/** Deletes the people with these ids from `db`, a batch at a time; returns how many went. */
/** Whether anyone still holds an id in first..last (the copies one transfer made): one probe of the primary key, at any size. */
export function anyInIdRange(db: Database.Database, first: number, last: number): boolean {
  return Number(db.prepare('SELECT EXISTS (SELECT 1 FROM "Person" WHERE "id" BETWEEN ? AND ?)').pluck().get(first, last)) === 1;
}

export function deleteBatch(db: Database.Database, ids: readonly number[]): number {
  return db.prepare('DELETE FROM "Person" WHERE "id" IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids)).changes;
}

export { chunksOf };
