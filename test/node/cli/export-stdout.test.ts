// `roster people export` as scripts use it: `--out -` is standard output, the format
// comes from the file name when it is clear and a contradicting --format is refused,
// and a CSV carries a byte order mark and CRLF only in a file meant for spreadsheets,
// never on a pipe unless asked, so Python's csv module reads the header as "id".

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, runRoster, spawnRoster, type CliOptions } from '../../support/cli.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

heavyTestFile();

let dir: string;
let options: CliOptions;
let team: string;

beforeAll(async () => {
  dir = makeTempDir('cli-export');
  options = { dataDir: join(dir, 'data') };
  team = join(dir, 'team.roster');
  expect((await runRoster(['workspace', 'create', team, '-q'], options)).code).toBe(0);
  expect((await runRoster(['people', 'add', team, 'Zoë Ångström', 'Smith, John', '-q'], options)).code).toBe(0);
});
afterAll(removeTempDirs);

const BOM = '\uFEFF';

describe('--out - and standard output', () => {
  it('--out - writes to standard output, exactly what no --out writes; no file named "-" appears', async () => {
    const dash = await runRoster(['people', 'export', team, '--out', '-', '--format', 'json'], { ...options, cwd: dir });
    const none = await runRoster(['people', 'export', team, '--format', 'json'], { ...options, cwd: dir });
    expect(dash.code, dash.stderr).toBe(0);
    expect(dash.stderr).toBe('');
    expect(dash.stdout).toBe(none.stdout);
    expect((JSON.parse(dash.stdout) as { name: string }[]).map((person) => person.name)).toEqual(['Zoë Ångström', 'Smith, John']);
    expect(existsSync(join(dir, '-'))).toBe(false);
  });

  it('CSV on standard output has no byte order mark and LF line ends; csv.DictReader reads "id"', async () => {
    const result = await runRoster(['people', 'export', team, '--format', 'csv'], options);
    expect(result.stdout.startsWith('id,name,createdAt,updatedAt\n')).toBe(true);
    expect(result.stdout).not.toContain('\r');
    expect(result.stdout).toContain('\n2,"Smith, John",');
    const python = spawnSync(
      '/usr/bin/python3',
      ['-c', 'import csv, sys; rows = list(csv.DictReader(sys.stdin)); print(list(rows[0].keys())[0], rows[1]["name"])'],
      {
        input: result.stdout,
        encoding: 'utf8',
      },
    );
    expect(python.stdout).toBe('id Smith, John\n');
  });

  it('--bom and --crlf ask for the spreadsheet form on standard output', async () => {
    const result = await runRoster(['people', 'export', team, '--format', 'csv', '--bom', '--crlf'], options);
    expect(result.stdout.startsWith(`${BOM}id,name,createdAt,updatedAt\r\n1,Zoë Ångström,`)).toBe(true);
    expect(result.stdout.split('\r\n')).toHaveLength(4);
  });

  it('a named pipe is read by another program: no byte order mark, LF', async () => {
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const reader = collect(spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'pipe'] }));
    const result = await collect(spawnRoster(['people', 'export', team, '--out', fifo], options));
    expect(result.code, result.stderr).toBe(0);
    const text = (await reader).stdout;
    expect(text.startsWith('id,name,')).toBe(true);
    expect(text).not.toContain('\r');
  });
});

describe('a file meant for spreadsheets', () => {
  it('has a byte order mark and CRLF by default; --no-bom and --lf leave them out', async () => {
    const sheet = join(dir, 'sheet.csv');
    expect((await runRoster(['people', 'export', team, '--out', sheet, '-q'], options)).code).toBe(0);
    const bytes = readFileSync(sheet, 'utf8');
    expect(bytes.startsWith(`${BOM}id,name,createdAt,updatedAt\r\n`)).toBe(true);
    const plain = join(dir, 'plain.csv');
    expect((await runRoster(['people', 'export', team, '--out', plain, '--no-bom', '--lf', '-q'], options)).code).toBe(0);
    expect(readFileSync(plain, 'utf8')).toBe(bytes.slice(1).replaceAll('\r\n', '\n'));
  });

  it('--bom with --no-bom (or --crlf with --lf) is a usage error', async () => {
    for (const pair of [
      ['--bom', '--no-bom'],
      ['--crlf', '--lf'],
    ]) {
      const result = await runRoster(['people', 'export', team, '--format', 'csv', ...pair], options);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `INVALID_INPUT ${pair[0]} and ${pair[1]} cannot be given together. Run \`roster help people export\` for usage.\n`,
      );
    }
  });
});

describe('the format', () => {
  it('comes from the extension when it is clear (.json, .csv)', async () => {
    const out = join(dir, 'implied.json');
    expect((await runRoster(['people', 'export', team, '--out', out, '-q'], options)).code).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as unknown[]).length).toBe(2);
  });

  it('is refused when --format contradicts the extension, or when the name does not say it; no file is written', async () => {
    const cases: [string[], string][] = [
      [
        ['--format', 'json', '--out', join(dir, 'team.csv')],
        '--format json does not match team.csv, whose extension says csv; change one of them.',
      ],
      [
        ['--format', 'csv', '--out', join(dir, 'team.json')],
        '--format csv does not match team.json, whose extension says json; change one of them.',
      ],
      [
        ['--out', join(dir, 'team.txt')],
        'Cannot tell the format from the name team.txt; add --format csv or --format json, or name the file .csv or .json.',
      ],
      [[], 'Say which format to write: --format csv or --format json.'],
      [['--out', '-'], 'Say which format to write: --format csv or --format json.'],
    ];
    const before = readdirSync(dir).sort();
    for (const [args, message] of cases) {
      const result = await runRoster(['people', 'export', team, ...args], options);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`INVALID_INPUT ${message} Run \`roster help people export\` for usage.\n`);
    }
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('an explicit --format writes a file whose extension says nothing (.txt)', async () => {
    const out = join(dir, 'names.txt');
    expect((await runRoster(['people', 'export', team, '--format', 'csv', '--out', out, '-q'], options)).code).toBe(0);
    expect(readFileSync(out, 'utf8').startsWith(`${BOM}id,name`)).toBe(true);
  });
});
