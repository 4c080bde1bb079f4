// What an import will do, before anything is written (issue 12): the file's encoding
// and separator, its columns and which one holds names, its first rows, how many
// people it holds, and its problems with their lines. The same detection backs the
// import itself, so the preview and the import always agree.

import { open } from 'node:fs/promises';
import { RosterError } from '../../../common/errors.js';
import type { TaskHandler } from '../../tasks/task-context.js';
import { throwIfCancelled } from '../../tasks/task-context.js';
import { NameRows, type ImportShape, type Problem, type Separator } from './name-rows.js';
import { decodeChunks, openByteSource, sniffEncoding, type TextEncoding } from './text-source.js';

export interface PreviewInput extends ImportShape {
  /** A file (not standard input: a preview reads it twice). */
  readonly file: string;
  readonly encoding?: TextEncoding;
}

export interface ImportPreview {
  readonly fileName: string;
  readonly format: 'csv' | 'json';
  readonly encoding: TextEncoding;
  /** False when the encoding is a guess the person must confirm (not valid UTF-8: Windows-1252?). */
  readonly encodingCertain: boolean;
  readonly separator: Separator | null;
  /** Header cells (CSV). */
  readonly columns: readonly string[];
  readonly nameColumn: number | null;
  /** The first records as read (CSV: cells; JSON: the names). */
  readonly sample: readonly (readonly string[])[];
  /** People the import would add. */
  readonly count: number;
  /** Rows that would stop the import, with where they are (the first 20), and how many in all. */
  readonly problems: readonly Problem[];
  readonly problemCount: number;
}

export const PREVIEW_SAMPLE = 20;
const PROBLEMS_SHOWN = 20;

export const previewTask: TaskHandler<PreviewInput, ImportPreview> = async (input, context) => {
  const source = await openByteSource(input.file);
  const problems: Problem[] = [];
  let problemCount = 0;
  const rows = new NameRows(input, {
    sample: PREVIEW_SAMPLE,
    onProblem: (problem) => {
      problemCount++;
      if (problems.length < PROBLEMS_SHOWN) problems.push(problem);
    },
  });
  let encoding = input.encoding;
  let certain = true;
  let count = 0;
  const names: string[] = [];
  try {
    // Look at the first bytes ourselves, to report a guess instead of refusing.
    if (encoding === undefined) {
      const sniffed = sniffEncoding(await readHead(input.file));
      encoding = sniffed.encoding;
      certain = sniffed.certain;
    }
    try {
      for await (const text of decodeChunks(source, encoding)) {
        for (const row of rows.push(text)) {
          count++;
          if (names.length < PREVIEW_SAMPLE) names.push(row.name);
        }
        throwIfCancelled(context.signal, 'The preview');
      }
      for (const row of rows.end()) {
        count++;
        if (names.length < PREVIEW_SAMPLE) names.push(row.name);
      }
    } catch (error) {
      if (error instanceof RosterError && error.code === 'IMPORT_INVALID' && problems.length === 0) {
        problemCount++;
        problems.push({ where: 'File', message: error.message });
      } else if (error instanceof RosterError && error.code === 'IMPORT_INVALID') {
        problemCount++;
      } else throw error;
    }
  } finally {
    if (input.file !== '-') source.stream.destroy();
  }
  const detected = rows.detected;
  return {
    fileName: source.name,
    format: input.format,
    encoding,
    encodingCertain: certain,
    separator: detected?.separator ?? null,
    columns: detected?.columns ?? [],
    nameColumn: detected?.nameColumn ?? null,
    sample: input.format === 'json' ? names.map((name) => [name]) : rows.sample.map((record) => record.fields),
    count,
    problems,
    problemCount,
  };
};

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
