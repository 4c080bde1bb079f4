// How each workspace's window was laid out (column widths), remembered by main in
// <data folder>/view-state.json and keyed by the workspace file's canonical path. The
// renderer only ever sees its own workspace's entry, never a path. A corrupt or
// unreadable file is ignored (layout is a convenience, not data).

import { z } from 'zod';
import { ColumnWidths } from '../common/workspace-contract.js';
import { KeyedStateFile } from '../../../kernel/node/files/keyed-state-file.js';

const Entry = z.object({ columnWidths: ColumnWidths.catch({}) });

/** Most workspaces remembered; the least recently saved are dropped first. */
const VIEW_STATE_MAX = 200;

export interface ViewStateStore {
  columnWidths(workspacePath: string): ColumnWidths;
  setColumnWidths(workspacePath: string, widths: ColumnWidths): void;
}

export class FileViewStateStore implements ViewStateStore {
  readonly #state: KeyedStateFile<z.infer<typeof Entry>>;

  constructor(file: string) {
    this.#state = new KeyedStateFile(file, 'workspaces', Entry, VIEW_STATE_MAX);
  }

  columnWidths(workspacePath: string): ColumnWidths {
    return this.#state.get(workspacePath)?.columnWidths ?? {};
  }

  setColumnWidths(workspacePath: string, widths: ColumnWidths): void {
    this.#state.set(workspacePath, { columnWidths: widths });
  }
}

/** For cores without a data folder (some tests): remembers for the process's lifetime. */
export class MemoryViewStateStore implements ViewStateStore {
  readonly #widths = new Map<string, ColumnWidths>();

  columnWidths(workspacePath: string): ColumnWidths {
    return this.#widths.get(workspacePath) ?? {};
  }

  setColumnWidths(workspacePath: string, widths: ColumnWidths): void {
    this.#widths.set(workspacePath, widths);
  }
}
