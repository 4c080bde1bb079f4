// Roster's files are readable by their owner only: workspaces, backups, the trash, the
// catalog, logs, exports' temporary files (0600 files in 0700 folders). On a shared
// machine other local users must not read a roster of names.

import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, statSync } from 'node:fs';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates `dir` (and missing parents) 0700, and tightens it if it already existed wider. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (process.platform === 'win32') return;
  try {
    if ((statSync(dir).mode & 0o777) !== PRIVATE_DIR_MODE) chmodSync(dir, PRIVATE_DIR_MODE);
  } catch {
    // Not ours to change (a folder owned by someone else): leave it.
  }
}

/** Flushes a folder's entries (a rename or link in it) to disk. A no-op where folders cannot be opened (Windows). */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
