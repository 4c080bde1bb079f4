// Turns what SQLite (through better-sqlite3, or through Prisma and its driver adapter)
// throws into Roster's error codes, with plain messages. No message that reaches a
// person, a window or a script shows Prisma's or SQLite's own text: that goes to the
// log as the error's `cause` and `details`.
//
// SQLite reports through several layers, so the code is looked for in each:
//   - better-sqlite3's SqliteError: `code` = "SQLITE_FULL", "SQLITE_BUSY_SNAPSHOT"...;
//   - Prisma's errors: the adapter's error under `meta.driverAdapterError.cause`
//     (`originalCode`, `kind`), or in the `cause` chain;
//   - Node's file errors (ENOSPC, EROFS, EACCES) when Roster itself writes files.

import { RosterError, isRosterError, INTERNAL_MESSAGE } from '../../common/errors.js';

type Kind = 'busy' | 'full' | 'read-only' | 'corrupt' | 'cant-open' | 'closed';

const BY_SQLITE_CODE: readonly [RegExp, Kind][] = [
  [/^SQLITE_BUSY|^SQLITE_LOCKED/, 'busy'],
  [/^SQLITE_FULL/, 'full'],
  // Growing the -shm file of a WAL database failed: on a full disk this is how SQLite
  // reports it (even a read needs the -shm), and SQLite's own documentation gives no
  // other cause for it than the volume being out of space.
  [/^SQLITE_IOERR_SHMSIZE/, 'full'],
  [/^SQLITE_READONLY/, 'read-only'],
  [/^SQLITE_(CORRUPT|NOTADB)|^SQLITE_IOERR_SHORT_READ/, 'corrupt'],
  [/^SQLITE_CANTOPEN|^SQLITE_PERM|^SQLITE_AUTH/, 'cant-open'],
];

const BY_ERRNO: Readonly<Record<string, Kind>> = {
  ENOSPC: 'full',
  EDQUOT: 'full',
  EROFS: 'read-only',
  EACCES: 'cant-open',
  EPERM: 'cant-open',
};

// Last resort: SQLite's own English messages (stable for decades).
const BY_MESSAGE: readonly [RegExp, Kind][] = [
  [/database or disk is full|SQLITE_FULL/i, 'full'],
  [/database is locked|database table is locked|SQLITE_BUSY/i, 'busy'],
  [/attempt to write a readonly database|SQLITE_READONLY/i, 'read-only'],
  [/database disk image is malformed|file is not a database|SQLITE_CORRUPT|SQLITE_NOTADB/i, 'corrupt'],
  [/unable to open database file|SQLITE_CANTOPEN/i, 'cant-open'],
  [/The database connection is not open/i, 'closed'],
];

function codesIn(error: unknown, depth = 0): string[] {
  if (error === null || typeof error !== 'object' || depth > 6) return [];
  const record = error as Record<string, unknown>;
  const found: string[] = [];
  for (const key of ['code', 'originalCode', 'kind']) {
    if (typeof record[key] === 'string') found.push(record[key]);
  }
  const meta = record['meta'] as Record<string, unknown> | undefined;
  if (meta && typeof meta === 'object') found.push(...codesIn(meta['driverAdapterError'], depth + 1));
  found.push(...codesIn(record['cause'], depth + 1));
  return found;
}

function messagesIn(error: unknown, depth = 0): string[] {
  if (error === null || typeof error !== 'object' || depth > 6) return typeof error === 'string' ? [error] : [];
  const record = error as Record<string, unknown>;
  const own = typeof record['message'] === 'string' ? [record['message']] : [];
  const meta = record['meta'] as Record<string, unknown> | undefined;
  return [...own, ...(meta ? messagesIn(meta['driverAdapterError'], depth + 1) : []), ...messagesIn(record['cause'], depth + 1)];
}

/** What kind of storage failure this is, or null when it is not one. */
export function storageFailureKind(error: unknown): Kind | null {
  for (const code of codesIn(error)) {
    for (const [pattern, kind] of BY_SQLITE_CODE) if (pattern.test(code)) return kind;
    const errno = BY_ERRNO[code];
    if (errno) return errno;
    if (code === 'SocketTimeout') return 'busy';
  }
  for (const message of messagesIn(error)) {
    for (const [pattern, kind] of BY_MESSAGE) if (pattern.test(message)) return kind;
  }
  return null;
}

const MESSAGES: Readonly<Record<Kind, [RosterError['code'], string]>> = {
  busy: [
    'WORKSPACE_BUSY',
    'Another program (or another Roster window) is writing to this workspace, for example a long import, ' +
      'and did not finish in time. Nothing was changed; try again when it has finished.',
  ],
  full: [
    'DISK_FULL',
    'The disk is full, so Roster could not do this (SQLite needs some free space to save a change, ' +
      'and even to read a workspace). Nothing was half-written; free some space and try again.',
  ],
  'read-only': [
    'WORKSPACE_READ_ONLY',
    'This workspace can only be read here (the file, its folder or the disk is read-only). Nothing was changed.',
  ],
  corrupt: ['WORKSPACE_CORRUPT', 'This file is damaged or is not a Roster workspace (SQLite could not read it).'],
  'cant-open': ['BAD_PATH', 'Roster cannot open this file: it is not accessible (permissions, or a folder that is gone).'],
  closed: ['WORKSPACE_CLOSED', 'This workspace has been closed.'],
};

/**
 * Any error as a RosterError: RosterErrors pass through; storage failures get their
 * code and a plain message (the original is kept as `cause`); anything else becomes
 * INTERNAL with a generic message.
 */
export function asRosterError(error: unknown): RosterError {
  if (isRosterError(error)) return error;
  const kind = storageFailureKind(error);
  if (kind) {
    const [code, message] = MESSAGES[kind];
    return new RosterError(code, message, { reason: messagesIn(error)[0]?.slice(0, 500) }, { cause: error });
  }
  return badPathError(error) ?? new RosterError('INTERNAL', INTERNAL_MESSAGE, undefined, { cause: error });
}

/** Node's file errors that say a path cannot name a file at all, and how a person reads each. */
const PATH_ERRNOS: Readonly<Record<string, string>> = {
  ENAMETOOLONG: 'the path, or a name in it, is too long',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ELOOP: 'it leads round a loop of symbolic links',
};

/** BAD_PATH for a file system call refused because of the path itself (wherever in Roster it was made), else null. */
function badPathError(error: unknown): RosterError | null {
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown };
  const reason = typeof code === 'string' ? PATH_ERRNOS[code] : undefined;
  if (!reason) return null;
  const shown = typeof path === 'string' ? (path.length > 200 ? `${path.slice(0, 200)}…` : path) : 'this path';
  return new RosterError('BAD_PATH', `Roster cannot use ${shown}: ${reason}.`, { path, errno: code }, { cause: error });
}
