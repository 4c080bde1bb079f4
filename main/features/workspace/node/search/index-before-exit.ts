// What a `roster` command that wrote to a workspace does before it exits: index every
// row still pending (its own bulk rows, and any a killed run or another program left),
// so the next search, from this CLI, a find or the app, reads the index instead of
// scanning. The app needs none of this: its upkeep catches up while the file is open.
//
// The rows are already committed when this runs, so nothing here may turn the command
// into a failure: the catch-up commits in chunks (search-catch-up.ts); Ctrl-C, a kill,
// a busy file or a full disk only leave the rest pending, searched exactly by scanning
// until the next Roster process that writes to the file carries on from there.

import type { CliIo } from '../../../../kernel/node/cli/io.js';
import { jsonLine, Progress } from '../../../../kernel/node/cli/io.js';
import type { OpenedWorkspace } from '../opened-workspace.js';
import { catchUpSearchTask } from './search-catch-up.js';
import { NO_PENDING, searchPendingFrom } from './search-state.js';

export interface IndexBeforeExitOptions {
  /** Ctrl-C: stop between chunks. */
  readonly signal?: AbortSignal;
  /** Progress lines even when standard error is not a terminal (`--progress`). */
  readonly force?: boolean;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

const INDEX_PROGRESS_LABEL = 'Indexing for search';

function hasPendingRows(workspace: OpenedWorkspace): boolean {
  try {
    return workspace.health.state !== 'read-only' && searchPendingFrom(workspace.store) !== NO_PENDING;
  } catch {
    return false;
  }
}

/** A note prints under --quiet too (docs/user/cli.md): the person learns the index is not complete. */
function note(io: CliIo, options: IndexBeforeExitOptions, message: string): void {
  io.err(options.json ? jsonLine('note', { message }) : `note: ${message}\n`);
}

/**
 * Indexes the rows of `workspace` still pending for search, with progress on stderr.
 * Returns whether every row is indexed afterwards. Never throws.
 */
export async function indexPendingBeforeExit(
  workspace: OpenedWorkspace,
  io: CliIo,
  options: IndexBeforeExitOptions = {},
): Promise<boolean> {
  if (!hasPendingRows(workspace)) return true;
  const progress = new Progress(io, INDEX_PROGRESS_LABEL, {
    ...(options.force === undefined ? {} : { force: options.force }),
    ...(options.json === undefined ? {} : { json: options.json }),
    ...(options.quiet === undefined ? {} : { quiet: options.quiet }),
  });
  try {
    const result = await workspace.tasks.run(
      catchUpSearchTask,
      { path: workspace.path },
      {
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (step) => progress.update(step.indexed, step.total),
      },
    );
    progress.finish();
    if (!result.cancelled) return true;
  } catch {
    progress.finish();
  }
  note(
    io,
    options,
    'Some people are not in the search index yet; search still finds them, ' +
      'and the next Roster command that writes to this workspace completes the index.',
  );
  return false;
}
