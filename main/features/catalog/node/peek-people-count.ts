// The launcher's people count for a workspace file no window has open, read straight
// from the file without taking a lease on it.

import type Database from 'better-sqlite3';
import { openSqlite } from '../../../kernel/node/sqlite/driver.js';
import { fileKind, hasOpenableExtension } from '../../../kernel/node/sqlite/sqlite-file.js';

/**
 * Counts people in a workspace no window has open; null if it cannot be read as a
 * workspace. The connection is read-write with `query_only` on, not `readonly`: SQLite
 * cannot remove a WAL file's -wal/-shm when the last connection to close is read-only,
 * and leftovers would make the file look open elsewhere (the catalog then refuses to
 * delete it). `query_only` still refuses every write statement.
 */
export function peekPeopleCount(path: string): number | null {
  try {
    if (!hasOpenableExtension(path) || fileKind(path) !== 'sqlite') return null;
  } catch {
    return null;
  }
  let db: Database.Database | undefined;
  try {
    db = openSqlite(path, { fileMustExist: true, timeout: 250 });
    db.pragma('query_only = ON');
    const count: unknown = db.prepare('SELECT count(*) FROM "Person"').pluck().get();
    return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? count : null;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}
