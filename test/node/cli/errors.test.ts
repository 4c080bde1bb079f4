// Exit statuses and error lines: 2 for bad input (nothing written), 3 for a refused
// workspace file (left byte for byte as it was), 1 for anything else. Every error is
// one stderr line starting with its code.

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { collect, ROSTER_BIN, runRoster, spawnRoster, type CliOptions, type CliResult } from '../../support/cli.js';
import { catalogDump } from '../../support/catalog-fixtures.js';
import { countRows, fileState } from '../../support/people-fixtures.js';
import { execOnFile, makeCurrentFile, makeTempDir, makeV1File, removeTempDirs, snapshot } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

// Every test runs `roster` several times: see test/support/loaded-machine.ts.
heavyTestFile();

let dir: string;
let options: CliOptions;
let ws: string;

beforeAll(async () => {
  dir = makeTempDir('cli-errors');
  options = { dataDir: join(dir, 'data') };
  ws = join(dir, 'ws.roster');
  expect((await runRoster(['workspace', 'create', ws], options)).code).toBe(0);
  expect((await runRoster(['people', 'add', '--workspace', ws, 'Ada', 'Grace'], options)).code).toBe(0);
});
afterAll(removeTempDirs);

function expectFailure(result: CliResult, exitCode: number, code: string): void {
  expect(result.code, result.stderr).toBe(exitCode);
  expect(result.stderr.startsWith(`${code} `), result.stderr).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stdout).toBe('');
}

describe('exit 2: bad input, nothing written', () => {
  const cases: [string, () => string[], string][] = [
    ['no command', () => [], 'INVALID_INPUT'],
    ['an unknown command', () => ['frobnicate'], 'INVALID_INPUT'],
    ['an unknown subcommand', () => ['people', 'frobnicate'], 'INVALID_INPUT'],
    ['an unknown flag', () => ['people', 'list', '--workspace', ws, '--colour'], 'INVALID_INPUT'],
    ['a short unknown flag', () => ['people', 'add', '--workspace', ws, '-x'], 'INVALID_INPUT'],
    ['a missing --workspace', () => ['people', 'list'], 'INVALID_INPUT'],
    ['a flag without its value', () => ['people', 'list', '--workspace'], 'INVALID_INPUT'],
    ['a flag given twice', () => ['people', 'list', '--workspace', ws, '--workspace', ws], 'INVALID_INPUT'],
    ['a bad --sort', () => ['people', 'list', '--workspace', ws, '--sort', 'age'], 'INVALID_INPUT'],
    ['a bad --limit', () => ['people', 'list', '--workspace', ws, '--limit', '-3'], 'INVALID_INPUT'],
    ['an extra argument', () => ['people', 'list', '--workspace', ws, 'extra'], 'INVALID_INPUT'],
    ['add with no names', () => ['people', 'add', '--workspace', ws], 'INVALID_INPUT'],
    ['an empty name', () => ['people', 'add', '--workspace', ws, 'Fine', '  '], 'INVALID_NAME'],
    ['a 257-character name', () => ['people', 'add', '--workspace', ws, 'x'.repeat(257)], 'INVALID_NAME'],
    ['update with a non-numeric id', () => ['people', 'update', '--workspace', ws, 'abc', 'Name'], 'INVALID_INPUT'],
    ['update with an empty name', () => ['people', 'update', '--workspace', ws, '1', ''], 'INVALID_NAME'],
    ['update of an unknown id', () => ['people', 'update', '--workspace', ws, '999', 'Name'], 'PERSON_NOT_FOUND'],
    ['delete with one unknown id', () => ['people', 'delete', '--workspace', ws, '1', '999'], 'PERSON_NOT_FOUND'],
    ['delete with id 0', () => ['people', 'delete', '--workspace', ws, '0'], 'INVALID_INPUT'],
    ['a workspace that does not exist', () => ['people', 'list', '--workspace', join(dir, 'nope.roster')], 'WORKSPACE_NOT_FOUND'],
    ['a workspace path that is a folder', () => ['people', 'list', '--workspace', dir], 'BAD_PATH'],
    ['export with no format', () => ['people', 'export', '--workspace', ws], 'INVALID_INPUT'],
    ['export with an unknown format', () => ['people', 'export', '--workspace', ws, '--format', 'xml'], 'INVALID_INPUT'],
    ['migrate with neither paths nor --all', () => ['migrate'], 'INVALID_INPUT'],
    ['migrate with both paths and --all', () => ['migrate', ws, '--all'], 'INVALID_INPUT'],
    ['create over an existing file', () => ['workspace', 'create', ws], 'FILE_EXISTS'],
    ['create with an empty --name', () => ['workspace', 'create', join(dir, 'unnamed.roster'), '--name', ' '], 'INVALID_INPUT'],
    ['rename of an uncatalogued path', () => ['workspace', 'rename', join(dir, 'other.roster'), 'X'], 'WORKSPACE_NOT_LISTED'],
    ['rename to an empty name', () => ['workspace', 'rename', ws, ''], 'INVALID_INPUT'],
  ];

  it.each(cases)('%s', async (_label, args, code) => {
    const before = fileState(ws);
    const catalogBefore = catalogDump(join(options.dataDir, 'catalog.db'));
    const result = await runRoster(args(), options);
    expectFailure(result, 2, code);
    expect(result.stderr).not.toMatch(/\n./);
    expect(fileState(ws)).toEqual(before);
    expect(catalogDump(join(options.dataDir, 'catalog.db'))).toEqual(catalogBefore);
    expect(countRows(ws)).toBe(2);
  });

  it('names the bad name of a bulk add', async () => {
    const result = await runRoster(['people', 'add', '--workspace', ws, 'A', 'B', ''], options);
    expect(result.stderr).toBe('INVALID_NAME Name 3: A name cannot be empty.\n');
  });

  it('leaves no file behind when create is refused', async () => {
    const result = await runRoster(['workspace', 'create', join(dir, 'bad.txt')], options);
    expectFailure(result, 2, 'BAD_PATH');
  });
});

