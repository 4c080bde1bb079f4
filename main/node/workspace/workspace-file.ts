// Opening and creating workspace files: the one place that turns a path into a live,
// migrated SQLite connection with a Prisma client on top.
//
// Order matters. Everything that can refuse a file (not SQLite, corrupt, foreign,
// newer, failed upgrade) runs before anything that writes (WAL mode, migrations), so a
// refused file is left byte-for-byte as it was.
//
// Callers should go through WorkspaceConnections, which shares one open workspace per
// file; this module only guards the rule that matters most to SQLite: a process never
// holds two connections to the same file.

import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type Database from 'better-sqlite3';
import { RosterError, isRosterError } from '../../common/errors.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations, inspectSchema, MigrationFailure } from '../migrations/migrator.js';
import type { MigrationSet } from '../migrations/migration-set.js';
import { driverOptions } from '../sqlite/driver.js';
import { applyWorkspacePragmas, BUSY_TIMEOUT_MS } from '../sqlite/pragmas.js';
import { canonicalPath, fileKind, hasOpenableExtension, OPENABLE_EXTENSIONS, WORKSPACE_EXTENSION } from '../sqlite/sqlite-file.js';
import { ChangeFeed } from './change-feed.js';
import { backupDatabase, pruneBackups, restoreBackup } from './backups.js';

export interface WorkspaceOpenOptions {
  readonly migrations: MigrationSet;
  /** Where pre-migration backups go (normally <data folder>/backups). */
  readonly backupDir: string;
  /** Called after each migration applied while opening (CLI progress, logs). */
  readonly onMigrationApplied?: (name: string) => void;
}

export interface OpenedWorkspace {
  /** Canonical absolute path: the workspace's identity within this process. */
  readonly path: string;
  /** The only SQLite connection this process has to the file. */
  readonly db: Database.Database;
  /** Prisma client over that same connection. */
  readonly prisma: PrismaClient;
  /** Migrations applied by this open, oldest first (empty when it was up to date). */
  readonly applied: readonly string[];
  /** The backup taken before migrating, if one was. */
  readonly backupPath: string | null;
  readonly isClosed: boolean;
  /**
   * Runs `task` when every earlier task on this workspace has finished. All work on
   * the shared connection goes through here: a long import keeps its transaction open
   * across awaits (to report progress and accept a cancel), and nothing else may run
   * on the connection meanwhile, or it would join that transaction.
   */
  exclusive<T>(task: () => Promise<T> | T): Promise<T>;
  /** Change notifications for this file, shared by everyone who has it open. */
  readonly changes: ChangeFeed;
  /** Closes the Prisma client and the connection. Idempotent. */
  close(): Promise<void>;
}

/** Canonical paths with a live connection in this process. */
const held = new Set<string>();

export function isHeldInProcess(path: string): boolean {
  return held.has(canonicalPath(path));
}

/**
 * Gives Prisma the adapter we already connected (and checked, and migrated) instead of
 * letting it open a second connection. After close it refuses to reconnect: Prisma 7
 * clients reconnect silently on the next query, and a released workspace must fail
 * loudly instead of quietly reopening the file.
 */
function singleConnectionFactory(adapter: SqlDriverAdapter, isClosed: () => boolean): SqlDriverAdapterFactory {
  let handedOut = false;
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    connect: async () => {
      if (isClosed() || handedOut) {
        throw new RosterError('WORKSPACE_CLOSED', 'This workspace has been closed.');
      }
      handedOut = true;
      return adapter;
    },
  };
}

function driverOf(adapter: SqlDriverAdapter): Database.Database {
  // @prisma/adapter-better-sqlite3 keeps its better-sqlite3 handle in `client`. We
  // use that one connection for checks, migrations, change polling and bulk import.
  const db = (adapter as unknown as { client?: Database.Database }).client;
  if (!db || typeof db.prepare !== 'function') {
    throw new Error('@prisma/adapter-better-sqlite3 no longer exposes its connection as `client`');
  }
  return db;
}

function isSqliteCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB|IOERR_SHORT_READ|CANTOPEN)/.test(code);
}

function checkIntegrity(db: Database.Database): void {
  let result: unknown;
  try {
    result = db.pragma('quick_check', { simple: true });
  } catch (error) {
    if (isSqliteCorruption(error)) throw corrupt(error);
    throw error;
  }
  if (result !== 'ok') throw corrupt(new Error(String(result)));
}

function corrupt(cause: unknown): RosterError {
  return new RosterError('WORKSPACE_CORRUPT', 'This file is damaged or is not a Roster workspace (SQLite could not read it).', {
    reason: cause instanceof Error ? cause.message : String(cause),
  });
}

async function connect(path: string): Promise<SqlDriverAdapter> {
  try {
    return await new PrismaBetterSqlite3(driverOptions({ url: path, fileMustExist: true, timeout: BUSY_TIMEOUT_MS })).connect();
  } catch (error) {
    if (isSqliteCorruption(error)) throw corrupt(error);
    throw error;
  }
}

function refusePath(path: string): void {
  const kind = fileKind(path);
  if (kind === 'missing') throw new RosterError('NOT_FOUND', `There is no workspace file at ${path}.`, { path });
  if (kind === 'directory') throw new RosterError('BAD_PATH', `${path} is a folder, not a workspace file.`, { path });
  if (!hasOpenableExtension(path)) {
    throw new RosterError('BAD_PATH', `Roster opens ${OPENABLE_EXTENSIONS.join(', ')} files; ${path} is not one.`, { path });
  }
  if (kind === 'not-sqlite') throw corrupt(new Error('no SQLite header'));
}

