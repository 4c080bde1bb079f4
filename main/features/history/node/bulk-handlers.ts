// A workspace window's actions on a selection of any size: delete
// and copy-to-clipboard of "all 1,000,000 matching" run in main, by query, as tasks
// (a worker in the app) with progress and cancel. No id list crosses IPC for them, and
// a delete is one undoable step whose saved people wait in a private side file.

import { randomUUID } from 'node:crypto';
import { closeSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { UndoStep } from '../../../kernel/node/undo-history.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../../../kernel/node/paths/data-folder.js';
import { selectionQuery } from '../../people/node/selection.js';
import { selectionRowsTask } from '../../people/node/selection-rows-task.js';
import type { OpenedWorkspace } from '../../workspace/node/opened-workspace.js';
import { RosterError } from '../../../kernel/common/errors.js';
import type { BulkSlot } from './bulk-slot.js';
import { bulkDeleteTask } from './bulk-delete-task.js';
import type { ClipboardPort } from '../../../kernel/node/ipc/ports.js';
import type { FeatureHandlers } from '../../../kernel/common/contract.js';
import type { peopleApi } from '../../people/common/people-api.js';
import type { historyApi } from '../common/history-api.js';

/** Most rows one copy puts on the clipboard: about what a spreadsheet holds (Excel: 1,048,576). */
const COPY_ROWS_MAX = 100_000;

export interface BulkDeps {
  /** The window's workspace now (a reopen may replace it). */
  readonly lease: { readonly path: string; readonly workspace: OpenedWorkspace };
  readonly slot: BulkSlot;
  readonly undoFolder: string;
  readonly clipboard: ClipboardPort | undefined;
  emitProgress(progress: { done: number; total: number }): void;
}

function people(count: number): string {
  return count === 1 ? '1 person' : `${count.toLocaleString('en-US')} people`;
}

function newSideFile(folder: string): string {
  ensurePrivateDir(folder);
  const path = join(folder, `delete-${randomUUID()}.db`);
  closeSync(openSync(path, 'wx', PRIVATE_FILE_MODE));
  return path;
}

function removeSideFile(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

async function runDelete(workspace: OpenedWorkspace, run: () => Promise<{ count: number; reindex: boolean }>): Promise<number> {
  workspace.assertWritable();
  const result = await workspace.bulk(run);
  await workspace.confirmWrite();
  workspace.changes.emit('window');
  workspace.upkeep.scheduleSearchCatchUp();
  return result.count;
}

/** The step of one delete of a selection: undone and redone from its side file by the bulk-delete task. */
function deletedSelectionStep(workspace: OpenedWorkspace, side: string, count: number): UndoStep {
  const again = (action: 'undo' | 'redo') => async (): Promise<void> => {
    await runDelete(workspace, () => workspace.tasks.run(bulkDeleteTask, { action, workspace: workspace.path, side }));
  };
  return { label: `Delete ${people(count)}`, undo: again('undo'), redo: again('redo'), discard: () => removeSideFile(side) };
}

export function bulkHandlers(
  deps: BulkDeps,
): Required<Pick<FeatureHandlers<typeof peopleApi | typeof historyApi>, 'history:deleteSelected' | 'people:copySelection'>> {
  const { lease, slot } = deps;
  return {
    'history:deleteSelected': async ({ selection }) => {
      const workspace = lease.workspace;
      workspace.assertWritable();
      const side = newSideFile(deps.undoFolder);
      try {
        const count = await slot.run((signal) =>
          runDelete(workspace, () =>
            workspace.tasks.run(
              bulkDeleteTask,
              { action: 'delete', workspace: workspace.path, side, selection: selectionQuery(selection) },
              { signal, onProgress: deps.emitProgress },
            ),
          ),
        );
        if (count > 0) workspace.history.record(deletedSelectionStep(workspace, side, count));
        else removeSideFile(side);
        return { count };
      } catch (error) {
        removeSideFile(side);
        throw error;
      }
    },
    'people:copySelection': async ({ selection, sort, direction }) => {
      const workspace = lease.workspace;
      const clipboard = deps.clipboard;
      if (!clipboard) throw new RosterError('INTERNAL', 'Roster cannot use the clipboard here.');
      const rows = await slot.run((signal) =>
        workspace.tasks.run(
          selectionRowsTask,
          {
            workspace: workspace.path,
            readMode: workspace.readMode,
            selection: selectionQuery(selection),
            sort,
            direction,
            limit: COPY_ROWS_MAX,
          },
          { signal },
        ),
      );
      if (rows.copied > 0) clipboard.writeText(rows.text);
      return { copied: rows.copied, total: rows.total };
    },
  };
}
