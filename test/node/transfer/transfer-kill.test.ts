// A move never loses a person, even if the process is killed at any instant.
// A real process moves 100,000 people and is SIGKILLed: at each step of the move (a
// child that stops dead at step N), and at arbitrary moments of the real CLI's
// `people move --all`. After every kill both files are opened the way a person would
// next open them (which settles the move), and every person is counted across both.

import { spawn } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import { spawnRoster } from '../../support/cli.js';
import { makeCurrentFile, makeTempDir, openOptions, queryFile, REPO_ROOT, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

const PEOPLE = 100_000;
const NAMES = Array.from({ length: PEOPLE }, (_, i) => `Mover ${String(i).padStart(6, '0')}`);
const ALREADY = ['Already in the target'];

interface Files {
  readonly dir: string;
  readonly source: string;
  readonly target: string;
}

let pristine: Files | undefined;

/** The 100k source and its target, made once; each trial works on copies. */
function pristineFiles(): Files {
  if (!pristine) {
    const dir = makeTempDir('kill-move');
    pristine = { dir, source: join(dir, 'pristine-a.roster'), target: join(dir, 'pristine-b.roster') };
    makeCurrentFile(pristine.source, NAMES, foldName);
    makeCurrentFile(pristine.target, ALREADY, foldName);
  }
  return pristine;
}

function trialFiles(label: string): Files {
  const base = pristineFiles();
  const files = { dir: base.dir, source: join(base.dir, `${label}-a.roster`), target: join(base.dir, `${label}-b.roster`) };
  copyFileSync(base.source, files.source);
  copyFileSync(base.target, files.target);
  return files;
}

function runStepTransfer(files: Files, stopAt: number): Promise<{ steps: string[]; killed: boolean }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'test', 'support', 'step-transfer.ts'), files.source, files.target, String(stopAt)],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const steps: string[] = [];
  let buffered = '';
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      for (;;) {
        const end = buffered.indexOf('\n');
        if (end === -1) break;
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        if (line.startsWith('step ')) steps.push(line.replace(/^step \d+ /, ''));
        if (line === 'stopped') child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ steps, killed: true });
      else if (code === 0) resolve({ steps, killed: false });
      else reject(new Error(`step transfer exited with ${code}`));
    });
  });
}

/** Opens both files as a person next would (the source's open settles the move) and counts everyone. */
async function expectEveryoneOnce(files: Files, what: string): Promise<{ inSource: number; inTarget: number }> {
  for (const path of [files.source, files.target]) {
    const workspace = await openWorkspaceFile(path, openOptions(files.dir));
    try {
      expect(workspace.db.pragma('quick_check', { simple: true }), what).toBe('ok');
    } finally {
      await workspace.close();
    }
  }
  const inSource = queryFile<{ name: string }>(files.source, 'SELECT name FROM "Person"').map((row) => row.name);
  const inTarget = queryFile<{ name: string }>(files.target, 'SELECT name FROM "Person"')
    .map((row) => row.name)
    .filter((name) => !ALREADY.includes(name));
  const everyone = [...inSource, ...inTarget].sort();
  // Every person exactly once: nobody lost, and once settled nobody in both.
  expect(everyone.length, what).toBe(PEOPLE);
  expect(everyone[0], what).toBe(NAMES[0]);
  expect(new Set(everyone).size, what).toBe(PEOPLE);
  expect(queryFile(files.source, 'SELECT count(*) AS n FROM "PersonTransfer"'), what).toEqual([{ n: 0 }]);
  // Settled on both sides: the target keeps no row naming the source either.
  expect(queryFile(files.target, 'SELECT count(*) AS n FROM "PersonTransfer"'), what).toEqual([{ n: 0 }]);
  // The stored counts the windows show agree with the rows.
  expect(queryFile(files.source, 'SELECT personCount AS n FROM "RosterState"'), what).toEqual([{ n: inSource.length }]);
  expect(queryFile(files.target, 'SELECT personCount AS n FROM "RosterState"'), what).toEqual([{ n: inTarget.length + ALREADY.length }]);
  return { inSource: inSource.length, inTarget: inTarget.length };
}

