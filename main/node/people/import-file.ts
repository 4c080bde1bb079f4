// Reading a file of people to import: CSV with a `name` column, or a JSON array.
//
// The whole file is read, parsed and every name validated before anything is
// written, so an import is all or nothing: the first bad row rejects the file with
// IMPORT_INVALID, and the message names the row the way a person sees it (the CSV
// line number, counting the header as line 1; the JSON array index, from 0).
//
// CSV follows RFC 4180: fields separated by commas, quoted with double quotes, a
// quote inside a quoted field written twice, records ended by CRLF or LF (a quoted
// field may span lines). A UTF-8 byte order mark is ignored. The first record is the
// header; the `name` column may be anywhere (case and surrounding spaces ignored) and
// other columns are ignored. Blank lines are skipped. Every record must have as many
// fields as the header.
//
// Spreadsheet protection: Roster's CSV export writes a `'` before a name that starts
// with = + - @ ' (so a spreadsheet shows it as text instead of running it as a
// formula; see export-file.ts). Import removes that one `'` again when it is followed
// by one of those characters, so an exported file imports back to the same names.

import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { RosterError, isRosterError } from '../../common/errors.js';
import type { ImportFormat } from '../../common/people-contract.js';
import { validName } from './validate.js';

/** The largest file Roster will import: about two million typical rows. */
export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;

export interface ReadImportOptions {
  readonly signal?: AbortSignal;
}

function invalid(message: string, details?: Record<string, unknown>): RosterError {
  return new RosterError('IMPORT_INVALID', message, details);
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RosterError('CANCELLED', 'The import was cancelled; nothing was added.');
}

/** The import or export format a file name implies, or null. */
export function formatFromPath(path: string): ImportFormat | null {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  return null;
}

/** Reads the file's bytes, refusing folders, missing files and files over the cap. */
async function readBytes(path: string): Promise<Buffer> {
  let size: number;
  try {
    const stats = await stat(path);
    if (stats.isDirectory()) throw new RosterError('BAD_PATH', `${path} is a folder, not a file to import.`, { path });
    size = stats.size;
  } catch (error) {
    if (isRosterError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RosterError('NOT_FOUND', `There is no file at ${path}.`, { path });
    throw new RosterError('BAD_PATH', `Roster cannot read ${path} (${code ?? 'error'}).`, { path });
  }
  if (size > IMPORT_MAX_BYTES) {
    throw invalid(`The file is too large to import (${Math.round(size / 1024 / 1024)} MB; the limit is ${IMPORT_MAX_BYTES / 1024 / 1024} MB).`);
  }
  const handle = await open(path, 'r');
  try {
    // Read with a cap even if the file grew after stat.
    const buffer = Buffer.alloc(Math.min(size + 1, IMPORT_MAX_BYTES + 1));
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) {
        if (length > IMPORT_MAX_BYTES) throw invalid(`The file is too large to import (the limit is ${IMPORT_MAX_BYTES / 1024 / 1024} MB).`);
        break;
      }
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** Decodes UTF-8 strictly (a file in another encoding is refused, not garbled) and drops a BOM. */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw invalid('The file is not UTF-8 text. Save it as UTF-8 (in a spreadsheet: "CSV UTF-8") and try again.');
  }
  return text;
}

// ---- CSV --------------------------------------------------------------------

export interface CsvRecord {
  /** The line the record starts on, 1-based. */
  readonly line: number;
  readonly fields: string[];
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

/**
 * Splits CSV text into records (RFC 4180). Blank lines are dropped. Throws
 * IMPORT_INVALID for an unterminated quoted field or text after a closing quote.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const length = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < length) {
    const startLine = line;
    const fields: string[] = [];
    let blank = true;
    // One record.
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        blank = false;
        const quoteLine = line;
        let value = '';
        let from = i + 1;
        for (;;) {
          const next = text.indexOf('"', from);
          if (next === -1) {
            throw invalid(`Line ${quoteLine}: a quoted field is never closed (a " is missing).`, { line: quoteLine });
          }
          const chunk = text.slice(from, next);
          line += countLineBreaks(chunk);
          value += chunk;
          if (text.charCodeAt(next + 1) === QUOTE) {
            value += '"';
            from = next + 2;
            continue;
          }
          i = next + 1;
          break;
        }
        fields.push(value);
        const after = i < length ? text.charCodeAt(i) : -1;
        if (after !== COMMA && after !== CR && after !== LF && after !== -1) {
          throw invalid(`Line ${line}: unexpected text after a closing quote (write a " inside a quoted field as "").`, { line });
        }
      } else {
        let end = i;
        while (end < length) {
          const c = text.charCodeAt(end);
          if (c === COMMA || c === LF || c === CR) break;
          end++;
        }
        const value = text.slice(i, end);
        if (value.trim() !== '') blank = false;
        fields.push(value);
        i = end;
      }
      const c = i < length ? text.charCodeAt(i) : -1;
      if (c === COMMA) {
        blank = false;
        i++;
        continue;
      }
      // End of record: CRLF, LF, a lone CR, or the end of the text.
      if (c === CR) i += text.charCodeAt(i + 1) === LF ? 2 : 1;
      else if (c === LF) i++;
      if (c !== -1) line++;
      break;
    }
    if (!blank) records.push({ line: startLine, fields });
  }
  return records;
}

function countLineBreaks(chunk: string): number {
  let count = 0;
  for (let k = 0; k < chunk.length; k++) {
    const c = chunk.charCodeAt(k);
    if (c === LF) count++;
    else if (c === CR && chunk.charCodeAt(k + 1) !== LF) count++;
  }
  return count;
}

/** Undoes the spreadsheet protection of Roster's own export (see the top of this file). */
export function unprotectCell(value: string): string {
  if (value.charCodeAt(0) === 39 /* ' */ && /^'[=+\-@']/.test(value)) return value.slice(1);
  return value;
}

