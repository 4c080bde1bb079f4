// The SQLite settings every workspace connection runs with. Chosen for a desktop app
// that must not lose data:
//   journal_mode=WAL     readers never block the writer; a crash leaves a consistent file
//   synchronous=FULL     a commit that returned is on disk, even after power loss
//   foreign_keys=ON      SQLite's default is off, Prisma's schemas assume on
//   busy_timeout         another process (the CLI) holding a lock makes us wait, not fail
// Before these, every connection (workspace or not) is hardened where it is opened
// (driver.ts, hardenConnection): trusted_schema=OFF, cell_size_check, mmap_size=0, defensive.

import type Database from 'better-sqlite3';

export const BUSY_TIMEOUT_MS = 5000;

export function applyWorkspacePragmas(db: Database.Database): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`SQLite refused WAL mode (journal_mode is ${String(mode)})`);
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

/**
 * Folds what a task wrote into the database file and empties the WAL, on the task's own
 * thread. Without it, the WAL of a million-row import (hundreds of MB) is folded in and
 * removed by whichever connection closes last, usually the main thread's, which then
 * stalls for as long as that takes. TRUNCATE waits briefly for readers; if it cannot
 * finish, PASSIVE folds what it can, and a later checkpoint does the rest.
 */
export function foldWalIn(db: Database.Database): void {
  const saved = Number(db.pragma('busy_timeout', { simple: true }));
  try {
    db.pragma('busy_timeout = 200');
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number | bigint }[];
    if (result && Number(result.busy) !== 0) db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or read-only: leave it to the next checkpoint.
  } finally {
    db.pragma(`busy_timeout = ${saved}`);
  }
}
