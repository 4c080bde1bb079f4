// From import text to validated names, incrementally: the shape of the file (CSV
// separator, which column holds names) is worked out from its first line, then every
// row is checked against Roster's name rules. Errors name the row as a person sees it:
// the CSV line (the header is line 1), or the JSON array index (from 0).
//
// What spreadsheets write, and what is accepted (fixtures of each in
// test/fixtures/import):
//   - separators: "," and, as European Excel and LibreOffice write, ";"; tab
//     (Excel's "Unicode Text", .tsv); "|". Excel's own hint line `sep=;` is honoured.
//     Otherwise the separator is the one of these found most often in the header line;
//   - the name column: a header cell "name" (any case, any position), or one the person
//     chooses (by header text or position); other columns are ignored;
//   - a file without a header row (`header: false`, the CLI's --no-header): every line
//     is data, names come from the chosen position (the first by default). A row of
//     several fields with no column chosen is refused rather than cut at its first
//     separator, since "Smith, John" on a list of names is one name, not two fields;
//   - rows of only separators (";;;") are skipped like blank lines; a short row (its
//     trailing empty cells dropped) is fine when its name cell is there;
//   - Roster's own export protects cells from spreadsheet formulas with a leading "'";
//     that one "'" is removed again;
//   - createdAt and updatedAt (CSV columns by header text, any case; JSON keys), as
//     Roster's own export writes them, are kept (import-times.ts says which times).

import { RosterError, isRosterError } from '../../../../kernel/common/errors.js';
import { IMPORT_SEPARATORS, type ImportSeparator } from '../../common/import-contract.js';
import { checkName } from '../../../workspace/common/person-name.js';
import { CsvReader, lineTooLong, MAX_RECORD_CHARS, type CsvRecord } from './csv-reader.js';
import { rowTimes, type ImportTimes } from './import-times.js';
import { JsonArrayReader } from './json-reader.js';

export const SEPARATORS = IMPORT_SEPARATORS;
export type Separator = ImportSeparator;

export interface ImportShape {
  readonly format: 'csv' | 'json';
  /** CSV only. */
  readonly separator?: Separator;
  /** CSV only: the column holding names, by header text (any case) or 0-based position. */
  readonly column?: string | number;
  /** CSV only: false when the first row is data, not a header (default true). */
  readonly header?: boolean;
}

export interface NameRow extends ImportTimes {
  readonly name: string;
  /** "Line 12" or "Index 3": where the row is, as messages say it. */
  readonly where: string;
}

export interface Problem {
  readonly where: string;
  readonly message: string;
}

/** What the header and first line said, for the preview and for messages. */
export interface DetectedShape {
  readonly separator: Separator | null;
  /** Header cells (CSV), or null for JSON. */
  readonly columns: readonly string[] | null;
  /** Index of the name column, or null if none could be found. */
  readonly nameColumn: number | null;
  /** The line of the header (2 when a `sep=` line came first). */
  readonly headerLine: number;
}

function invalid(message: string, details?: Record<string, unknown>): RosterError {
  return new RosterError('IMPORT_INVALID', message, details);
}

/** Undoes the spreadsheet protection of Roster's own CSV export (export-file.ts). */
function unprotectCell(value: string): string {
  if (value.charCodeAt(0) === 39 /* ' */ && /^'[=+\-@']/.test(value)) return value.slice(1);
  return value;
}

/** The separator a first line uses most, outside quotes; a comma when none appears. */
function detectSeparator(firstLine: string): Separator {
  const counts = new Map<Separator, number>(SEPARATORS.map((s) => [s, 0]));
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char as Separator)) counts.set(char as Separator, (counts.get(char as Separator) ?? 0) + 1);
  }
  let best: Separator = ',';
  for (const separator of SEPARATORS) if ((counts.get(separator) ?? 0) > (counts.get(best) ?? 0)) best = separator;
  return best;
}

/** A row that brings no times (shared: a million rows need no million empty objects). */
const UNTIMED: ImportTimes = Object.freeze({});

const SEP_HINT = /^sep=(.)\r?\n/i;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Turns import text into names. `push` text chunks, then `end`. A problem (a bad row, a
 * bad file) throws IMPORT_INVALID unless `onProblem` is given (the preview collects
 * them instead); a row with a problem yields no name.
 */
