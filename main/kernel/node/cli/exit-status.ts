// The CLI's exit statuses, one table for the code that picks them, for `roster help`
// and for docs/user/cli.md (a test holds the document to this table).
//
// WORKSPACE_BUSY is the one temporary failure (75, EX_TEMPFAIL in BSD's sysexits.h,
// which mail and backup tools already retry on): another process holds the file or
// the list of workspaces for a moment, and the same command a little later can
// succeed. WORKSPACE_READ_ONLY is not temporary: the file, its folder or the disk is
// read-only, and waiting changes nothing, so a retry loop would spin forever; it stays
// with the refusals (3), which need a person to act.

import { errorCategory, type ErrorCode } from '../../common/errors.js';

export const EXIT = {
  success: 0,
  other: 1,
  input: 2,
  refused: 3,
  temporary: 75,
  interrupted: 130,
} as const;

export const EXIT_STATUSES: readonly { readonly status: number; readonly meaning: string }[] = [
  { status: EXIT.success, meaning: 'success' },
  { status: EXIT.other, meaning: 'any other error (INTERNAL, DISK_FULL...)' },
  { status: EXIT.input, meaning: 'bad input: usage, a name, an unknown id or path (nothing was written)' },
  { status: EXIT.refused, meaning: 'the workspace file was refused: newer, corrupt, foreign, changed, read-only (left as it was)' },
  { status: EXIT.temporary, meaning: 'temporary: WORKSPACE_BUSY, another process holds the file for a moment; try again' },
  { status: EXIT.interrupted, meaning: 'interrupted with Ctrl-C (SIGINT); nothing was written' },
];

/** The exit status for a failure with this code. */
export function exitStatusFor(code: ErrorCode): number {
  return EXIT[errorCategory(code)];
}
