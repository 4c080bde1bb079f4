// The exit statuses a script can act on: 75 for the one temporary condition
// (WORKSPACE_BUSY: try again), 3 for a file refused as it is (WORKSPACE_READ_ONLY
// included: waiting does not make a file writable), 130 for Ctrl-C (nothing written).
// Each with its stream and its --json error line, and nothing written.

import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { catalogDump } from '../../support/catalog-fixtures.js';
import { collect, runRoster, runRosterAsNobody, spawnRoster, type CliOptions } from '../../support/cli.js';
import { removeStagedCli } from '../../support/other-user.js';
import { countRows } from '../../support/people-fixtures.js';
import { makeCurrentFile, makeTempDir, removeTempDirs, sha256OfFile, snapshot } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

heavyTestFile();

afterAll(() => {
  removeTempDirs();
  removeStagedCli();
});

async function workspace(label: string, people: string[] = ['Ada Lovelace']): Promise<{ dir: string; path: string; options: CliOptions }> {
  const dir = makeTempDir(label);
  const options = { dataDir: join(dir, 'data') };
  const path = join(dir, 'team.roster');
  expect((await runRoster(['workspace', 'create', path, '--name', 'Team', '-q'], options)).code).toBe(0);
  if (people.length > 0) expect((await runRoster(['people', 'add', path, ...people, '-q'], options)).code).toBe(0);
  return { dir, path, options };
}

describe('75: temporary (WORKSPACE_BUSY), worth another try', () => {
  it('`workspace delete` of a file another program has open (its -wal is there): 75, the file stays listed and in place', async () => {
    const { path, options } = await workspace('cli-busy-delete');
    writeFileSync(`${path}-wal`, '');
    const before = snapshot(path);
    const list = catalogDump(join(options.dataDir, 'catalog.db'));
    const result = await runRoster(['workspace', 'delete', path], options);
    expect(result.code).toBe(75);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'WORKSPACE_BUSY "Team" is open in Roster or another program, or was not closed properly. ' +
        'Close it (or open and close it once), then delete it.\n',
    );
    const json = await runRoster(['workspace', 'delete', path, '--json'], options);
    expect(json.code).toBe(75);
    expect(JSON.parse(json.stderr)).toEqual({
      error: { code: 'WORKSPACE_BUSY', message: expect.stringMatching(/^"Team" is open in Roster or another program/) },
    });
    expect(snapshot(path)).toEqual(before);
    expect(catalogDump(join(options.dataDir, 'catalog.db'))).toEqual(list);
  });

  it(
    '`people add` while another process holds the write lock past the busy timeout: ' +
      '75, nobody added; the same command works once the lock is gone',
    async () => {
      const { path, options } = await workspace('cli-busy-lock');
      const holder = new Database(path);
      holder.exec('BEGIN IMMEDIATE');
      let result;
      try {
        result = await collect(spawnRoster(['people', 'add', path, 'Grace Hopper', '--json'], options));
      } finally {
        holder.exec('ROLLBACK');
        holder.close();
      }
      expect(result.code).toBe(75);
      expect(result.stdout).toBe('');
      expect(JSON.parse(result.stderr)).toEqual({
        error: { code: 'WORKSPACE_BUSY', message: expect.stringMatching(/is writing to this workspace.*Nothing was changed/) },
      });
      expect(countRows(path)).toBe(1);
      const retried = await runRoster(['people', 'add', path, 'Grace Hopper', '-q'], options);
      expect(retried.code, retried.stderr).toBe(0);
      expect(countRows(path)).toBe(2);
    },
  );
});

describe('3: the file is refused as it is', () => {
  it('WORKSPACE_READ_ONLY is not temporary: exit 3, the file untouched', () => {
    const dir = makeTempDir('cli-read-only');
    chmodSync(dir, 0o755);
    const path = join(dir, 'theirs.roster');
    makeCurrentFile(path, ['Ada Lovelace'], foldName);
    chmodSync(path, 0o644);
    const data = makeTempDir('cli-read-only-data');
    chmodSync(data, 0o777);
    const before = sha256OfFile(path);
    const added = runRosterAsNobody(['people', 'add', path, 'Grace Hopper', '--json'], data);
    expect(added.code).toBe(3);
    expect(added.stdout).toBe('');
    expect(JSON.parse(added.stderr)).toEqual({ error: { code: 'WORKSPACE_READ_ONLY', message: expect.any(String) } });
    // Reading it is fine.
    const listed = runRosterAsNobody(['people', 'list', path, '--json'], data);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ name: 'Ada Lovelace' }]);
    expect(sha256OfFile(path)).toBe(before);
  });
});

describe('130: interrupted with Ctrl-C', () => {
  async function interruptedImport(label: string, extra: string[]): Promise<{ result: Awaited<ReturnType<typeof collect>>; path: string }> {
    const { dir, path, options } = await workspace(label, []);
    const csv = join(dir, 'big.csv');
    writeFileSync(csv, `name\n${Array.from({ length: 400_000 }, (_, i) => `Person ${i}`).join('\n')}\n`);
    const child = spawnRoster(['people', 'import', path, csv, '--progress', ...extra], options);
    const done = collect(child);
    await new Promise<void>((resolve) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        if (/Importing/.test(chunk.toString())) resolve();
      });
    });
    child.kill('SIGINT');
    return { result: await done, path };
  }

  it('an import: exit 130, CANCELLED on standard error, nothing on standard output, nobody added', async () => {
    const { result, path } = await interruptedImport('cli-sigint', []);
    expect(result.code, result.stderr).toBe(130);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/^CANCELLED /);
    expect(countRows(path)).toBe(0);
  });

  it('under --json: progress and the error are JSON lines, the error last', async () => {
    const { result, path } = await interruptedImport('cli-sigint-json', ['--json']);
    expect(result.code, result.stderr).toBe(130);
    expect(result.stdout).toBe('');
    const lines = result.stderr
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.at(-1)).toEqual({ error: { code: 'CANCELLED', message: expect.any(String) } });
    expect(lines.slice(0, -1).every((line) => Object.keys(line).join() === 'progress')).toBe(true);
    expect(lines[0]).toEqual({ progress: { task: 'Importing', done: expect.any(Number), total: expect.any(Number) } });
    expect(countRows(path)).toBe(0);
  });
});
