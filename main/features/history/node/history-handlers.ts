// A workspace window's changes, recorded in the workspace's undo history as they
// commit, and the undo/redo handlers. The history belongs to the open file,
// so every window on it shares one order of steps; this module only records and asks.

import { randomUUID } from 'node:crypto';
import { closeSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PersonDto } from '../../people/common/people-contract.js';
import type { UndoStep } from '../../../kernel/node/undo-history.js';
import type { ImportResult } from '../../import-export/node/import/import-task.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../../../kernel/node/paths/data-folder.js';
import type { OpenedWorkspace } from '../../workspace/node/opened-workspace.js';
import type { WorkspaceHistory } from '../../../kernel/node/undo-history.js';
import { addedStep, deletedStep, renamedStep, type RawWriter } from './person-steps.js';
import { readRange } from './exact-rows.js';
import { importUndoTask } from './import-undo-task.js';
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

/** Where undo keeps what it needs on disk: private, and emptied when the app starts. */
export function prepareUndoFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
  ensurePrivateDir(folder);
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
    };
    await opened.bulk(() => opened.tasks.run(importUndoTask, input));
    await opened.confirmWrite();
    opened.changes.emit('window');
    if (action === 'redo') opened.upkeep.scheduleSearchCatchUp();
  };
  return {
    label: `Import ${result.count === 1 ? '1 person' : `${result.count.toLocaleString('en-US')} people`}`,
    undo: () => run('undo'),
    redo: () => run('redo'),
    discard: () => {
      if (side) for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(side + suffix, { force: true });
      side = null;
    },
  };
}
