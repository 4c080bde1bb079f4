// The one place Roster constructs a better-sqlite3 connection (catalog, peeks, checks,
// workers; only Prisma's adapter constructs its own, from plain options, in
// main/features/workspace/node/workspace-file.ts). One place means every connection shares the
// process-wide setting below, and the start-up check (main/app/node/native-module.ts)
// opens its probe the way everything else opens a database.
//
// better-sqlite3 13 is a Node-API addon: one prebuilt file per platform and
// architecture, inside the npm package, loads in plain Node and in any Electron, so no
// connection needs to be told which addon to load.

import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';

// better-sqlite3 reads this once, when its addon loads: SQLite then accepts `file:` URIs,
// which read-only opens need (`immutable=1`, see immutableFilename). Plain paths are
// unaffected, and every path Roster opens is absolute, so never taken for a URI.
process.env['SQLITE_USE_URI'] ??= '1';

// No caller picks the addon: the package's own loader finds the prebuild for this
// platform (docs/dev/packaging.md, "The native module").
export type SqliteOptions = Omit<Database.Options, 'nativeBinding'>;

export function openSqlite(path: string, options: SqliteOptions = {}): Database.Database {
  const db = new Database(path, options);
  try {
    hardenConnection(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * What every connection runs with before its first statement, because any file Roster
 * opens may have been received from someone else (docs/dev/security.md, "What a
 * received file can and cannot do"). Prisma's adapter opens the workspace's own
 * connection, so workspace-file.ts calls this on it too.
 *
 *   trusted_schema=OFF   functions and virtual tables not marked harmless cannot be used
 *                        from a file's triggers and views (Roster's own use only lower(),
 *                        strftime() and FTS5, which are)
 *   cell_size_check=ON   a crafted b-tree cell is reported as corruption when read, not
 *                        followed out of its page
 *   mmap_size=0          pages are read with read(), so a file truncated or rewritten by
 *                        another process gives an error instead of a SIGBUS
 *   defensive            better-sqlite3 turns SQLITE_DBCONFIG_DEFENSIVE on at open and
 *                        only unsafeMode() turns it off; asserted here so that no caller
 *                        can leave it off (no writable_schema, no direct shadow-table writes)
 *
 * better-sqlite3 exposes no sqlite3_limit(): it sets SQLITE_LIMIT_LENGTH and
 * SQLITE_LIMIT_SQL_LENGTH to V8's string/buffer limits itself, and expression depth
 * (1000), trigger depth (1000) and the rest keep SQLite's compiled defaults. Its build
 * also omits the progress callback, so a running statement cannot be interrupted:
 * foreign triggers are therefore never allowed to run at all until the person trusts
 * the file (main/features/workspace/node/foreign-objects.ts).
 */
export function hardenConnection(db: Database.Database): void {
  db.unsafeMode(false);
  db.pragma('trusted_schema = OFF');
  db.pragma('cell_size_check = ON');
  db.pragma('mmap_size = 0');
  // recursive_triggers is off by default; said here so that it stays off: with it on, a
  // trigger that writes its own table could recurse up to the trigger depth limit.
  db.pragma('recursive_triggers = OFF');
}

/**
 * A connection for a task that writes people (an import, a move between two files, an
 * undo): its commits are durable (synchronous=FULL) like the workspace's own connection
 * (pragmas.ts). better-sqlite3 is built with WAL commits at NORMAL, which a power cut can
 * undo, and a move must never have its target's commit lost after its source's delete.
 * Only for files already checked: the pragma reads the file (and creates -wal/-shm).
 */
export function openForWriting(path: string, options: Omit<SqliteOptions, 'readonly'> = {}): Database.Database {
  const db = openSqlite(path, options);
  try {
    db.pragma('synchronous = FULL');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

export type { Database };

/**
 * The name to open a workspace file read-only with, for a file nobody can be writing
 * (a read-only folder or disk, no -wal beside it): SQLite's `immutable` mode, which
 * needs no -shm and creates nothing beside the file. In a folder we cannot write,
 * SQLite could not create the -shm a WAL database otherwise needs; in one we can, a
 * read-only connection would leave -wal/-shm behind that we cannot remove.
 */
export function immutableFilename(path: string): string {
  return `${pathToFileURL(path).href}?immutable=1`;
}
