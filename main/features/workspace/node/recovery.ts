// Recovery of a file an older Roster left half-upgraded (a history row with neither
// finished_at nor rolled_back_at): its content is replaced by its newest verified
// backup, under the workspace's own write lock, in one transaction.
//
// Why under the lock, and on this connection. Deciding that the file is interrupted,
// choosing the backup and restoring it must be one step for every process that may open
// the file. Otherwise a process that decided "interrupted" a moment ago restores an old
// backup over a file another process has meanwhile recovered, upgraded and added people
// to (a reproduction of that race lost a person exactly so). So:
//
//   PRAGMA foreign_keys = OFF        dropping and recreating tables must not cascade
//   BEGIN IMMEDIATE                  SQLite's write lock: a second recoverer waits here (as
//                                    long as this one shows progress: upgrade-lock.ts), and
//                                    nobody can write between the decision and the restore
//   read the history, again          inside the lock: still interrupted? (if another process
//                                    recovered it meanwhile, nothing is restored)
//   choose and verify the backup     quick_check and the history the file had before
//   ATTACH it (immutable, read-only) to this same connection
//   drop everything in main; make the backup's version with Roster's own migrations
//   (triggers set aside), copy the rows of those tables from the backup's plain tables
//   (search index shadow tables included), put the triggers back (after the rows, so no
//   trigger fires on a copied row); user_version; compare every table's row count
//   COMMIT                           all or nothing: a kill before it leaves the file as it
//                                    was (half-upgraded), to be recovered by the next open
//
// No SQL text the backup holds is ever run. A backup is a copy of a file Roster
// received, so its sqlite_master is whatever that file's author wrote: one CREATE there
// can hide more statements after a NUL, where SQLite's own reader stops (an ATTACH of
// another workspace, a DELETE, a VACUUM INTO), and its triggers would fire on Roster's
// next write. Only rows are read from it, from objects that are plain tables with plain
// columns (a view or a generated column there would run its author's expression); the
// schema comes from the migrations this build ships, for the version the backup's
// verified history names. What else the backup holds stays in it and is named.
//
// Why rows and not pages. Copying the backup's pages (SQLite's backup API) writes
// through a connection of its own, which would wait for the lock this connection holds:
// the decision and the restore would no longer be one step. Renaming a copy over the
// file replaces the inode under connections that other processes hold, whose -wal and
// -shm are named by path and would then be shared by two different files. SQLite
// lacks the page table (sqlite_dbpage) that could write pages on this connection.
//
// SQLite's lock is released by the operating system when a process dies, so a killed
// recoverer never leaves the file locked (a lock file would).
//
// The upgrade that follows is a second locked transaction (migrator.ts) with a fresh
// verified backup of the restored state. Between the two the file is a whole file of
// the older version, which any Roster accepts and upgrades under the same lock, so
// nothing can be decided there on stale data either.

import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { RosterError } from '../../../kernel/common/errors.js';
import { readHistory } from './migrations/migration-history.js';
import { applyInTransaction, inspectSchema, PLAIN_WRITE_LOCK, type StepHook, type WriteLock } from './migrations/migrator.js';
import type { Migration, MigrationSet } from './migrations/migration-set.js';
import { fsyncDir } from '../../../kernel/node/paths/data-folder.js';
import { immutableFilename } from '../../../kernel/node/sqlite/driver.js';
import { appliedNames, backupTakenAt, chooseBackup, listBackups } from './backups.js';

/** What a recovery did, for the person (CLI stderr, the window's notice) and the log. */
export interface RecoveryReport {
  /** The backup the file now holds the content of. */
  readonly backupPath: string;
  /** When that backup was taken (ISO 8601, UTC), when its name says. */
  readonly takenAt: string | null;
  /** The upgrade an older Roster did not finish. */
  readonly interruptedMigration: string;
  /** Newer backups that could not be used, newest first, and why. */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
  /** Objects the backup holds that Roster's migrations do not make (another program's): kept in the backup, not restored. */
  readonly leftOut?: readonly string[];
}

