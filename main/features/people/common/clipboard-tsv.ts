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
export const COPY_HEADER_LINE = COPY_HEADER.join('\t');
export const FORMULA_START = /^[=+\-@']/;

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
