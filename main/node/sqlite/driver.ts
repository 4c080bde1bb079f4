// The one place Roster constructs a better-sqlite3 connection.
//
// Why one place: the native addon must match the runtime that loads it. Under plain
// Node (tests, the CLI) better-sqlite3 finds its own build; the Electron main process
// must load a build made for Electron's ABI instead, and says so once at start with
// `useNativeBinding` (better-sqlite3's `nativeBinding` option). Every connection
// (workspace, catalog, peeks, workers) goes through `openSqlite`, so none can
// accidentally load the wrong addon.

import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';

// better-sqlite3 reads this once, when its addon loads: SQLite then accepts `file:` URIs,
// which read-only opens need (`immutable=1`, see readOnlyFilename). Plain paths are
// unaffected, and every path Roster opens is absolute, so never taken for a URI.
process.env['SQLITE_USE_URI'] ??= '1';

let nativeBinding: string | undefined;

/**
 * Makes every later connection load the addon at `path` (an absolute path to a
 * `better_sqlite3.node`). Called by the Electron main process before any workspace
 * opens; never called under plain Node.
 */
export function useNativeBinding(path: string | undefined): void {
  nativeBinding = path;
}

/** The addon path set with `useNativeBinding`, for worker threads and Prisma's adapter. */
export function nativeBindingPath(): string | undefined {
  return nativeBinding;
}

export type SqliteOptions = Omit<Database.Options, 'nativeBinding'>;

/** Driver options with the process's native binding filled in (for Prisma's adapter). */
export function driverOptions<T extends SqliteOptions>(options: T): T & { nativeBinding?: string } {
  return nativeBinding === undefined ? options : { ...options, nativeBinding };
}

export function openSqlite(path: string, options: SqliteOptions = {}): Database.Database {
  return new Database(path, driverOptions(options));
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
