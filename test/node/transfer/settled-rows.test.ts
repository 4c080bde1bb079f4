// A move that settles leaves no trace of either file in the other: once both sides are
// reconciled, neither journal keeps a row (and so no row names the other file's
// absolute path), whichever file is opened first, and `roster migrate` tidies the same
// way. A real process moves people and is SIGKILLed at a chosen step
// (test/support/step-transfer.ts).

import { spawn } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import { runRoster } from '../../support/cli.js';
import { makeCurrentFile, makeTempDir, openOptions, queryFile, REPO_ROOT, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

const NAMES = Array.from({ length: 50 }, (_, i) => `Mover ${i}`);

interface Files {
  readonly dir: string;
  readonly source: string;
  readonly target: string;
}

let base: Files | undefined;

function trialFiles(label: string): Files {
  if (!base) {
    const dir = makeTempDir('settled-rows');
    base = { dir, source: join(dir, 'base-a.roster'), target: join(dir, 'base-b.roster') };
    makeCurrentFile(base.source, NAMES, foldName);
    makeCurrentFile(base.target, ['Already there'], foldName);
  }
  const files = { dir: base.dir, source: join(base.dir, `${label}-a.roster`), target: join(base.dir, `${label}-b.roster`) };
  copyFileSync(base.source, files.source);
  copyFileSync(base.target, files.target);
  return files;
}

/** Runs the stepped move, stopped dead (and killed) at step number `stopAt` (-1: to the end); the steps it announced. */
function runStepTransfer(files: Files, stopAt: number): Promise<string[]> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'test', 'support', 'step-transfer.ts'), files.source, files.target, String(stopAt)],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    const steps: string[] = [];
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('step ')) steps.push(line.replace(/^step \d+ /, ''));
        if (line === 'stopped') child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => (signal === 'SIGKILL' || code === 0 ? resolve(steps) : reject(new Error(`exited ${code}`))));
  });
}

let allSteps: string[] | undefined;

/** Moves on copies until killed right after the step named `name` (its number found from one whole move). */
async function killedAfter(label: string, name: string): Promise<Files> {
  allSteps ??= await runStepTransfer(trialFiles('whole'), -1);
  const at = allSteps.indexOf(name) + 1;
  expect(at, name).toBeGreaterThan(0);
  const files = trialFiles(label);
  const steps = await runStepTransfer(files, at);
  expect(steps.at(-1)).toBe(name);
  return files;
}

async function open(files: Files, path: string): Promise<void> {
  const workspace = await openWorkspaceFile(path, openOptions(files.dir));
  await workspace.close();
}

function journal(path: string): { direction: string; peerPath: string }[] {
  return queryFile(path, 'SELECT "direction", "peerPath" FROM "PersonTransfer"');
}

function everyoneOnce(files: Files): void {
  const names = [
    ...queryFile<{ name: string }>(files.source, 'SELECT "name" FROM "Person"'),
    ...queryFile<{ name: string }>(files.target, 'SELECT "name" FROM "Person"'),
  ].map((row) => row.name);
  expect(names.sort()).toEqual([...NAMES, 'Already there'].sort());
}

describe('the journal rows of a settled move', () => {
  // A step that is stopped at exactly: after it the copies are committed, the move must finish.
  const killedAfterCopy = 'target committed';

  it('killed after the target committed: opening the source, then the target, leaves no row in either', async () => {
    const files = await killedAfter('source-first', killedAfterCopy);
    expect(journal(files.target)).toEqual([{ direction: 'in', peerPath: files.source }]);
    await open(files, files.source);
    await open(files, files.target);
    expect(journal(files.source)).toEqual([]);
    expect(journal(files.target)).toEqual([]);
    everyoneOnce(files);
  });

  it('killed after the target committed: the target opened first keeps its row while unsettled; the source settles both', async () => {
    const files = await killedAfter('target-first', killedAfterCopy);
    await open(files, files.target);
    // The source has not finished the move yet: the target's row is what it will need.
    expect(journal(files.target)).toEqual([{ direction: 'in', peerPath: files.source }]);
    await open(files, files.source);
    expect(journal(files.source)).toEqual([]);
    expect(journal(files.target)).toEqual([]);
    everyoneOnce(files);
  });

  it('killed after the source committed (before the target let go): the target’s own open removes its row', async () => {
    const files = await killedAfter('after-source', 'source committed');
    expect(journal(files.source)).toEqual([]);
    expect(journal(files.target)).toEqual([{ direction: 'in', peerPath: files.source }]);
    await open(files, files.target);
    expect(journal(files.target)).toEqual([]);
    everyoneOnce(files);
  });

  it('`roster migrate` on the target tidies the same way', async () => {
    const files = await killedAfter('migrate', 'source committed');
    expect(journal(files.target)).toHaveLength(1);
    const result = await runRoster(['migrate', files.target], { dataDir: join(files.dir, 'data-migrate') });
    expect(result.code, result.stderr).toBe(0);
    expect(journal(files.target)).toEqual([]);
    // Tidying a settled move's note is not news: no note about unsettled moves.
    expect(result.stderr).not.toMatch(/unsettled moves/);
  });

  it('an "in" row whose source cannot be read now is kept (the source may still need it)', async () => {
    const files = await killedAfter('source-gone', killedAfterCopy);
    const elsewhere = join(files.dir, 'source-gone-moved.roster');
    copyFileSync(files.source, elsewhere);
    rmSync(files.source);
    await open(files, files.target);
    expect(journal(files.target)).toEqual([{ direction: 'in', peerPath: files.source }]);
  });
});
