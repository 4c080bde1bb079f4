// Rows to and from the clipboard.
//
// Copy writes tab-separated text with a header row, which every spreadsheet pastes
// into columns: Name, Added, Last changed, dates as "YYYY-MM-DD HH:MM:SS" in local time
// (what spreadsheets recognise as a date and time). As in CSV export, a name that a
// spreadsheet would run as a formula (= + - @) or that starts with ' gets a leading '.
//
// Paste reads one name per line. Text copied from a Roster table (it starts with the
// header above) gives back its Name column, so rows copy between workspaces.

import { COPY_HEADER_LINE, FORMULA_START } from '../../../../main/features/people/common/clipboard-tsv.js';
import { unsendableName } from '../../kernel/names.js';

export { rowsAsTsv } from '../../../../main/features/people/common/clipboard-tsv.js';

const HEADER_LINE = COPY_HEADER_LINE;

/**
 * Most lines one paste may add: the contract's BULK_MAX (a test keeps them equal).
 * Not imported from people-contract.ts, which would pull zod into the renderer bundle.
 */
export const PASTE_MAX = 100_000;

function unguard(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
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
  if (pasted.names.length > PASTE_MAX)
    return `Paste at most ${PASTE_MAX.toLocaleString()} names at a time; this has ${pasted.names.length.toLocaleString()}.`;
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
