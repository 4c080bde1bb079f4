// Privacy of Roster's data folder on a shared machine. The catalog names every
// workspace, the trash and backups hold whole workspaces, logs and export temp files
// hold names: none of it is for other local users. So Roster creates its folders
// owner-only (0700) and its files owner-only (0600), and on start tightens what an
// older Roster (or a loose umask) left readable by others.
//
// Only what Roster owns is touched: the data folder's own files and folders by name,
// never the `workspaces/` suggestion folder (people's own files live there) and never
// a symlink. The data folder itself is tightened only when it is plainly Roster's
// (new, holding a catalog, or named Roster) and is not a shared sticky folder such as
// /tmp, so pointing ROSTER_DATA_DIR at an existing folder of one's own cannot lock
// others out of it by surprise.
// Windows has no such permission bits; its per-user AppData is already private.

import { chmodSync, closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, type Stats } from 'node:fs';
import { basename, join } from 'node:path';
import { PRODUCT_NAME, type DataPaths } from './data-paths.js';

const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const STICKY = 0o1000;

/** Files in the data folder's root that Roster writes. */
const ROOT_FILES = [
  /^catalog\.db(-wal|-shm|-journal)?$/,
  /^catalog\.json(\..+)?$/,
  /^catalog\.db\.damaged-/,
  /^window-state\.json$/,
  /^\.window-state\.json\..+\.tmp$/,
];

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

function readdirOrEmpty(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    // Unreadable: nothing to tighten there.
    return [];
  }
}

function ours(stats: Stats): boolean {
  return process.getuid === undefined || stats.uid === process.getuid();
}

/** chmod to `mode` when group or others have any access; returns true if it changed. */
function tightenOne(path: string, stats: Stats, mode: number): boolean {
  if ((stats.mode & 0o077) === 0 || !ours(stats)) return false;
  try {
    chmodSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/** Tightens a folder and everything under it (files 0600, folders 0700), symlinks excepted. */
function tightenTree(path: string, depth: number): number {
  const stats = lstatOrNull(path);
  if (!stats || stats.isSymbolicLink()) return 0;
  if (stats.isFile()) return tightenOne(path, stats, PRIVATE_FILE_MODE) ? 1 : 0;
  if (!stats.isDirectory()) return 0;
  let changed = tightenOne(path, stats, PRIVATE_DIR_MODE) ? 1 : 0;
  if (depth <= 0) return changed;
  for (const name of readdirOrEmpty(path)) changed += tightenTree(join(path, name), depth - 1);
  return changed;
}

/**
 * Creates `path` (and missing parents) owner-only. mkdir's mode is filtered by the
 * umask, which can only remove bits, so 0700 stays 0700.
 */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Creates the data folder and its folders owner-only and tightens what Roster owns in
 * it. Returns how many files and folders were tightened. Never throws for a file it
 * cannot change (another user's, a read-only disk): privacy is best effort, starting
 * Roster is not.
 */
export function prepareDataFolder(paths: DataPaths): number {
  const existed = lstatOrNull(paths.root) !== null;
  try {
    ensurePrivateDir(paths.root);
    for (const dir of [paths.backupsDir, paths.trashDir, paths.logsDir]) ensurePrivateDir(dir);
  } catch {
    // A read-only data folder: the catalog reports it when it is used.
  }
  if (process.platform === 'win32') return 0;
  let changed = 0;
  const root = lstatOrNull(paths.root);
  if (root?.isDirectory() && (root.mode & STICKY) === 0) {
    const names = readdirOrEmpty(paths.root);
    const holdsCatalog = names.some((name) => name === 'catalog.db' || name === 'catalog.json');
    // Roster's own folder: new, holding a catalog, or named Roster (Electron may have
    // created <appData>/Roster before the catalog exists).
    if (!existed || holdsCatalog || basename(paths.root) === PRODUCT_NAME)
      changed += tightenOne(paths.root, root, PRIVATE_DIR_MODE) ? 1 : 0;
    for (const name of names) {
      if (!ROOT_FILES.some((pattern) => pattern.test(name))) continue;
      const path = join(paths.root, name);
      const stats = lstatOrNull(path);
      if (stats?.isFile()) changed += tightenOne(path, stats, PRIVATE_FILE_MODE) ? 1 : 0;
    }
  }
  // backups/<file>, logs/<file>, trash/<id>/<file>.
  changed += tightenTree(paths.backupsDir, 1);
  changed += tightenTree(paths.logsDir, 1);
  changed += tightenTree(paths.trashDir, 2);
  return changed;
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
