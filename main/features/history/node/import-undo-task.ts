// Undo and redo of an import, as a task: a million-row import is undone on a
// worker, never on the main thread.
//
// An import inserts its rows in one transaction, so they hold one id range. A row
// carries the import's time (`stamp`) as createdAt and updatedAt, unless it brought its
// own times (Roster's export, kept: import-times.ts). Undo first copies that range into
// a private side file (the step's, under <data folder>/undo, removed when the step leaves
// the history), keyed by id, from one read snapshot that must hold exactly the imported
// rows; it takes no write lock on the workspace for that. Then it deletes the rows a
// slice of ids at a time, each slice its own short write transaction that first checks,
// row by row against the copy (an indexed join: linear, not a scan per row), that the
// slice still holds exactly those rows, unchanged. Other writers wait for one slice at
// most, never for the whole undo.
//
// Slices make the undo resumable, not half-done: the side file records how far it got
// (UndoProgress), so an undo that was killed between slices carries on from there when
// it runs again with the same side file.
//
// "Exactly the imported rows" is checked without a copy made at import time (that would
// double a million-row import's writes). Every change to a row, by Roster or by another
// program through the triggers, stamps updatedAt with the time of the change, which is
// after the import. So the copy must hold: `count` rows; at least count - keptTimes of
// them still stamped (createdAt = updatedAt = stamp); exactly keptAfterStamp rows with
// updatedAt after the stamp (the kept rows whose file time is after it: none, unless the
// file came from a clock ahead), so any row changed later adds one; and no updatedAt
// after keptLatest, the latest the import wrote. A kept row that another program changed
// while setting updatedAt back to its old value by hand is the one change this cannot
// see, as a stamped row changed in the same millisecond as the import never could be.
//
// If a slice finds a row another program changed,
// deleted or added meanwhile, the slices already deleted are put back exactly (ids,
// names, times) and UNDO_CONFLICT says so: the import is then as it was.
//
// Redo puts the saved rows back with their ids in one transaction, if none of those ids
// is in use. Writes run as Roster's writer, so the triggers keep the index right; the
// count is kept per slice (writer 2). An undo of most of a large workspace empties the
// search index instead of deleting row by row from it (like a bulk delete), and reports
// that the background catch-up must rebuild it.

import type Database from 'better-sqlite3';
import { RosterError } from '../../../kernel/common/errors.js';
import { asRosterWriter } from '../../workspace/node/keys/key-upkeep.js';
import { openForWriting, openSqlite } from '../../../kernel/node/sqlite/driver.js';
import { BUSY_TIMEOUT_MS, foldWalIn } from '../../../kernel/node/sqlite/pragmas.js';
import { throwIfCancelled } from '../../../kernel/node/tasks/task-context.js';
import { defineTask } from '../../../kernel/node/tasks/task.js';

export interface ImportUndoInput {
  readonly workspace: string;
  /** The step's private side file (created empty, 0600, by the caller). */
  readonly side: string;
  readonly action: 'undo' | 'redo';
  readonly firstId: number;
  readonly lastId: number;
  readonly count: number;
  readonly stamp: string;
  /** What the import counted of the rows that kept their file's times (ImportResult: keptTimes, keptAfterStamp, keptLatest). */
  readonly keptTimes: number;
  readonly keptAfterStamp: number;
  readonly keptLatest: string;
  /** Ids per write transaction of an undo, fixed (tests use small slices); default: sized by how long a slice takes. */
  readonly sliceIds?: number;
}

export interface ImportUndoProgress {
  /** Ids of the import's range handled so far, out of `total`. */
  readonly done: number;
  readonly total: number;
}

export interface ImportUndoResult {
  readonly count: number;
  /** The search index was emptied to make the undo fast; it catches up in the background. */
  readonly reindex: boolean;
}

/**
 * Ids in the first slice. Each row deleted from the search index costs far more than
 * the rest of its delete, so slices start small; an undo that empties the index instead
 * (most of a large file) starts, and stays, larger: there a slice's cost is mostly the
 * name index's pages it touches, the same for a small slice as for a large one.
 */
const UNDO_SLICE_IDS = 2_500;
const SLICE_IDS_MIN = 2_500;
const SLICE_IDS_MIN_REINDEX = 20_000;
const SLICE_IDS_MAX = 200_000;

/** How long one slice should hold the write lock. */
const SLICE_TARGET_MS = 500;

/** The next slice's size, from how long the last one took (at most doubling, so a fast slice on an idle machine cannot make a slow one). */
function nextSliceSize(size: number, elapsedMs: number, reindex: boolean): number {
  const scaled = Math.round((size * SLICE_TARGET_MS) / Math.max(elapsedMs, 1));
  const least = reindex ? SLICE_IDS_MIN_REINDEX : SLICE_IDS_MIN;
  return Math.min(SLICE_IDS_MAX, Math.max(least, Math.min(scaled, size * 2)));
}