export class NameRows {
  readonly #shape: ImportShape;
  readonly #onProblem: (problem: Problem) => void;
  #csv: CsvReader | null = null;
  #json: JsonArrayReader | null = null;
  #pending = '';
  #detected: DetectedShape | null = null;
  #width = 0;
  /** The createdAt and updatedAt columns of the header (CSV), when it has them. */
  #timeColumns: { created: number; updated: number } | null = null;
  #timedRows = 0;
  /** Records seen (for the preview's sample). */
  readonly sample: CsvRecord[] = [];
  readonly #sampleSize: number;

  constructor(shape: ImportShape, options: { onProblem?: (problem: Problem) => void; sample?: number } = {}) {
    this.#shape = shape;
    this.#sampleSize = options.sample ?? 0;
    this.#onProblem =
      options.onProblem ??
      ((problem) => {
        throw invalid(`${problem.where}: ${problem.message}`, { where: problem.where });
      });
    if (shape.format === 'json') {
      this.#json = new JsonArrayReader();
      this.#detected = { separator: null, columns: null, nameColumn: null, headerLine: 0 };
    }
  }

  get detected(): DetectedShape | null {
    return this.#detected;
  }

  /** Rows so far whose createdAt and updatedAt come from the file. */
  get timedRows(): number {
    return this.#timedRows;
  }

  push(text: string): NameRow[] {
    if (this.#json) return this.#fromJson(this.#json.push(text));
    if (!this.#csv) {
      // The first line decides the dialect: wait until it is complete.
      this.#pending += text;
      // A whole line, its ending included (a CR alone may be the first half of CRLF).
      if (!/\n|\r[^\n]/.test(this.#pending)) {
        if (this.#pending.length > MAX_RECORD_CHARS) throw lineTooLong(1);
        return [];
      }
      return this.#startCsv(this.#pending);
    }
    return this.#fromCsv(this.#csv.push(text));
  }

  end(): NameRow[] {
    if (this.#json) return this.#fromJson(this.#json.end());
    const out = this.#csv ? [] : this.#startCsv(this.#pending);
    const csv = this.#csv as CsvReader | null;
    if (csv) out.push(...this.#fromCsv(csv.end()));
    if (!this.#detected?.columns) throw invalid('The file is empty: a CSV import needs a header row with a "name" column.', { line: 1 });
    return out;
  }

  #startCsv(text: string): NameRow[] {
    let body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    let firstLine = 1;
    let separator = this.#shape.separator;
    const hint = SEP_HINT.exec(body);
    if (hint) {
      separator ??= SEPARATORS.find((s) => s === hint[1]);
      body = body.slice(hint[0].length);
      firstLine = 2;
    }
    separator ??= detectSeparator(body.split(/\r?\n|\r/, 1)[0] ?? '');
    this.#csv = new CsvReader(separator, firstLine);
    this.#detected = { separator, columns: null, nameColumn: null, headerLine: firstLine };
    if (this.#shape.header === false) this.#noHeader(firstLine);
    return this.#fromCsv(this.#csv.push(body));
  }

  #fromCsv(records: CsvRecord[]): NameRow[] {
    const out: NameRow[] = [];
    for (const record of records) {
      if (this.sample.length < this.#sampleSize) this.sample.push(record);
      const detected = this.#detected as DetectedShape;
      if (!detected.columns) {
        this.#header(record);
        continue;
      }
      const where = `Line ${record.line}`;
      const nameColumn = detected.nameColumn;
      if (nameColumn === null) continue;
      if (record.fields.length > this.#width) {
        this.#onProblem({
          where,
          message:
            detected.columns.length === 0
              ? `this row has ${plural(record.fields.length, 'field')}; ` +
                `choose the column that holds names (or another separator), since there is no header row to tell.`
              : `this row has ${plural(record.fields.length, 'field')} but the header has ${this.#width}.`,
        });
        continue;
      }
      const cell = record.fields[nameColumn];
      if (cell === undefined) {
        const column =
          detected.columns.length === 0 ? `column ${nameColumn + 1}` : `the "${detected.columns[nameColumn] ?? 'name'}" column`;
        this.#onProblem({ where, message: `this row has no value in ${column}.` });
        continue;
      }
      const times = this.#timeColumns;
      const named = this.#checked(
        unprotectCell(cell),
        where,
        times ? rowTimes(record.fields[times.created], record.fields[times.updated]) : UNTIMED,
      );
      if (named) out.push(named);
    }
    return out;
  }

  /** Every line is data: no columns to match, the name at the chosen position. */
  #noHeader(firstLine: number): void {
    const chosen = this.#shape.column;
    if (typeof chosen === 'string') {
      this.#onProblem({
        where: `Line ${firstLine}`,
        message: `a file without a header row has no "${chosen}" column; choose the column by its number.`,
      });
    }
    this.#width = typeof chosen === 'number' ? Infinity : 1;
    this.#detected = {
      ...(this.#detected as DetectedShape),
      columns: [],
      nameColumn: typeof chosen === 'number' ? chosen : 0,
      headerLine: firstLine - 1,
    };
  }

