// A bare list of names: `roster people add PATH -` reads one whole name per line from
// standard input (all or nothing, a bad line named), and `people import --no-header`
// takes a file whose first row is data, as the app's paste does.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, jsonOut, runRoster, spawnRoster, type CliOptions, type CliResult } from '../../support/cli.js';
import { countRows, fileState } from '../../support/people-fixtures.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

heavyTestFile();

let dir: string;
let options: CliOptions;

beforeAll(() => {
  dir = makeTempDir('cli-name-lists');
  options = { dataDir: join(dir, 'data') };
});
afterAll(removeTempDirs);

async function newWorkspace(name: string): Promise<string> {
  const path = join(dir, `${name}.roster`);
  expect((await runRoster(['workspace', 'create', path, '-q'], options)).code).toBe(0);
  return path;
}

function addFromStdin(path: string, input: string | Buffer, extra: string[] = []): Promise<CliResult> {
  const child = spawnRoster(['people', 'add', path, '-', ...extra], { ...options, stdin: 'pipe' });
  child.stdin?.end(input);
  return collect(child);
}

async function names(path: string): Promise<string[]> {
  return jsonOut<{ name: string }[]>(await runRoster(['people', 'list', path, '--sort', 'created', '--json'], options)).map(
    (person) => person.name,
  );
}

describe('people add PATH -', () => {
  it('adds one person per line, commas and quotes included; a final line break or none, CRLF or LF', async () => {
    const path = await newWorkspace('stdin');
    const result = await addFromStdin(path, 'Smith, John\r\n"Say" Hi\nZoë\n', ['--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect((JSON.parse(result.stdout) as { name: string }[]).map((person) => person.name)).toEqual(['Smith, John', '"Say" Hi', 'Zoë']);
    const text = await addFromStdin(path, 'Ada Lovelace');
    expect(text.stderr).toBe('Added 1 person.\n');
    expect(text.stdout).toMatch(/^ID +NAME +CREATED\n4 +Ada Lovelace /);
    expect(await names(path)).toEqual(['Smith, John', '"Say" Hi', 'Zoë', 'Ada Lovelace']);
  });

  it('a bad line refuses them all and is named; nothing is written', async () => {
    const path = await newWorkspace('stdin-bad');
    const before = fileState(path);
    const cases: [string | Buffer, string][] = [
      ['Ada\n\nGrace\n', 'INVALID_NAME Line 2: A name cannot be empty.\n'],
      [`Ada\n${'x'.repeat(257)}\n`, 'INVALID_NAME Line 2: A name can have at most 256 characters; this one has 257.\n'],
      ['', 'INVALID_INPUT Standard input held no names. Run `roster help people add` for usage.\n'],
      [Buffer.from([0x41, 0x64, 0x61, 0x0a, 0xe9, 0x0a]), 'INVALID_INPUT Standard input is not UTF-8 text; nothing was added.\n'],
    ];
    for (const [input, stderr] of cases) {
      const result = await addFromStdin(path, input);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(stderr);
    }
    expect(fileState(path)).toEqual(before);
    expect(countRows(path)).toBe(0);
  });

  it('"-" together with names is a usage error; a person named "-" comes from standard input', async () => {
    const path = await newWorkspace('stdin-dash');
    const mixed = await runRoster(['people', 'add', path, 'Ada', '-'], options);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toBe(
      'INVALID_INPUT Give names as arguments, or - alone to read them from standard input. Run `roster help people add` for usage.\n',
    );
    expect((await addFromStdin(path, '-\n', ['-q'])).code).toBe(0);
    expect(await names(path)).toEqual(['-']);
  });
});

describe('people import --no-header', () => {
  it('reads a .txt of names, one per line, the first one included', async () => {
    const path = await newWorkspace('no-header');
    const txt = join(dir, 'names.txt');
    writeFileSync(txt, 'Ada Lovelace\nGrace Hopper\n\nAlan Turing\n');
    const refused = await runRoster(['people', 'import', path, txt], options);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('IMPORT_INVALID Line 1: the header row has no "name" column.\n');
    expect(jsonOut(await runRoster(['people', 'import', path, txt, '--no-header', '--json'], options))).toEqual({ imported: 3 });
    expect(await names(path)).toEqual(['Ada Lovelace', 'Grace Hopper', 'Alan Turing']);
  });

  it('takes names from --column N; a row of several fields without --column is refused, not cut at a comma', async () => {
    const path = await newWorkspace('no-header-columns');
    const csv = join(dir, 'rows.csv');
    writeFileSync(csv, '1,"Smith, John"\n2,Ada Lovelace\n');
    const before = fileState(path);
    const cut = await runRoster(['people', 'import', path, csv, '--no-header'], options);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toBe(
      'IMPORT_INVALID Line 1: this row has 2 fields; ' +
        'choose the column that holds names (or another separator), since there is no header row to tell.\n',
    );
    const byText = await runRoster(['people', 'import', path, csv, '--no-header', '--column', 'name'], options);
    expect(byText.code).toBe(2);
    expect(byText.stderr).toBe(
      'IMPORT_INVALID Line 1: a file without a header row has no "name" column; choose the column by its number.\n',
    );
    expect(fileState(path)).toEqual(before);
    expect(jsonOut(await runRoster(['people', 'import', path, csv, '--no-header', '--column', '2', '--json'], options))).toEqual({
      imported: 2,
    });
    expect(await names(path)).toEqual(['Smith, John', 'Ada Lovelace']);
  });

  it('from standard input too', async () => {
    const path = await newWorkspace('no-header-stdin');
    const child = spawnRoster(['people', 'import', path, '-', '--format', 'csv', '--no-header', '--json'], { ...options, stdin: 'pipe' });
    child.stdin?.end('Émile Zola\nMarie Curie\n');
    expect(jsonOut(await collect(child))).toEqual({ imported: 2 });
  });
});
