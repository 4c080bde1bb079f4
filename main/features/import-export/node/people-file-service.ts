// Importing and exporting the people of one workspace as files: what the windows, the
// CLI and the tests call. The work itself runs as a task (on a worker in the app); this
// checks the request, keeps the workspace's rules for writing (refused when the file
// may not be written, confirmed after), and tells the workspace what changed.

import type { ImportFormat } from '../../people/common/people-contract.js';
import type { WorkspaceHandle } from '../../people/node/person-service.js';
import { parseInput } from '../../../kernel/node/ipc/validate.js';
import type { OpenedWorkspace } from '../../workspace/node/opened-workspace.js';
import { resolveExportTarget } from './export-target.js';
import { exportTask } from './export-task.js';
import { ImportFileInput } from './import/import-request.js';
import { importTask, type ImportProgress, type ImportResult } from './import/import-task.js';

export interface ImportOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Told once the rows are in the file (undo keeps what it needs from the result). */
  readonly onImported?: (result: ImportResult) => void;
}

export interface ExportOptions {
  readonly signal?: AbortSignal;
  /** Paths of the catalogued workspaces, which an export never writes over. */
  readonly catalogued?: readonly string[];
}

export class PeopleFileService {
  readonly #handle: WorkspaceHandle;

  constructor(handle: WorkspaceHandle) {
    this.#handle = handle;
  }

  /**
   * Imports a CSV or JSON file (see import/): streamed, validated and written in one
   * transaction by a task (on a worker in the app), all or nothing. Returns how many
   * people were added.
   */
  async importFile(input: unknown, options: ImportOptions = {}): Promise<number> {
    return (await this.importFileResult(input, options)).count;
  }

  /** importFile, with what it did: how many were added, and how many were left out as look-alikes. */
  async importFileResult(input: unknown, options: ImportOptions = {}): Promise<ImportResult> {
    const request = parseInput(ImportFileInput, input);
    let workspace: OpenedWorkspace;
    try {
      workspace = this.#handle.workspace;
    } catch (error) {
      return Promise.reject(error);
    }
    workspace.assertWritable();
    const runOptions = {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    };
    const result = await workspace.bulk(() => workspace.tasks.run(importTask, { ...request, workspace: workspace.path }, runOptions));
    await workspace.confirmWrite();
    if (result.count > 0) {
      options.onImported?.(result);
      workspace.changes.emit('window');
      workspace.upkeep.scheduleSearchCatchUp();
    }
    return result;
  }

  /**
   * Exports every person, as of one instant, to `out` (see export-task.ts): the target
   * is checked here first (TARGET_REFUSED: never over a workspace or any database),
   * then a task (on a worker in the app) streams the snapshot into the file.
   */
  async exportFile(input: { out: string; format: ImportFormat }, options: ExportOptions = {}): Promise<number> {
    const workspace = this.#handle.workspace;
    const catalogued = new Set(options.catalogued ?? []);
    const target = resolveExportTarget(input.out, { isCatalogued: (path) => catalogued.has(path) });
    const result = await workspace.tasks.run(
      exportTask,
      { workspace: workspace.path, out: target.path, format: input.format, readMode: workspace.readMode, catalogued: [...catalogued] },
      options.signal ? { signal: options.signal } : {},
    );
    return result.count;
  }
}
