// Facts about a file on disk that can be learnt without opening it with SQLite, so
// that a foreign or broken file is refused before anything could write to it.

import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { RosterError } from '../../common/errors.js';

/** Roster's own extension. `.sqlite`, `.sqlite3` and `.db` files holding Roster's schema open too. */
export const WORKSPACE_EXTENSION = '.roster';
export const OPENABLE_EXTENSIONS: readonly string[] = [WORKSPACE_EXTENSION, '.sqlite', '.sqlite3', '.db'];
/** The extensions as messages list them: ".roster, .sqlite, .sqlite3 or .db". */
export const OPENABLE_EXTENSIONS_TEXT = `${OPENABLE_EXTENSIONS.slice(0, -1).join(', ')} or ${OPENABLE_EXTENSIONS.at(-1) as string}`;

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
/** The SQLite header is 100 bytes; anything shorter is truncated or not SQLite. */
const SQLITE_HEADER_BYTES = 100;

export type FileKind = 'missing' | 'directory' | 'empty' | 'sqlite' | 'not-sqlite';

export function fileKind(path: string): FileKind {
  let size: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) return 'directory';
    // A FIFO, socket or device is never a workspace: SQLite would block on a FIFO
    // forever (or read a device), so it is refused before anything opens it.
    if (!stats.isFile()) {
      throw new RosterError('BAD_PATH', `${path} is not a regular file (it is a pipe, socket or device); a workspace must be a file.`, {
        path,
      });
    }
    size = stats.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  if (size === 0) return 'empty';
  if (size < SQLITE_HEADER_BYTES) return 'not-sqlite';
  const header = Buffer.alloc(SQLITE_MAGIC.length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  return header.equals(SQLITE_MAGIC) ? 'sqlite' : 'not-sqlite';
}

export function hasOpenableExtension(path: string): boolean {
  return OPENABLE_EXTENSIONS.includes(extname(path).toLowerCase());
}

/**
 * The one name of a workspace file: absolute, symlinks resolved, in the file system's
 * own case. Two paths to the same file give the same string, so the connection
 * manager never opens one file twice. For a file that does not exist yet the folder
 * is resolved and the name appended.
 */
export function canonicalPath(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync.native(absolute);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let folder: string;
  try {
    folder = realpathSync.native(dirname(absolute));
  } catch {
    throw new RosterError('BAD_PATH', `The folder ${dirname(absolute)} does not exist.`, { path: absolute });
  }
  return join(folder, basename(absolute));
}
