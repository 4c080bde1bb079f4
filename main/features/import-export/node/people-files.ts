// Exporting, as a port so tests can swap it: by default the export task (people/
// export-task.ts) on the workspace's task runner, a worker in the app. The CLI uses the
// same task.

import { exportTask, type ExportInput } from './export-task.js';
import type { TaskRunner } from '../../../kernel/node/tasks/task.js';

export interface PeopleFiles {
  /**
   * Writes every person of the workspace (one snapshot) to `request.out`; returns how
   * many. Refuses a workspace or other database as the target (TARGET_REFUSED).
   */
  export(request: ExportInput, options: { signal: AbortSignal; tasks: TaskRunner; onProgress?: (done: number) => void }): Promise<number>;
}

export const defaultPeopleFiles: PeopleFiles = {
  export: async (request, { signal, tasks, onProgress }) =>
    (await tasks.run(exportTask, request, { signal, ...(onProgress ? { onProgress: (progress) => onProgress(progress.count) } : {}) }))
      .count,
};
