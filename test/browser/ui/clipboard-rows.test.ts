// The clipboard formats on their own (no browser needed): tab-separated rows with a
// header and a formula guard, and pasted spreadsheet text split into names.

import { describe, expect, it } from 'vitest';
import { BULK_MAX } from '../../../main/features/people/common/people-contract.js';
import {
  lineNumbersAsPasted,
  namesFromPaste,
  PASTE_MAX,
  pasteProblem,
  pasteSummary,
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
    expect(namesFromPaste(tsv)).toMatchObject({
      names: ['Ada Lovelace', '=HYPERLINK("x")', "'quoted"],
      lines: [2, 3, 4],
      header: 'Name',
    });
  });

  it('reads one name per line, any line ending; blank lines are skipped and counted, except the ones ending the text', () => {
    expect(namesFromPaste('a\r\nb\rc\n\n\n')).toMatchObject({ names: ['a', 'b', 'c'], lines: [1, 2, 3], blankLines: 0 });
    expect(namesFromPaste('a\n\nb')).toMatchObject({ names: ['a', 'b'], lines: [1, 3], blankLines: 1 });
    expect(namesFromPaste('')).toMatchObject({ names: [], blankLines: 0, header: null });
  });

  it('names the line of a problem as the person sees the pasted text', () => {
    expect(pasteProblem(namesFromPaste(`ok\n\n${'y'.repeat(5000)}`))).toBe(
      'Line 3: A name can hold at most 1024 Unicode code points (an accent or emoji may take several); this one has 5000.',
    );
    expect(pasteProblem(namesFromPaste('ok'))).toBeNull();
    expect(pasteProblem(namesFromPaste(Array.from({ length: PASTE_MAX + 1 }, () => 'x').join('\n')))).toMatch(
      /^Paste at most 100,000 names/,
    );
    const pasted = namesFromPaste('Name\tEmail\nAda\ta@x\n\nBob\tb@x\nCy\tc@x');
    expect(lineNumbersAsPasted('Line 3: A name cannot be empty.', pasted)).toBe('Line 5: A name cannot be empty.');
    expect(lineNumbersAsPasted('Line 1: A name cannot be empty.', namesFromPaste('a'))).toBe('Line 1: A name cannot be empty.');
  });

  it('takes the name column of spreadsheet rows, by its header or else the first column, and says what it left out', () => {
    const withHeader = namesFromPaste('Email\tFull name\r\na@x\tAda\r\n\r\nb@x\t"Grace\r\nHopper"\r\nc@x\t\r\n"Bob" Smith\t"Cy ""C"""\r\n');
    expect(withHeader).toMatchObject({
      names: ['Ada', 'Grace\r\nHopper', 'Cy "C"'],
      lines: [2, 4, 7],
      header: 'Full name',
      column: 1,
      blankLines: 1,
      blankNames: 1,
    });
    expect(pasteSummary(withHeader, 3, 'Ada')).toBe(
      'Added 3 people from the Full name column; skipped the header row, 1 blank line and 1 row with no name.',
    );
    const noHeader = namesFromPaste('Ada\tada@x\nGrace\tg@x\n');
    expect(noHeader).toMatchObject({ names: ['Ada', 'Grace'], header: null, column: 0 });
    expect(pasteSummary(noHeader, 2, 'Ada')).toBe('Added 2 people from the first column.');
    expect(pasteSummary(namesFromPaste('Ada\n'), 1, 'Ada')).toBe('Added Ada.');
    // A cell that only starts with a quote is plain text.
    expect(namesFromPaste('"Bob" Smith\n"Unclosed').names).toEqual(['"Bob" Smith', '"Unclosed']);
  });

  it('allows as many lines as main takes in one call', () => {
    expect(PASTE_MAX).toBe(BULK_MAX);
  });
});
