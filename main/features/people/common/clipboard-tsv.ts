// People as clipboard text: tab-separated with a header row, which every spreadsheet
// pastes into columns: Name, Added, Last changed, dates as "YYYY-MM-DD HH:MM:SS" in local
// time (what spreadsheets recognise as a date and time). As in CSV export, a name that a
// spreadsheet would run as a formula (= + - @) or that starts with ' gets a leading '.
//
// In common code because both sides write it: the renderer for the rows it holds, main
// for a selection of any size it reads itself ("all 1,000,000 matching" is never sent
// to the renderer to be formatted there).

import type { PersonDto } from './people-contract.js';

const COPY_HEADER = ['Name', 'Added', 'Last changed'] as const;
const COPY_HEADER_LINE = COPY_HEADER.join('\t');
const FORMULA_START = /^[=+\-@']/;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Local date and time as spreadsheets read it. */
function spreadsheetDateTime(iso: string): string {
  const d = new Date(iso);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function guardCell(name: string): string {
  return FORMULA_START.test(name) ? `'${name}` : name;
}

export function rowsAsTsv(people: readonly PersonDto[]): string {
  const lines = [
    COPY_HEADER_LINE,
    ...people.map((person) =>
      [guardCell(person.name), spreadsheetDateTime(person.createdAt), spreadsheetDateTime(person.updatedAt)].join('\t'),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** One row of pasted tab-separated text, and the line of the text it starts on (from 1). */
interface TsvRecord {
  readonly cells: string[];
  readonly line: number;
}

function endOfLine(text: string, at: number): number {
  return text[at] === '\r' && text[at + 1] === '\n' ? 2 : text[at] === '\r' || text[at] === '\n' ? 1 : 0;
}

/**
 * A cell Excel or LibreOffice quoted (it holds a tab, a line break or a quote): its
 * text and where it ends, or null when the quotes do not close right before a tab, a
 * line end or the end, in which case the cell is plain text that starts with a quote.
 */
function quotedCell(text: string, start: number): { value: string; end: number } | null {
  let value = '';
  let at = start + 1;
  for (;;) {
    const close = text.indexOf('"', at);
    if (close === -1) return null;
    value += text.slice(at, close);
    if (text[close + 1] === '"') {
      value += '"';
      at = close + 2;
      continue;
    }
    const after = close + 1;
    if (after === text.length || text[after] === '\t' || endOfLine(text, after) > 0) return { value, end: after };
    return null;
  }
}

/** Spreadsheet clipboard text as rows of cells: tabs between cells, any line ending, quoted cells. */
function readTsv(text: string): TsvRecord[] {
  const records: TsvRecord[] = [];
  let cells: string[] = [];
  let line = 1;
  let recordLine = 1;
  let at = 0;
  while (at <= text.length) {
    const quoted = text[at] === '"' ? quotedCell(text, at) : null;
    let end: number;
    if (quoted) {
      cells.push(quoted.value);
      for (const char of quoted.value) if (char === '\n' || char === '\r') line++;
      line -= (quoted.value.match(/\r\n/g) ?? []).length;
      end = quoted.end;
    } else {
      end = at;
      while (end < text.length && text[end] !== '\t' && endOfLine(text, end) === 0) end++;
      cells.push(text.slice(at, end));
    }
    if (text[end] === '\t') {
      at = end + 1;
      continue;
    }
    records.push({ cells, line: recordLine });
    if (end >= text.length) break;
    at = end + endOfLine(text, end);
    line++;
    recordLine = line;
    cells = [];
    if (at === text.length) break;
  }
  return records;
}

/** Header cells that name the column of names (compared trimmed, in lower case). */
const NAME_HEADERS = ['name', 'full name', 'fullname', 'full_name', 'full-name', 'names', 'display name'];

/** What a paste of spreadsheet text holds: the names of one column, and what was left out. */
export interface PastedTable {
  readonly names: string[];
  /** The pasted line each name is on (from 1), for messages. */
  readonly lines: number[];
  /** The header text of the column the names came from, or null when there was no header row. */
  readonly header: string | null;
  /** That column's position (from 0), and how many columns the widest row has. */
  readonly column: number;
  readonly columns: number;
  /** Rows left out: blank ones, and rows whose name cell is blank though others are not. */
  readonly blankLines: number;
  readonly blankNames: number;
}

function unguard(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** The column of names in a first row, when that row is a header ("Name", "Full name"…). */
function headerColumn(cells: readonly string[]): number {
  const lower = cells.map((cell) => cell.trim().toLowerCase());
  for (const wanted of NAME_HEADERS) {
    const at = lower.indexOf(wanted);
    if (at !== -1) return at;
  }
  return -1;
}

/**
 * The names in pasted text: the column headed "Name" (or "Full name"…) in a first row,
 * else the first column. The header row and blank rows are left out, and counted.
 * Names Roster's own copy guarded against formulas (a leading ') get their text back.
 */
export function namesFromTsv(text: string): PastedTable {
  const records = readTsv(text);
  const isBlank = (record: TsvRecord): boolean => record.cells.every((cell) => cell.trim() === '');
  const first = records.findIndex((record) => !isBlank(record));
  // Line ends after the last row are how every spreadsheet ends a copy, not blank rows.
  const last = records.findLastIndex((record) => !isBlank(record));
  const column = first === -1 ? -1 : headerColumn((records[first] as TsvRecord).cells);
  const header = column === -1 ? null : ((records[first] as TsvRecord).cells[column] as string).trim();
  const ownCopy = first !== -1 && (records[first] as TsvRecord).cells.join('\t') === COPY_HEADER_LINE;
  const names: string[] = [];
  const lines: number[] = [];
  let blankLines = 0;
  let blankNames = 0;
  let columns = 0;
  for (const [i, record] of records.entries()) {
    columns = Math.max(columns, record.cells.length);
    if (header !== null && i === first) continue;
    if (isBlank(record)) {
      if (i < last) blankLines++;
      continue;
    }
    const cell = record.cells[Math.max(column, 0)] ?? '';
    if (cell.trim() === '') {
      blankNames++;
      continue;
    }
    names.push(ownCopy ? unguard(cell) : cell);
    lines.push(record.line);
  }
  return { names, lines, header, column: Math.max(column, 0), columns, blankLines, blankNames };
}
