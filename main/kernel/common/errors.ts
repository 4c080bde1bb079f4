// Every failure Roster reports on purpose has a code from this list. The code is the
// contract: the CLI maps it to an exit status, IPC sends it to the renderer, and tests
// assert it. Messages are for people and may change; codes may not.
//
// This module is in `common`: it runs in the main process, the CLI, the preload and
// the renderer, so it must not import anything from Node or Electron.

export const ERROR_CODES = {
  /** A payload or argument had the wrong shape (types, missing or extra fields). */
  INVALID_INPUT: 'input',
  /** A person's name broke the naming rules (empty, too long, control characters). */
  INVALID_NAME: 'input',
  /** A list request asked for an unknown sort key, a bad cursor or page size. */
  INVALID_QUERY: 'input',
  /** An import file could not be parsed or one of its rows was invalid. */
  IMPORT_INVALID: 'input',
  /** No person has the id given. */
  PERSON_NOT_FOUND: 'input',
  /** There is no workspace file at the path given (or a listed workspace's file is gone). */
  WORKSPACE_NOT_FOUND: 'input',
  /** A file to read (an import, a dropped file) is not there. */
  FILE_NOT_FOUND: 'input',
  /** The path or id names no workspace in Roster's list of workspaces. */
  WORKSPACE_NOT_LISTED: 'input',
  /** The workspace asked for is not in Roster's trash, or its file is gone from there. */
  NOT_IN_TRASH: 'input',
  /** Something handed out for a moment is over: an import waiting for confirmation, a drag. */
  NOT_FOUND: 'input',
  /** Refused to create a workspace over an existing non-empty file. */
  FILE_EXISTS: 'input',
  /** The path cannot hold a workspace (a folder, an unsupported extension, no access). */
  BAD_PATH: 'input',
  /** The file was written by a newer Roster: it names migrations this build does not know. */
  WORKSPACE_TOO_NEW: 'refused',
  /** An earlier migration of this file failed and was never resolved. */
  WORKSPACE_MIGRATION_FAILED: 'refused',
  /** Not an SQLite database, truncated, or failing SQLite's quick_check. */
  WORKSPACE_CORRUPT: 'refused',
  /** An SQLite database that holds other tables and no Roster schema. */
  WORKSPACE_FOREIGN: 'refused',
  /**
   * Someone else holds the file (or the list of workspaces) for a moment: a lock held
   * past the busy timeout, a delete or a move under way. The one temporary failure:
   * the same request later can succeed, so the CLI gives it its own exit status.
   */
  WORKSPACE_BUSY: 'temporary',
  /** The workspace was opened read-only (read-only file, folder or disk): writes are refused. */
  WORKSPACE_READ_ONLY: 'refused',
  /**
   * The workspace holds triggers (or other schema objects Roster's writes would run)
   * that Roster's migrations did not create, and nobody has said to trust them: it is
   * open read-only until they are removed or the file is trusted.
   */
  WORKSPACE_UNTRUSTED: 'refused',
  /** A workspace Roster knew (it had people when last seen) is now an empty file: never silently made a new one. */
  WORKSPACE_EMPTIED: 'refused',
  /** The workspace's tables, columns or triggers were changed by another tool in a way Roster cannot repair. */
  WORKSPACE_SCHEMA_CHANGED: 'refused',
  /** The file at the workspace's path was replaced, moved or deleted while Roster had it open. */
  WORKSPACE_REPLACED: 'refused',
  /** An export (or other output) would overwrite a workspace or another database. */
  TARGET_REFUSED: 'input',
  /** The disk (or the folder's quota) is full; nothing was half-written. */
  DISK_FULL: 'other',
  /** A workspace handle was used after it was released. */
  WORKSPACE_CLOSED: 'other',
  /** A long operation was cancelled by the person who started it. */
  CANCELLED: 'other',
  /** Undo or redo refused: the rows changed since (outside Roster, or the step no longer applies). */
  UNDO_CONFLICT: 'refused',
  /** Undo or redo asked for with an empty history. */
  NOTHING_TO_UNDO: 'input',
  /** Anything we did not expect. The message is generic; details go to the log. */
  INTERNAL: 'other',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export type ErrorCategory = (typeof ERROR_CODES)[ErrorCode];

/** The wire form of an error: what crosses IPC and what `--json` prints. */
export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
}

export function errorCategory(code: ErrorCode): ErrorCategory {
  return ERROR_CODES[code];
}

/**
 * The one error class Roster throws on purpose. `details` is for logs and tests and
 * never crosses to the renderer (it may hold file paths).
 */
export class RosterError extends Error {
  override readonly name = 'RosterError';
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

/** What a person is told about an error Roster did not expect; the details go to the log. */
export const INTERNAL_MESSAGE = 'Something went wrong inside Roster. The details are in the log.';

export function isRosterError(error: unknown): error is RosterError {
  return error instanceof RosterError;
}

/**
 * Turns anything thrown into the wire form. Unexpected errors become INTERNAL with a
 * generic message, so stack traces and paths never reach a renderer or a script.
 */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (isRosterError(error)) return error.toInfo();
  return { code: 'INTERNAL', message: INTERNAL_MESSAGE };
}