function csvNames(text: string): string[] {
  const records = parseCsv(text);
  const header = records[0];
  if (!header) throw invalid('The file is empty: a CSV import needs a header row with a "name" column.', { line: 1 });
  const columns = header.fields.map((field) => field.trim().toLowerCase());
  const nameColumn = columns.indexOf('name');
  if (nameColumn === -1) {
    throw invalid(`Line ${header.line}: the header row has no "name" column.`, { line: header.line });
  }
  if (columns.indexOf('name', nameColumn + 1) !== -1) {
    throw invalid(`Line ${header.line}: the header row has more than one "name" column.`, { line: header.line });
  }
  const width = header.fields.length;
  const names: string[] = new Array<string>(records.length - 1);
  for (let r = 1; r < records.length; r++) {
    const record = records[r] as CsvRecord;
    if (record.fields.length !== width) {
      throw invalid(`Line ${record.line}: this row has ${plural(record.fields.length, 'field')} but the header has ${width}.`, { line: record.line });
    }
    names[r - 1] = checked(unprotectCell(record.fields[nameColumn] as string), `Line ${record.line}`, { line: record.line });
  }
  return names;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// ---- JSON -------------------------------------------------------------------

function jsonNames(text: string): string[] {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw invalid(`The file is not valid JSON (${error instanceof Error ? error.message : 'parse error'}).`);
  }
  if (!Array.isArray(data)) {
    throw invalid('A JSON import must be an array of names, or of objects with a "name" string.');
  }
  const names: string[] = new Array<string>(data.length);
  for (let index = 0; index < data.length; index++) {
    const item: unknown = data[index];
    let raw: unknown = item;
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      raw = (item as { name?: unknown }).name;
      if (typeof raw !== 'string') {
        throw invalid(`Index ${index}: the object has no "name" string.`, { index });
      }
    } else if (typeof item !== 'string') {
      throw invalid(`Index ${index}: expected a name (a string) or an object with a "name" string.`, { index });
    }
    names[index] = checked(raw as string, `Index ${index}`, { index });
  }
  return names;
}

// ---- Both -------------------------------------------------------------------

function checked(raw: string, where: string, details: Record<string, unknown>): string {
  try {
    return validName(raw, where);
  } catch (error) {
    if (isRosterError(error)) throw invalid(error.message, { ...details, problem: error.details?.['problem'] });
    throw error;
  }
}

/** Parses import text that is already in memory. Exported for tests and callers that have the text. */
export function parseImportText(text: string, format: ImportFormat): string[] {
  return format === 'csv' ? csvNames(text) : jsonNames(text);
}

/**
 * Reads, parses and validates an import file. Returns the stored form of every name,
 * in file order, or throws: IMPORT_INVALID (naming the row), NOT_FOUND, BAD_PATH,
 * CANCELLED. Writes nothing; pass the result to PersonService.insertValidated.
 */
export async function readImportFile(path: string, format: ImportFormat, options: ReadImportOptions = {}): Promise<string[]> {
  if (format !== 'csv' && format !== 'json') {
    throw new RosterError('INVALID_INPUT', `Unknown import format "${String(format)}"; use csv or json.`);
  }
  throwIfCancelled(options.signal);
  const bytes = await readBytes(path);
  throwIfCancelled(options.signal);
  const names = parseImportText(decodeText(bytes), format);
  throwIfCancelled(options.signal);
  return names;
}
