// Backups taken before a workspace that holds data is upgraded.
//
// Where: <data folder>/backups/<file name>-<hash of its path>-<UTC time>-<pid>-<random>.roster-backup
// (a name no other process can take at the same instant), created 0600 in a 0700 folder.
//
// How: SQLite's online backup API on a read-only connection of its own, so the copy is
// one consistent snapshot even while other processes have the file open; the caller
// holds the write lock, so that snapshot is exactly the state the upgrade starts from.
// The copy is written as a hidden ".partial" file, flushed to disk, and verified
// (quick_check, and the migration history the upgrade expects) before it gets its
// final name: a backup Roster lists is always one it could restore.
//
// Restoring goes the other way through the same API: the backup's pages are written
// into the live file under SQLite's own locks, as one transaction. Nothing is renamed
// over the file and no -wal/-shm is deleted, so a process that has the file open is
// never left holding a file that is no longer there.
//
// Kept: at most BACKUPS_KEPT per workspace file, and all of them together within
// BACKUPS_MAX_BYTES (the newest backup of each workspace is always kept). Pruned after
// every upgrade attempt, failed ones included.

import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { RosterError } from '../../common/errors.js';
import { readHistory, type HistoryRow } from '../migrations/migration-history.js';
import { openSqlite } from '../sqlite/driver.js';
import { BUSY_TIMEOUT_MS } from '../sqlite/pragmas.js';
import { ensurePrivateDir, fsyncDir, PRIVATE_FILE_MODE } from '../paths/data-folder.js';

export const BACKUPS_KEPT = 3;
export const BACKUPS_MAX_BYTES = 4 * 1024 ** 3;
export const BACKUP_EXTENSION = '.roster-backup';

function backupPrefix(workspacePath: string): string {
  const stem = basename(workspacePath, extname(workspacePath)).replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 60);
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

export type BackupCheck = { readonly ok: true; readonly history: HistoryRow[] } | { readonly ok: false; readonly reason: string };

/** Reads a backup as SQLite: it must pass quick_check and hold a history with no unfinished upgrade. */
export function checkBackup(path: string): BackupCheck {
  let db;
  try {
    db = openSqlite(path, { readonly: true, fileMustExist: true });
    const result: unknown = db.pragma('quick_check', { simple: true });
    if (result !== 'ok') return { ok: false, reason: `quick_check: ${String(result)}` };
    const history = readHistory(db);
    if (history.some((row) => row.finishedAt === null && row.rolledBackAt === null)) {
      return { ok: false, reason: 'the backup itself holds an unfinished upgrade' };
    }
    return { ok: true, history };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
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
export async function takeBackup(workspacePath: string, backupDir: string, expected: readonly HistoryRow[], now = new Date()): Promise<string> {
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
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC' || (error as { code?: unknown }).code === 'SQLITE_FULL') {
      throw new RosterError('DISK_FULL', 'The disk is full, so Roster could not back up this workspace before upgrading it. Nothing was changed.', {
        backupDir,
      });
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

/**
 * Writes a verified backup's contents into the live workspace file through SQLite
 * (see the top of this file), then flushes the file to disk.
 */
export async function restoreBackupInto(backupPath: string, workspacePath: string): Promise<void> {
  const check = checkBackup(backupPath);
  if (!check.ok) throw new Error(`the backup ${backupPath} does not verify (${check.reason})`);
  const source = openSqlite(backupPath, { readonly: true, fileMustExist: true });
  try {
    await source.backup(workspacePath);
  } finally {
    source.close();
  }
  fsyncFile(workspacePath);
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

/**
 * Keeps the newest `keep` backups of this workspace, then trims the whole folder to
 * `maxBytes` by deleting the oldest backups of any workspace except each one's newest.
 * Also removes ".partial" files left by a backup that was killed.
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
  for (const name of entries) {
    // A partial file from another process still running is young; one from a killed process is not.
    if (name.endsWith('.partial') && Date.now() - statSync(join(backupDir, name)).mtimeMs > 60 * 60 * 1000) {
      rmSync(join(backupDir, name), { force: true });
    }
  }
  const all = entries.filter((name) => name.endsWith(BACKUP_EXTENSION));
  // Group by workspace (the prefix up to the stamp) to find each one's newest backup.
  const newest = new Map<string, string>();
  for (const name of [...all].sort()) newest.set(name.replace(/\d{8}T\d{9}Z.*$/, ''), name);
  const protectedNames = new Set(newest.values());
  const byAge = all
    .map((name) => ({ name, path: join(backupDir, name), mtime: statSync(join(backupDir, name)).mtimeMs, size: sizeOf(join(backupDir, name)) }))
    .sort((a, b) => a.mtime - b.mtime);
  let total = byAge.reduce((sum, entry) => sum + entry.size, 0);
  for (const entry of byAge) {
    if (total <= maxBytes) break;
    if (protectedNames.has(entry.name)) continue;
    rmSync(entry.path, { force: true });
    total -= entry.size;
  }
}

/**
 * The newest backup of this workspace that verifies and holds exactly `applied`
 * migrations (the version the file had before an interrupted upgrade), or null.
 */
export function newestUsableBackup(workspacePath: string, backupDir: string, applied: readonly string[]): string | null {
  for (const candidate of listBackups(workspacePath, backupDir).reverse()) {
    const check = checkBackup(candidate);
    if (check.ok && appliedNames(check.history).join('\n') === applied.join('\n')) return candidate;
  }
  return null;
}
