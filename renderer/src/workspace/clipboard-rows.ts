// Rows to and from the clipboard.
//
// Copy writes tab-separated text with a header row, which every spreadsheet pastes
// into columns: Name, Added, Last changed, dates as "YYYY-MM-DD HH:MM:SS" in local time
// (what spreadsheets recognise as a date and time). As in CSV export, a name that a
// spreadsheet would run as a formula (= + - @) or that starts with ' gets a leading '.
//
// Paste reads one name per line. Text copied from a Roster table (it starts with the
// header above) gives back its Name column, so rows copy between workspaces.

import type { PersonDto } from '../../../main/common/people-contract.js';
import { unsendableName } from '../shared/names.js';

export const COPY_HEADER = ['Name', 'Added', 'Last changed'] as const;
const HEADER_LINE = COPY_HEADER.join('\t');
const FORMULA_START = /^[=+\-@']/;
/**
 * Most lines one paste may add: the contract's BULK_MAX (a test keeps them equal).
 * Not imported from people-contract.ts, which would pull zod into the renderer bundle.
 */
export const PASTE_MAX = 100_000;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Local date and time as spreadsheets read it. */
export function spreadsheetDateTime(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function guard(name: string): string {
  return FORMULA_START.test(name) ? `'${name}` : name;
}

function unguard(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

export function rowsAsTsv(people: readonly PersonDto[]): string {
  const lines = [HEADER_LINE, ...people.map((person) => [guard(person.name), spreadsheetDateTime(person.createdAt), spreadsheetDateTime(person.updatedAt)].join('\t'))];
  return `${lines.join('\n')}\n`;
}

export interface PastedNames {
  readonly names: string[];
  /** Lines of the pasted text before the first name (1 when a Roster header was dropped). */
  readonly skippedLines: number;
}

/** The names in pasted text, one per line; empty lines at the end are not names. */
export function namesFromPaste(text: string): PastedNames {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  if (lines[0] === HEADER_LINE) {
    return { names: lines.slice(1).map((line) => unguard(line.split('\t')[0] ?? '')), skippedLines: 1 };
  }
  return { names: lines, skippedLines: 0 };
}

/** A problem the renderer can name before sending (too many lines, a line too long to send), or null. */
export function pasteProblem(pasted: PastedNames): string | null {
  if (pasted.names.length > PASTE_MAX) return `Paste at most ${PASTE_MAX.toLocaleString()} names at a time; this has ${pasted.names.length.toLocaleString()}.`;
  for (const [i, name] of pasted.names.entries()) {
    const problem = unsendableName(name);
    if (problem) return `Line ${i + 1 + pasted.skippedLines}: ${problem}`;
  }
  return null;
}

/** Main numbers lines from the first name; say them as the person sees the pasted text. */
export function lineNumbersAsPasted(message: string, skippedLines: number): string {
  if (skippedLines === 0) return message;
  return message.replace(/^Line (\d+):/, (_, n: string) => `Line ${Number(n) + skippedLines}:`);
}