describe('exit 3: the workspace file is refused and left untouched', () => {
  function makeRefused(): [string, string, string][] {
    const folder = join(dir, 'refused');
    mkdirSync(folder, { recursive: true });
    const corrupt = join(folder, 'corrupt.roster');
    writeFileSync(corrupt, Buffer.alloc(8192, 0x5a));
    const truncated = join(folder, 'truncated.roster');
    makeCurrentFile(truncated, ['Ada'], foldName);
    writeFileSync(truncated, readFileSync(truncated).subarray(0, 1500));
    const foreign = join(folder, 'foreign.roster');
    execOnFile(foreign, 'CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);');
    const newer = join(folder, 'newer.roster');
    makeCurrentFile(newer, ['Ada'], foldName);
    execOnFile(
      newer,
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES ('future', 'abc', '2099-01-01T00:00:00.000+00:00', '20990101000000_from_the_future', '2099-01-01T00:00:00.000+00:00', 1);`,
    );
    const failed = join(folder, 'failed.roster');
    makeV1File(failed, ['Ada']);
    execOnFile(
      failed,
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
       VALUES ('half', 'abc', NULL, '20261123000000_person_name_key', 'boom', '2026-11-23T00:00:00.000+00:00', 0);`,
    );
    return [
      ['a corrupt file', corrupt, 'WORKSPACE_CORRUPT'],
      ['a truncated file', truncated, 'WORKSPACE_CORRUPT'],
      ["another program's database", foreign, 'WORKSPACE_FOREIGN'],
      ['a file from a newer Roster', newer, 'WORKSPACE_TOO_NEW'],
      ['a file whose upgrade failed earlier', failed, 'WORKSPACE_MIGRATION_FAILED'],
    ];
  }

  it('people list, people add, people import and migrate all refuse with exit 3', async () => {
    const csv = join(dir, 'one.csv');
    writeFileSync(csv, 'name\nNew Person\n');
    for (const [label, path, code] of makeRefused()) {
      const before = snapshot(path);
      for (const args of [
        ['people', 'list', '--workspace', path],
        ['people', 'add', '--workspace', path, 'New Person'],
        ['people', 'import', '--workspace', path, csv],
        ['migrate', path],
      ]) {
        const result = await runRoster(args, options);
        expect(result.code, `${label}: ${args.join(' ')}: ${result.stderr}`).toBe(3);
        expect(result.stderr.startsWith(`${code} `), `${label}: ${result.stderr}`).toBe(true);
        expect(snapshot(path), label).toEqual(before);
      }
    }
  });
});

describe('exit 1: anything else', () => {
  it('an unexpected failure is INTERNAL (the data folder is a file)', async () => {
    const notAFolder = join(dir, 'data-is-a-file');
    writeFileSync(notAFolder, 'x');
    const result = await runRoster(['workspace', 'list'], { dataDir: notAFolder });
    expectFailure(result, 1, 'INTERNAL');
  });

  it('a write another program’s trigger refuses: INTERNAL with a plain message; SQLite’s text only with ROSTER_DEBUG', async () => {
    const path = join(dir, 'guarded.roster');
    makeCurrentFile(path, ['Ada'], foldName);
    execOnFile(path, `CREATE TRIGGER "no_more" BEFORE INSERT ON "Person" BEGIN SELECT RAISE(ABORT, 'closed for new members'); END;`);
    // Another program's trigger runs on Roster's writes only once the person trusts the file.
    expect((await runRoster(['workspace', 'trust', path], options)).code).toBe(0);
    const result = await runRoster(['people', 'add', '--workspace', path, 'Grace'], options);
    expectFailure(result, 1, 'INTERNAL');
    expect(result.stderr).toBe(
      'INTERNAL Something went wrong inside Roster. Run the command again with ROSTER_DEBUG=1 to see the details.\n',
    );
    const debug = await runRoster(['people', 'add', '--workspace', path, 'Grace'], { ...options, env: { ROSTER_DEBUG: '1' } });
    expect(debug.stderr).toContain('closed for new members');
    expect(countRows(path)).toBe(1);
  });

  it('Ctrl-C during an import cancels it: CANCELLED, exit 130 (as a shell reports SIGINT), nothing added', async () => {
    const path = join(dir, 'cancel.roster');
    await runRoster(['workspace', 'create', path], options);
    const csv = join(dir, 'big.csv');
    writeFileSync(csv, `name\n${Array.from({ length: 400_000 }, (_, i) => `Person ${i}`).join('\n')}\n`);
    const child = spawnRoster(['people', 'import', '--workspace', path, csv, '--progress'], options);
    const done = collect(child);
    await new Promise<void>((resolve) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Importing')) resolve();
      });
    });
    child.kill('SIGINT');
    const result = await done;
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toMatch(/^CANCELLED /m);
    expect(result.stdout).toBe('');
    expect(countRows(path)).toBe(0);
  });

  it('bin/roster.mjs is what runs: a plain `node bin/roster.mjs` child works', async () => {
    const child = spawn(process.execPath, [ROSTER_BIN, 'help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const result = await collect(child);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: roster');
  });
});
