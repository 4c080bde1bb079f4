// Backups taken before a workspace that holds data is migrated.
//
// Where: <data folder>/backups/<file name>-<hash of its path>-<UTC time>.roster-backup
// Kept: the newest BACKUPS_KEPT per workspace file; older ones are removed after a
// successful upgrade. A failed upgrade is undone from the backup at once, and the
// backup stays. See docs/data.md and docs/migrations.md.

import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type Database from 'better-sqlite3';

export const BACKUPS_KEPT = 3;
export const BACKUP_EXTENSION = '.roster-backup';

function backupPrefix(workspacePath: string): string {
  const stem = basename(workspacePath, extname(workspacePath)).replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 60);
  const hash = createHash('sha256').update(workspacePath).digest('hex').slice(0, 10);
  return `${stem}-${hash}-`;
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('.', '');
}

/**
 * A copy of the open database taken before it is migrated, so that a failed upgrade
 * can put back exactly the file the person had.
 *
 * Normally a byte-for-byte copy of the file: any committed WAL frames are first
 * checkpointed into it, then, holding the write lock (no other connection can commit)
 * and with the WAL empty, the file is copied. Restoring such a copy gives back the same
 * bytes. Only when another process keeps WAL frames that cannot be checkpointed does
 * it fall back to VACUUM INTO: a consistent copy of the same data, not the same bytes.
 */
export function backupDatabase(db: Database.Database, workspacePath: string, backupDir: string, now = new Date()): string {
  mkdirSync(backupDir, { recursive: true });
  const target = join(backupDir, `${backupPrefix(workspacePath)}${stamp(now)}${BACKUP_EXTENSION}`);
  rmSync(target, { force: true });
  if (!copyWholeFile(db, workspacePath, target)) db.prepare('VACUUM INTO ?').run(target);
  return target;
}

function walBytes(workspacePath: string): number {
  try {
    return statSync(`${workspacePath}-wal`).size;
  } catch {
    return 0;
  }
}

/** How long the checkpoint may wait for another process's readers before falling back. */
const CHECKPOINT_WAIT_MS = 250;

/**
 * Folds every committed WAL frame into the file and empties the WAL (TRUNCATE); a no-op
 * on a rollback-journal file or an empty WAL. False if other connections' readers keep
 * it from finishing. Waits briefly, not the full busy timeout: the fallback is fine.
 */
function checkpointWholeWal(db: Database.Database): boolean {
  const saved = Number(db.pragma('busy_timeout', { simple: true }));
  db.pragma(`busy_timeout = ${CHECKPOINT_WAIT_MS}`);
  try {
    // (Number(): the Prisma adapter's connection returns integers as BigInt.)
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number | bigint }[];
    return result !== undefined && Number(result.busy) === 0;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return false;
    throw error;
  } finally {
    db.pragma(`busy_timeout = ${saved}`);
  }
}

/** The byte-for-byte copy; false when the file cannot be copied consistently now. */
function copyWholeFile(db: Database.Database, workspacePath: string, target: string): boolean {
  if (!checkpointWholeWal(db)) return false;
  db.exec('BEGIN IMMEDIATE');
  try {
    // Someone may have committed between the checkpoint and our lock.
    if (walBytes(workspacePath) > 0) return false;
    const partial = `${target}.partial`;
    try {
      copyFileSync(workspacePath, partial);
      const fd = openSync(partial, 'r+');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(partial, target);
    } catch (error) {
      rmSync(partial, { force: true });
      throw error;
    }
    return true;
  } finally {
    db.exec('COMMIT');
  }
}

/** Puts a backup back in place of a closed workspace file, dropping its WAL and shared memory. */
export function restoreBackup(backupPath: string, workspacePath: string): void {
  rmSync(`${workspacePath}-wal`, { force: true });
  rmSync(`${workspacePath}-shm`, { force: true });
  copyFileSync(backupPath, workspacePath);
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

export function pruneBackups(workspacePath: string, backupDir: string, keep = BACKUPS_KEPT): void {
  const backups = listBackups(workspacePath, backupDir);
  for (const old of backups.slice(0, Math.max(0, backups.length - keep))) rmSync(old, { force: true });
}
