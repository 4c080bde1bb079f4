// Reading import files and writing export files for the app's Import… and Export…
// commands. A stand-in until the CLI's own readers and writers (people/import-file.ts)
// land; the app core takes these through the `PeopleFiles` port, so switching over is
// one line in createRosterCore's defaults.
//
// Formats: JSON is an array of names or of objects with a `name`; CSV has a header row
// with a `name` column (RFC 4180 quoting). Every row is checked with the naming rules
// before anything is written, so one bad row rejects the whole file.

import { createWriteStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { RosterError } from '../../common/errors.js';
import { checkName } from '../../common/person-name.js';
import type { ImportFormat, PersonDto } from '../../common/people-contract.js';
import type { PersonService } from '../people/person-service.js';

export interface PeopleFiles {
  /** Reads and validates every name in the file. Throws IMPORT_INVALID naming the row. */
  read(path: string, format: ImportFormat, options?: { signal?: AbortSignal }): Promise<string[]>;
  /** Writes every person of the workspace; returns how many. */
  write(service: PersonService, path: string, format: ImportFormat): Promise<number>;
}

/** Import files larger than this are refused before reading (a name is at most ~1 KB). */
export const IMPORT_MAX_BYTES = 256 * 1024 * 1024;

function invalid(message: string): RosterError {
  return new RosterError('IMPORT_INVALID', message);
}

function checked(raw: unknown, row: number): string {
  if (typeof raw !== 'string') throw invalid(`Row ${row}: the name is not text.`);
  const check = checkName(raw);
  if (!check.ok) throw invalid(`Row ${row}: ${check.message}`);
  return check.name;
}

/** Splits CSV text into rows of fields (RFC 4180: quotes, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw invalid('The file ends inside a quoted field.');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

async function readText(path: string, signal?: AbortSignal): Promise<string> {
  try {
    const bytes = await readFile(path, { signal });
    if (bytes.length > IMPORT_MAX_BYTES) throw invalid('The file is too large to import.');
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    if (signal?.aborted) throw new RosterError('CANCELLED', 'The import was cancelled; nothing was added.');
    if (error instanceof RosterError) throw error;
    if (error instanceof TypeError) throw invalid('The file is not UTF-8 text.');
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RosterError('NOT_FOUND', 'The file to import does not exist.', { path });
    throw new RosterError('BAD_PATH', `The file could not be read (${code ?? 'error'}).`, { path });
  }
}

export const defaultPeopleFiles: PeopleFiles = {
  async read(path, format, options = {}) {
    const text = await readText(path, options.signal);
    if (format === 'json') {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        throw invalid('The file is not valid JSON.');
      }
      if (!Array.isArray(data)) throw invalid('A JSON import is an array of names or of objects with a "name".');
      return data.map((item: unknown, i) =>
        checked(item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as { name?: unknown }).name : item, i + 1),
      );
    }
    const rows = parseCsv(text);
    const header = rows[0];
    if (!header) return [];
    const column = header.findIndex((name) => name.trim().toLowerCase() === 'name');
    if (column < 0) throw invalid('A CSV import needs a header row with a "name" column.');
    return rows.slice(1).map((row, i) => checked(row[column] ?? '', i + 2));
  },

  async write(service, path, format) {
    const out = createWriteStream(path) // the save dialog has already asked about replacing;
    let count = 0;
    const put = async (text: string): Promise<void> => {
      if (!out.write(text)) await once(out, 'drain');
    };
    try {
      await once(out, 'open');
      await put(format === 'json' ? '[' : 'id,name,createdAt,updatedAt\r\n');
      for await (const batch of service.exportAll()) {
        for (const person of batch as PersonDto[]) {
          if (format === 'json') await put(`${count === 0 ? '\n' : ',\n'}${JSON.stringify(person)}`);
          else await put(`${[person.id, person.name, person.createdAt, person.updatedAt].map(csvField).join(',')}\r\n`);
          count++;
        }
      }
      if (format === 'json') await put(count === 0 ? ']\n' : '\n]\n');
      out.end();
      await once(out, 'finish');
      return count;
    } catch (error) {
      out.destroy();
      const code = (error as NodeJS.ErrnoException).code;
      await rm(path, { force: true });
      if (error instanceof RosterError) throw error;
      throw new RosterError('BAD_PATH', `The export file could not be written (${code ?? 'error'}).`, { path });
    }
  },
};
