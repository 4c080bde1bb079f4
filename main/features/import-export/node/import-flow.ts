// The import preview of one workspace window: a file chosen in the dialog
// or dropped on the window waits here, in main, behind an opaque token; the renderer
// only ever learns its base name. The person looks at previews of it (each one a task,
// on a worker in the app), changing the encoding, separator or name column as needed,
// then confirms or discards it.
//
// Confirming imports with exactly the settings of the last preview the window was
// sent (the encoding it was read in, its separator, its name column), so what is
// imported is what was shown. It is refused while a preview is still being read,
// before any preview, when the preview showed problems (the import would stop at the
// first one anyway), and when the file changed since it was previewed. One file waits
// per window: choosing another replaces it, and its token then gets NOT_FOUND.
//
// After a partial preview the window asks for the whole file to be read, for an exact
// count; that read never holds the person up: confirming stops it and imports with the
// settings already shown (the import checks every row anyway).

import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { RosterError } from '../../../kernel/common/errors.js';
import {
  PREVIEW_CELL_MAX,
  PREVIEW_COLUMNS_MAX,
  type ImportEncoding,
  type ImportPreview as ImportPreviewDto,
  type ImportPreviewRequest,
  type ImportSeparator,
} from '../common/import-contract.js';
import type { ImportFormat } from '../../people/common/people-contract.js';
import type { ImportFileInput } from './import/import-request.js';
import { previewTask, type ImportPreview } from './import/preview-task.js';
import type { TaskRunner } from '../../../kernel/node/tasks/task.js';

/** What identifies the file's content well enough to notice it changed. */
interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

/** The settings of the last preview sent, which a confirm imports with. */
interface Shown {
  readonly encoding: ImportEncoding;
  readonly separator: ImportSeparator | null;
  readonly column: number | null;
  readonly header: boolean;
  readonly firstProblem: { readonly where: string; readonly message: string } | null;
  readonly stamp: FileStamp;
}

interface Pending {
  readonly token: string;
  readonly file: string;
  readonly fileName: string;
  readonly format: ImportFormat;
  running: AbortController | null;
  /** The running read is the whole-file count of settings already shown (a confirm may stop it). */
  counting: boolean;
  shown: Shown | null;
}

export interface ImportChosen {
  readonly status: 'chosen';
  readonly token: string;
  readonly fileName: string;
  readonly format: ImportFormat;
}

const PROBLEM_MAX = 600;
const WHERE_MAX = 40;

/** Cuts text for display, never through a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

async function stampOf(file: string, fileName: string): Promise<FileStamp> {
  try {
    const stats = await stat(file);
    if (!stats.isFile()) throw new RosterError('BAD_PATH', `${fileName} is not a file.`);
    return { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino };
  } catch (error) {
    if (error instanceof RosterError) throw error;
    throw new RosterError('FILE_NOT_FOUND', `${fileName} is no longer there.`);
  }
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

/** The task's preview as it may cross IPC: cells and messages cut to what the contract allows. */
function previewDto(preview: ImportPreview): ImportPreviewDto {
  return {
    fileName: cut(preview.fileName, 1024),
    format: preview.format,
    encoding: preview.encoding,
    encodingCertain: preview.encodingCertain,
    separator: preview.separator,
    columns: preview.columns.slice(0, PREVIEW_COLUMNS_MAX).map((column) => cut(column, PREVIEW_CELL_MAX)),
    columnCount: preview.columns.length,
    nameColumn: preview.nameColumn,
    rows: preview.rows.map((row) => ({
      where: cut(row.where, WHERE_MAX),
      cells: row.cells.slice(0, PREVIEW_COLUMNS_MAX).map((cell) => cut(cell, PREVIEW_CELL_MAX)),
    })),
    count: preview.count,
    complete: preview.complete,
    problems: preview.problems.map((problem) => ({ where: cut(problem.where, WHERE_MAX), message: cut(problem.message, PROBLEM_MAX) })),
    problemCount: preview.problemCount,
    ...(preview.header ? {} : { header: false as const }),
    ...(preview.keepsTimes ? { keepsTimes: true as const } : {}),
    ...(preview.duplicates > 0 ? { duplicates: preview.duplicates } : {}),
  };
}

export interface ImportFlowOptions {
  /** The workspace's task runner (workers in the app). */
  readonly tasks: () => TaskRunner;
  /** The window's workspace, whose people the preview compares the file's with. */
  readonly workspace: () => { readonly path: string; readonly readMode: 'normal' | 'immutable' };
}

