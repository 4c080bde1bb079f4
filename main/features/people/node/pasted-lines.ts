// Names pasted into a workspace window, checked before anything is written: each must
// be a valid name, and the first bad one refuses the paste, named by its place in the
// list ("Line 3: A name cannot be empty."; the window has already taken the name column
// of spreadsheet rows and left out header and blank rows, and renumbers the line as
// pasted). Checked in slices, with the event loop let through between them, so a
// 100,000-line paste never stalls the main process.

import { validName } from './valid-name.js';

const SLICE = 5000;

export async function validPastedLines(lines: readonly string[]): Promise<string[]> {
  const names: string[] = [];
  for (let start = 0; start < lines.length; start += SLICE) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    const end = Math.min(lines.length, start + SLICE);
    for (let i = start; i < end; i++) names.push(validName(lines[i] as string, `Line ${i + 1}`));
  }
  return names;
}
