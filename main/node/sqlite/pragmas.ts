// The SQLite settings every workspace connection runs with. Chosen for a desktop app
// that must not lose data:
//   journal_mode=WAL     readers never block the writer; a crash leaves a consistent file
//   synchronous=FULL     a commit that returned is on disk, even after power loss
//   foreign_keys=ON      SQLite's default is off, Prisma's schemas assume on
//   busy_timeout         another process (the CLI) holding a lock makes us wait, not fail

import type Database from 'better-sqlite3';

export const BUSY_TIMEOUT_MS = 5000;

export function applyWorkspacePragmas(db: Database.Database): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`SQLite refused WAL mode (journal_mode is ${String(mode)})`);
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}
