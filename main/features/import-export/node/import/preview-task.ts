// What an import will do, before anything is written: the file's encoding
// and separator, its columns and which one holds names, its first rows, how many
// people it holds, and its problems with their lines. The same detection backs the
// import itself (NameRows, decodeChunks), so the preview and the import agree.
//
// A preview reads at most `maxBytes` of the file (4 MiB, about 100,000 rows, a tenth
// of a second here): enough for everything it shows, quick enough to run again each
// time the person changes the encoding, separator or column. Past that it estimates
// the count from how far it read and says so (`complete: false`); the rest is
// checked as it is imported, and a bad row there still stops the import whole. Asked
// for the `whole` file (the app does so right after showing a partial preview), it reads
// everything and the count becomes exact.
//
// Given the workspace, it also counts the rows that look like people already here
// (duplicates.ts), on its own read-only connection in one read transaction, and says
// whether the file brings its people's times (import-times.ts).

import { open } from 'node:fs/promises';
import type Database from 'better-sqlite3';
import { basename } from 'node:path';
import { RosterError } from '../../../../kernel/common/errors.js';
import { defineTask } from '../../../../kernel/node/tasks/task.js';
import { throwIfCancelled } from '../../../../kernel/node/tasks/task-context.js';
import { immutableFilename, openSqlite } from '../../../../kernel/node/sqlite/driver.js';
import { keysInWorkspace, withoutDuplicates, type KeysHere } from './duplicates.js';
import { estimatedTotal } from './import-task.js';
import { NameRows, type ImportShape, type NameRow, type Problem, type Separator } from './name-rows.js';
import { decodeChunks, openByteSource, sniffEncoding, type TextEncoding } from './text-source.js';

export interface PreviewInput extends ImportShape {
  /** A file (not standard input: a preview reads it again for the import). */
  readonly file: string;
  readonly encoding?: TextEncoding;
  /** Read at most about this many bytes (whole chunks of 1 MiB); default PREVIEW_BYTES. */
  readonly maxBytes?: number;
  /** Read the whole file, however big (the count is then exact). */
  readonly whole?: boolean;
  /** The workspace to count look-alikes in; none counted without it. */
  readonly workspace?: string;
  /** 'immutable' for a workspace nobody can be writing (see snapshot-reader.ts). */
  readonly readMode?: 'normal' | 'immutable';
}

interface PreviewRow {
  /** "Line 3" (CSV) or "Index 0" (JSON), as problems name rows. */
  readonly where: string;
  /** CSV: the record's cells; JSON: the name. */
  readonly cells: readonly string[];
}

export interface ImportPreview {
  /** The file's base name. */
  readonly fileName: string;
  readonly format: 'csv' | 'json';
  readonly encoding: TextEncoding;
  /** False when the encoding is a guess the person must confirm (not valid UTF-8: Windows-1252?). */
  readonly encodingCertain: boolean;
  readonly separator: Separator | null;
  /** Header cells (CSV). */
  readonly columns: readonly string[];
  readonly nameColumn: number | null;
  /** The first data rows (not the header). */
  readonly rows: readonly PreviewRow[];
  /** People the import would add: exact when `complete`, otherwise estimated from the part read. */
  readonly count: number;
  /** True when the whole file was read. */
  readonly complete: boolean;
  /** Rows that would stop the import, with where they are (the first 20), and how many in the part read. */
  readonly problems: readonly Problem[];
  readonly problemCount: number;
  /** False when the first row was read as data (no header row). */
  readonly header: boolean;
  /** True when rows bring their own createdAt and updatedAt, which the import keeps. */
  readonly keepsTimes: boolean;
  /** Rows that look like people already here (estimated like `count` when not `complete`). */
  readonly duplicates: number;
}

const PREVIEW_SAMPLE = 20;
const PREVIEW_BYTES = 4 * 1024 * 1024;
const PROBLEMS_SHOWN = 20;
/** How long the look-alike count waits for a lock (only a checkpoint or recovery takes one). */
const READ_TIMEOUT_MS = 5000;

/** Counts the rows that look like people already here, from one read snapshot of the workspace. */
class LookAlikes {
  readonly #db: Database.Database | null;
  readonly #keysHere: KeysHere;
  /** Every key of the file so far: the workspace does not hold them. */
  readonly #seen = new Set<string>();
  count = 0;