  #header(record: CsvRecord): void {
    const columns = record.fields.map((field) => field.trim());
    this.#width = columns.length;
    const lower = columns.map((column) => column.toLowerCase());
    const where = `Line ${record.line}`;
    const chosen = this.#shape.column;
    let nameColumn: number | null = null;
    if (typeof chosen === 'number') {
      if (chosen >= 0 && chosen < columns.length) nameColumn = chosen;
      else this.#onProblem({ where, message: `there is no column ${chosen + 1}; the header has ${plural(columns.length, 'column')}.` });
    } else {
      const wanted = (chosen ?? 'name').trim().toLowerCase();
      const first = lower.indexOf(wanted);
      if (first === -1) {
        this.#onProblem({
          where,
          message: chosen === undefined ? 'the header row has no "name" column.' : `the header row has no "${chosen}" column.`,
        });
      } else if (lower.indexOf(wanted, first + 1) !== -1) {
        this.#onProblem({ where, message: `the header row has more than one "${columns[first]}" column.` });
      } else {
        nameColumn = first;
      }
    }
    const created = lower.indexOf('createdat');
    const updated = lower.indexOf('updatedat');
    this.#timeColumns = created === -1 && updated === -1 ? null : { created, updated };
    this.#detected = { ...(this.#detected as DetectedShape), columns, nameColumn, headerLine: record.line };
  }

  #fromJson(elements: { index: number; value: unknown }[]): NameRow[] {
    const out: NameRow[] = [];
    for (const { index, value } of elements) {
      const where = `Index ${index}`;
      let raw: unknown = value;
      let times: ReturnType<typeof rowTimes> = UNTIMED;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const object = value as { name?: unknown; createdAt?: unknown; updatedAt?: unknown };
        raw = object.name;
        if (typeof raw !== 'string') {
          this.#onProblem({ where, message: 'the object has no "name" string.' });
          continue;
        }
        times = jsonTimes(object);
      } else if (typeof value !== 'string') {
        this.#onProblem({ where, message: 'expected a name (a string) or an object with a "name" string.' });
        continue;
      }
      const named = this.#checked(raw as string, where, times);
      if (named) out.push(named);
    }
    return out;
  }

  #checked(raw: string, where: string, times: ReturnType<typeof rowTimes>): NameRow | null {
    const check = checkName(raw);
    if (check.ok && !('problem' in times)) {
      if (times.createdAt === undefined) return { name: check.name, where };
      this.#timedRows++;
      return { name: check.name, where, createdAt: times.createdAt, updatedAt: times.updatedAt as string };
    }
    if (check.ok) {
      this.#onProblem({ where, message: (times as { problem: string }).problem });
      return null;
    }
    try {
      this.#onProblem({ where, message: check.message });
    } catch (error) {
      if (isRosterError(error)) throw new RosterError('IMPORT_INVALID', error.message, { where, problem: check.problem });
      throw error;
    }
    return null;
  }
}

/** A JSON object's times: strings, or null (as a program may write for "none"), or absent. */
function jsonTimes(object: { createdAt?: unknown; updatedAt?: unknown }): ReturnType<typeof rowTimes> {
  for (const key of ['createdAt', 'updatedAt'] as const) {
    const value = object[key];
    if (value !== undefined && value !== null && typeof value !== 'string') return { problem: `${key} is not a string.` };
  }
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return rowTimes(text(object.createdAt), text(object.updatedAt));
}

/** The names in import text already in memory (tests; small inputs). Throws IMPORT_INVALID like an import. */
export function parseImportText(text: string, shape: ImportShape): string[] {
  const rows = new NameRows(shape);
  return [...rows.push(text), ...rows.end()].map((row) => row.name);
}
