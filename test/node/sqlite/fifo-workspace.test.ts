// A FIFO (named pipe) given as a workspace is refused as BAD_PATH before SQLite ever
// opens it: opening a FIFO blocks until a writer appears, so without the check the
// CLI (or the app) would hang forever.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RosterError } from '../../../main/kernel/common/errors.js';
import { peekPeopleCount } from '../../../main/features/catalog/node/peek-people-count.js';
import { fileKind } from '../../../main/kernel/node/sqlite/sqlite-file.js';
import { collect, spawnRoster } from '../../support/cli.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

function makeFifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

describe.skipIf(process.platform === 'win32')('a FIFO as a workspace', () => {
  it('fileKind refuses it with BAD_PATH; the launcher count is simply unknown', () => {
    const dir = makeTempDir('fifo');
    const fifo = join(dir, 'pipe.roster');
    makeFifo(fifo);
    let caught: unknown;
    try {
      fileKind(fifo);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RosterError);
    expect((caught as RosterError).code).toBe('BAD_PATH');
    expect((caught as RosterError).message).toMatch(/not a regular file/);
    expect(peekPeopleCount(fifo)).toBeNull();
  });

  it.each([
    ['people list', (fifo: string) => ['people', 'list', '--workspace', fifo]],
    ['workspace create', (fifo: string) => ['workspace', 'create', fifo]],
    ['migrate', (fifo: string) => ['migrate', fifo]],
  ])('`roster %s` on a FIFO exits 2 with BAD_PATH instead of hanging', async (_label, argv) => {
    const dir = makeTempDir('fifo-cli');
    const fifo = join(dir, 'pipe.roster');
    makeFifo(fifo);
    const child = spawnRoster(argv(fifo), { dataDir: join(dir, 'data') });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const result = await collect(child);
    clearTimeout(timer);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/BAD_PATH .*not a regular file/);
  });
});
