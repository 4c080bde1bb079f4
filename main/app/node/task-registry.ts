// Every task that may run off the main thread: the one list of them. The app's worker
// runner, the worker entry (worker-main.ts) and the inline runner of the CLI and tests
// all get their registry from it, so a task behaves the same in the app (on a worker)
// and in the CLI (inline), and a task missing here fails in both.

import { createTaskRegistry, type TaskRegistry } from '../../kernel/node/tasks/task-registry.js';
import type { AnyTaskDefinition } from '../../kernel/node/tasks/task.js';
import { bulkDeleteTask } from '../../features/history/node/bulk-delete-task.js';
import { findTask } from '../../features/find/node/find-task.js';
import { duplicateGroupsTask } from '../../features/duplicates/node/duplicate-groups-task.js';
import { importUndoTask } from '../../features/history/node/import-undo-task.js';
import { selectionRowsTask } from '../../features/people/node/selection-rows-task.js';
import { filteredCountTask } from '../../features/people/node/filtered-count-task.js';
import { exportTask } from '../../features/import-export/node/export-task.js';
import { importTask } from '../../features/import-export/node/import/import-task.js';
import { previewTask } from '../../features/import-export/node/import/preview-task.js';
import { keyDrainTask } from '../../features/workspace/node/keys/key-drain-task.js';
import { catchUpSearchTask } from '../../features/workspace/node/search/search-catch-up.js';
import { integrityTask } from '../../features/workspace/node/integrity-check.js';
import { settleTask } from '../../features/transfer/node/transfer-settle.js';
import { transferTask } from '../../features/transfer/node/transfer-task.js';
import { uncopyTask } from '../../features/transfer/node/uncopy-task.js';
import { prepareTask } from '../../features/workspace/node/prepare.js';

const APP_TASKS: readonly AnyTaskDefinition[] = [
  prepareTask,
  integrityTask,
  catchUpSearchTask,
  keyDrainTask,
  importTask,
  previewTask,
  exportTask,
  importUndoTask,
  transferTask,
  settleTask,
  uncopyTask,
  bulkDeleteTask,
  selectionRowsTask,
  filteredCountTask,
  findTask,
  duplicateGroupsTask,
];

/** The app's tasks, for the runners the composition root builds. */
export function appTaskRegistry(): TaskRegistry {
  return createTaskRegistry(APP_TASKS);
}
