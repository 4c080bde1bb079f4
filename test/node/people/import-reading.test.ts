// Reading import files: RFC 4180 CSV and JSON arrays, read incrementally (any chunk
// boundary gives the same result), the shapes spreadsheets write (separators, sep=,
// UTF-16, Windows-1252 refused unless chosen), and every name validated, with errors
// that name the row as a person sees it.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv, CsvReader } from '../../../main/features/import-export/node/import/csv-reader.js';
import { formatFromPath } from '../../../main/features/import-export/node/import/import-format.js';
import { JsonArrayReader } from '../../../main/features/import-export/node/import/json-reader.js';
import { NameRows, parseImportText, type ImportShape } from '../../../main/features/import-export/node/import/name-rows.js';
import { sniffEncoding } from '../../../main/features/import-export/node/import/text-source.js';
import { InlineTaskRunner } from '../../../main/kernel/node/tasks/inline-runner.js';
import { importTask } from '../../../main/features/import-export/node/import/import-task.js';
import { previewTask } from '../../../main/features/import-export/node/import/preview-task.js';
import { expectCode } from '../../support/people-fixtures.js';
import { makeCurrentFile, makeTempDir, queryFile, REPO_ROOT, removeTempDirs } from '../../support/workspace-fixtures.js';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';

afterAll(removeTempDirs);

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'import');

function csv(text: string, shape: Partial<ImportShape> = {}): string[] {
  return parseImportText(text, { format: 'csv', ...shape });
}

async function csvError(text: string, shape: Partial<ImportShape> = {}): Promise<string> {
  return (
    await expectCode(
      Promise.resolve().then(() => csv(text, shape)),
      'IMPORT_INVALID',
    )
  ).message;
}

async function jsonError(text: string): Promise<string> {
  return (
    await expectCode(
      Promise.resolve().then(() => parseImportText(text, { format: 'json' })),
      'IMPORT_INVALID',
    )
  ).message;
}

/** The same text fed in pieces of `size` characters. */
function inChunks(text: string, size: number, shape: ImportShape): string[] {
  const rows = new NameRows(shape);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...rows.push(text.slice(i, i + size)).map((row) => row.name));
  out.push(...rows.end().map((row) => row.name));
  return out;
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
    expect(parseCsv('a,b,c\n,"",x\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['', '', 'x'] },
    ]);
  });

  it('skips blank lines and rows of only separators, and drops a byte order mark', () => {
    expect(parseCsv('\ufeffname\r\n\r\nAda\n   \n,,\n\nGrace\n\n')).toEqual([
      { line: 1, fields: ['name'] },
      { line: 3, fields: ['Ada'] },
      { line: 7, fields: ['Grace'] },
    ]);
  });

  it('gives the same records whatever the chunk boundaries (inside quotes, between CR and LF, inside "")', () => {
    const text = 'id,name\r\n1,"Smith, ""J""\r\nand more"\r\n2,Zoë\r3,"x"\n4,last';
    const whole = parseCsv(text);
    for (let size = 1; size <= text.length; size++) {
      const reader = new CsvReader();
      const records = [];
      for (let i = 0; i < text.length; i += size) records.push(...reader.push(text.slice(i, i + size)));
      records.push(...reader.end());
      expect(records, `chunks of ${size}`).toEqual(whole);
    }
  });
});

