// Shared helpers for the workspace and migration tests: real temporary folders and
// files, the repository's real migrations, and files in the states users' files can
// be in (made by the first release only, current, damaged, foreign...).

import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { isRosterError, type ErrorCode, type RosterError } from '../../main/kernel/common/errors.js';
import { prismaTimestamp } from '../../main/features/workspace/node/migrations/migration-history.js';
import { loadMigrationSet, type MigrationSet } from '../../main/features/workspace/node/migrations/migration-set.js';
import { applyMigrations } from '../../main/features/workspace/node/migrations/migrator.js';
import { asRosterWriter } from '../../main/features/workspace/node/keys/key-upkeep.js';
import { applyWorkspacePragmas } from '../../main/kernel/node/sqlite/pragmas.js';
import type { WorkspaceOpenOptions } from '../../main/features/workspace/node/open-options.js';
import { settleOnOpen } from '../../main/features/transfer/node/settle-on-open.js';
import { REPO_MIGRATIONS } from './schema-engine.js';

export { REPO_MIGRATIONS, REPO_SCHEMA, REPO_ROOT } from './schema-engine.js';

// ---------------------------------------------------------------- temp folders

const created: string[] = [];

/** A new empty folder (canonical path) removed by removeTempDirs(). */
export function makeTempDir(label = 'ws'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `roster-${label}-`)));
  created.push(dir);
  return dir;
}

/** Call from afterAll/afterEach in every file that uses makeTempDir. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------- migrations

let repoSet: MigrationSet | undefined;

/** The migrations this build ships (prisma/migrations), read once. */
export function repoMigrations(): MigrationSet {
  repoSet ??= loadMigrationSet(REPO_MIGRATIONS);
  return repoSet;
}

/** The first `count` migrations only: what an older Roster knew. */
export function firstMigrations(count: number, set: MigrationSet = repoMigrations()): MigrationSet {
  const migrations = set.migrations.slice(0, count);
  return { dir: set.dir, migrations, byName: new Map(migrations.map((m) => [m.name, m])) };
}

/**
 * A migrations folder holding copies of the repository's migrations plus `extra`
 * ones (name → SQL), loaded as a MigrationSet: a "newer build" for tests.
 */
export function migrationsWith(extra: Readonly<Record<string, string>>, dir: string = makeTempDir('migrations')): MigrationSet {
  const target = join(dir, 'migrations');
  cpSync(REPO_MIGRATIONS, target, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    mkdirSync(join(target, name));
    writeFileSync(join(target, name, 'migration.sql'), sql);
  }
  return loadMigrationSet(target);
}

/** Opens as the app and the CLI do (createRosterContext), settling unfinished moves too. */
export function openOptions(dir: string, migrations: MigrationSet = repoMigrations()): WorkspaceOpenOptions & { backupDir: string } {
  return { migrations, backupDir: join(dir, 'backups'), settle: settleOnOpen };
}

// ---------------------------------------------------------------- files in known states

export const V1_MIGRATION = '20261101000000_init';
export const NAME_KEY_MIGRATION = '20261123000000_person_name_key';
export const SEARCH_MIGRATION = '20261124000000_search_index_and_outside_writers';
export const TRANSFER_MIGRATION = '20261202050938_person_transfers';
export const NULL_DERIVED_MIGRATION = '20261207000000_person_null_derived_columns';

/** The repository's migrations after `name`, in order: what upgrading a file of that version applies. */
export function migrationsAfter(name: string): string[] {
  const names = repoMigrations().migrations.map((migration) => migration.name);
  const index = names.indexOf(name);
  if (index < 0) throw new Error(`no migration ${name}`);
  return names.slice(index + 1);
}

/**
 * A workspace as the first release left it: only the init migration applied (by
 * Roster's migrator, as that release did), WAL mode, and these people in it.
 */
