// A workspace window's changes, recorded in the workspace's undo history as they
// commit, and the undo/redo handlers. The history belongs to the open file,
// so every window on it shares one order of steps; this module only records and asks.

import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { PersonDto } from '../../people/common/people-contract.js';
import type { UndoStep } from '../../../kernel/node/undo-history.js';
import type { ImportResult } from '../../import-export/node/import/import-task.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../../../kernel/node/paths/data-folder.js';
import type { OpenedWorkspace } from '../../workspace/node/opened-workspace.js';
import type { WorkspaceHistory } from '../../../kernel/node/undo-history.js';
import { addedStep, deletedStep, renamedStep, type RawWriter } from './person-steps.js';
import { readRange } from './exact-rows.js';
import { importUndoTask, interruptedUndo, type ImportUndoInput } from './import-undo-task.js';
import type { TaskRunner } from '../../../kernel/node/tasks/task.js';
import type { Logger } from '../../../kernel/node/ipc/ports.js';
import type { PersonService } from '../../people/node/person-service.js';
import type { FeatureHandlers } from '../../../kernel/common/contract.js';
import type { peopleApi } from '../../people/common/people-api.js';
import type { historyApi } from '../common/history-api.js';

type Recorded = Required<
  Pick<
    FeatureHandlers<typeof peopleApi | typeof historyApi>,
    'people:create' | 'people:update' | 'people:delete' | 'history:undo' | 'history:redo' | 'history:history'
  >
>;

export interface HistoryHandlers extends Recorded {
  /** Adds already-valid pasted names in one transaction, recorded as one step. */
  addMany(names: readonly string[]): Promise<number>;
}

export function historyHandlers(service: PersonService, history: WorkspaceHistory): HistoryHandlers {
  const write: RawWriter = (task) => service.writeRaw(task);
  return {
    'people:create': async (input) => {
      const person = await service.create(input);
      history.record(addedStep(write, [person]));
      return person;
    },
    'people:update': async (input) => {
      // The person as it was, read first: the step puts exactly that back.
      const { id } = input;
      const before: PersonDto = await service.get({ id });
      const after = await service.update(input);
      if (after.name !== before.name || after.updatedAt !== before.updatedAt) history.record(renamedStep(write, before, after));
      return after;
    },
    'people:delete': async (input) => {
      const deleted = await service.delete(input);
      history.record(deletedStep(write, deleted));
      return deleted;
    },
    'history:undo': () => history.undo(),
    'history:redo': () => history.redo(),
    'history:history': () => history.state(),
    async addMany(names) {
      const range = { first: 0, last: -1 };
      const count = await service.insertValidated(names, {
        onInserted: (first, last) => {
          range.first = first;
          range.last = last;
        },
      });
      if (range.last >= range.first) {
        const people = await service.writeRaw((db) => readRange(db, range.first, range.last));
        history.record(addedStep(write, people));
      }
      return count;
    },
  };
}

/**
 * Where undo keeps what it needs on disk: private, and emptied when the app starts,
 * except the side files of import undos that a kill cut off between slices: those are
 * returned, for finishInterruptedUndos.
 */
export function prepareUndoFolder(folder: string): ImportUndoInput[] {
  let names: string[] = [];
  try {
    names = readdirSync(folder);
  } catch {
    // No folder yet.
  }
  const interrupted = names.flatMap((name) => (name.endsWith('.db') ? (interruptedUndo(join(folder, name)) ?? []) : []));
  const keep = new Set(interrupted.flatMap((input) => [basename(input.side), `${basename(input.side)}-journal`]));
  for (const name of names) if (!keep.has(name)) rmSync(join(folder, name), { recursive: true, force: true });
  ensurePrivateDir(folder);
  return interrupted;
}

function removeSideFile(side: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(side + suffix, { force: true });
}

/**
 * Finishes, one at a time on `tasks` (a worker in the app), the import undos a kill cut
 * off: the history did not outlive the process, but half an undo must not either. Each
 * carries on from its last slice, or puts everything back on a conflict (import-undo-task.ts).
 */
export async function finishInterruptedUndos(inputs: readonly ImportUndoInput[], tasks: TaskRunner, log: Logger): Promise<void> {
  for (const input of inputs) {
    try {
      const { count } = await tasks.run(importUndoTask, input);
      log('info', `finished undoing an import of ${count} people in ${input.workspace}, cut off when Roster last ran`);
    } catch (error) {
      log('warn', `could not finish undoing an import in ${input.workspace}, cut off when Roster last ran`, error);
    } finally {
      removeSideFile(input.side);
    }
  }
}

/** The step of one import: undone and redone by the import-undo task (on a worker in the app). */
export function importedStep(workspace: () => OpenedWorkspace, result: ImportResult, undoFolder: string): UndoStep {
  let side: string | null = null;
  const sideFile = (): string => {
    if (side) return side;
    ensurePrivateDir(undoFolder);
    const path = join(undoFolder, `import-${randomUUID()}.db`);
    closeSync(openSync(path, 'wx', PRIVATE_FILE_MODE));
    side = path;
    return path;
  };
  const run = async (action: 'undo' | 'redo'): Promise<void> => {
    const opened = workspace();
    opened.assertWritable();
    const input = {
      workspace: opened.path,
      side: sideFile(),
      action,
      firstId: result.firstId,
      lastId: result.lastId,
      count: result.count,
      stamp: result.stamp,
      keptTimes: result.keptTimes,
      keptAfterStamp: result.keptAfterStamp,
      keptLatest: result.keptLatest,
    };
    try {
      await opened.bulk(() => opened.tasks.run(importUndoTask, input));
    } finally {
      // Even an undo that failed part-way may have put rows back or emptied the search
      // index (import-undo-task.ts): the windows and the index catch up either way.
      await opened.confirmWrite();
      opened.changes.emit('window');
      opened.upkeep.scheduleSearchCatchUp();
    }
  };
  return {
    label: `Import ${result.count === 1 ? '1 person' : `${result.count.toLocaleString('en-US')} people`}`,
    undo: () => run('undo'),
    redo: () => run('redo'),
    discard: () => {
      if (side) removeSideFile(side);
      side = null;
    },
  };
}
