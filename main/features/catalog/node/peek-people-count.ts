// The launcher's people count for a workspace file no window has open, read straight
// from the file without taking a lease on it. The launcher asks again every second
// while it is in view (so counts follow what other programs write), so the answer is
// kept per file and the file is only opened again once its size or times change.

import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { openSqlite } from '../../../kernel/node/sqlite/driver.js';
import { fileKind, hasOpenableExtension } from '../../../kernel/node/sqlite/sqlite-file.js';

/** Counts by path, valid while the file and its -wal keep the identity they had when read. */
const known = new Map<string, { readonly identity: string; readonly count: number | null }>();
const KNOWN_MAX = 10_000;

/**
 * The file's and its -wal's device, inode, size and times to the nanosecond: a commit
 * by any program changes one of them (a WAL commit appends to the -wal, a checkpoint
 * or a rollback-journal commit writes the file). Null when the file cannot be seen.
 */
function identityOf(path: string): string | null {
  const one = (file: string): string => {
    const stats = statSync(file, { bigint: true, throwIfNoEntry: false });
    return stats ? `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}` : '-';
  };
  try {
    const main = one(path);
    return main === '-' ? null : `${main}/${one(`${path}-wal`)}`;
  } catch {
    return null;
  }
}

/**
 * Counts people in a workspace no window has open; null if it cannot be read as a
 * workspace. The identity is taken before reading, so a commit that lands while the
 * file is read is counted at the next ask. (Closing the connection may checkpoint the
 * -wal, which changes the identity once more: one extra read, then it holds.)
 */
export function peekPeopleCount(path: string): number | null {
  const identity = identityOf(path);
  const cached = known.get(path);
  if (identity !== null && cached?.identity === identity) return cached.count;
  const count = readPeopleCount(path);
  if (identity !== null) {
    if (known.size >= KNOWN_MAX) known.clear();
    known.set(path, { identity, count });
  }
  return count;
}

/**
 * Opens the file and reads its count. The connection is read-write with `query_only`
 * on, not `readonly`: SQLite cannot remove a WAL file's -wal/-shm when the last
 * connection to close is read-only, and leftovers would make the file look open
 * elsewhere (the catalog then refuses to delete it). `query_only` still refuses every
 * write statement.
 */
function readPeopleCount(path: string): number | null {
  try {
    if (!hasOpenableExtension(path) || fileKind(path) !== 'sqlite') return null;
  } catch {
    return null;
  }
  let db: Database.Database | undefined;
  try {
    db = openSqlite(path, { fileMustExist: true, timeout: 250 });
    db.pragma('query_only = ON');
    const count = storedCount(db) ?? db.prepare('SELECT count(*) FROM "Person"').pluck().get();
    return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? count : null;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

/**
 * RosterState.personCount, which the file's triggers keep (one page read, where
 * counting a million people reads their whole index). Undefined in a file without it
 * (not upgraded yet, or damaged), or whose counting triggers another program dropped
 * (rows it then added or deleted are not in the number), which is then counted.
 */
function storedCount(db: Database.Database): unknown {
  try {
    const counting = db
      .prepare(`SELECT count(*) FROM "sqlite_master" WHERE "type" = 'trigger' AND "name" IN ('Person_after_insert', 'Person_after_delete')`)
      .pluck()
      .get();
    if (counting !== 2) return undefined;
    const stored: unknown = db.prepare('SELECT "personCount" FROM "RosterState" WHERE "id" = 1').pluck().get();
    return typeof stored === 'number' && stored >= 0 ? stored : undefined;
  } catch {
    return undefined;
  }
}