  constructor(workspace: string | undefined, mode: 'normal' | 'immutable' = 'normal') {
    this.#db =
      workspace === undefined
        ? null
        : mode === 'immutable'
          ? openSqlite(immutableFilename(workspace), { readonly: true, fileMustExist: true })
          : openSqlite(workspace, { readonly: true, fileMustExist: true, timeout: READ_TIMEOUT_MS });
    // Room for the whole (nameKey, id) index of a million people, read once.
    this.#db?.pragma('cache_size = -65536');
    this.#db?.exec('BEGIN');
    this.#keysHere = this.#db ? keysInWorkspace(this.#db) : () => new Set();
  }

  take(rows: readonly NameRow[]): void {
    if (this.#db) this.count += withoutDuplicates(rows, this.#keysHere, this.#seen).duplicates;
  }

  close(): void {
    if (this.#db?.inTransaction) this.#db.exec('COMMIT');
    this.#db?.close();
  }
}

export const previewTask = defineTask<PreviewInput, ImportPreview>('import-preview', async (input, context) => {
  throwIfCancelled(context.signal, 'The preview');
  if (input.file === '-') throw new RosterError('INVALID_INPUT', 'Standard input cannot be previewed.');
  const source = await openByteSource(input.file);
  const problems: Problem[] = [];
  let problemCount = 0;
  const rows = new NameRows(input, {
    // The header and PREVIEW_SAMPLE data rows.
    sample: PREVIEW_SAMPLE + 1,
    onProblem: (problem) => {
      problemCount++;
      if (problems.length < PROBLEMS_SHOWN) problems.push(problem);
    },
  });
  const maxBytes = input.whole ? Number.POSITIVE_INFINITY : (input.maxBytes ?? PREVIEW_BYTES);
  let encoding = input.encoding;
  let certain = true;
  let count = 0;
  let bytes = 0;
  let complete = true;
  const names: NameRow[] = [];
  let lookAlikes: LookAlikes | null = null;
  const take = (found: NameRow[]): void => {
    count += found.length;
    lookAlikes?.take(found);
    for (const row of found) if (names.length < PREVIEW_SAMPLE) names.push(row);
  };
  try {
    lookAlikes = new LookAlikes(input.workspace, input.readMode);
    // Look at the first bytes ourselves, to report a guess instead of refusing.
    if (encoding === undefined) {
      const sniffed = sniffEncoding(await readHead(input.file));
      encoding = sniffed.encoding;
      certain = sniffed.certain;
    }
    try {
      for await (const text of decodeChunks(source, encoding, (read) => (bytes = read))) {
        take(rows.push(text));
        throwIfCancelled(context.signal, 'The preview');
        if (bytes >= maxBytes && source.size !== null && bytes < source.size) {
          complete = false;
          break;
        }
      }
      if (complete) take(rows.end());
    } catch (error) {
      if (!(error instanceof RosterError) || error.code !== 'IMPORT_INVALID') throw error;
      // The file as a whole is unreadable (not UTF-8, a quote never closed...): one problem.
      problemCount++;
      if (problems.length < PROBLEMS_SHOWN) problems.push({ where: 'File', message: error.message });
    }
  } finally {
    lookAlikes?.close();
    source.stream.destroy();
  }
  const total = complete ? count : estimatedTotal({ rows: count, bytes, totalBytes: source.size });
  return {
    ...shapeShown(input, rows, names),
    fileName: basename(source.name),
    format: input.format,
    encoding,
    encodingCertain: certain,
    count: total,
    complete,
    problems,
    problemCount,
    keepsTimes: rows.timedRows > 0,
    duplicates: count === 0 ? 0 : Math.round(((lookAlikes?.count ?? 0) * total) / count),
  };
});

/** The file's shape as the preview shows it: separator, columns (numbered when there is no header row) and first rows. */
function shapeShown(
  input: PreviewInput,
  rows: NameRows,
  names: readonly NameRow[],
): Pick<ImportPreview, 'separator' | 'columns' | 'nameColumn' | 'rows' | 'header'> {
  const detected = rows.detected;
  const header = input.format === 'csv' && input.header !== false;
  const headerLine = header && detected?.columns ? detected.headerLine : null;
  const csvRows = rows.sample.filter((record) => record.line !== headerLine).slice(0, PREVIEW_SAMPLE);
  const width = Math.max(0, ...csvRows.map((record) => record.fields.length));
  return {
    separator: detected?.separator ?? null,
    columns: header ? (detected?.columns ?? []) : Array.from({ length: input.format === 'csv' ? width : 0 }, () => ''),
    nameColumn: detected?.nameColumn ?? null,
    rows:
      input.format === 'json'
        ? names.map((row) => ({ where: row.where, cells: [row.name] }))
        : csvRows.map((record) => ({ where: `Line ${record.line}`, cells: record.fields })),
    header: input.format !== 'csv' || input.header !== false,
  };
}

async function readHead(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