export class ImportFlow {
  readonly #tasks: () => TaskRunner;
  readonly #workspace: ImportFlowOptions['workspace'];
  #pending: Pending | null = null;

  constructor(options: ImportFlowOptions) {
    this.#tasks = options.tasks;
    this.#workspace = options.workspace;
  }

  /** A file was chosen or dropped: it waits for its preview, and any earlier one is let go. */
  choose(file: string, format: ImportFormat): ImportChosen {
    this.#release();
    const pending: Pending = { token: randomUUID(), file, fileName: basename(file), format, running: null, counting: false, shown: null };
    this.#pending = pending;
    return { status: 'chosen', token: pending.token, fileName: pending.fileName, format };
  }

  /** Reads the file as asked (a new preview stops the one still running). */
  async preview(request: ImportPreviewRequest): Promise<ImportPreviewDto> {
    const pending = this.#find(request.token);
    pending.running?.abort();
    const controller = new AbortController();
    pending.running = controller;
    pending.counting = request.whole === true;
    try {
      const stamp = await stampOf(pending.file, pending.fileName);
      const csv = pending.format === 'csv';
      const workspace = this.#workspace();
      const result = await this.#tasks().run(
        previewTask,
        {
          file: pending.file,
          format: pending.format,
          workspace: workspace.path,
          readMode: workspace.readMode,
          ...(request.encoding ? { encoding: request.encoding } : {}),
          ...(csv && request.separator ? { separator: request.separator } : {}),
          ...(csv && request.column !== undefined ? { column: request.column } : {}),
          ...(csv && request.header === false ? { header: false } : {}),
          ...(request.whole ? { whole: true } : {}),
        },
        { signal: controller.signal },
      );
      if (controller.signal.aborted || this.#pending !== pending) throw new RosterError('CANCELLED', 'A newer preview replaced this one.');
      const first = result.problems[0];
      pending.shown = {
        encoding: result.encoding,
        separator: result.separator,
        column: result.nameColumn,
        header: result.header,
        firstProblem: result.problemCount > 0 ? (first ?? { where: 'File', message: 'The file has problems.' }) : null,
        stamp,
      };
      return previewDto(result);
    } finally {
      if (pending.running === controller) {
        pending.running = null;
        pending.counting = false;
      }
    }
  }

  /**
   * What confirming imports: the settings of the last preview. Takes the file out of
   * the window (its token is spent) unless a preview is still being read.
   */
  async confirm(token: string, skipDuplicates = false): Promise<ImportFileInput> {
    const pending = this.#find(token);
    if (pending.running && !(pending.counting && pending.shown)) {
      throw new RosterError('INVALID_INPUT', 'The preview is still being read; import when it shows.');
    }
    // Only the exact count was still being read: the import counts as it goes.
    pending.running?.abort();
    this.#pending = null;
    const shown = pending.shown;
    if (!shown) throw new RosterError('INVALID_INPUT', 'Look at the import preview before importing.');
    if (shown.firstProblem) {
      const { where, message } = shown.firstProblem;
      throw new RosterError('IMPORT_INVALID', where === 'File' ? message : `${where}: ${message}`);
    }
    const now = await stampOf(pending.file, pending.fileName);
    if (!sameStamp(now, shown.stamp)) {
      throw new RosterError(
        'IMPORT_INVALID',
        `${pending.fileName} changed after its preview; nothing was imported. Import it again to see what it holds now.`,
      );
    }
    const csv = pending.format === 'csv';
    return {
      file: pending.file,
      format: pending.format,
      encoding: shown.encoding,
      ...(csv && shown.separator !== null ? { separator: shown.separator } : {}),
      ...(csv && shown.column !== null ? { column: shown.column } : {}),
      ...(csv && !shown.header ? { header: false } : {}),
      ...(skipDuplicates ? { skipDuplicates: true } : {}),
    };
  }

  /** The person cancelled the preview: the file is let go. False for a token that is not waiting. */
  discard(token: string): boolean {
    if (this.#pending?.token !== token) return false;
    this.#release();
    return true;
  }

  /** The window closed. */
  close(): void {
    this.#release();
  }

  #find(token: string): Pending {
    const pending = this.#pending;
    if (!pending || pending.token !== token) {
      throw new RosterError(
        'NOT_FOUND',
        'That import is no longer waiting (another file was chosen, or it was imported or cancelled). Choose the file again.',
      );
    }
    return pending;
  }

  #release(): void {
    this.#pending?.running?.abort();
    this.#pending = null;
  }
}
