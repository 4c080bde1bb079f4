// Backups taken before a workspace that holds data is upgraded.
//
// Where: <data folder>/backups/<file name>-<hash of its path>-<UTC time>-<pid>-<random>.roster-backup
// (a name no other process can take at the same instant), created 0600 in a 0700 folder.
//
// How: SQLite's online backup API on a read-only connection of its own, so the copy is
// one consistent snapshot even while other processes have the file open; the caller
// holds the write lock, so that snapshot is exactly the state the upgrade starts from.
// The copy is written as a hidden ".partial" file, switched from WAL to a plain
// rollback journal (a copy of a WAL file is a WAL file, and every later read of it
// would leave -wal/-shm beside it), flushed to disk, and verified (quick_check, and the
// migration history the upgrade expects) before it gets its final name: a backup Roster
// lists is always one it could restore. Backups are only ever read in SQLite's
// immutable mode, which creates nothing beside them.
//
// Restoring is recovery.ts: the backup is attached to the workspace's own locked
// connection and its rows are copied, in one transaction, into the schema this build's
// migrations make for its version (never its own stored SQL, which a received file wrote).
//
// Kept: at most BACKUPS_KEPT per workspace file, and all of them together within
// BACKUPS_MAX_BYTES (the newest backup of each workspace is always kept). Pruned after
// every upgrade attempt, failed ones included, along with any -wal/-shm/-journal an
// older Roster's reads left beside backups.

import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { RosterError } from '../../../kernel/common/errors.js';
import { readHistory, type HistoryRow } from './migrations/migration-history.js';
import { immutableFilename, openSqlite } from '../../../kernel/node/sqlite/driver.js';
import { BUSY_TIMEOUT_MS } from '../../../kernel/node/sqlite/pragmas.js';
import { storageFailureKind } from '../../../kernel/node/sqlite/sqlite-errors.js';
import { ensurePrivateDir, fsyncDir, PRIVATE_FILE_MODE } from '../../../kernel/node/paths/data-folder.js';

export const BACKUPS_KEPT = 3;
const BACKUPS_MAX_BYTES = 4 * 1024 ** 3;
export const BACKUP_EXTENSION = '.roster-backup';

/**
 * The heartbeat an upgrade's lock holder keeps in this folder while it holds the lock
 * (upgrade-lock.ts): `.<prefix><pid>-<random>.upgrade-heartbeat`, hidden and never a
 * backup. Removed when the upgrade ends; one left by a killed holder is removed by the
 * next holder, or as litter once it is old.
 */
export const HEARTBEAT_EXTENSION = '.upgrade-heartbeat';

