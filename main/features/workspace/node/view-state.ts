// How each workspace's window was laid out (column widths), remembered by main in
// <data folder>/view-state.json and keyed by the workspace file's canonical path. The
// renderer only ever sees its own workspace's entry, never a path. A corrupt or
// unreadable file is ignored (layout is a convenience, not data).

import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ColumnWidths } from '../common/workspace-contract.js';
import { writeFileAtomic } from '../../../kernel/node/files/atomic-file.js';

const Entry = z.object({ columnWidths: ColumnWidths.catch({}) });
const StateFile = z.object({ version: z.literal(1), workspaces: z.record(z.string(), Entry) });
type StateFile = z.infer<typeof StateFile>;

/** Most workspaces remembered; the least recently saved are dropped first. */
const VIEW_STATE_MAX = 200;

export interface ViewStateStore {
  columnWidths(workspacePath: string): ColumnWidths;
  setColumnWidths(workspacePath: string, widths: ColumnWidths): void;
}

export class FileViewStateStore implements ViewStateStore {
  readonly #file: string;

  constructor(file: string) {
    this.#file = file;
  }

  #read(): StateFile {
    try {
      const parsed = StateFile.safeParse(JSON.parse(readFileSync(this.#file, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // Missing or unreadable: start afresh.
    }
    return { version: 1, workspaces: {} };
  }

  columnWidths(workspacePath: string): ColumnWidths {
    return this.#read().workspaces[workspacePath]?.columnWidths ?? {};
  }

  setColumnWidths(workspacePath: string, widths: ColumnWidths): void {
    const state = this.#read();
    delete state.workspaces[workspacePath];
    state.workspaces[workspacePath] = { columnWidths: widths };
    const keys = Object.keys(state.workspaces);
    for (const old of keys.slice(0, Math.max(0, keys.length - VIEW_STATE_MAX))) delete state.workspaces[old];
    mkdirSync(dirname(this.#file), { recursive: true });
    writeFileAtomic(this.#file, `${JSON.stringify(state, null, 2)}\n`);
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
