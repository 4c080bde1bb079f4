// Where an export may be written, decided before a byte is written.
//
// An export must never destroy a workspace (or any database). A target is refused
// with TARGET_REFUSED, changing nothing, when:
//   - it ends in an extension Roster opens as a workspace (.roster, .sqlite, .sqlite3, .db);
//   - it is an existing file that starts with the SQLite header;
//   - it is a workspace in Roster's list (even one whose file is missing just now);
//   - a -wal, -shm or -journal file is beside it (some process has it open as a database);
//   - this process holds it open as a workspace;
//   - it is a socket or a block device.
// A symlink is followed: the export goes to the file it points to (and that file is
// what is checked); the link itself is never replaced. A FIFO or character device
// (/dev/stdout, a named pipe) is written into directly, as a stream.

import { closeSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { RosterError } from '../../../kernel/common/errors.js';
import { OPENABLE_EXTENSIONS } from '../../../kernel/node/sqlite/sqlite-file.js';
import { isHeldInProcess } from '../../../kernel/node/files/held-files.js';

export interface ExportTargetOptions {
  /** True when `canonicalPath` is a workspace in Roster's catalog. */
  readonly isCatalogued?: (canonicalPath: string) => boolean;
}

export type ExportTarget =
  /** A regular file (existing or new): written to a temp file and renamed over it. */
  | { readonly kind: 'file'; readonly path: string; readonly existing: Stats | null }
  /** A FIFO or character device: written into directly. */
  | { readonly kind: 'stream'; readonly path: string };

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const SIDECARS = ['-wal', '-shm', '-journal'] as const;
const MAX_LINKS = 40;

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function refused(message: string, path: string, reason: string): RosterError {
  return new RosterError('TARGET_REFUSED', message, { path, reason });
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return null;
    throw error;
  }
}

/** Follows symlinks (even dangling ones) to the path that would really be written. */
function followLinks(path: string): string {
  let current = resolve(path);
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    const stats = lstatOrNull(current);
    if (!stats?.isSymbolicLink()) return current;
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new RosterError('BAD_PATH', `${path} is a chain of too many symbolic links.`, { path });
}

function startsWithSqliteHeader(path: string): boolean {
  const header = Buffer.alloc(SQLITE_MAGIC.length);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    return readSync(fd, header, 0, header.length, 0) === header.length && header.equals(SQLITE_MAGIC);
  } finally {
    closeSync(fd);
  }
}

/**
 * The checks that depend on what is at the path now. Run before writing and again
 * just before the finished export is renamed into place.
 */
export function refuseIfDatabase(path: string, options: ExportTargetOptions, display = path): void {
  if (OPENABLE_EXTENSIONS.includes(extname(path).toLowerCase())) {
    throw refused(
      `${display} ends in ${extname(path)}, which Roster opens as a workspace; export to a .csv or .json file instead.`,
      path,
      'extension',
    );
  }
  if (startsWithSqliteHeader(path)) {
    throw refused(
      `${display} is a database file (perhaps a workspace); Roster will not write an export over it. Choose another file.`,
      path,
      'sqlite',
    );
  }
  if (options.isCatalogued?.(path)) {
    throw refused(
      `${display} is a workspace in Roster's list; Roster will not write an export over it. Choose another file.`,
      path,
      'catalogued',
    );
  }
  const sidecar = SIDECARS.find((suffix) => lstatOrNull(path + suffix) !== null);
  if (sidecar) {
    throw refused(
      `${display} is open as a database (a ${sidecar} file is beside it); Roster will not write an export over it.`,
      path,
      'open',
    );
  }
  if (isHeldInProcess(path)) {
    throw refused(`${display} is open in Roster; Roster will not write an export over it.`, path, 'held');
  }
}

/** Decides where (and how) an export to `path` is written, or refuses it. Writes nothing. */
export function resolveExportTarget(path: string, options: ExportTargetOptions = {}): ExportTarget {
  const followed = followLinks(path);
  let folder: string;
  try {
    folder = realpathSync.native(dirname(followed));
    if (!statSync(folder).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new RosterError('BAD_PATH', `The folder ${dirname(followed)} does not exist.`, { path });
  }
  const target = join(folder, basename(followed));
  const stats = lstatOrNull(target);
  if (stats?.isDirectory()) throw new RosterError('BAD_PATH', `${path} is a folder; give a file name to export to.`, { path });
  if (stats?.isSocket() || stats?.isBlockDevice()) {
    throw refused(`${path} is not a file (a socket or a disk device); Roster will not write an export there.`, target, 'special');
  }
  if (stats?.isFIFO() || stats?.isCharacterDevice()) {
    // Never read a FIFO's first bytes (that would block or steal them); the name
    // checks still apply.
    if (OPENABLE_EXTENSIONS.includes(extname(target).toLowerCase()) || options.isCatalogued?.(target)) {
      throw refused(`${path} is a workspace path; Roster will not write an export there.`, target, 'extension');
    }
    return { kind: 'stream', path: target };
  }
  refuseIfDatabase(target, options, path);
  return { kind: 'file', path: target, existing: stats };
}
