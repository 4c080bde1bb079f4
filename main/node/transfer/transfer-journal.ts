// The move journal, PersonTransfer (the fourth migration): what a move between two
// workspace files leaves in each of them so that a move cut off at any instant can be
// finished or forgotten, and nobody is lost (issue 13; docs/data.md).
//
//   "out", in the source: written and committed before anything is copied. While it is
//          there, the source's people named by it may also be in the target.
//   "in",  in the target: written in the same transaction as the copies. Its sourceIds
//          are exactly the source people that were copied, so finishing the move is
//          deleting those, whatever was asked for (a merge that skips duplicates copies
//          fewer than it asked for).
//
// Times are stored in Prisma's form, like every other DateTime in the file.

import type Database from 'better-sqlite3';
import { prismaTimestamp } from '../migrations/migration-history.js';
import { decodeRanges, encodeRanges, type IdRange, type IdRanges } from './id-ranges.js';

export type TransferDirection = 'out' | 'in';

export interface PendingOut {
  readonly id: string;
  readonly peerPath: string;
}

/** An "in" row older than this was left by a move whose source never came back to settle it. */
export const STALE_IN_ROW_DAYS = 30;

export function writeJournal(db: Database.Database, row: { id: string; direction: TransferDirection; peerPath: string; sourceIds: IdRanges }): void {
  db.prepare('INSERT INTO "PersonTransfer" ("id", "direction", "peerPath", "sourceIds", "createdAt") VALUES (?, ?, ?, ?, ?)').run(
    row.id,
    row.direction,
    row.peerPath,
    encodeRanges(row.sourceIds),
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

export function pendingOut(db: Database.Database): PendingOut[] {
  return db.prepare(`SELECT "id", "peerPath" FROM "PersonTransfer" WHERE "direction" = 'out' ORDER BY "createdAt", "id"`).all() as PendingOut[];
}

/**
 * What the target's "in" row for move `id` says was copied: the source ids, [] when the
 * file has no such row (the copies never committed), or null when the row is there but
 * unreadable (another program wrote it): then nothing may be decided from it.
 */
export function copiedSourceIds(db: Database.Database, id: string): IdRange[] | null {
  let text: unknown;
  try {
    text = db.prepare(`SELECT "sourceIds" FROM "PersonTransfer" WHERE "id" = ? AND "direction" = 'in'`).pluck().get(id);
  } catch {
    return []; // no journal table: this file never received a move
  }
  if (text === undefined) return [];
  return decodeRanges(text);
}

/** Forgets "in" rows whose source never settled them (their people are in both files already). */
export function pruneStaleInRows(db: Database.Database, now = new Date()): number {
  const cutoff = prismaTimestamp(new Date(now.getTime() - STALE_IN_ROW_DAYS * 86_400_000));
  return db.prepare(`DELETE FROM "PersonTransfer" WHERE "direction" = 'in' AND "createdAt" < ?`).run(cutoff).changes;
}