export function makeV1File(path: string, names: readonly string[]): void {
  const db = new Database(path);
  try {
    applyWorkspacePragmas(db);
    applyMigrations(db, firstMigrations(1).migrations);
    insertV1People(db, names);
  } finally {
    db.close();
  }
}

/** Inserts people into a v1 table (no nameKey column). */
export function insertV1People(db: Database.Database, names: readonly string[]): void {
  const insert = db.prepare('INSERT INTO "Person" ("name", "createdAt", "updatedAt") VALUES (?, ?, ?)');
  const now = prismaTimestamp();
  db.transaction(() => {
    for (const name of names) insert.run(name, now, now);
  })();
}

/**
 * A current workspace (every migration applied), holding `names`, closed: as Roster's
 * bulk import leaves one (trusted writer, so no row waits for its key).
 */
export function makeCurrentFile(path: string, names: readonly string[], fold: (name: string) => string): void {
  const db = new Database(path);
  try {
    applyWorkspacePragmas(db);
    applyMigrations(db, repoMigrations().migrations);
    const insert = db.prepare('INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)');
    const now = prismaTimestamp();
    db.transaction(() => {
      asRosterWriter(db, () => {
        for (const name of names) insert.run(name, fold(name), now, now);
      });
    })();
  } finally {
    db.close();
  }
}

/** A workspace as the second release left it (init and nameKey migrations), holding `names`, closed. */
export function makeV2File(path: string, names: readonly string[], fold: (name: string) => string): void {
  const db = new Database(path);
  try {
    applyWorkspacePragmas(db);
    applyMigrations(db, firstMigrations(2).migrations);
    const insert = db.prepare('INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)');
    const now = prismaTimestamp();
    db.transaction(() => {
      for (const name of names) insert.run(name, fold(name), now, now);
    })();
  } finally {
    db.close();
  }
}

/** Runs `sql` on a closed file with a throwaway connection. */
export function execOnFile(path: string, sql: string): void {
  const db = new Database(path);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

export function queryFile<T>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Overwrites the page in the middle of a closed file with random bytes (what quick_check must catch). */
export function corruptPageInMiddle(path: string, pageSize = 4096): void {
  const pages = Math.floor(statSync(path).size / pageSize);
  if (pages < 10) throw new Error(`${path} is too small (${pages} pages) to damage in the middle`);
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, randomBytes(pageSize), 0, pageSize, Math.floor(pages / 2) * pageSize);
  } finally {
    closeSync(fd);
  }
}

// ---------------------------------------------------------------- file snapshots

export function sha256OfFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export interface FileSnapshot {
  readonly sha256: string;
  readonly wal: boolean;
  readonly shm: boolean;
  readonly journal: boolean;
}

/** What must not change when a file is refused: its bytes, and no SQLite side files. */
export function snapshot(path: string): FileSnapshot {
  return {
    sha256: sha256OfFile(path),
    wal: existsSync(`${path}-wal`),
    shm: existsSync(`${path}-shm`),
    journal: existsSync(`${path}-journal`),
  };
}

// ---------------------------------------------------------------- errors

/**
 * Awaits `promise`, expects a RosterError with `code` and a message written for a
 * person (a sentence, no SQLite error codes or stack trace), and returns it.
 */
export async function expectRosterError(promise: Promise<unknown>, code: ErrorCode): Promise<RosterError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a RosterError ${code}`).toBeDefined();
  if (!isRosterError(caught)) throw new Error(`expected a RosterError ${code}, got: ${String(caught)}`, { cause: caught });
  expect(caught.code).toBe(code);
  expectHumanMessage(caught.message);
  return caught;
}

export function expectHumanMessage(message: string): void {
  expect(message.length).toBeGreaterThan(15);
  expect(message.split(/\s+/).length, 'a sentence, not a code').toBeGreaterThanOrEqual(4);
  expect(message).toMatch(/[.!]$/);
  expect(message).not.toMatch(/SQLITE_|at \w+ \(|Error:|undefined|\[object/);
}
