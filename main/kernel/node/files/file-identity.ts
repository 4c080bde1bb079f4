// Which file a path names, and whether it changed: device and inode say which file;
// size, mtime and ctime (nanoseconds) say whether anyone wrote to it. ctime cannot be
// set by a program (only changed, by any write or metadata change), so a file whose
// identity equals the one Roster recorded when it last closed it cleanly has not been
// touched since, by Roster or anything else.

import { existsSync, statSync } from 'node:fs';

export interface FileIdentity {
  readonly dev: string;
  readonly ino: string;
  readonly size: string;
  readonly mtimeNs: string;
  readonly ctimeNs: string;
}

/** The identity of the file at `path`, or null if there is none. (Strings: they travel through JSON and SQLite exactly.) */
export function fileIdentity(path: string): FileIdentity | null {
  try {
    const stats = statSync(path, { bigint: true });
    return {
      dev: String(stats.dev),
      ino: String(stats.ino),
      size: String(stats.size),
      mtimeNs: String(stats.mtimeNs),
      ctimeNs: String(stats.ctimeNs),
    };
  } catch {
    return null;
  }
}

/** Same file (device and inode), whatever was written to it. */
export function sameFile(a: FileIdentity | null, b: FileIdentity | null): boolean {
  return a !== null && b !== null && a.dev === b.dev && a.ino === b.ino;
}

/** Same file and not written since. */
export function unchanged(a: FileIdentity | null, b: FileIdentity | null): boolean {
  return sameFile(a, b) && a?.size === b?.size && a?.mtimeNs === b?.mtimeNs && a?.ctimeNs === b?.ctimeNs;
}

/** Files SQLite keeps beside a database while it is open, and leaves after a crash. */
const SIDECAR_SUFFIXES = ['-wal', '-journal'] as const;

export function hasSidecars(path: string): boolean {
  return SIDECAR_SUFFIXES.some((suffix) => existsSync(path + suffix));
}
