// The catalog's SQLite file, <data folder>/catalog.db: opening it, its schema, and the
// transactions every change runs in.
//
// Why SQLite: several processes write the catalog (the app on every open, each
// `roster` command). A JSON file rewritten whole is last-writer-wins: 8 parallel
// `workspace create` lost entries. SQLite gives each change a transaction (BEGIN
// IMMEDIATE takes the write lock before reading, so a change is decided on current
// data), WAL lets readers go on while one process writes, and the busy timeout makes
// a second writer wait its turn instead of failing.
//
// The schema is versioned with PRAGMA user_version and built by SCHEMA_STEPS, applied
// in order inside one write transaction: a file at version N gets steps N+1... A file
// whose user_version is higher than this build knows was written by a newer Roster
// and is refused (WORKSPACE_TOO_NEW), unchanged. To change the schema, append a step;
// never edit one that has shipped.

import { chmodSync, closeSync, openSync, renameSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { RosterError, isRosterError } from '../../../kernel/common/errors.js';
import { openSqlite } from '../../../kernel/node/sqlite/driver.js';
import { PRIVATE_FILE_MODE } from '../../../kernel/node/paths/data-folder.js';

/**
 * Each step moves the schema from version i to i+1 (SCHEMA_STEPS[i]). Tables are
 * STRICT so a wrong type is refused at write time rather than read back as garbage.
 */
const SCHEMA_STEPS: readonly string[] = [
  // 1: workspaces, the trash with its in-flight moves, and a quarantine for entries
  //    that could not be read (kept for inspection, never silently dropped).
  `
  CREATE TABLE workspaces (
    id             TEXT PRIMARY KEY NOT NULL,
    name           TEXT NOT NULL,
    path           TEXT NOT NULL UNIQUE,
    created_at     TEXT NOT NULL,
    last_opened_at TEXT
  ) STRICT;
  CREATE TABLE trash (
    trash_id      TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    original_path TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    deleted_at    TEXT NOT NULL,
    -- 'moving': recorded before the file moves, so a kill mid-move is found again;
    -- 'trashed': the file is in trash/<trash_id>/<file_name> and can be restored.
    state         TEXT NOT NULL CHECK (state IN ('moving', 'trashed')),
    -- The process doing the move (while 'moving'), to tell a live move from a dead one.
    owner_pid     INTEGER,
    -- The catalog entry being deleted; it leaves the list once the file is in the trash.
    workspace_id  TEXT,
    -- The file's permission bits before it went into the (owner-only) trash.
    file_mode     INTEGER
  ) STRICT;
  CREATE TABLE quarantine (
    seq          INTEGER PRIMARY KEY,
    source       TEXT NOT NULL,
    reason       TEXT NOT NULL,
    content      TEXT NOT NULL,
    set_aside_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
  ) STRICT;
  `,
  // 2: seals, the identity of each workspace file when Roster last closed it cleanly
  //    (main/features/workspace/node/seals.ts): a file that still matches opens without a
  //    whole-file check before its first rows.
  `
  CREATE TABLE seals (
    path     TEXT PRIMARY KEY NOT NULL,
    dev      TEXT NOT NULL,
    ino      TEXT NOT NULL,
    size     TEXT NOT NULL,
    mtime_ns TEXT NOT NULL,
    ctime_ns TEXT NOT NULL,
    sealed_at TEXT NOT NULL
  ) STRICT;
  `,
];

export const CATALOG_SCHEMA_VERSION = SCHEMA_STEPS.length;

/** How long a change waits for another process's write to finish. */
const CATALOG_BUSY_TIMEOUT_MS = 10_000;

function sqliteCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** SQLite and file-system failures of the catalog, in Roster's codes and plain words. */
export function catalogError(error: unknown, file: string): unknown {
  if (isRosterError(error)) return error;
  const code = sqliteCode(error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new RosterError(
      'WORKSPACE_BUSY',
      'Roster’s list of workspaces is busy: another Roster is changing it. Try again in a moment.',
      { file },
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC' || code === 'EDQUOT') {
    return new RosterError(
      'DISK_FULL',
      'The disk that holds Roster’s data folder is full; the list of workspaces was not changed.',
      { file },
      { cause: error },
    );
  }
  if (
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_PERM') ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS'
  ) {
    return new RosterError(
      'BAD_PATH',
      `Roster cannot write its list of workspaces at ${file} (the data folder is read-only or not accessible).`,
      { file },
      { cause: error },
    );
  }
  return error;
}

function isDamaged(error: unknown): boolean {
  return /^SQLITE_(NOTADB|CORRUPT)/.test(sqliteCode(error));
}

/** Creates the file owner-only before SQLite does (SQLite's -wal/-shm copy its mode). */
function createPrivate(file: string): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

function tighten(file: string): void {
  if (process.platform === 'win32') return;
  try {
    const stats = statSync(file);
    if ((stats.mode & 0o077) !== 0 && stats.uid === process.getuid?.()) chmodSync(file, PRIVATE_FILE_MODE);
  } catch {
    // Missing (a -wal not created yet) or not ours: nothing to tighten.
  }
}

/**
 * Runs `fn` in a write transaction (BEGIN IMMEDIATE: the write lock is taken before
 * anything is read, so two processes never decide on the same stale state).
 */
export function writeTransaction<T>(db: Database.Database, fn: () => T): T {
  return db.transaction(fn).immediate();
}

function migrate(db: Database.Database, file: string): void {
  const read = (): number => db.pragma('user_version', { simple: true }) as number;
  if (read() > CATALOG_SCHEMA_VERSION) throw tooNew(file);
  if (read() === CATALOG_SCHEMA_VERSION) return;
  writeTransaction(db, () => {
    // Re-read under the lock: another process may have upgraded it meanwhile.
    const version = read();
    if (version > CATALOG_SCHEMA_VERSION) throw tooNew(file);
    for (let step = version; step < CATALOG_SCHEMA_VERSION; step++) db.exec(SCHEMA_STEPS[step] as string);
    db.pragma(`user_version = ${CATALOG_SCHEMA_VERSION}`);
  });
}

function tooNew(file: string): RosterError {
  return new RosterError('WORKSPACE_TOO_NEW', 'The list of workspaces was saved by a newer version of Roster. Update Roster to use it.', {
    file,
  });
}

function configure(db: Database.Database): void {
  db.pragma(`busy_timeout = ${CATALOG_BUSY_TIMEOUT_MS}`);
  // Switching to WAL needs a moment of exclusive access; when many processes open a
  // brand-new catalog at once SQLite may answer BUSY without waiting, so retry.
  const deadline = Date.now() + CATALOG_BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`SQLite refused WAL mode for the catalog (journal_mode is ${String(mode)})`);
      break;
    } catch (error) {
      if (!sqliteCode(error).startsWith('SQLITE_BUSY') || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5 + Math.floor(Math.random() * 20));
    }
  }
  db.pragma('synchronous = FULL');
}

/**
 * Opens (creating if needed) and upgrades the catalog database. A file that is not
 * SQLite, or is damaged, is renamed aside (`catalog.db.damaged-<time>`, kept for
 * inspection) and a fresh catalog is started; the workspace files themselves are
 * untouched and can be opened again.
 */
export function openCatalogDb(file: string, onSetAside: (aside: string) => void): Database.Database {
  createPrivate(file);
  tighten(file);
  let db: Database.Database | undefined;
  try {
    db = openSqlite(file);
    // user_version is read before anything could write: a newer catalog stays as it was.
    if ((db.pragma('user_version', { simple: true }) as number) > CATALOG_SCHEMA_VERSION) throw tooNew(file);
    configure(db);
    migrate(db, file);
    for (const suffix of ['-wal', '-shm']) tighten(file + suffix);
    return db;
  } catch (error) {
    db?.close();
    if (!isDamaged(error)) throw catalogError(error, file);
    const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '')}`;
    renameSync(file, aside);
    for (const suffix of ['-wal', '-shm']) {
      try {
        renameSync(file + suffix, aside + suffix);
      } catch {
        // Not there.
      }
    }
    onSetAside(aside);
    return openCatalogDb(file, onSetAside);
  }
}
