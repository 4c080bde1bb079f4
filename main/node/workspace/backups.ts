// Backups taken before a workspace that holds data is migrated.
//
// Where: <data folder>/backups/<file name>-<hash of its path>-<UTC time>.roster-backup
// Kept: the newest BACKUPS_KEPT per workspace file; older ones are removed after a
// successful upgrade. A failed upgrade is undone from the backup at once, and the
// backup stays. See docs/data.md.

import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
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

/** A consistent copy of the open database, written with VACUUM INTO (WAL included). */
export function backupDatabase(db: Database.Database, workspacePath: string, backupDir: string, now = new Date()): string {
  mkdirSync(backupDir, { recursive: true });
  const target = join(backupDir, `${backupPrefix(workspacePath)}${stamp(now)}${BACKUP_EXTENSION}`);
  rmSync(target, { force: true });
  db.prepare('VACUUM INTO ?').run(target);
  return target;
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