/** What every backup (and upgrade heartbeat) of this workspace file is named from: its stem and a hash of its path. */
export function backupPrefix(workspacePath: string): string {
  const stem = basename(workspacePath, extname(workspacePath))
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .slice(0, 60);
  const hash = createHash('sha256').update(workspacePath).digest('hex').slice(0, 10);
  return `${stem}-${hash}-`;
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('.', '');
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

type BackupCheck = { readonly ok: true; readonly history: HistoryRow[] } | { readonly ok: false; readonly reason: string };

/**
 * A copy made with the backup API keeps the source's WAL mode in its header. Switched to
 * a rollback journal here, once, while the file is still private to this process, so a
 * backup is one self-contained file (no -wal or -shm ever appears beside it).
 */
function toRollbackJournal(path: string): void {
  const db = openSqlite(path, { fileMustExist: true });
  try {
    const mode: unknown = db.pragma('journal_mode = DELETE', { simple: true });
    if (mode !== 'delete') throw new Error(`the backup copy stayed in journal mode ${String(mode)}`);
  } finally {
    db.close();
  }
}

/** Reasons are told to people (the CLI names skipped backups): one short line. */
function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** Reads a backup as SQLite: it must pass quick_check and hold a history with no unfinished upgrade. */
function checkBackup(path: string): BackupCheck {
  let db;
  try {
    // Immutable: nothing is created beside the backup, and nothing can be written to it.
    db = openSqlite(immutableFilename(path), { readonly: true, fileMustExist: true });
    const result: unknown = db.pragma('quick_check', { simple: true });
    if (result !== 'ok') return { ok: false, reason: `quick_check: ${firstLine(String(result))}` };
    const history = readHistory(db);
    if (history.some((row) => row.finishedAt === null && row.rolledBackAt === null)) {
      return { ok: false, reason: 'the backup itself holds an unfinished upgrade' };
    }
    return { ok: true, history };
  } catch (error) {
    return { ok: false, reason: firstLine(error instanceof Error ? error.message : String(error)) };
  } finally {
    db?.close();
  }
}

/** The applied migrations of a history, in order: what two files must share to be "the same version". */
export function appliedNames(history: readonly HistoryRow[]): string[] {
  return history.filter((row) => row.finishedAt !== null && row.rolledBackAt === null).map((row) => row.migrationName);
}

/**
 * Copies the workspace to a new verified backup and returns its path. `expected` is the
 * history the caller read under its lock: the backup must hold the same applied
 * migrations, or it is not a copy of the file about to be upgraded.
 */
export async function takeBackup(
  workspacePath: string,
  backupDir: string,
  expected: readonly HistoryRow[],
  now = new Date(),
): Promise<string> {
  ensurePrivateDir(backupDir);
  const name = `${backupPrefix(workspacePath)}${stamp(now)}-${process.pid}-${randomBytes(3).toString('hex')}${BACKUP_EXTENSION}`;
  const partial = join(backupDir, `.${name}.partial`);
  const target = join(backupDir, name);
  try {
    const source = openSqlite(workspacePath, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    try {
      closeSync(openSync(partial, 'wx', PRIVATE_FILE_MODE));
      await source.backup(partial);
    } finally {
      source.close();
    }
    toRollbackJournal(partial);
    fsyncFile(partial);
    const check = checkBackup(partial);
    if (!check.ok) throw new Error(`the new backup does not verify (${check.reason})`);
    if (appliedNames(check.history).join('\n') !== appliedNames(expected).join('\n')) {
      throw new Error('the new backup holds another version of the workspace than the one being upgraded');
    }
    linkSync(partial, target);
    fsyncDir(backupDir);
    return target;
  } catch (error) {
    if (storageFailureKind(error) === 'full') {
      throw new RosterError(
        'DISK_FULL',
        'The disk is full, so Roster could not back up this workspace before upgrading it. Nothing was changed.',
        {
          backupDir,
        },
      );
    }
    throw new RosterError(
      'INTERNAL',
      'Roster could not make a backup of this workspace that it could verify, so it did not upgrade it. Nothing was changed.',
      { backupDir, reason: error instanceof Error ? error.message : String(error) },
      { cause: error },
    );
  } finally {
    rmSync(partial, { force: true });
  }
}

export function listBackups(workspacePath: string, backupDir: string): string[] {
  const prefix = backupPrefix(workspacePath);
  let entries: string[];
  try {
    entries = readdirSync(backupDir);
  } catch {
    return [];
  }
  return entries
    .filter((name) => name.startsWith(prefix) && name.endsWith(BACKUP_EXTENSION))
    .sort()
    .map((name) => join(backupDir, name));
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** How long a ".partial" (and what SQLite keeps beside it) may be another process's backup in progress. */
const PARTIAL_MAX_AGE_MS = 60 * 60 * 1000;
/** What SQLite may leave beside a database file. */
const SIDE_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

function ageMs(path: string): number | null {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * Whether `name` in the backup folder is litter: a ".partial" of a killed backup, a
 * -wal/-shm/-journal beside a backup (left by an older Roster, which verified backups
 * with an ordinary read-only connection) or beside a partial that is gone or old, or
 * an old upgrade heartbeat.
 * Nothing Roster reads needs them: backups are plain rollback-journal files, read in
 * immutable mode, and never written once named.
 */
function isLitter(backupDir: string, name: string): boolean {
  // A live holder rewrites its heartbeat several times a second; an old one is a killed holder's.
  if (name.endsWith(HEARTBEAT_EXTENSION)) return (ageMs(join(backupDir, name)) ?? 0) > PARTIAL_MAX_AGE_MS;
  const side = SIDE_SUFFIXES.find((suffix) => name.endsWith(suffix));
  const base = side ? name.slice(0, -side.length) : name;
  if (base.endsWith('.partial')) {
    // A partial from another process still running is young; one from a killed process is not.
    const age = ageMs(join(backupDir, base));
    return age === null ? side !== undefined : age > PARTIAL_MAX_AGE_MS;
  }
  return side !== undefined && base.endsWith(BACKUP_EXTENSION);
}

/**
 * Keeps the newest `keep` backups of this workspace, then trims the whole folder to
 * `maxBytes` by deleting the oldest backups of any workspace except each one's newest.
 * Also removes litter (isLitter): partial copies of killed backups, SQLite's side files
 * beside backups, and heartbeats killed upgrades left.
 */
export function pruneBackups(workspacePath: string, backupDir: string, options: { keep?: number; maxBytes?: number } = {}): void {
  const keep = options.keep ?? BACKUPS_KEPT;
  const maxBytes = options.maxBytes ?? BACKUPS_MAX_BYTES;
  const mine = listBackups(workspacePath, backupDir);
  for (const old of mine.slice(0, Math.max(0, mine.length - keep))) rmSync(old, { force: true });

  let entries: string[];
  try {
    entries = readdirSync(backupDir);
  } catch {
    return;
  }
  for (const name of entries) if (isLitter(backupDir, name)) rmSync(join(backupDir, name), { force: true });
  const all = entries.filter((name) => name.endsWith(BACKUP_EXTENSION) && existsSync(join(backupDir, name)));
  // Group by workspace (the prefix up to the stamp) to find each one's newest backup.
  const newest = new Map<string, string>();
  for (const name of [...all].sort()) newest.set(name.replace(/\d{8}T\d{9}Z.*$/, ''), name);
  const protectedNames = new Set(newest.values());
  const byAge = all
    .map((name) => ({ name, path: join(backupDir, name), age: ageMs(join(backupDir, name)) ?? 0, size: sizeOf(join(backupDir, name)) }))
    .sort((a, b) => b.age - a.age);
  let total = byAge.reduce((sum, entry) => sum + entry.size, 0);
  for (const entry of byAge) {
    if (total <= maxBytes) break;
    if (protectedNames.has(entry.name)) continue;
    rmSync(entry.path, { force: true });
    total -= entry.size;
  }
}

export interface BackupChoice {
  /** The backup to restore. */
  readonly path: string;
  /** Newer backups of the file that could not be used, newest first, and why. */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

/**
 * The newest backup of this workspace that verifies and holds exactly `applied`
 * migrations (the version the file had before an interrupted upgrade), with the newer
 * ones passed over; null when none does.
 */
export function chooseBackup(workspacePath: string, backupDir: string, applied: readonly string[]): BackupChoice | null {
  const skipped: { path: string; reason: string }[] = [];
  for (const candidate of listBackups(workspacePath, backupDir).reverse()) {
    const check = checkBackup(candidate);
    if (!check.ok) skipped.push({ path: candidate, reason: `it does not verify (${check.reason})` });
    else if (appliedNames(check.history).join('\n') !== applied.join('\n'))
      skipped.push({ path: candidate, reason: 'it holds another version of the workspace' });
    else return { path: candidate, skipped };
  }
  return null;
}

/** When a backup was taken, from the UTC time in its name (ISO 8601); null if the name holds none. */
export function backupTakenAt(backupPath: string): string | null {
  const match = /-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z-/.exec(basename(backupPath));
  if (!match) return null;
  const [, year, month, day, hour, minute, second, ms] = match;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}.${ms}Z`;
}
