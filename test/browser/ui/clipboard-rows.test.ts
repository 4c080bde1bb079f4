// The clipboard formats on their own (no browser needed): tab-separated rows with a
// header and a formula guard, and pasted text split into names.

import { describe, expect, it } from 'vitest';
import { BULK_MAX } from '../../../main/features/people/common/people-contract.js';
import {
  lineNumbersAsPasted,
  namesFromPaste,
  PASTE_MAX,
  pasteProblem,
  rowsAsTsv,
} from '../../../renderer/src/features/people/clipboard-rows.js';

const at = (iso: string) => ({ id: 1, name: '', createdAt: iso, updatedAt: iso });

describe('clipboard rows', () => {
  it('copies a header and one line per person, guarding what a spreadsheet would run', () => {
    const tsv = rowsAsTsv([
      { ...at('2026-03-04T05:06:07.000Z'), name: 'Ada Lovelace' },
      { ...at('2026-03-04T05:06:07.000Z'), name: '=HYPERLINK("x")' },
      { ...at('2026-03-04T05:06:07.000Z'), name: "'quoted" },
    ]);
    const lines = tsv.split('\n');
    expect(lines[0]).toBe('Name\tAdded\tLast changed');
    expect(lines[1]).toMatch(/^Ada Lovelace\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(lines[2]?.split('\t')[0]).toBe(`'=HYPERLINK("x")`);
    expect(lines[3]?.split('\t')[0]).toBe("''quoted");
    expect(tsv.endsWith('\n')).toBe(true);
    // And back: the header is recognised and the guard removed.
    expect(namesFromPaste(tsv)).toEqual({ names: ['Ada Lovelace', '=HYPERLINK("x")', "'quoted"], skippedLines: 1 });
  });

  it('reads one name per line, any line ending, ignoring empty lines at the end only', () => {
    expect(namesFromPaste('a\r\nb\rc\n\n\n')).toEqual({ names: ['a', 'b', 'c'], skippedLines: 0 });
    expect(namesFromPaste('a\n\nb')).toEqual({ names: ['a', '', 'b'], skippedLines: 0 });
    expect(namesFromPaste('')).toEqual({ names: [], skippedLines: 0 });
  });

  it('names the line of a problem as the person sees the pasted text', () => {
    expect(pasteProblem({ names: ['ok', 'y'.repeat(5000)], skippedLines: 0 })).toBe(
      'Line 2: A name can have at most 256 characters; this one has 5000.',
    );
    expect(pasteProblem({ names: ['ok'], skippedLines: 0 })).toBeNull();
    expect(pasteProblem({ names: Array.from({ length: PASTE_MAX + 1 }, () => 'x'), skippedLines: 0 })).toMatch(
      /^Paste at most 100,000 names/,
    );
    expect(lineNumbersAsPasted('Line 3: A name cannot be empty.', 1)).toBe('Line 4: A name cannot be empty.');
    expect(lineNumbersAsPasted('Line 3: A name cannot be empty.', 0)).toBe('Line 3: A name cannot be empty.');
  });

  it('allows as many lines as main takes in one call', () => {
    expect(PASTE_MAX).toBe(BULK_MAX);
  });
});
