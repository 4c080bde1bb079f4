// Rows to and from the clipboard.
//
// Copy writes tab-separated text with a header row, which every spreadsheet pastes
// into columns: Name, Added, Last changed, dates as "YYYY-MM-DD HH:MM:SS" in local time
// (what spreadsheets recognise as a date and time). As in CSV export, a name that a
// spreadsheet would run as a formula (= + - @) or that starts with ' gets a leading '.
//
// Paste reads what a spreadsheet copies: rows of tab-separated cells, quoted where a
// cell holds a line break. Names come from the column headed "Name" (or "Full name"…)
// when the first row is such a header, else from the first column; the header row and
// blank rows are left out, and the paste says so (namesFromTsv in clipboard-tsv.ts).
// Text copied from a Roster table gives back its Name column, so rows copy between
// workspaces.

import { namesFromTsv, type PastedTable } from '../../../../main/features/people/common/clipboard-tsv.js';
import { people } from '../../kernel/format.js';
import { unsendableName } from '../../kernel/names.js';

export { rowsAsTsv } from '../../../../main/features/people/common/clipboard-tsv.js';

/**
 * Most lines one paste may add: the contract's BULK_MAX (a test keeps them equal).
 * Not imported from people-contract.ts, which would pull zod into the renderer bundle.
 */
export const PASTE_MAX = 100_000;

export type PastedNames = PastedTable;

/** The names in pasted text, with the line each is on and what was left out. */
export function namesFromPaste(text: string): PastedNames {
  return namesFromTsv(text);
}

/** A problem the renderer can name before sending (too many lines, a line too long to send), or null. */
export function pasteProblem(pasted: PastedNames): string | null {
  if (pasted.names.length > PASTE_MAX)
    return `Paste at most ${PASTE_MAX.toLocaleString()} names at a time; this has ${pasted.names.length.toLocaleString()}.`;
  for (const [i, name] of pasted.names.entries()) {
    const problem = unsendableName(name);
    if (problem) return `Line ${pasted.lines[i] ?? i + 1}: ${problem}`;
  }
  return null;
}

/** Main numbers lines from the first name it was sent; say them as the person sees the pasted text. */
export function lineNumbersAsPasted(message: string, pasted: PastedNames): string {
  return message.replace(/^Line (\d+):/, (whole, n: string) => {
    const line = pasted.lines[Number(n) - 1];
    return line === undefined ? whole : `Line ${line}:`;
  });
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? `1 ${one}` : `${count.toLocaleString()} ${many}`;
}

/** What a paste did, in words: "Added 3 people from the Name column; skipped the header row and 1 blank line." */
export function pasteSummary(pasted: PastedNames, count: number, firstName: string | null): string {
  let added = count === 1 && firstName !== null ? `Added ${firstName}` : `Added ${people(count)}`;
  if (pasted.header !== null) added += ` from the ${pasted.header} column`;
  else if (pasted.columns > 1) added += ' from the first column';
  const skipped: string[] = [];
  if (pasted.header !== null) skipped.push('the header row');
  if (pasted.blankLines > 0) skipped.push(plural(pasted.blankLines, 'blank line', 'blank lines'));
  if (pasted.blankNames > 0) skipped.push(plural(pasted.blankNames, 'row with no name', 'rows with no name'));
  if (skipped.length === 0) return `${added}.`;
  const last = skipped.pop() as string;
  return `${added}; skipped ${skipped.length > 0 ? `${skipped.join(', ')} and ${last}` : last}.`;
}
