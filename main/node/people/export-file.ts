// Writing every person of a workspace to a CSV or JSON file.
//
// The file appears whole or not at all: rows are streamed into a temporary file in
// the target's folder, flushed to disk, then renamed over the target. A failed or
// interrupted export leaves any earlier file at that path untouched.
//
// CSV: UTF-8 without a byte order mark, CRLF line ends (RFC 4180), header
// `id,name,createdAt,updatedAt`, a field quoted when it holds a comma, a quote or a
// line break. Spreadsheet (formula) injection: a name starting with = + - @ would be
// run as a formula by Excel, LibreOffice or Google Sheets, so such a cell is written
// with a leading `'`, which spreadsheets treat as "this is text". A name that itself
// starts with `'` gets one too, so the import side (import-file.ts) can remove exactly
// one `'` and give back the original name. JSON is never altered this way.
//
// JSON: an array of {id, name, createdAt, updatedAt}, dates in ISO-8601 UTC.

import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RosterError, isRosterError } from '../../common/errors.js';
import type { ImportFormat, PersonDto } from '../../common/people-contract.js';

/** The part of PersonService an export needs. */
export interface ExportSource {
  exportAll(batch?: number): AsyncGenerator<PersonDto[]>;
}

export const CSV_HEADER = 'id,name,createdAt,updatedAt';
const CSV_EOL = '\r\n';

/** Characters that make a spreadsheet treat a cell as a formula (plus `'`, see above). */
const FORMULA_START = /^[=+\-@'\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV cell: formula-protected, then quoted if needed. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvRow(person: PersonDto): string {
  return `${person.id},${csvCell(person.name)},${person.createdAt},${person.updatedAt}${CSV_EOL}`;
}

function jsonItem(person: PersonDto): string {
  return JSON.stringify({ id: person.id, name: person.name, createdAt: person.createdAt, updatedAt: person.updatedAt });
}

/**
 * The export as text chunks (one per batch of people), for a file or for stdout.
 * `counter.count` is kept up to date with the people written so far.
 */
export async function* exportChunks(service: ExportSource, format: ImportFormat, counter = { count: 0 }): AsyncGenerator<string> {
  if (format === 'csv') {
    yield CSV_HEADER + CSV_EOL;
    for await (const batch of service.exportAll()) {
      let chunk = '';
      for (const person of batch) chunk += csvRow(person);
      counter.count += batch.length;
      yield chunk;
    }
    return;
  }
  yield '[';
  for await (const batch of service.exportAll()) {
    let chunk = '';
    for (const person of batch) chunk += (counter.count++ === 0 ? '\n  ' : ',\n  ') + jsonItem(person);
    yield chunk;
  }
  yield counter.count === 0 ? ']\n' : '\n]\n';
}

async function checkTarget(path: string): Promise<void> {
  try {
    const stats = await stat(path);
    if (stats.isDirectory()) throw new RosterError('BAD_PATH', `${path} is a folder; give a file name to export to.`, { path });
  } catch (error) {
    if (isRosterError(error)) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    const folder = await stat(dirname(path));
    if (!folder.isDirectory()) throw new Error('not a folder');
  } catch (error) {
    if (isRosterError(error)) throw error;
    throw new RosterError('BAD_PATH', `The folder ${dirname(path)} does not exist.`, { path });
  }
}

/**
 * Exports every person (in id order) to `path`, atomically. Returns how many were
 * written. Errors: BAD_PATH for a folder or a missing parent folder; anything the
 * file system reports is rethrown after the temporary file is removed.
 */
export async function writeExportFile(service: ExportSource, path: string, format: ImportFormat): Promise<{ count: number }> {
  if (format !== 'csv' && format !== 'json') {
    throw new RosterError('INVALID_INPUT', `Unknown export format "${String(format)}"; use csv or json.`);
  }
  await checkTarget(path);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle;
  try {
    handle = await open(temp, 'wx', 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RosterError('BAD_PATH', `Roster cannot write in ${dirname(path)} (${code ?? 'error'}).`, { path });
  }
  const counter = { count: 0 };
  try {
    for await (const chunk of exportChunks(service, format, counter)) await handle.write(chunk);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  return { count: counter.count };
}
