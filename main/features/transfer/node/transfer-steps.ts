// Undo and redo of a copy or a move between workspaces, as steps of the
// history of the window the person did it in (main/kernel/node/undo-history.ts).
//
// A step remembers the people by id and by digest (RowDigest: names and times), not by
// their rows, so a step for 100,000 people costs a few hundred bytes plus their ids:
//   - undo a copy: delete the copies, if they are exactly what was copied;
//   - redo a copy: copy the originals again, if they are unchanged (new ids);
//   - undo a move: move the copies back, under the people's old ids, with the same
//     crash guarantee as any move, if they are unchanged and the old ids are free;
//   - redo a move: move the originals again (new ids).
// When the rows changed (in either workspace, by anyone) the step refuses with
// UNDO_CONFLICT and writes nothing. When the other workspace cannot be opened any more
// (deleted, moved, damaged), that is a conflict too: the history cannot reach it.

import { isRosterError, RosterError } from '../../../kernel/common/errors.js';
import type { UndoStep } from '../../../kernel/node/undo-history.js';
import type { OpenedWorkspace } from '../../workspace/node/opened-workspace.js';
import type { IdRange } from './id-ranges.js';
import { transferBetween } from './transfer-service.js';
import type { TransferResult } from './transfer-task.js';
import { uncopyTask } from './uncopy-task.js';
import { anyInIdRange } from './transfer-rows.js';

/** Opens a workspace by path for the duration of `task` (shared with windows that have it open). */
export type WorkspaceAccess = <T>(path: string, task: (workspace: OpenedWorkspace) => Promise<T>) => Promise<T>;

export interface TransferStepInfo {
  readonly mode: 'copy' | 'move';
  readonly sourcePath: string;
  readonly targetPath: string;
  /** For the menu: "Move 5 people to “Beta”" (from the source's window) or "… from “Alpha”" (a drop, in the target's). */
  readonly label: string;
  readonly result: TransferResult;
}

const UNREACHABLE = new Set([
  'WORKSPACE_NOT_FOUND',
  'PERSON_NOT_FOUND',
  'BAD_PATH',
  'WORKSPACE_CORRUPT',
  'WORKSPACE_FOREIGN',
  'WORKSPACE_TOO_NEW',
  'WORKSPACE_REPLACED',
]);

/** Runs `task` on the workspace at `path`; one that cannot be opened any more, or rows that are gone, make the step a conflict. */
function reach<T>(access: WorkspaceAccess, path: string, task: (workspace: OpenedWorkspace) => Promise<T>): Promise<T> {
  let opened = false;
  return access(path, (workspace) => {
    opened = true;
    return task(workspace);
  }).catch((error: unknown) => {
    if (!isRosterError(error) || !UNREACHABLE.has(error.code)) throw error;
    if (opened && error.code !== 'PERSON_NOT_FOUND') throw error;
    throw new RosterError(
      'UNDO_CONFLICT',
      opened
        ? 'Some of these people were deleted since (in one of the two workspaces, ' +
            'or by another program), so Roster left everything as it is.'
        : `The other workspace can no longer be opened (${error.message}), so Roster cannot undo this.`,
      { reason: error.code },
    );
  });
}

function withBoth<T>(
  access: WorkspaceAccess,
  paths: { source: string; target: string },
  task: (source: OpenedWorkspace, target: OpenedWorkspace) => Promise<T>,
): Promise<T> {
  return reach(access, paths.source, (source) => reach(access, paths.target, (target) => task(source, target)));
}

export function transferStep(access: WorkspaceAccess, info: TransferStepInfo): UndoStep {
  const originals: readonly IdRange[] = info.result.sourceIds;
  const digest = info.result.digest;
  const paths = { source: info.sourcePath, target: info.targetPath };
  // Where the copies are now: one id range in the target (new after every redo).
  let copies = { first: info.result.firstId ?? 0, last: info.result.lastId ?? -1 };
  const nobody = copies.last < copies.first;

  const copyAgain = async (mode: 'copy' | 'move'): Promise<void> => {
    const result = await withBoth(access, paths, (source, target) =>
      transferBetween(source, target, { mode, selection: { ranges: originals }, expectDigest: digest }),
    );
    copies = { first: result.firstId ?? 0, last: result.lastId ?? -1 };
  };

  if (info.mode === 'copy') {
    return {
      label: info.label,
      undo: async () => {
        if (nobody) return;
        await reach(access, paths.target, async (target) => {
          target.assertWritable();
          await target.bulk(() =>
            target.tasks.run(uncopyTask, { workspace: target.path, firstId: copies.first, lastId: copies.last, digest }),
          );
          await target.confirmWrite();
          target.changes.emit('window');
        });
      },
      redo: () => (nobody ? Promise.resolve() : copyAgain('copy')),
    };
  }
  return {
    label: info.label,
    undo: async () => {
      if (nobody) return;
      // Back from the target to the source, under the old ids, journalled like any move.
      await withBoth(access, { source: paths.target, target: paths.source }, (target, source) =>
        transferBetween(target, source, {
          mode: 'move',
          selection: { ranges: [[copies.first, copies.last]] },
          targetIds: originals,
          expectDigest: digest,
        }),
      );
    },
    redo: () => (nobody ? Promise.resolve() : copyAgain('move')),
  };
}

/**
 * The target's side of a Move to…: the move's undo is a step of the source window's
 * history, so the target's history holds a note instead, and its Undo never undoes an
 * older change of the target in the move's place. While the people are still here, the
 * note's Undo says where the move can be undone and changes nothing; once they are gone
 * (the move was undone there, or they were deleted), it steps aside without a word.
 */
export function arrivalNote(access: WorkspaceAccess, info: { targetPath: string; sourceName: string; result: TransferResult }): UndoStep {
  const { copied, firstId, lastId } = info.result;
  const who = copied === 1 ? 'This person was' : `These ${copied.toLocaleString('en-US')} people were`;
  const from = `“${info.sourceName}”`;
  return {
    label: `Move of ${copied === 1 ? '1 person' : `${copied.toLocaleString('en-US')} people`} here from ${from}`,
    undo: async () => {
      if (firstId === null || lastId === null) return;
      const here = await access(info.targetPath, (target) => Promise.resolve(anyInIdRange(target.db, firstId, lastId)));
      if (here) throw new RosterError('NOTHING_TO_UNDO', `${who} moved here from ${from}. Undo the move in the window of ${from}.`);
    },
    redo: () => Promise.resolve(),
  };
}
