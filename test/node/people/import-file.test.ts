// The import file reader: RFC 4180 CSV, JSON, and every name validated before
// anything is written, with errors that name the row as a person sees it.

import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatFromPath, IMPORT_MAX_BYTES, parseCsv, parseImportText, readImportFile } from '../../../main/node/people/import-file.js';
import { expectCode } from '../../support/people-fixtures.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

function csv(text: string): string[] {
  return parseImportText(text, 'csv');
}

async function csvError(text: string): Promise<string> {
  return (await expectCode(Promise.resolve().then(() => csv(text)), 'IMPORT_INVALID')).message;
}

async function jsonError(text: string): Promise<string> {
  return (await expectCode(Promise.resolve().then(() => parseImportText(text, 'json')), 'IMPORT_INVALID')).message;
}

describe('CSV records (RFC 4180)', () => {
  it('splits fields and records, with CRLF, LF and a final record without a line end', () => {
    expect(parseCsv('a,b\r\n1,2\n3,4')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, and keeps counting lines', () => {
    expect(parseCsv('name,x\n"Smith, John","say ""hi"""\n"two\nlines",y\nlast,z\n')).toEqual([
      { line: 1, fields: ['name', 'x'] },
      { line: 2, fields: ['Smith, John', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'y'] },
      { line: 5, fields: ['last', 'z'] },
    ]);
  });

  it('keeps empty fields, including a quoted empty one', () => {
    expect(parseCsv('a,b,c\n,"",\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['', '', ''] },
    ]);
  });

  it('skips blank lines and drops a byte order mark', () => {
    expect(parseCsv('\ufeffname\r\n\r\nAda\n   \n\nGrace\n\n')).toEqual([
      { line: 1, fields: ['name'] },
      { line: 3, fields: ['Ada'] },
      { line: 6, fields: ['Grace'] },
    ]);
  });
});

describe('CSV import', () => {
  it('finds the name column anywhere, in any case, ignoring other columns', () => {
    expect(csv('id,email, Name ,notes\n1,a@x,Ada Lovelace,first\n2,g@x,Grace Hopper,\n')).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(csv('NAME\nAda')).toEqual(['Ada']);
  });

  it('trims names and keeps accents, emoji and quotes', () => {
    expect(csv('name\n"  Zoë  "\n"😀 ""Smiley"""\n')).toEqual(['Zoë', '😀 "Smiley"']);
  });

  it('a header alone imports nobody', () => {
    expect(csv('name\n')).toEqual([]);
  });

  it('removes the spreadsheet-protection quote written by export, and only that', () => {
    expect(csv("name\n'=SUM(A1)\n'+1\n'-x\n'@me\n''quoted\n'plain\n")).toEqual(['=SUM(A1)', '+1', '-x', '@me', "'quoted", "'plain"]);
  });

  it('refuses a file with no header', async () => {
    expect(await csvError('')).toMatch(/empty/);
    expect(await csvError('\n\n')).toMatch(/empty/);
  });

  it('refuses a header without a name column, or with two', async () => {
    expect(await csvError('id,email\n1,a@x\n')).toMatch(/^Line 1: .*no "name" column/);
    expect(await csvError('name,Name\nA,B\n')).toMatch(/^Line 1: .*more than one/);
  });

  it('refuses an unterminated quote, naming the line it starts on', async () => {
    expect(await csvError('name\nAda\n"Grace\nHopper\n')).toMatch(/^Line 3: .*never closed/);
  });

  it('refuses text after a closing quote', async () => {
    expect(await csvError('name\n"Ada"x\n')).toMatch(/^Line 2: /);
  });

  it('refuses a ragged row, naming its line', async () => {
    expect(await csvError('id,name\n1,Ada\n2\n3,Grace\n')).toMatch(/^Line 3: this row has 1 field but the header has 2\./);
    expect(await csvError('id,name\n1,Ada,extra\n')).toMatch(/^Line 2: this row has 3 fields/);
  });

  it('refuses the whole file for one bad name and names its line', async () => {
    const rows = ['name', ...Array.from({ length: 50 }, (_, i) => `Person ${i}`)];
    rows.splice(31, 0, '""');
    expect(await csvError(rows.join('\n'))).toBe('Line 32: A name cannot be empty.');
    expect(await csvError(`name\nAda\n${'x'.repeat(257)}\n`)).toMatch(/^Line 3: A name can have at most 256 characters/);
    expect(await csvError('name\nAda\n"Tab\there"\n')).toMatch(/^Line 3: .*control characters/);
  });

  it('counts lines inside multi-line quoted fields when naming a bad row', async () => {
    expect(await csvError('name,notes\nAda,"a\nb\nc"\n"   ",x\n')).toMatch(/^Line 5: /);
  });
});

describe('JSON import', () => {
  it('reads an array of names or of objects with a name (other keys ignored)', () => {
    expect(parseImportText('["Ada", {"name": " Grace ", "id": 7}, "Zoë"]', 'json')).toEqual(['Ada', 'Grace', 'Zoë']);
    expect(parseImportText('[]', 'json')).toEqual([]);
  });

  it('refuses anything but an array', async () => {
    expect(await jsonError('{"name": "Ada"}')).toMatch(/must be an array/);
    expect(await jsonError('"Ada"')).toMatch(/must be an array/);
    expect(await jsonError('[1, 2')).toMatch(/not valid JSON/);
  });

  it('refuses a wrong item, naming its index', async () => {
    expect(await jsonError('["Ada", 42]')).toMatch(/^Index 1: /);
    expect(await jsonError('["Ada", null]')).toMatch(/^Index 1: /);
    expect(await jsonError('["Ada", ["Grace"]]')).toMatch(/^Index 1: /);
    expect(await jsonError('["Ada", "Grace", {"nom": "X"}]')).toMatch(/^Index 2: .*"name"/);
    expect(await jsonError('[{"name": 5}]')).toMatch(/^Index 0: /);
  });

  it('refuses the whole file for one bad name and names its index', async () => {
    expect(await jsonError('["Ada", "Grace", "  "]')).toBe('Index 2: A name cannot be empty.');
  });
});

describe('reading files', () => {
  const dir = makeTempDir('import');

  it('reads UTF-8 with a BOM', async () => {
    const path = join(dir, 'bom.csv');
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name\r\nZoë\r\n')]));
    expect(await readImportFile(path, 'csv')).toEqual(['Zoë']);
  });

  it('refuses text that is not UTF-8', async () => {
    const path = join(dir, 'latin1.csv');
    writeFileSync(path, Buffer.from('name\nZo\xeb\n', 'latin1'));
    expect((await expectCode(readImportFile(path, 'csv'), 'IMPORT_INVALID')).message).toMatch(/UTF-8/);
  });

  it('refuses a file over the size limit without reading it', async () => {
    const path = join(dir, 'huge.csv');
    writeFileSync(path, 'name\n');
    truncateSync(path, IMPORT_MAX_BYTES + 1);
    expect((await expectCode(readImportFile(path, 'csv'), 'IMPORT_INVALID')).message).toMatch(/too large/);
  });

  it('answers NOT_FOUND for a missing file and BAD_PATH for a folder', async () => {
    await expectCode(readImportFile(join(dir, 'nope.csv'), 'csv'), 'NOT_FOUND');
    await expectCode(readImportFile(dir, 'json'), 'BAD_PATH');
  });

  it('honours an aborted signal', async () => {
    const path = join(dir, 'ok.json');
    writeFileSync(path, '["Ada"]');
    await expectCode(readImportFile(path, 'json', { signal: AbortSignal.abort() }), 'CANCELLED');
  });

  it('knows the format from the extension', () => {
    expect(formatFromPath('/x/people.CSV')).toBe('csv');
    expect(formatFromPath('people.json')).toBe('json');
    expect(formatFromPath('people.txt')).toBeNull();
  });
});