/**
 * Opens an existing workspace file, applying pending migrations (with a backup when
 * the file holds data, restored if a migration fails). Refusals are RosterErrors and
 * leave the file untouched.
 */
export async function openWorkspaceFile(path: string, options: WorkspaceOpenOptions): Promise<OpenedWorkspace> {
  const canonical = canonicalPath(path);
  refusePath(canonical);
  if (held.has(canonical)) {
    throw new RosterError('INTERNAL', 'This workspace is already open in this process.', { path: canonical });
  }
  held.add(canonical);
  let adapter: SqlDriverAdapter | undefined;
  try {
    adapter = await connect(canonical);
    const db = driverOf(adapter);
    checkIntegrity(db);
    const state = inspectSchema(db, options.migrations);

    let backupPath: string | null = null;
    let emptyFileBytes: Buffer | null = null;
    if (state.pending.length > 0) {
      if (state.kind === 'empty') emptyFileBytes = readFileSync(canonical);
      else backupPath = backupDatabase(db, canonical, options.backupDir);
    }
    applyWorkspacePragmas(db);

    const applied: string[] = [];
    if (state.pending.length > 0) {
      try {
        applyMigrations(db, state.pending, (migration) => {
          applied.push(migration.name);
          options.onMigrationApplied?.(migration.name);
        });
      } catch (error) {
        if (!(error instanceof MigrationFailure)) throw error;
        db.close();
        if (backupPath) restoreBackup(backupPath, canonical);
        else if (emptyFileBytes) restoreBytes(canonical, emptyFileBytes);
        throw new RosterError(
          'WORKSPACE_MIGRATION_FAILED',
          'Upgrading this workspace failed, so it was put back exactly as it was. Nothing was lost.',
          { migration: error.migration, reason: error.message, backupPath },
          { cause: error },
        );
      }
      if (backupPath) pruneBackups(canonical, options.backupDir);
    }
    return makeOpened(canonical, adapter, db, applied, backupPath);
  } catch (error) {
    held.delete(canonical);
    if (adapter) {
      const db = driverOf(adapter);
      if (db.open) db.close();
    }
    if (isRosterError(error)) throw error;
    if (isSqliteCorruption(error)) throw corrupt(error);
    throw error;
  }
}

function restoreBytes(path: string, bytes: Buffer): void {
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  writeFileSync(path, bytes);
}

function makeOpened(
  path: string,
  adapter: SqlDriverAdapter,
  db: Database.Database,
  applied: readonly string[],
  backupPath: string | null,
): OpenedWorkspace {
  let closed = false;
  let closing: Promise<void> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const changes = new ChangeFeed(db);
  const prisma = new PrismaClient({ adapter: singleConnectionFactory(adapter, () => closed) });
  return {
    path,
    db,
    prisma,
    applied,
    backupPath,
    changes,
    get isClosed() {
      return closed;
    },
    exclusive<T>(task: () => Promise<T> | T): Promise<T> {
      if (closed) return Promise.reject(new RosterError('WORKSPACE_CLOSED', 'This workspace has been closed.'));
      const run = queue.then(task);
      queue = run.catch(() => undefined);
      return run;
    },
    close() {
      closing ??= (async () => {
        // Let work already queued finish; new work is refused from here on.
        const drained = queue;
        closed = true;
        await drained;
        changes.stop();
        try {
          await prisma.$disconnect();
        } finally {
          if (db.open) db.close();
          held.delete(path);
        }
      })();
      return closing;
    },
  };
}

/** Where `create` puts a file named without an extension. */
export function withWorkspaceExtension(path: string): string {
  return extname(path) === '' ? `${path}${WORKSPACE_EXTENSION}` : path;
}

/**
 * Creates a new workspace file and opens it. Refuses an existing non-empty file
 * (FILE_EXISTS); an existing empty file is initialised in place.
 */
export async function createWorkspaceFile(path: string, options: WorkspaceOpenOptions): Promise<OpenedWorkspace> {
  const canonical = canonicalPath(withWorkspaceExtension(path));
  if (!hasOpenableExtension(canonical)) {
    throw new RosterError('BAD_PATH', `A workspace file must end in ${WORKSPACE_EXTENSION}.`, { path: canonical });
  }
  const kind = fileKind(canonical);
  if (kind === 'directory') throw new RosterError('BAD_PATH', `${canonical} is a folder.`, { path: canonical });
  if (kind !== 'missing' && kind !== 'empty') {
    throw new RosterError('FILE_EXISTS', `A file already exists at ${canonical}; Roster will not overwrite it.`, { path: canonical });
  }
  let createdHere = false;
  if (kind === 'missing') {
    try {
      closeSync(openSync(canonical, 'wx'));
      createdHere = true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new RosterError('FILE_EXISTS', `A file already exists at ${canonical}.`, { path: canonical });
      throw new RosterError('BAD_PATH', `Roster cannot create a file at ${canonical} (${code ?? 'error'}).`, { path: canonical });
    }
  }
  try {
    return await openWorkspaceFile(canonical, options);
  } catch (error) {
    if (createdHere) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${canonical}${suffix}`, { force: true });
    }
    throw error;
  }
}