describe('CSV import', () => {
  it('finds the name column anywhere, in any case, ignoring other columns', () => {
    expect(csv('id,email, Name ,notes\n1,a@x,Ada Lovelace,first\n2,g@x,Grace Hopper,\n')).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(csv('NAME\nAda')).toEqual(['Ada']);
  });

  it('takes another column when asked, by header text or position', () => {
    expect(csv('id,Full name\n1,Ada\n', { column: 'full name' })).toEqual(['Ada']);
    expect(csv('id,who\n1,Ada\n', { column: 1 })).toEqual(['Ada']);
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
    expect(await csvError('id,who\n1,Ada\n', { column: 'full name' })).toMatch(/^Line 1: .*no "full name" column/);
  });

  it('refuses an unterminated quote, naming the line it starts on', async () => {
    expect(await csvError('name\nAda\n"Grace\nHopper\n')).toMatch(/^Line 3: .*never closed/);
  });

  it('refuses text after a closing quote', async () => {
    expect(await csvError('name\n"Ada"x\n')).toMatch(/^Line 2: /);
  });

  it('accepts a short row whose name cell is there; refuses one without it, and a row with extra fields', async () => {
    expect(csv('name,id,notes\nAda,1\nGrace\n')).toEqual(['Ada', 'Grace']);
    expect(await csvError('id,name\n1,Ada\n2\n3,Grace\n')).toMatch(/^Line 3: this row has no value in the "name" column\./);
    expect(await csvError('id,name\n1,Ada,extra\n')).toMatch(/^Line 2: this row has 3 fields but the header has 2\./);
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

  it('finds the separator from the header line, and honours Excel’s sep= line', () => {
    expect(csv('name;email\nAda;a@x\n"Smith; J";s@x\n')).toEqual(['Ada', 'Smith; J']);
    expect(csv('name\temail\nAda\ta@x\n')).toEqual(['Ada']);
    expect(csv('sep=;\r\nname;email\r\nAda, Countess;a@x\r\n')).toEqual(['Ada, Countess']);
    expect(csv('id;name,with comma\n1;Ada\n', { separator: ';', column: 1 })).toEqual(['Ada']);
  });

  it('gives the same names however the text is cut into chunks', () => {
    const text = 'sep=;\r\nid;name;notes\r\n1;"Smith; ""J""";x\r\n2;Zoë\r\n;;\r\n3;Three;"two\r\nlines"\r\n';
    const whole = csv(text);
    for (let size = 1; size <= text.length; size += 1) expect(inChunks(text, size, { format: 'csv' }), `chunks of ${size}`).toEqual(whole);
  });
});

describe('JSON import', () => {
  it('reads an array of names or of objects with a name (other keys ignored, nested values too)', () => {
    expect(parseImportText('["Ada", {"name": " Grace ", "id": 7, "tags": ["a", {"b": "]"}]}, "Zoë"]', { format: 'json' })).toEqual([
      'Ada',
      'Grace',
      'Zoë',
    ]);
    expect(parseImportText('[]', { format: 'json' })).toEqual([]);
    expect(parseImportText('\ufeff [ "A\\"b" ] \n', { format: 'json' })).toEqual(['A"b']);
  });

  it('gives the same names however the text is cut into chunks', () => {
    const text = '[ "Ada", {"name": "Gr\\"ace", "x": [1, {"y": "}]"}]}, "Zoë" ]';
    for (let size = 1; size <= text.length; size++) {
      expect(inChunks(text, size, { format: 'json' }), `chunks of ${size}`).toEqual(['Ada', 'Gr"ace', 'Zoë']);
    }
    const reader = new JsonArrayReader();
    expect([...reader.push('["a", "b'), ...reader.push('", "c"]'), ...reader.end()].map((e) => e.value)).toEqual(['a', 'b', 'c']);
  });

  it('refuses anything but an array', async () => {
    expect(await jsonError('{"name": "Ada"}')).toMatch(/must be an array/);
    expect(await jsonError('"Ada"')).toMatch(/must be an array/);
    expect(await jsonError('["a", "b"')).toMatch(/never closed/);
    expect(await jsonError('["a"] x')).toMatch(/text after the array/);
    expect(await jsonError('')).toMatch(/empty/);
  });

  it('refuses a wrong item, naming its index', async () => {
    expect(await jsonError('["Ada", 42]')).toMatch(/^Index 1: /);
    expect(await jsonError('["Ada", null]')).toMatch(/^Index 1: /);
    expect(await jsonError('["Ada", ["Grace"]]')).toMatch(/^Index 1: /);
    expect(await jsonError('["Ada", "Grace", {"nom": "X"}]')).toMatch(/^Index 2: .*"name"/);
    expect(await jsonError('[{"name": 5}]')).toMatch(/^Index 0: /);
    expect(await jsonError('["Ada", {"name": "x",}]')).toMatch(/^Index 1: not valid JSON/);
  });

  it('refuses the whole file for one bad name and names its index', async () => {
    expect(await jsonError('["Ada", "Grace", "  "]')).toBe('Index 2: A name cannot be empty.');
  });
});

const runner = new InlineTaskRunner();
const preview = (file: string, extra: object = {}) => runner.run(previewTask, { file: join(FIXTURES, file), format: 'csv', ...extra });

describe('files spreadsheets write', () => {
  const expected = ['Zoë Saldaña', 'Jürgen Müller', 'François Żółć', 'Ana, Maria'];

  it.each([
    ['excel-csv-utf8.csv', 'utf-8', ','],
    ['excel-unicode-text.txt', 'utf-16le', '\t'],
    ['libreoffice.csv', 'utf-8', ','],
    ['google-sheets.csv', 'utf-8', ','],
  ] as const)('%s: encoding %s, separator %j, every name, no problems', async (file, encoding, separator) => {
    const result = await preview(file);
    expect(result).toMatchObject({
      encoding,
      encodingCertain: true,
      separator,
      columns: ['Name', 'Email', 'Notes'],
      nameColumn: 0,
      count: 4,
      problemCount: 0,
    });
    expect(result.rows.map((row) => row.cells[0])).toEqual(expected);
  });

  it('excel-sep-hint.csv: the sep= line is honoured and is not the header', async () => {
    const result = await preview('excel-sep-hint.csv');
    expect(result).toMatchObject({ separator: ';', columns: ['Name', 'Email', 'Notes'], count: 3, problemCount: 0 });
  });

  it(
    'excel-csv-semicolon-1252.csv: Windows-1252 is offered as a guess, never read as mojibake; ' +
      'chosen, it imports right and skips the rows of separators',
    async () => {
      const guessed = await preview('excel-csv-semicolon-1252.csv');
      expect(guessed).toMatchObject({ encoding: 'windows-1252', encodingCertain: false, separator: ';', count: 3, problemCount: 0 });
      expect(guessed.rows.map((row) => row.cells[0])).toEqual(['Zoë Saldaña', 'Jürgen Müller', 'François Ménard']);
      // Without a choice, an import refuses it and says how to import it.
      const workspace = join(makeTempDir('import-1252'), 'w.roster');
      makeCurrentFile(workspace, [], foldName);
      const refused = await expectCode(
        runner.run(importTask, { workspace, file: join(FIXTURES, 'excel-csv-semicolon-1252.csv'), format: 'csv' }),
        'IMPORT_INVALID',
      );
      expect(refused.message).toMatch(/not UTF-8.*Windows-1252/);
      // Chosen, it reads right.
      expect(
        await runner.run(importTask, {
          workspace,
          file: join(FIXTURES, 'excel-csv-semicolon-1252.csv'),
          format: 'csv',
          encoding: 'windows-1252',
        }),
      ).toMatchObject({ count: 3, firstId: 1, lastId: 3 });
      expect(queryFile<{ name: string }>(workspace, 'SELECT name FROM "Person" ORDER BY id').map((row) => row.name)).toEqual([
        'Zoë Saldaña',
        'Jürgen Müller',
        'François Ménard',
      ]);
    },
  );

  it('short-rows.csv: rows without their empty trailing cells import when the name cell is there', async () => {
    expect(await preview('short-rows.csv')).toMatchObject({
      columns: ['Email', 'Name', 'Notes'],
      nameColumn: 1,
      count: 2,
      problemCount: 0,
    });
  });
});

describe('import previews', () => {
  it('a preview lists problems with their lines instead of stopping at the first', async () => {
    const dir = makeTempDir('preview');
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'name,x\nAda,1\n"",2\nGrace,3\n   ,4\n');
    const result = await runner.run(previewTask, { file, format: 'csv' });
    expect(result.count).toBe(2);
    expect(result.problemCount).toBe(2);
    expect(result.problems).toEqual([
      { where: 'Line 3', message: 'A name cannot be empty.' },
      { where: 'Line 5', message: 'A name cannot be empty.' },
    ]);
  });

  it(
    'a preview names the file by its base name, shows data rows with their lines, ' + 'and stops early on a big file with an estimate',
    async () => {
      const hinted = await preview('excel-sep-hint.csv');
      expect(hinted.fileName).toBe('excel-sep-hint.csv');
      expect(hinted.rows.map((row) => row.where)).toEqual(['Line 3', 'Line 4', 'Line 5']);
      expect(hinted.complete).toBe(true);
      const dir = makeTempDir('preview-big');
      const file = join(dir, 'big.csv');
      const lines = Array.from({ length: 300_000 }, (_, i) => `Person ${String(i).padStart(6, '0')},x`);
      writeFileSync(file, `name,other\n${lines.join('\n')}\n`);
      const partial = await runner.run(previewTask, { file, format: 'csv', maxBytes: 1 });
      expect(partial.complete).toBe(false);
      expect(partial.rows).toHaveLength(20);
      expect(partial.rows[0]).toEqual({ where: 'Line 2', cells: ['Person 000000', 'x'] });
      // One chunk (1 MiB) of a ~5.4 MB file read: the count is an estimate near the truth.
      expect(partial.count).toBeGreaterThan(250_000);
      expect(partial.count).toBeLessThan(350_000);
      const whole = await runner.run(previewTask, { file, format: 'csv' });
      expect(whole).toMatchObject({ complete: false });
      expect(await runner.run(previewTask, { file, format: 'csv', maxBytes: 64 * 1024 * 1024 })).toMatchObject({
        complete: true,
        count: 300_000,
      });
    },
  );
});

describe('encoding and format detection', () => {
  it('sniffs byte order marks and UTF-8 validity, even with a character cut at the end of the sample', () => {
    expect(sniffEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ encoding: 'utf-8', bom: 3, certain: true });
    expect(sniffEncoding(Buffer.from([0xff, 0xfe, 0x41, 0]))).toEqual({ encoding: 'utf-16le', bom: 2, certain: true });
    expect(sniffEncoding(Buffer.from([0xfe, 0xff, 0, 0x41]))).toEqual({ encoding: 'utf-16be', bom: 2, certain: true });
    expect(sniffEncoding(Buffer.from('Zoë', 'utf8').subarray(0, 3))).toEqual({ encoding: 'utf-8', bom: 0, certain: true });
    expect(sniffEncoding(Buffer.from('Zo\xeb Salda\xf1a', 'latin1'))).toEqual({ encoding: 'windows-1252', bom: 0, certain: false });
    expect(readFileSync(join(FIXTURES, 'excel-unicode-text.txt')).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
  });

  it('knows the format from the extension', () => {
    expect(formatFromPath('/x/people.CSV')).toBe('csv');
    expect(formatFromPath('people.tsv')).toBe('csv');
    expect(formatFromPath('people.json')).toBe('json');
    expect(formatFromPath('people.xlsx')).toBeNull();
  });
});
