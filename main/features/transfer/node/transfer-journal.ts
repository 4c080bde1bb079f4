// The move journal, PersonTransfer (the fourth migration): what a move between two
// workspace files leaves in each of them so that a move cut off at any instant can be
// finished or forgotten, and nobody is lost (docs/user/data-rules.md, "Copy, move and
// merge").
//
//   "out", in the source: written and committed before anything is copied. While it is
//          there, the source's people named by it may also be in the target.
//   "in",  in the target: written in the same transaction as the copies. Its sourceIds
//          are exactly the source people that were copied (a merge that skips duplicates
//          copies fewer than it asked for), and copyIds the copies, in the same order.
//          Finishing the move deletes a source person only where the "out" row named
//          it and its copy is still in the target: someone who deleted the copies
//          meanwhile (seeing people twice) keeps the originals.
//
// Times are stored in Prisma's form, like every other DateTime in the file.

import type Database from 'better-sqlite3';
import { prismaTimestamp } from '../../workspace/node/migrations/migration-history.js';
import { decodeRanges, encodeRanges, rangeCount, type IdRange, type IdRanges } from './id-ranges.js';

export type TransferDirection = 'out' | 'in';

export interface PendingOut {
  readonly id: string;
  readonly peerPath: string;
  /** The people the move asked for; null when the row is unreadable (another program wrote it). */
  readonly sourceIds: IdRange[] | null;
}

/** What a target's "in" row says was copied. */
export interface CopiedRecord {
  readonly sourceIds: IdRange[];
  /** The copies' ids in the target: the k-th is the copy of the k-th source id. */
  readonly copyIds: IdRange[];
}

/** An "in" row older than this was left by a move whose source never came back to settle it. */
const STALE_IN_ROW_DAYS = 30;

export function writeJournal(
  db: Database.Database,
  row: { id: string; direction: TransferDirection; peerPath: string; sourceIds: IdRanges; copyIds?: IdRanges },
): void {
  db.prepare(
    'INSERT INTO "PersonTransfer" ("id", "direction", "peerPath", "sourceIds", "copyIds", "createdAt") VALUES (?, ?, ?, ?, ?, ?)',
  ).run(
    row.id,
    row.direction,
    row.peerPath,
    encodeRanges(row.sourceIds),
    row.copyIds ? encodeRanges(row.copyIds) : null,
    prismaTimestamp(),
  );
}

export function removeJournal(db: Database.Database, id: string, direction: TransferDirection): boolean {
  return db.prepare('DELETE FROM "PersonTransfer" WHERE "id" = ? AND "direction" = ?').run(id, direction).changes > 0;
}

export function hasJournal(db: Database.Database, id: string, direction: TransferDirection): boolean {
  return db.prepare('SELECT 1 FROM "PersonTransfer" WHERE "id" = ? AND "direction" = ?').get(id, direction) !== undefined;
}

/** True if the file has the journal table and a move out of it is unsettled. Cheap: run on every open. */
export function hasPendingOut(db: Database.Database): boolean {
  try {
    return db.prepare(`SELECT 1 FROM "PersonTransfer" WHERE "direction" = 'out' LIMIT 1`).get() !== undefined;
  } catch {
    return false; // an older file (no journal yet): nothing can be pending
  }
}

/** True if the file has the journal table and any row in it (an unsettled move out, or an "in" row to tidy). Cheap: run on every open. */
export function hasJournalRows(db: Database.Database): boolean {
  try {
    return db.prepare('SELECT 1 FROM "PersonTransfer" LIMIT 1').get() !== undefined;
  } catch {
    return false; // an older file (no journal yet)
  }
}

/** The "in" rows of this file (as a move's target): which move, and its source. */
export function inRows(db: Database.Database): { id: string; peerPath: string }[] {
  const rows = db.prepare(`SELECT "id", "peerPath" FROM "PersonTransfer" WHERE "direction" = 'in'`).all() as {
    id: unknown;
    peerPath: unknown;
  }[];
  return rows.map((row) => ({ id: String(row.id), peerPath: String(row.peerPath) }));
}

export function pendingOut(db: Database.Database): PendingOut[] {
  const rows = db
    .prepare(`SELECT "id", "peerPath", "sourceIds" FROM "PersonTransfer" WHERE "direction" = 'out' ORDER BY "createdAt", "id"`)
    .all() as {
    id: unknown;
    peerPath: unknown;
    sourceIds: unknown;
  }[];
  return rows.map((row) => ({ id: String(row.id), peerPath: String(row.peerPath), sourceIds: decodeRanges(row.sourceIds) }));
}

/**
 * What the target's "in" row for move `id` says was copied; null when the file has no
 * such row (the copies never committed) or no journal table at all (it never received
 * a move). Throws when the row is there but unreadable (another program wrote it), or
 * the file cannot be read: then nothing may be decided from it.
 */
export function copiedRecord(db: Database.Database, id: string): CopiedRecord | null {
  let row: { sourceIds: unknown; copyIds: unknown } | undefined;
  try {
    row = db.prepare(`SELECT "sourceIds", "copyIds" FROM "PersonTransfer" WHERE "id" = ? AND "direction" = 'in'`).get(id) as typeof row;
  } catch (error) {
    if (/no such table: PersonTransfer/i.test(String((error as Error).message))) return null;
    throw error;
  }
  if (row === undefined) return null;
  const sourceIds = decodeRanges(row.sourceIds);
  const copyIds = decodeRanges(row.copyIds);
  if (sourceIds === null || copyIds === null || rangeCount(copyIds) !== rangeCount(sourceIds)) {
    throw new Error(`the "in" row of move ${id} is not one Roster wrote`);
  }
  return { sourceIds, copyIds };
}

/** Forgets "in" rows whose source never settled them (their people are in both files already). */
export function pruneStaleInRows(db: Database.Database, now = new Date()): number {
  const cutoff = prismaTimestamp(new Date(now.getTime() - STALE_IN_ROW_DAYS * 86_400_000));
  return db.prepare(`DELETE FROM "PersonTransfer" WHERE "direction" = 'in' AND "createdAt" < ?`).run(cutoff).changes;
}
