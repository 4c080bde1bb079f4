// Every task that may run off the main thread, by name. The worker entry and the
// inline runner both dispatch through this table, so a task behaves the same in the
// app (worker) and in the CLI and tests (inline).

import { bulkDeleteTask } from '../../features/history/node/bulk-delete-task.js';
import { findTask } from '../../features/find/node/find-task.js';
import { importUndoTask } from '../../features/history/node/import-undo-task.js';
import { selectionRowsTask } from '../../features/people/node/selection-rows-task.js';
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

export const taskHandlers = {
  prepare: prepareTask,
  integrity: integrityTask,
  'search-catch-up': catchUpSearchTask,
  'key-drain': keyDrainTask,
  import: importTask,
  'import-preview': previewTask,
  export: exportTask,
  'import-undo': importUndoTask,
  transfer: transferTask,
  'transfer-settle': settleTask,
  'transfer-uncopy': uncopyTask,
  'bulk-delete': bulkDeleteTask,
  'selection-rows': selectionRowsTask,
  find: findTask,
} as const;

export type TaskName = keyof typeof taskHandlers;
type HandlerOf<N extends TaskName> = (typeof taskHandlers)[N];
export type TaskInput<N extends TaskName> = Parameters<HandlerOf<N>>[0];
export type TaskOutput<N extends TaskName> = Awaited<ReturnType<HandlerOf<N>>>;
export type TaskProgress<N extends TaskName> = Parameters<Parameters<HandlerOf<N>>[1]['progress']>[0];

export interface RunOptions<N extends TaskName> {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: TaskProgress<N>) => void;
}

/** Runs tasks: inline (CLI, tests) or on worker threads (the app). */
export interface TaskRunner {
  run<N extends TaskName>(name: N, input: TaskInput<N>, options?: RunOptions<N>): Promise<TaskOutput<N>>;
  /** Cancels what is running and stops the workers. */
  close(): Promise<void>;
}
