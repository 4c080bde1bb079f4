// Writing every person of a workspace to a CSV or JSON file.
//
// The source is an async iterable of batches of people, normally the snapshot reader
// (snapshot-reader.ts: one read transaction, so the file shows one instant).
//
// The file appears whole or not at all: rows are streamed into a temporary file in
// the target's folder, flushed to disk, then renamed over the target. A failed or
// interrupted export leaves any earlier file at that path untouched. Where the export
// may go at all is export-target.ts: never over a workspace or any other database.
// A symlink is followed (its target is replaced, the link stays a link); a FIFO or a
// character device is written into directly.
//
// Temporary files are owner-only (0600: they hold names) and named
// `.<file>.roster-export-<pid>-<host>-<random>.tmp`, so an export that was killed can be
// recognised: the next export into the same folder removes temp files whose process
// (on this computer) is gone, and so does any later start of Roster, for exports noted
// in its ledger (export-ledger.ts; `ledger` below). A new export file is owner-only too; one that replaces
// an existing file keeps that file's permissions.
//
// CSV: UTF-8 starting with a byte order mark, so that Excel on Windows reads accents
// right (without one it guesses the ANSI code page); `bom: false` leaves it out (the
// CLI does for a pipe, and on --no-bom, for tools that choke on it). CRLF line ends
// (RFC 4180) unless `eol: '\n'` (the CLI's choice on a pipe, where Unix tools expect
// LF; a quoted line break inside a name is written as it is either way), header
// `id,name,createdAt,updatedAt`, a field quoted when it holds a comma, a quote or a
// line break. Spreadsheet (formula) injection: a name starting with = + - @ would be
// run as a formula by Excel, LibreOffice or Google Sheets, so such a cell is written
// with a leading `'`, which spreadsheets treat as "this is text". A name that itself
// starts with `'` gets one too, so the import side (import/name-rows.ts) can remove exactly
// one `'` and give back the original name. JSON is never altered this way.
//
// JSON: an array of {id, name, createdAt, updatedAt}, dates in ISO-8601 UTC.

import { randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { chmod, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RosterError } from '../../../kernel/common/errors.js';
import type { ImportFormat, PersonDto } from '../../people/common/people-contract.js';
import { PRIVATE_FILE_MODE } from '../../../kernel/node/paths/data-folder.js';
import { syncFolder } from '../../../kernel/node/files/atomic-file.js';
import { refuseIfDatabase, resolveExportTarget, type ExportTargetOptions } from './export-target.js';
import { forgetExport, HOST_TAG, noteExport, processAlive, TEMP_PATTERN } from './export-ledger.js';

/** Batches of people in id order: the snapshot reader, or anything shaped like it. */
export type ExportSource = AsyncIterable<PersonDto[]>;

export interface ExportOptions extends ExportTargetOptions {
  /** Start a CSV file with a UTF-8 byte order mark (default true). */
  readonly bom?: boolean;
  /** CSV line ends (default CRLF). */
  readonly eol?: CsvEol;
  /** The export ledger folder (export-ledger.ts), so a later start removes what a kill left; none: only the next export here does. */
  readonly ledger?: string;
}

export type CsvEol = '\r\n' | '\n';

/** How a CSV is written: its byte order mark and its line ends. */
export interface CsvStyle {
  readonly bom?: boolean;
  readonly eol?: CsvEol;
}

const UTF8_BOM = '\uFEFF';

const CSV_HEADER = 'id,name,createdAt,updatedAt';
const CSV_EOL = '\r\n';

/** Characters that make a spreadsheet treat a cell as a formula (plus `'`, see above). */
const FORMULA_START = /^[=+\-@'\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV cell: formula-protected, then quoted if needed. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csvRow(person: PersonDto, eol: CsvEol = CSV_EOL): string {
  return `${person.id},${csvCell(person.name)},${person.createdAt},${person.updatedAt}${eol}`;
}

function jsonItem(person: PersonDto): string {
  return JSON.stringify({ id: person.id, name: person.name, createdAt: person.createdAt, updatedAt: person.updatedAt });
}

/**
 * The export as text chunks (one per batch of people), for a file or for stdout.
 * `counter.count` is kept up to date with the people written so far.
 */
export async function* exportChunks(
  source: ExportSource,
  format: ImportFormat,
  counter = { count: 0 },
  options: CsvStyle = {},
): AsyncGenerator<string> {
  if (format === 'csv') {
    const eol = options.eol ?? CSV_EOL;
    yield (options.bom === false ? '' : UTF8_BOM) + CSV_HEADER + eol;
    for await (const batch of source) {
      let chunk = '';
      for (const person of batch) chunk += csvRow(person, eol);
      counter.count += batch.length;
      yield chunk;
    }
    return;
  }
  yield '[';
  for await (const batch of source) {
    let chunk = '';
    for (const person of batch) chunk += (counter.count++ === 0 ? '\n  ' : ',\n  ') + jsonItem(person);
    yield chunk;
  }
  yield counter.count === 0 ? ']\n' : '\n]\n';
}

function tempName(target: string): string {
  return join(dirname(target), `.${basename(target)}.roster-export-${process.pid}-${HOST_TAG}-${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Removes temp files of exports that were killed: ours by name, made on this
 * computer, by a process that no longer runs, owned by this user. Returns how many.
 */
export function removeStaleExportTemps(folder: string): number {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const match = TEMP_PATTERN.exec(name);
    if (!match || match[2] !== HOST_TAG) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    const path = join(folder, name);
    try {
      const stats = lstatSync(path);
      if (!stats.isFile() || (process.getuid !== undefined && stats.uid !== process.getuid())) continue;
      rmSync(path, { force: true });
      removed++;
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}

function writeError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new RosterError(
      'DISK_FULL',
      `The disk is full; the export to ${path} was not written (any earlier file there is unchanged).`,
      { path },
      { cause: error },
    );
  }
  return error;
}

async function writeChunks(
  handle: FileHandle,
  source: ExportSource,
  format: ImportFormat,
  counter: { count: number },
  style: CsvStyle,
): Promise<void> {
  for await (const chunk of exportChunks(source, format, counter, style)) await handle.write(chunk);
}

function styleOf(options: ExportOptions): CsvStyle {
  return { ...(options.bom === undefined ? {} : { bom: options.bom }), ...(options.eol === undefined ? {} : { eol: options.eol }) };
}

/**
 * Exports every person (in id order) to `path`, atomically. Returns how many were
 * written. Errors: TARGET_REFUSED for a workspace or other database (export-target.ts);
 * BAD_PATH for a folder or a missing parent folder; DISK_FULL; anything else the file
 * system reports is rethrown after the temporary file is removed.
 */
export async function writeExportFile(
  source: ExportSource,
  path: string,
  format: ImportFormat,
  options: ExportOptions = {},
): Promise<{ count: number }> {
  if (format !== 'csv' && format !== 'json') {
    throw new RosterError('INVALID_INPUT', `Unknown export format "${String(format)}"; use csv or json.`);
  }
  const target = resolveExportTarget(path, options);
  const counter = { count: 0 };

  if (target.kind === 'stream') {
    // A FIFO or a device: no temp file, no rename; the reader gets the rows as they come.
    const handle = await open(target.path, 'w');
    try {
      await writeChunks(handle, source, format, counter, styleOf(options));
    } catch (error) {
      throw writeError(error, path);
    } finally {
      await handle.close();
    }
    return { count: counter.count };
  }

  removeStaleExportTemps(dirname(target.path));
  const temp = tempName(target.path);
  // Noted before the file exists, so no kill can leave a temp file the ledger does not name.
  const entry = options.ledger ? noteExport(options.ledger, temp) : null;
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    forgetExport(entry);
    const code = (error as NodeJS.ErrnoException).code;
    throw new RosterError('BAD_PATH', `Roster cannot write in ${dirname(path)} (${code ?? 'error'}).`, { path });
  }
  try {
    await writeChunks(handle, source, format, counter, styleOf(options));
    await handle.sync();
    await handle.close();
    handle = undefined;
    // Again, at the last moment: a database may have appeared at the path meanwhile.
    refuseIfDatabase(target.path, options, path);
    if (target.existing) await chmod(temp, target.existing.mode & 0o7777);
    await rename(temp, target.path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw writeError(error, path);
  } finally {
    forgetExport(entry);
  }
  try {
    syncFolder(dirname(target.path));
  } catch {
    // The rename is done; a folder that cannot be flushed is not a failed export.
  }
  return { count: counter.count };
}
