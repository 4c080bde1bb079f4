// Running a transfer between two workspaces this process has open, the way every write
// here runs: refused unless both files may be written, with this process's other writes
// to either file waiting (instead of failing on SQLite's lock), confirmed afterwards,
// and announced to the windows of both. The work itself is the transfer task
// (transfer-task.ts), on a worker in the app and inline in the CLI.

import { RosterError } from '../../../kernel/common/errors.js';
import type { OpenedWorkspace } from '../../workspace/node/opened-workspace.js';
import type { IdRanges } from './id-ranges.js';
import { hasPendingOut } from './transfer-journal.js';
import { transferTask, type TransferInput, type TransferProgress, type TransferResult, type TransferSelection } from './transfer-task.js';
import { settleTask } from './transfer-settle.js';

export { selectionQuery } from '../../people/node/selection.js';

export interface TransferRequest {
  readonly mode: 'copy' | 'move';
  readonly selection: TransferSelection;
  readonly skipDuplicates?: boolean;
  /** Old ids for the copies, as ranges (an undone move). */
  readonly targetIds?: IdRanges;
  readonly expectDigest?: string;
}

export interface TransferRunOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: TransferProgress) => void;
}

/**
 * Runs `task` holding both workspaces' bulk queues, always in path order (two transfers
 * in opposite directions cannot wait on each other).
 */
function holdingBoth<T>(a: OpenedWorkspace, b: OpenedWorkspace | null, task: () => Promise<T>): Promise<T> {
  if (!b) return a.bulk(task);
  const [first, second] = a.path < b.path ? [a, b] : [b, a];
  return first.bulk(() => second.bulk(task));
}

export async function transferBetween(
  source: OpenedWorkspace,
  target: OpenedWorkspace,
  request: TransferRequest,
  options: TransferRunOptions = {},
): Promise<TransferResult> {
  if (source.path === target.path) throw new RosterError('INVALID_INPUT', 'People can only be copied or moved to another workspace.');
  const moving = request.mode === 'move';
  target.assertWritable();
  if (moving) source.assertWritable();
  const input: TransferInput = {
    source: source.path,
    target: target.path,
    mode: request.mode,
    selection: request.selection,
    ...(request.skipDuplicates ? { skipDuplicates: true } : {}),
    ...(request.targetIds ? { targetIds: request.targetIds } : {}),
    ...(request.expectDigest ? { expectDigest: request.expectDigest } : {}),
    // A copy reads the source the way it was opened (a read-only workspace can be copied from).
    sourceReadMode: source.readMode === 'immutable' ? 'immutable' : source.health.state === 'read-only' ? 'read-only' : 'read-write',
  };
  const runOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  let result: TransferResult;
  try {
    result = await holdingBoth(target, moving ? source : null, () => target.tasks.run(transferTask, input, runOptions));
  } catch (error) {
    // A move that failed after its copies landed (a full disk on the source, say) is
    // settled now rather than at the next open: finished, or left for later.
    if (moving && !source.isClosed && hasPendingOut(source.db)) {
      await source.bulk(() => source.tasks.run(settleTask, { path: source.path })).catch(() => undefined);
      source.changes.emit('window');
    }
    throw error;
  }
  if (result.copied > 0) {
    await target.confirmWrite();
    target.changes.emit('window');
    target.upkeep.scheduleSearchCatchUp();
    if (moving) {
      await source.confirmWrite();
      source.changes.emit('window');
    }
  }
  return result;
}
