// Export to CSV and JSON: proper quoting, spreadsheet-formula protection, atomic
// replacement, and a round trip back through import.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PersonDto } from '../../../main/common/people-contract.js';
import { csvCell, writeExportFile, type ExportSource } from '../../../main/node/people/export-file.js';
import { parseCsv } from '../../../main/node/people/import/csv-reader.js';
import { parseImportText } from '../../../main/node/people/import/name-rows.js';
import { createTempPeople, expectCode, type TempPeople } from '../../support/people-fixtures.js';
import { removeTempDirs } from '../../support/workspace-fixtures.js';

const awkward = [
  'Ada Lovelace',
  'Smith, John',
  'Say "Hi"',
  '=HYPERLINK("http://evil","x")',
  '+1 555',
  '-minus',
  '@handle',
  "'apostrophe",
  "'=both",
  'Zoë 😀',
  ' padded? no, trimmed ',
];

let ws: TempPeople;
beforeEach(async () => {
  ws = await createTempPeople();
  await ws.people.createMany({ names: awkward });
});
afterEach(() => ws.close());
afterAll(removeTempDirs);

describe('CSV cells', () => {
  it('quotes only when needed and protects formula starts', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a"b')).toBe('"a""b"');
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('=A1,B1')).toBe(`"'=A1,B1"`);
    expect(csvCell('+x')).toBe("'+x");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@x')).toBe("'@x");
    expect(csvCell("'x")).toBe("''x");
    expect(csvCell('a=b')).toBe('a=b');
  });
});

describe('writeExportFile', () => {
  it('writes CSV with the header, every person in id order, and no cell starting a formula', async () => {
    const path = join(ws.dir, 'out.csv');
    expect(await writeExportFile(ws.people, path, 'csv')).toEqual({ count: awkward.length });
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('id,name,createdAt,updatedAt\r\n')).toBe(true);
    const records = parseCsv(text);
    expect(records.length).toBe(awkward.length + 1);
    for (const record of records.slice(1)) {
      expect(record.fields.length).toBe(4);
      for (const cell of record.fields) expect(cell).not.toMatch(/^[=+\-@]/);
    }
    expect(records.slice(1).map((record) => Number(record.fields[0]))).toEqual(awkward.map((_, i) => i + 1));
  });

  it('round-trips names through CSV and JSON import exactly', async () => {
    const stored = awkward.map((name) => name.trim());
    for (const format of ['csv', 'json'] as const) {
      const path = join(ws.dir, `round.${format}`);
      await writeExportFile(ws.people, path, format);
      expect(parseImportText(readFileSync(path, 'utf8'), { format })).toEqual(stored);
    }
  });

  it('writes JSON as an array of {id, name, createdAt, updatedAt}', async () => {
    const path = join(ws.dir, 'out.json');
    await writeExportFile(ws.people, path, 'json');
    const data = JSON.parse(readFileSync(path, 'utf8')) as PersonDto[];
    expect(data.map((person) => Object.keys(person))).toEqual(awkward.map(() => ['id', 'name', 'createdAt', 'updatedAt']));
    expect(data[3]?.name).toBe('=HYPERLINK("http://evil","x")');
    expect(data[0]).toEqual(await ws.people.get({ id: 1 }));
  });

  it('writes a valid empty file for an empty workspace', async () => {
    await ws.people.delete({ ids: awkward.map((_, i) => i + 1) });
    await writeExportFile(ws.people, join(ws.dir, 'empty.json'), 'json');
    expect(JSON.parse(readFileSync(join(ws.dir, 'empty.json'), 'utf8'))).toEqual([]);
    await writeExportFile(ws.people, join(ws.dir, 'empty.csv'), 'csv');
    expect(readFileSync(join(ws.dir, 'empty.csv'), 'utf8')).toBe('id,name,createdAt,updatedAt\r\n');
  });

  it('leaves an existing file untouched and no temp file behind when the export fails midway', async () => {
    const folder = join(ws.dir, 'atomic');
    mkdirSync(folder);
    const path = join(folder, 'people.csv');
    writeFileSync(path, 'previous export\n');
    const failing: ExportSource = {
      async *exportAll() {
        yield [{ id: 1, name: 'Half', createdAt: new Date(0).toISOString(), updatedAt: new Date(0).toISOString() }];
        throw new Error('disk on fire');
      },
    };
    await expect(writeExportFile(failing, path, 'csv')).rejects.toThrow('disk on fire');
    expect(readFileSync(path, 'utf8')).toBe('previous export\n');
    expect(readdirSync(folder)).toEqual(['people.csv']);
  });

  it('replaces an existing file on success', async () => {
    const path = join(ws.dir, 'replace.csv');
    writeFileSync(path, 'old');
    await writeExportFile(ws.people, path, 'csv');
    expect(readFileSync(path, 'utf8')).toMatch(/^id,name/);
  });

  it('refuses a folder or a missing folder with BAD_PATH', async () => {
    await expectCode(writeExportFile(ws.people, ws.dir, 'csv'), 'BAD_PATH');
    await expectCode(writeExportFile(ws.people, join(ws.dir, 'no', 'such', 'x.csv'), 'csv'), 'BAD_PATH');
    expect(existsSync(join(ws.dir, 'no'))).toBe(false);
  });
});