const BACKUP_SCHEMA = 'roster_backup';

function interruptedError(migration: string, backupDir: string, skipped: number): RosterError {
  const found =
    skipped > 0
      ? ` (${skipped === 1 ? 'the one backup there' : `all ${skipped} backups there`} failed to verify or hold another version)`
      : '';
  return new RosterError(
    'WORKSPACE_MIGRATION_FAILED',
    `An earlier upgrade of this workspace ("${migration}") did not finish, and Roster found no ` +
      `backup of it that it could verify in ${backupDir}${found}. Open a copy you trust instead.`,
    { migration, backupDir },
  );
}

function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteText(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

interface TableListRow {
  readonly name: string;
  readonly type: string;
}

function tableList(db: Database.Database, schema: string): TableListRow[] {
  return (db.prepare(`PRAGMA ${quoteName(schema)}.table_list`).all() as TableListRow[]).filter((row) => !row.name.startsWith('sqlite_'));
}

function hasTable(db: Database.Database, schema: string, name: string): boolean {
  return db.prepare(`SELECT 1 FROM ${quoteName(schema)}.sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

function count(db: Database.Database, schema: string, table: string): number {
  return Number(
    db
      .prepare(`SELECT count(*) FROM ${quoteName(schema)}.${quoteName(table)}`)
      .pluck()
      .get(),
  );
}

/** Removes every table, view, trigger and index of the main database (in the caller's transaction). */
function dropEverything(db: Database.Database): void {
  const objects = (type: string): string[] =>
    db
      .prepare(`SELECT name FROM main.sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`)
      .pluck()
      .all(type) as string[];
  for (const name of objects('trigger')) db.exec(`DROP TRIGGER main.${quoteName(name)}`);
  for (const name of objects('view')) db.exec(`DROP VIEW main.${quoteName(name)}`);
  // Virtual tables first: dropping one drops its shadow tables with it.
  for (const row of tableList(db, 'main').filter((table) => table.type === 'virtual')) db.exec(`DROP TABLE main.${quoteName(row.name)}`);
  for (const row of tableList(db, 'main')) db.exec(`DROP TABLE main.${quoteName(row.name)}`);
  for (const internal of ['sqlite_sequence', 'sqlite_stat1', 'sqlite_stat4']) {
    if (hasTable(db, 'main', internal)) db.exec(`DELETE FROM main.${internal}`);
  }
}

/** What a restore left out: objects of the backup that Roster's migrations do not make. */
interface CopyResult {
  readonly leftOut: readonly string[];
}

/** The non-hidden columns of a table (not generated): what INSERT ... SELECT may name. */
function plainColumns(db: Database.Database, schema: string, table: string): Map<string, number> {
  const columns = db.prepare(`PRAGMA ${quoteName(schema)}.table_xinfo(${quoteText(table)})`).all() as { name: string; hidden: number }[];
  return new Map(columns.map((column) => [column.name, Number(column.hidden)]));
}

/**
 * The SQL of main's triggers, then drops them, so that no trigger fires on a copied row.
 * main holds only what Roster's migrations just created, so this text is Roster's own.
 */
function takeOwnTriggers(db: Database.Database): string[] {
  const triggers = db.prepare(`SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' ORDER BY rowid`).all() as {
    name: string;
    sql: string;
  }[];
  for (const trigger of triggers) db.exec(`DROP TRIGGER main.${quoteName(trigger.name)}`);
  return triggers.map((trigger) => trigger.sql);
}

/** Copies one table's rows from the backup; the backup's table must be a plain table with those plain columns. */
function copyRows(db: Database.Database, table: string, backupTypes: ReadonlyMap<string, string>): void {
  const type = backupTypes.get(table);
  if (type !== 'table' && type !== 'shadow') throw new Error(`the backup's ${table} is a ${type ?? 'missing table'}, not a table`);
  const theirs = plainColumns(db, BACKUP_SCHEMA, table);
  const names = [...plainColumns(db, 'main', table)].filter(([, hidden]) => hidden === 0).map(([name]) => name);
  const odd = names.filter((name) => theirs.get(name) !== 0);
  if (odd.length > 0) throw new Error(`the backup's ${table} has no plain column ${odd.join(', ')}`);
  const columns = names.map(quoteName).join(', ');
  db.exec(`DELETE FROM main.${quoteName(table)}`);
  db.exec(`INSERT INTO main.${quoteName(table)} (${columns}) SELECT ${columns} FROM ${BACKUP_SCHEMA}.${quoteName(table)}`);
}

/**
 * Makes the main database hold the attached backup's version and rows, inside the
 * caller's write transaction, without running any SQL text the backup holds: the
 * schema is made by Roster's own migrations for the version the backup holds
 * (`applied`, verified against the backup's history by the caller), and only rows are
 * copied, table by table, from the backup's plain tables into those. What the backup
 * holds beyond that (another program's tables, views, triggers) stays in the backup and
 * is named in the report. The connection must be in unsafe mode (better-sqlite3 turns
 * on SQLite's defensive mode, which forbids writing the search index's shadow tables
 * directly; they are copied as they are, so the index matches its rows exactly).
 */
function copyFromBackup(db: Database.Database, migrations: readonly Migration[], onStep?: StepHook): CopyResult {
  onStep?.('restore: dropping what the interrupted upgrade left');
  dropEverything(db);
  onStep?.('restore: creating tables');
  // Creating the search index creates its shadow tables (with their initial rows).
  applyInTransaction(db, migrations, undefined, undefined, { dataSteps: false });
  const triggers = takeOwnTriggers(db);

  const backupTypes = new Map(tableList(db, BACKUP_SCHEMA).map((row) => [row.name, row.type]));
  const copied = tableList(db, 'main')
    .filter((table) => table.type === 'table' || table.type === 'shadow')
    .map((table) => table.name);
  for (const table of copied) {
    onStep?.(`restore: rows of ${table}`);
    copyRows(db, table, backupTypes);
  }
  // AUTOINCREMENT's high-water marks, so an id deleted before the backup is never reused.
  if (hasTable(db, BACKUP_SCHEMA, 'sqlite_sequence') && hasTable(db, 'main', 'sqlite_sequence')) {
    db.exec(`DELETE FROM main.sqlite_sequence`);
    db.exec(`INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM ${BACKUP_SCHEMA}.sqlite_sequence`);
  }

  onStep?.('restore: indexes, views and triggers');
  for (const sql of triggers) db.exec(sql);
  for (const pragma of ['user_version', 'application_id']) {
    const value = Number(db.pragma(`${BACKUP_SCHEMA}.${pragma}`, { simple: true }));
    db.pragma(`main.${pragma} = ${Number.isSafeInteger(value) ? value : 0}`);
  }

  const differing = copied.filter((table) => count(db, 'main', table) !== count(db, BACKUP_SCHEMA, table));
  if (differing.length > 0) throw new Error(`restoring the backup left other row counts in ${differing.join(', ')}`);
  const made = new Set(db.prepare('SELECT name FROM main.sqlite_master').pluck().all() as string[]);
  const leftOut = (db.prepare(`SELECT name FROM ${BACKUP_SCHEMA}.sqlite_master ORDER BY rowid`).pluck().all() as string[]).filter(
    (name) => !made.has(name) && !name.startsWith('sqlite_'),
  );
  return { leftOut };
}

/**
 * If the file is half-upgraded (decided under the write lock), restores its newest
 * verified backup into it in one transaction and returns what was done; null when
 * there was nothing to recover (any more). Throws WORKSPACE_MIGRATION_FAILED when no
 * backup verifies; then nothing was changed.
 */
export async function recoverInterrupted(
  db: Database.Database,
  set: MigrationSet,
  input: { readonly path: string; readonly backupDir: string },
  onRestoring: () => void = () => undefined,
  onStep?: StepHook,
  lock: WriteLock = PLAIN_WRITE_LOCK,
): Promise<RecoveryReport | null> {
  let attached = false;
  db.pragma('foreign_keys = OFF');
  db.unsafeMode(true);
  try {
    await lock.take(db);
    onStep?.('recovery: locked');
    const state = inspectSchema(db, set);
    if (state.kind !== 'interrupted') {
      db.exec('COMMIT');
      return null;
    }
    lock.working();
    const before = appliedNames(readHistory(db));
    const choice = chooseBackup(input.path, input.backupDir, before);
    if (choice === null) {
      throw interruptedError(state.failed.migrationName, input.backupDir, listBackups(input.path, input.backupDir).length);
    }
    onRestoring();
    db.exec(`ATTACH ${quoteText(immutableFilename(choice.path))} AS ${BACKUP_SCHEMA}`);
    attached = true;
    // Verified a moment ago by path; this is the file this connection actually reads.
    if (appliedNames(readHistory(db, BACKUP_SCHEMA)).join('\n') !== before.join('\n')) {
      throw new Error(`the backup ${choice.path} changed while it was being restored`);
    }
    const migrations = before.map((name) => set.byName.get(name)).filter((m): m is Migration => m !== undefined);
    if (migrations.length !== before.length) throw new Error(`the backup ${choice.path} holds migrations this build does not know`);
    const { leftOut } = copyFromBackup(db, migrations, onStep);
    const restored = inspectSchema(db, set);
    if (restored.kind === 'interrupted') throw new Error(`the backup ${choice.path} itself holds an unfinished upgrade`);
    onStep?.('recovery: commit');
    db.exec('COMMIT');
    // The committed restore is durable (synchronous=FULL); its directory entry (a new WAL or journal) is too.
    fsyncDir(dirname(input.path));
    return {
      backupPath: choice.path,
      takenAt: backupTakenAt(choice.path),
      interruptedMigration: state.failed.migrationName,
      skipped: choice.skipped,
      leftOut,
    };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  } finally {
    lock.released();
    if (attached) db.exec(`DETACH ${BACKUP_SCHEMA}`);
    db.unsafeMode(false);
    db.pragma('foreign_keys = ON');
  }
}

/**
 * What a person is told about a recovery, in plain words. `paths`: name the files (the
 * CLI, whose user gave the path); without, a window's notice, which never names a file.
 */
export function recoveryMessage(recovery: RecoveryReport, options: { readonly paths: boolean; readonly workspace?: string }): string {
  const taken = recovery.takenAt === null ? null : `${recovery.takenAt.slice(0, 10)} ${recovery.takenAt.slice(11, 16)} UTC`;
  const source = options.paths
    ? `the backup ${recovery.backupPath}${taken ? ` (taken ${taken})` : ''}`
    : `its automatic backup${taken ? ` of ${taken}` : ''}`;
  const subject = options.paths && options.workspace ? `Roster restored ${options.workspace}` : 'Roster restored this workspace';
  const parts = [
    `${subject} from ${source}, because an upgrade by an older version of Roster had not finished.`,
    'People added or changed after that backup are not in it.',
  ];
  const [newest] = recovery.skipped;
  if (newest) {
    const newer = recovery.skipped.length === 1 ? 'The newest backup' : `The ${recovery.skipped.length} newer backups`;
    const detail = options.paths ? ` (${recovery.skipped.map((skip) => `${skip.path}: ${skip.reason}`).join('; ')})` : '';
    parts.push(`${newer} could not be used${detail}, so an older one was.`);
  }
  const leftOut = recovery.leftOut ?? [];
  if (leftOut.length > 0) {
    const names = leftOut.slice(0, 5).join(', ') + (leftOut.length > 5 ? ', …' : '');
    parts.push(`What another program had added to it (${names}) was not restored; it is still in the backup.`);
  }
  return parts.join(' ');
}
