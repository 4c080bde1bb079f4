// The file side of the trash: moving a workspace file into trash/<id>/ and putting
// it back without ever replacing a file that appeared at its old path.
//
// Putting back uses a hard link, which the operating system creates only if the name
// is free (atomic: there is no moment between "is it free?" and "take it" for another
// process to slip into), then removes the trash copy. Where a link is impossible (the
// trash and the target are on different disks, or the file system has no hard links)
// the file is copied to a temporary name beside the target and that is linked into
// place; a file system with no links at all gets an exclusive create (O_EXCL), which
// still never replaces anything.

import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, constants, copyFileSync, fsyncSync, linkSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { RosterError } from '../../../kernel/common/errors.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../../../kernel/node/paths/data-folder.js';
import { syncFolder } from '../../../kernel/node/files/atomic-file.js';

/** Files SQLite keeps beside a database while it is open (and after a crash). */
export const SIDECARS = ['-wal', '-shm', '-journal'] as const;

const NO_LINK = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncFolderQuietly(folder: string): void {
  try {
    syncFolder(folder);
  } catch {
    // Some file systems refuse to fsync a folder; the rename itself has happened.
  }
}

/** True when both paths name the same file (same device and inode). */
export function sameFile(a: string, b: string): boolean {
  try {
    const first = statSync(a);
    const second = statSync(b);
    return first.dev === second.dev && first.ino === second.ino;
  } catch {
    return false;
  }
}

/** The permission bits of `path`, or null when it cannot be read. */
export function modeOf(path: string): number | null {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return null;
  }
}

/**
 * Moves `from` to `folder/fileName` (the folder is created owner-only) and makes the
 * trashed copy owner-only. Across disks the file is copied to a temporary name in
 * the trash, flushed, renamed into place, and only then removed from its old place,
 * so a kill at any instant leaves a whole file in at least one of the two places.
 */
export function moveIntoTrash(from: string, folder: string, fileName: string): void {
  ensurePrivateDir(folder);
  const to = join(folder, fileName);
  try {
    renameSync(from, to);
  } catch (error) {
    if (errnoOf(error) !== 'EXDEV') throw error;
    const temp = join(folder, `.${fileName}.copying`);
    rmSync(temp, { force: true });
    copyFileSync(from, temp, constants.COPYFILE_EXCL);
    fsyncFile(temp);
    renameSync(temp, to);
    syncFolderQuietly(folder);
    rmSync(from);
  }
  try {
    chmodSync(to, PRIVATE_FILE_MODE);
  } catch {
    // Best effort: the trash folder itself is owner-only.
  }
  syncFolderQuietly(folder);
  syncFolderQuietly(dirname(from));
}

/** A failed move into or out of the trash, in Roster's codes and plain words (`what` says which). */
export function fileMoveError(error: unknown, what: string, path: string): unknown {
  const code = errnoOf(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new RosterError('DISK_FULL', `The disk is full: Roster could not ${what}. Nothing was lost.`, { path }, { cause: error });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'EBUSY') {
    return new RosterError(
      'BAD_PATH',
      `Roster could not ${what} (${code === 'EROFS' ? 'the disk is read-only' : 'permission denied'}). Nothing was lost.`,
      { path },
      { cause: error },
    );
  }
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    return new RosterError(
      'BAD_PATH',
      `Roster could not ${what} (a file is where a folder should be). Nothing was lost.`,
      { path },
      { cause: error },
    );
  }
  return error;
}

function fileExists(reason: string, target: string): RosterError {
  return new RosterError('FILE_EXISTS', `A file already exists at ${target}; move it away to restore the workspace.`, {
    path: target,
    reason,
  });
}

/** Hard-links `source` at `target`, refusing a taken name. Returns false if links are impossible here. */
function linkNoReplace(source: string, target: string, original: string): boolean {
  try {
    linkSync(source, target);
    return true;
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'EEXIST') {
      // Our own link from an earlier, interrupted restore is not a stranger's file.
      if (sameFile(original, target)) return true;
      throw fileExists('taken', target);
    }
    if (code !== undefined && NO_LINK.has(code)) return false;
    throw error;
  }
}

/**
 * Puts `source` at `target` without ever replacing a file there (FILE_EXISTS). The
 * source stays where it is: the caller removes it once the restore is recorded.
 */
export function placeWithoutReplacing(source: string, target: string, mode: number | null): void {
  if (!linkNoReplace(source, target, source)) {
    const temp = join(dirname(target), `.${basename(target)}.roster-restore-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    try {
      copyFileSync(source, temp, constants.COPYFILE_EXCL);
      fsyncFile(temp);
      if (!linkNoReplace(temp, target, temp)) {
        // No hard links at all on this file system: an exclusive create still never replaces.
        try {
          copyFileSync(temp, target, constants.COPYFILE_EXCL);
        } catch (error) {
          if (errnoOf(error) === 'EEXIST') throw fileExists('taken', target);
          throw error;
        }
        fsyncFile(target);
      }
    } finally {
      rmSync(temp, { force: true });
    }
  }
  if (mode !== null) {
    try {
      chmodSync(target, mode);
    } catch {
      // The file is back; its old permissions are a nicety.
    }
  }
  syncFolderQuietly(dirname(target));
}
