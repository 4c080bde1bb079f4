// The one place Roster constructs a better-sqlite3 connection.
//
// Why one place: the native addon must match the runtime that loads it. Under plain
// Node (tests, the CLI) better-sqlite3 finds its own build; the Electron main process
// must load a build made for Electron's ABI instead, and says so once at start with
// `useNativeBinding` (better-sqlite3's `nativeBinding` option). Every connection
// (workspace, catalog, peeks, workers) goes through `openSqlite`, so none can
// accidentally load the wrong addon.

import Database from 'better-sqlite3';

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

export type { Database };