describe('SIGKILL during a move of 100,000 people', () => {
  it('at each step of the move, the next open finishes or forgets it and everyone is there once', async () => {
    const counting = trialFiles('counting');
    const { steps, killed } = await runStepTransfer(counting, -1);
    expect(killed).toBe(false);
    expect(steps.filter((step) => step === 'copied batch')).toHaveLength(PEOPLE / 5000);
    expect(steps.filter((step) => step === 'removed batch')).toHaveLength(PEOPLE / 5000);
    const full = await expectEveryoneOnce(counting, 'an uninterrupted move');
    expect(full).toEqual({ inSource: 0, inTarget: PEOPLE });

    // Every kind of step, and batches at the start, middle and end of both phases.
    const wanted = new Set<number>();
    const at = (name: string, which: 'first' | 'middle' | 'last'): void => {
      const indexes = steps.flatMap((step, index) => (step === name ? [index + 1] : []));
      const pick = which === 'first' ? indexes[0] : which === 'last' ? indexes.at(-1) : indexes[Math.floor(indexes.length / 2)];
      if (pick !== undefined) wanted.add(pick);
    };
    for (const name of new Set(steps)) at(name, 'first');
    for (const name of ['copied batch', 'removed batch']) {
      at(name, 'middle');
      at(name, 'last');
    }
    const outcomes = new Map<string, { inSource: number; inTarget: number }>();
    for (const stopAt of [...wanted].sort((a, b) => a - b)) {
      const label = `${stopAt}-${steps[stopAt - 1]?.replace(/ /g, '-') ?? ''}`;
      const files = trialFiles(`step-${stopAt}`);
      const run = await runStepTransfer(files, stopAt);
      expect(run.killed, label).toBe(true);
      outcomes.set(label, await expectEveryoneOnce(files, `killed at step ${label}`));
    }
    // Before the target commits everyone stays in the source; from then on the move completes.
    const committed = steps.indexOf('target committed') + 1;
    for (const [label, outcome] of outcomes) {
      const stopAt = Number(label.split('-')[0]);
      expect(outcome, label).toEqual(stopAt < committed ? { inSource: PEOPLE, inTarget: 0 } : { inSource: 0, inTarget: PEOPLE });
    }
  }, 180_000);

  it('at arbitrary moments of `roster people move --all`, everyone is there once', async () => {
    const dataDir = join(pristineFiles().dir, 'data');
    // How long a whole move takes here, to spread the kills over it.
    const timing = trialFiles('timed');
    const started = Date.now();
    const whole = spawnRoster(['people', 'move', '--from', timing.source, '--to', timing.target, '--all'], { dataDir });
    await new Promise((resolve) => whole.on('close', resolve));
    const duration = Date.now() - started;
    await expectEveryoneOnce(timing, 'an uninterrupted CLI move');
    // The kills must land inside moves, not before or after them: count the trials that
    // left a move in flight (a journal row in the source) for the next open to settle.
    let inFlight = 0;
    for (const fraction of [0.15, 0.35, 0.5, 0.65, 0.8, 0.95]) {
      const files = trialFiles(`cli-${fraction}`);
      const child = spawnRoster(['people', 'move', '--from', files.source, '--to', files.target, '--all'], { dataDir });
      const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
      await new Promise((resolve) => setTimeout(resolve, Math.round(duration * fraction)));
      child.kill('SIGKILL');
      await closed;
      expect(existsSync(files.source)).toBe(true);
      if (queryFile(files.source, 'SELECT 1 FROM "PersonTransfer"').length > 0) inFlight++;
      await expectEveryoneOnce(files, `CLI killed after ${Math.round(duration * fraction)} ms of ${duration}`);
    }
    expect(inFlight).toBeGreaterThan(0);
  }, 180_000);
});
