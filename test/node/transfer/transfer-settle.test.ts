// Settling a move that was cut off after its copies committed, when things are not
// simple: the target gone for a while, the copies deleted in the target meanwhile, a
// journal row another program wrote or damaged, a target path that names a pipe, and a
// move still running in another process. In every case nobody is lost, and nothing is
// decided from what cannot be read.

import { execFileSync, spawn } from 'node:child_process';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { settleTransfers } from '../../../main/features/transfer/node/transfer-settle.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import { cutOffMove } from '../../support/transfer-fixtures.js';
import { makeCurrentFile, makeTempDir, openOptions, queryFile, REPO_ROOT, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

const NAMES = Array.from({ length: 12_000 }, (_, i) => `Person ${String(i).padStart(5, '0')}`);

function names(path: string): string[] {
  return queryFile<{ name: string }>(path, 'SELECT name FROM "Person" ORDER BY id').map((row) => row.name);
}

function journal(path: string): string[] {
  return queryFile<{ direction: string }>(path, 'SELECT direction FROM "PersonTransfer"').map((row) => row.direction);
}

function exec(path: string, sql: string, ...params: unknown[]): void {
  const db = new Database(path);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

// Test names too long to share a line with their `it(` (the describe below would pass its
// line limit if they were split in place).
const TARGET_MISSING =
  'a target that is missing at the open leaves the move pending and everyone in the source; when it is back, the move finishes';
const STILL_RUNNING =
  'a move still running in another process (it holds the source’s lock) is left alone; once it is killed, the next settle forgets it';

describe('settling a move whose copies committed', () => {
  it(TARGET_MISSING, async () => {
    const { source, target } = await cutOffMove('target committed', { source: NAMES, target: [] });
    const away = `${target}.away`;
    renameSync(target, away);
    expect(settleTransfers({ path: source })).toEqual({ finished: 0, removed: 0, kept: 0, forgotten: 0, pending: 1, tidied: 0 });
    expect(names(source)).toHaveLength(NAMES.length);
    expect(journal(source)).toEqual(['out']);
    // Opening the workspace the usual way does the same, and says so in the log.
    const logs: string[] = [];
    const opened = await openWorkspaceFile(source, {
      ...openOptions(makeTempDir('settle-open')),
      log: (_level, message) => logs.push(message),
    });
    expect(opened.settledMoves).toMatchObject({ pending: 1, finished: 0 });
    await opened.close();
    expect(logs.some((line) => line.includes('1 left for later'))).toBe(true);

    renameSync(away, target);
    expect(settleTransfers({ path: source })).toEqual({ finished: 1, removed: NAMES.length, kept: 0, forgotten: 0, pending: 0, tidied: 1 });
    expect(names(source)).toEqual([]);
    expect(names(target)).toEqual(NAMES);
    expect(journal(source)).toEqual([]);
  });

  it('copies deleted in the target before the source settles keep their originals: nobody ends up in neither file', async () => {
    const { source, target } = await cutOffMove('target committed', { source: NAMES, target: ['Already here'] });
    // Someone saw everyone twice and deleted some of the copies (ids 2..101 are copies 1..100).
    exec(target, 'DELETE FROM "Person" WHERE "id" BETWEEN 2 AND 101');
    const settled = settleTransfers({ path: source });
    expect(settled).toEqual({ finished: 1, removed: NAMES.length - 100, kept: 100, forgotten: 0, pending: 0, tidied: 1 });
    expect(names(source)).toEqual(NAMES.slice(0, 100));
    expect(new Set([...names(source), ...names(target)])).toEqual(new Set([...NAMES, 'Already here']));
  });

  it('a journal row another program changed is not trusted: the move stays pending and nobody is deleted', async () => {
    for (const damage of [
      `UPDATE "PersonTransfer" SET "sourceIds" = '[[1,9007199254740991]]', "copyIds" = '[[1,5]]'`,
      `UPDATE "PersonTransfer" SET "sourceIds" = 'not json'`,
      `UPDATE "PersonTransfer" SET "copyIds" = NULL`,
    ]) {
      const { source, target } = await cutOffMove('target committed', { source: NAMES.slice(0, 3000), target: [] });
      exec(target, damage);
      expect(settleTransfers({ path: source }), damage).toMatchObject({ finished: 0, removed: 0, pending: 1 });
      expect(names(source), damage).toHaveLength(3000);
    }
    // The source's own row damaged: the same.
    const { source } = await cutOffMove('target committed', { source: NAMES.slice(0, 3000), target: [] });
    exec(source, `UPDATE "PersonTransfer" SET "sourceIds" = '[[5,1]]'`);
    expect(settleTransfers({ path: source })).toMatchObject({ pending: 1, removed: 0 });
    expect(names(source)).toHaveLength(3000);
  });

  it('a target path that names a pipe or a folder is never opened (no hang); the move waits', async () => {
    const { dir, source } = await cutOffMove('target committed', { source: NAMES.slice(0, 100), target: [] });
    const fifo = join(dir, 'pipe.roster');
    execFileSync('mkfifo', [fifo]);
    exec(source, 'UPDATE "PersonTransfer" SET "peerPath" = ?', fifo);
    expect(settleTransfers({ path: source })).toMatchObject({ pending: 1 });
    exec(source, 'UPDATE "PersonTransfer" SET "peerPath" = ?', dir);
    expect(settleTransfers({ path: source })).toMatchObject({ pending: 1 });
    expect(names(source)).toHaveLength(100);
  });

  it(STILL_RUNNING, async () => {
    const dir = makeTempDir('settle-live');
    const source = join(dir, 'a.roster');
    const target = join(dir, 'b.roster');
    makeCurrentFile(source, NAMES, foldName);
    makeCurrentFile(target, [], foldName);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'test', 'support', 'step-transfer.ts'), source, target, '3'],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const steps: string[] = [];
    await new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        steps.push(...chunk.split('\n').filter(Boolean));
        if (chunk.includes('stopped')) resolve();
      });
      child.on('error', reject);
    });
    expect(steps).toContain('step 3 source locked');
    // The mover holds the write lock: settling does not wait for it and changes nothing.
    expect(settleTransfers({ path: source })).toEqual({ finished: 0, removed: 0, kept: 0, forgotten: 0, pending: 1, tidied: 0 });
    const closed = new Promise((resolve) => child.on('close', resolve));
    child.kill('SIGKILL');
    await closed;
    expect(settleTransfers({ path: source })).toMatchObject({ forgotten: 1, pending: 0 });
    expect(names(source)).toHaveLength(NAMES.length);
    expect(names(target)).toEqual([]);
  });
});
