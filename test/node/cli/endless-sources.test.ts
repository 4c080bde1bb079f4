// `roster people import` from sources that never end or never start, and from paths
// that cannot name a file: each ends with a clear code (never INTERNAL), writes no row,
// and a source that sends nothing is named on stderr instead of blocking silently.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, runRoster, spawnRoster, type CliOptions, type CliResult } from '../../support/cli.js';
import { countRows } from '../../support/people-fixtures.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

// Several `roster` processes, one of them waiting on a pipe: see test/support/loaded-machine.ts.
heavyTestFile();

let dir: string;
let options: CliOptions;
let workspace: string;

beforeAll(async () => {
  dir = makeTempDir('cli-endless');
  options = { dataDir: join(dir, 'data') };
  workspace = join(dir, 'w.roster');
  expect((await runRoster(['workspace', 'create', workspace], options)).code).toBe(0);
  expect((await runRoster(['people', 'add', workspace, 'Already Here'], options)).code).toBe(0);
});
afterAll(removeTempDirs);

function errorOf(result: CliResult): { code: string; message: string } {
  return (JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '{}') as { error: { code: string; message: string } }).error;
}

describe('sources that never end', () => {
  it('/dev/zero as CSV ends with IMPORT_INVALID naming line 1, and writes no row', async () => {
    const result = await runRoster(['people', 'import', workspace, '/dev/zero', '--format', 'csv', '--json'], options);
    expect(result.code).toBe(2);
    const error = errorOf(result);
    expect(error.code).toBe('IMPORT_INVALID');
    expect(error.message).toMatch(/^Line 1: the line is longer than 1,048,576 characters/);
    expect(countRows(workspace)).toBe(1);
  });

  it('an endless field or JSON element is refused the same way, naming its line or index', async () => {
    const wide = join(dir, 'wide.csv');
    writeFileSync(wide, `name,notes\nAda,${'x'.repeat(70_000)}\n`);
    const field = errorOf(await runRoster(['people', 'import', workspace, wide, '--json'], options));
    expect(field).toMatchObject({ code: 'IMPORT_INVALID' });
    expect(field.message).toMatch(/^Line 2: a field is longer than 65,536 characters/);

    const endless = join(dir, 'endless.json');
    writeFileSync(endless, `["Ada", "${'y'.repeat(1_100_000)}`);
    const element = errorOf(await runRoster(['people', 'import', workspace, endless, '--json'], options));
    expect(element).toMatchObject({ code: 'IMPORT_INVALID' });
    expect(element.message).toMatch(/^Index 1: the element is longer than 1,048,576 characters/);
    expect(countRows(workspace)).toBe(1);
  });
});

describe('a source that sends nothing', () => {
  it('a FIFO with no writer: stderr says the import is waiting for it; then data written to it is imported', async () => {
    const fifo = join(dir, 'names.csv');
    execFileSync('mkfifo', [fifo]);
    const child = spawnRoster(['people', 'import', workspace, fifo, '--json'], options);
    const done = collect(child);
    // Wait for the notice (an event, not a fixed time), then become the writer.
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      child.stderr?.on('data', (chunk: Buffer | string) => {
        seen += String(chunk);
        if (/waiting for data from .*names\.csv/i.test(seen)) resolve();
      });
      child.on('close', () => reject(new Error(`roster ended before saying it was waiting: ${seen}`)));
    });
    const writer = await open(fifo, 'w');
    await writer.write('name\nFrom The Pipe\n');
    await writer.close();
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ imported: 1 });
    expect(result.stderr).toMatch(/"note":\{"message":"Waiting for data from .*names\.csv/);
    expect(countRows(workspace)).toBe(2);
  });
});

describe('paths that cannot name a file', () => {
  const cases: readonly [string, (base: string) => string[]][] = [
    ['an over-long import file name', (base) => ['people', 'import', workspace, join(base, `${'n'.repeat(300)}.csv`)]],
    ['an import file under a file used as a folder', (base) => ['people', 'import', workspace, join(base, 'plain.txt', 'x.csv')]],
    ['an over-long workspace name', (base) => ['people', 'list', join(base, `${'w'.repeat(300)}.roster`)]],
    ['a workspace under a file used as a folder', (base) => ['people', 'list', join(base, 'plain.txt', 'w.roster')]],
    ['creating a workspace under a file used as a folder', (base) => ['workspace', 'create', join(base, 'plain.txt', 'w.roster')]],
    ['creating a workspace with an over-long name', (base) => ['workspace', 'create', join(base, `${'c'.repeat(300)}.roster`)]],
  ];
  for (const [what, args] of cases) {
    it(`${what}: BAD_PATH naming the path, never INTERNAL`, async () => {
      writeFileSync(join(dir, 'plain.txt'), 'not a folder\n');
      const result = await runRoster([...args(dir), '--json'], options);
      expect(result.code, result.stderr).toBe(2);
      const error = errorOf(result);
      expect(error.code).toBe('BAD_PATH');
      expect(error.message).toMatch(/too long|not a folder|\(ENOTDIR\)|\(ENAMETOOLONG\)/);
    });
  }
});
