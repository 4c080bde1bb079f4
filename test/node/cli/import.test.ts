// `roster people import`: all or nothing, naming the bad row; a round trip through
// export; and the process killed (SIGKILL) in the middle of a large import leaves a
// sound file holding either none or all of the imported rows.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonDto } from '../../../main/features/people/common/people-contract.js';
import { collect, jsonOut, runRoster, spawnRoster, type CliOptions } from '../../support/cli.js';
import { countRows, fileState } from '../../support/people-fixtures.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

// Every test runs `roster` several times, on files of up to 300,000 rows: see test/support/loaded-machine.ts.
heavyTestFile();

let dir: string;
let options: CliOptions;

beforeAll(() => {
  dir = makeTempDir('cli-import');
  options = { dataDir: join(dir, 'data') };
});
afterAll(removeTempDirs);

async function newWorkspace(name: string, people: string[] = []): Promise<string> {
  const path = join(dir, `${name}.roster`);
  expect((await runRoster(['workspace', 'create', path], options)).code).toBe(0);
  if (people.length > 0) expect((await runRoster(['people', 'add', '--workspace', path, ...people], options)).code).toBe(0);
  return path;
}

function bigCsv(name: string, rows: number, prefix = 'Person'): string {
  const path = join(dir, name);
  const lines = ['name'];
  for (let i = 0; i < rows; i++) lines.push(`${prefix} ${i}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('all or nothing', () => {
  it('one bad CSV row among 10,000 rejects the file, names the line, and adds nobody', async () => {
    const ws = await newWorkspace('csv-bad', ['Existing']);
    const lines = ['id,name'];
    for (let i = 0; i < 10_000; i++) lines.push(`${i},Person ${i}`);
    lines[7501] = '7500,"   "';
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, lines.join('\r\n'));
    const before = fileState(ws);
    const result = await runRoster(['people', 'import', '--workspace', ws, csv], options);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('IMPORT_INVALID Line 7502: A name cannot be empty.\n');
    expect(fileState(ws)).toEqual(before);
    expect(countRows(ws)).toBe(1);
  });

  it('one bad JSON item rejects the file, names the index, and adds nobody', async () => {
    const ws = await newWorkspace('json-bad');
    const json = join(dir, 'bad.json');
    writeFileSync(json, JSON.stringify(['Ada', 'Grace', { name: 'x'.repeat(300) }, 'Zoë']));
    const result = await runRoster(['people', 'import', '--workspace', ws, json], options);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^IMPORT_INVALID Index 2: A name can have at most 256 characters/);
    expect(countRows(ws)).toBe(0);
  });

  it('refuses a malformed CSV, a missing file and an unknown extension', async () => {
    const ws = await newWorkspace('malformed');
    const csv = join(dir, 'ragged.csv');
    writeFileSync(csv, 'id,name\n1,Ada\n2,Grace,extra\n');
    expect((await runRoster(['people', 'import', '--workspace', ws, csv], options)).stderr).toMatch(/^IMPORT_INVALID Line 3: /);
    expect((await runRoster(['people', 'import', '--workspace', ws, join(dir, 'none.csv')], options)).stderr).toMatch(/^FILE_NOT_FOUND /);
    const sheet = join(dir, 'people.xlsx');
    writeFileSync(sheet, 'name\nAda\n');
    const unknown = await runRoster(['people', 'import', '--workspace', ws, sheet], options);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^INVALID_INPUT .*--format/);
    expect(jsonOut(await runRoster(['people', 'import', '--workspace', ws, sheet, '--format', 'csv', '--json'], options))).toEqual({
      imported: 1,
    });
    // Excel's "Unicode Text" is a .txt: read as CSV (tab-separated, found from its header).
    const txt = join(dir, 'people.txt');
    writeFileSync(txt, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name\tnotes\r\nGrace\tx\r\n', 'utf16le')]));
    expect(jsonOut(await runRoster(['people', 'import', '--workspace', ws, txt, '--json'], options))).toEqual({ imported: 1 });
    expect(countRows(ws)).toBe(2);
  });

  it('reads standard input until it ends: `roster people import --workspace W - --format csv`', async () => {
    const ws = await newWorkspace('stdin');
    const child = spawnRoster(['people', 'import', '--workspace', ws, '-', '--format', 'csv', '--json'], { ...options, stdin: 'pipe' });
    child.stdin?.end('name\nAda\n"Grace, Admiral"\n');
    expect(jsonOut(await collect(child))).toEqual({ imported: 2 });
    const missingFormat = await runRoster(['people', 'import', '--workspace', ws, '-'], options);
    expect(missingFormat.code).toBe(2);
    expect(missingFormat.stderr).toMatch(/^INVALID_INPUT .*--format/);
    expect(countRows(ws)).toBe(2);
  });
});

describe('round trip', () => {
  it('export then import into another workspace gives the same names, in order, for CSV and JSON', async () => {
    const names = ['Smith, John', 'Say "Hi"', '=SUM(A1:A9)', '-5', '@here', "'quoted", 'Zoë 😀', 'Ünïcödé'];
    const source = await newWorkspace('source', ['--', ...names]);
    for (const format of ['csv', 'json']) {
      const file = join(dir, `export.${format}`);
      expect((await runRoster(['people', 'export', '--workspace', source, '--format', format, '--out', file], options)).code).toBe(0);
      const target = await newWorkspace(`target-${format}`);
      expect((await runRoster(['people', 'import', '--workspace', target, file], options)).code).toBe(0);
      const back = jsonOut<PersonDto[]>(await runRoster(['people', 'list', '--workspace', target, '--sort', 'created', '--json'], options));
      expect(back.map((person) => person.name)).toEqual(names);
    }
  });
});

describe('killed mid-import', () => {
  it('SIGKILL during a 300,000-row import leaves a sound file with none or all of the rows', async () => {
    const ws = await newWorkspace('killed', ['Before One', 'Before Two', 'Before Three']);
    const rows = 300_000;
    const csv = bigCsv('kill.csv', rows);
    const child = spawnRoster(['people', 'import', '--workspace', ws, csv, '--progress'], options);
    const done = collect(child);
    let progressLines = 0;
    await new Promise<void>((resolve) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        progressLines += chunk
          .toString()
          .split('\n')
          .filter((line) => line.startsWith('Importing')).length;
        // A few batches in: the transaction is open and the WAL holds uncommitted pages.
        if (progressLines >= 3) resolve();
      });
    });
    child.kill('SIGKILL');
    const result = await done;
    expect(result.signal).toBe('SIGKILL');
    expect(result.stdout).not.toContain('Imported');

    const db = new Database(ws);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const count = db.prepare('SELECT count(*) FROM "Person"').pluck().get() as number;
      expect([3, 3 + rows]).toContain(count);
    } finally {
      db.close();
    }

    // And Roster itself opens it and keeps working.
    const listed = jsonOut<PersonDto[]>(await runRoster(['people', 'list', '--workspace', ws, '--search', 'before', '--json'], options));
    expect(listed.map((person) => person.name)).toEqual(['Before One', 'Before Three', 'Before Two']);
    const again = await runRoster(['people', 'import', '--workspace', ws, bigCsv('after.csv', 10, 'After')], options);
    expect(again.stderr).toBe('Imported 10 people.\n');
  });

  it('a complete large import commits every row', async () => {
    const ws = await newWorkspace('complete');
    const result = await runRoster(['people', 'import', '--workspace', ws, bigCsv('full.csv', 50_000), '--progress'], options);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Importing 50,000\/50,000 \(100%\)/);
    expect(countRows(ws)).toBe(50_000);
  });
});