/** The undo connection's page cache (KiB). */
const UNDO_CACHE_KIB = 131_072;

/** WAL pages between checkpoints while an undo runs (SQLite's default, 1,000, would fold the WAL in after every slice). */
const UNDO_CHECKPOINT_PAGES = 16_384;

/** Undoing at least this many, and more than half of everyone, restarts the search index instead. */
const RESTART_INDEX_FROM = 50_000;

function conflict(action: 'undo' | 'redo'): RosterError {
  return new RosterError(
    'UNDO_CONFLICT',
    action === 'undo'
      ? 'Some of the imported people were changed or deleted outside this window’s ' +
          'history (by another program, or by hand), so Roster left the import as it is.'
      : 'Some of the imported people’s ids are in use again, so Roster did not import them a second time.',
  );
}

function single(db: Database.Database, sql: string, ...params: unknown[]): number {
  return Number(
    db
      .prepare(sql)
      .pluck()
      .get(...params) ?? 0,
  );
}

function inWrite<T>(db: Database.Database, level: 1 | 2, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = asRosterWriter(db, work, level);
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

interface Progress {
  /** The first id not yet known to be deleted. */
  readonly next: number;
  /** Set while the slice next..sliceEnd may or may not have committed (the two files do not commit together). */
  readonly sliceEnd: number | null;
  readonly reindex: boolean;
}

function readProgress(db: Database.Database): Progress | null {
  const hasTable = db.prepare(`SELECT 1 FROM "side".sqlite_master WHERE type = 'table' AND name = 'UndoProgress'`).get();
  if (!hasTable) return null;
  const row = db.prepare('SELECT "next", "sliceEnd", "reindex" FROM "side"."UndoProgress" WHERE "id" = 1').get() as
    { next: number; sliceEnd: number | null; reindex: number } | undefined;
  return row ? { next: Number(row.next), sliceEnd: row.sliceEnd === null ? null : Number(row.sliceEnd), reindex: row.reindex === 1 } : null;
}

function writeProgress(db: Database.Database, progress: Progress | null): void {
  db.exec('DELETE FROM "side"."UndoProgress"');
  if (progress) {
    db.prepare('INSERT INTO "side"."UndoProgress" ("id", "next", "sliceEnd", "reindex") VALUES (1, ?, ?, ?)').run(
      progress.next,
      progress.sliceEnd,
      progress.reindex ? 1 : 0,
    );
  }
}

/** Copies the import's rows into the side file from one snapshot, and checks they are exactly the import. */
function saveImportedRows(db: Database.Database, input: ImportUndoInput): void {
  const { firstId, lastId, count } = input;
  db.exec('DROP TABLE IF EXISTS "side"."Saved"');
  db.exec('DROP TABLE IF EXISTS "side"."UndoProgress"');
  db.exec('DROP TABLE IF EXISTS "side"."UndoInput"');
  db.exec(
    'CREATE TABLE "side"."Saved" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL, ' +
      '"nameKey" TEXT NOT NULL, "createdAt" NOT NULL, "updatedAt" NOT NULL)',
  );
  db.exec(
    'CREATE TABLE "side"."UndoProgress" ("id" INTEGER PRIMARY KEY CHECK ("id" = 1), ' +
      '"next" INTEGER NOT NULL, "sliceEnd" INTEGER, "reindex" INTEGER NOT NULL)',
  );
  // What the undo is, so that a start of the app after a kill can finish it (interruptedUndo).
  db.exec(
    'CREATE TABLE "side"."UndoInput" ("id" INTEGER PRIMARY KEY CHECK ("id" = 1), "workspace" TEXT NOT NULL, ' +
      '"firstId" INTEGER NOT NULL, "lastId" INTEGER NOT NULL, "count" INTEGER NOT NULL, "stamp" TEXT NOT NULL, ' +
      '"keptTimes" INTEGER NOT NULL, "keptAfterStamp" INTEGER NOT NULL, "keptLatest" TEXT NOT NULL)',
  );
  db.prepare('INSERT INTO "side"."UndoInput" VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    input.workspace,
    firstId,
    lastId,
    count,
    input.stamp,
    input.keptTimes,
    input.keptAfterStamp,
    input.keptLatest,
  );
  // A read snapshot of the workspace and a write to the side file only: no write lock on the workspace.
  db.exec('BEGIN');
  try {
    db.prepare(
      'INSERT INTO "side"."Saved" SELECT "id", "name", "nameKey", "createdAt", "updatedAt" ' +
        'FROM "main"."Person" WHERE "id" BETWEEN ? AND ? ORDER BY "id"',
    ).run(firstId, lastId);
    if (!savedAsImported(db, input)) throw conflict('undo');
    const everyone = single(db, 'SELECT count(*) FROM "main"."Person"');
    const reindex = count >= RESTART_INDEX_FROM && count * 2 > everyone;
    writeProgress(db, { next: firstId, sliceEnd: null, reindex });
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** True when the copy in Saved is the import as it left it, by what the import counted (the file's header says why that suffices). */
function savedAsImported(db: Database.Database, input: ImportUndoInput): boolean {
  const { count, stamp, keptTimes, keptAfterStamp, keptLatest } = input;
  // One pass over the copy for all four figures.
  const row = db
    .prepare(
      'SELECT count(*) AS "saved", ' +
        'coalesce(sum("createdAt" = @stamp AND "updatedAt" = @stamp), 0) AS "stamped", ' +
        'coalesce(sum("updatedAt" > @stamp), 0) AS "after", ' +
        'coalesce(sum("updatedAt" > @latest), 0) AS "tooLate" FROM "side"."Saved"',
    )
    .get({ stamp, latest: keptLatest }) as { saved: number; stamped: number; after: number; tooLate: number };
  return row.saved === count && row.stamped >= count - keptTimes && row.after === keptAfterStamp && row.tooLate === 0;
}

/** True when ids first..last of the workspace hold exactly the saved rows of that slice, unchanged. */
function sliceUnchanged(db: Database.Database, first: number, last: number): boolean {
  const saved = single(db, 'SELECT count(*) FROM "side"."Saved" WHERE "id" BETWEEN ? AND ?', first, last);
  const present = single(db, 'SELECT count(*) FROM "main"."Person" WHERE "id" BETWEEN ? AND ?', first, last);
  // Saved is walked by its key, each Person row found by its key: linear in the slice.
  const same = single(
    db,
    `SELECT count(*) FROM "side"."Saved" AS s JOIN "main"."Person" AS p ON p."id" = s."id"
      WHERE s."id" BETWEEN ? AND ? AND p."name" IS s."name" AND p."createdAt" IS s."createdAt" AND p."updatedAt" IS s."updatedAt"`,
    first,
    last,
  );
  return saved === present && present === same;
}

/** Deletes one slice if it is unchanged; false (nothing written) if it is not. */
function deleteSlice(db: Database.Database, first: number, last: number, restartIndex: boolean): boolean {
  return inWrite(db, 2, () => {
    if (!sliceUnchanged(db, first, last)) return false;
    if (restartIndex) {
      db.exec(`INSERT INTO "PersonSearch" ("PersonSearch") VALUES ('delete-all')`);
      db.prepare('UPDATE "RosterState" SET "searchPendingFrom" = 0 WHERE "id" = 1').run();
    }
    const removed = db.prepare('DELETE FROM "main"."Person" WHERE "id" BETWEEN ? AND ?').run(first, last).changes;
    db.prepare('UPDATE "RosterState" SET "personCount" = "personCount" - ? WHERE "id" = 1').run(removed);
    return true;
  });
}

/** Puts back, exactly as saved, the rows of first..last that are missing (the slices an undo deleted before it met a conflict). */
function restoreSlices(db: Database.Database, first: number, last: number, sliceIds: number): void {
  for (let from = first; from <= last; from += sliceIds) {
    const to = Math.min(from + sliceIds - 1, last);
    inWrite(db, 1, () =>
      db
        .prepare(
          'INSERT INTO "main"."Person" ("id", "name", "nameKey", "createdAt", "updatedAt") ' +
            'SELECT s."id", s."name", s."nameKey", s."createdAt", s."updatedAt" FROM "side"."Saved" AS s ' +
            'WHERE s."id" BETWEEN ? AND ? AND NOT EXISTS (SELECT 1 FROM "main"."Person" AS p WHERE p."id" = s."id") ORDER BY s."id"',
        )
        .run(from, to),
    );
  }
}

async function undoImport(
  db: Database.Database,
  input: ImportUndoInput,
  report: (progress: ImportUndoProgress) => void,
  signal: AbortSignal,
): Promise<ImportUndoResult> {
  const { firstId, lastId, count } = input;
  const sliceIds = Math.max(1, input.sliceIds ?? UNDO_SLICE_IDS);
  let progress = readProgress(db);
  if (!progress) {
    saveImportedRows(db, input);
    progress = readProgress(db) as Progress;
  }
  const total = lastId - firstId + 1;
  report({ done: progress.next - firstId, total });
  const { reindex } = progress;
  // A slice that was being deleted when the undo was killed: done if none of its rows is left.
  if (
    progress.sliceEnd !== null &&
    single(db, 'SELECT count(*) FROM "main"."Person" WHERE "id" BETWEEN ? AND ?', progress.next, progress.sliceEnd) === 0
  ) {
    progress = { next: progress.sliceEnd + 1, sliceEnd: null, reindex };
    writeProgress(db, progress);
  }
  let size = input.sliceIds === undefined && reindex ? SLICE_IDS_MIN_REINDEX : sliceIds;
  for (let next = progress.next; next <= lastId;) {
    const end = Math.min(next + size - 1, lastId);
    writeProgress(db, { next, sliceEnd: end, reindex });
    const started = performance.now();
    if (signal.aborted || !deleteSlice(db, next, end, reindex && next === firstId)) {
      // Cancelled, or someone else changed the import meanwhile: put back what was deleted.
      restoreSlices(db, firstId, next - 1, sliceIds);
      writeProgress(db, null);
      throwIfCancelled(signal, 'Undo');
      throw conflict('undo');
    }
    next = end + 1;
    writeProgress(db, { next, sliceEnd: null, reindex });
    if (input.sliceIds === undefined) size = nextSliceSize(size, performance.now() - started, reindex);
    report({ done: next - firstId, total });
    // Between slices: other writers and a cancel message get their turn.
    await new Promise((resolve) => setImmediate(resolve));
  }
  writeProgress(db, null);
  return { count, reindex };
}

function redoImport(db: Database.Database, input: ImportUndoInput): ImportUndoResult {
  const { firstId, lastId, count } = input;
  inWrite(db, 1, () => {
    if (single(db, 'SELECT count(*) FROM "main"."Person" WHERE "id" BETWEEN ? AND ?', firstId, lastId) > 0) throw conflict('redo');
    if (single(db, 'SELECT count(*) FROM "side"."Saved"') !== count) throw conflict('redo');
    db.exec(
      'INSERT INTO "main"."Person" ("id", "name", "nameKey", "createdAt", "updatedAt") ' +
        'SELECT "id", "name", "nameKey", "createdAt", "updatedAt" FROM "side"."Saved" ORDER BY "id"',
    );
  });
  return { count, reindex: false };
}

export const importUndoTask = defineTask<ImportUndoInput, ImportUndoResult, ImportUndoProgress>('import-undo', async (input, context) => {
  throwIfCancelled(context.signal, 'Undo');
  const db = openForWriting(input.workspace, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  db.defaultSafeIntegers(false);
  // Every slice touches pages all over the name index (its rows are in id order, not
  // name order): a page cache that holds the index keeps them from being read again.
  db.pragma(`cache_size = -${UNDO_CACHE_KIB}`);
  // Each slice's deletes fire triggers, so SQLite keeps a statement journal per slice: in
  // memory, not in a temp file. And the WAL is folded in every few slices, not after each.
  db.pragma('temp_store = MEMORY');
  db.pragma(`wal_autocheckpoint = ${UNDO_CHECKPOINT_PAGES}`);
  try {
    db.prepare('ATTACH DATABASE ? AS "side"').run(input.side);
    // The side file only has to outlive a killed process, not a power cut (history does not outlive the app).
    db.pragma('side.synchronous = OFF');
    const result =
      input.action === 'undo'
        ? await undoImport(db, input, (progress) => context.progress(progress), context.signal)
        : redoImport(db, input);
    foldWalIn(db);
    return result;
  } finally {
    db.close();
  }
});

/** The undo a side file holds that was cut off between slices (its process killed), or null when it holds none. Never throws. */
export function interruptedUndo(side: string): ImportUndoInput | null {
  let db: Database.Database | undefined;
  try {
    db = openSqlite(side, { readonly: true, fileMustExist: true });
    db.defaultSafeIntegers(false);
    if (db.prepare('SELECT 1 FROM "UndoProgress" WHERE "id" = 1').get() === undefined) return null;
    // A side file written before imports could keep times has no kept-time columns: its
    // import kept none, so it is finished as the undo it was (0, 0, the import's stamp).
    const columns = new Set(db.prepare('SELECT "name" FROM pragma_table_info(\'UndoInput\')').pluck().all());
    const kept = columns.has('keptTimes')
      ? '"keptTimes", "keptAfterStamp", "keptLatest"'
      : '0 AS "keptTimes", 0 AS "keptAfterStamp", "stamp" AS "keptLatest"';
    const row = db.prepare(`SELECT "workspace", "firstId", "lastId", "count", "stamp", ${kept} FROM "UndoInput" WHERE "id" = 1`).get() as
      Omit<ImportUndoInput, 'side' | 'action' | 'sliceIds'> | undefined;
    return row ? { ...row, side, action: 'undo' } : null;
  } catch {
    return null; // not a side file, or one from before UndoInput held the import's range: nothing to finish
  } finally {
    db?.close();
  }
}
