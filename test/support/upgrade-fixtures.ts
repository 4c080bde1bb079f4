// Helpers for the upgrade and recovery fault tests: files an older Roster
// left half-upgraded, the step migrator child (stop or pause at any step), and `roster`
// children started at the same instant behind a barrier.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { collect, spawnRoster, type CliOptions, type CliResult } from './cli.js';
import { queryFile, REPO_MIGRATIONS, REPO_ROOT, repoMigrations } from './workspace-fixtures.js';

export function historyNames(path: string): string[] {
  return queryFile<{ migration_name: string }>(
    path,
    'SELECT migration_name FROM "_prisma_migrations" ORDER BY started_at, migration_name',
  ).map((row) => row.migration_name);
}

/**
 * What a build before this one did to a file of the version before `migrationIndex`:
 * ran that migration's statements outside a transaction and was killed after the
 * first few (its history row unfinished, its new table half there).
 */
export function halfUpgrade(path: string, migrationIndex = 1, statements = 4): void {
  const db = new Database(path);
  try {
    const migration = repoMigrations().migrations[migrationIndex];
    if (!migration) throw new Error(`no migration ${migrationIndex}`);
    db.prepare(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ('0ldb01d0-0000-4000-8000-000000000001', ?, NULL, ?, NULL, NULL, '2026-11-23T10:00:00.000+00:00', 0)`,
    ).run(migration.checksum, migration.name);
    for (const statement of migration.statements.slice(0, statements)) db.exec(statement);
  } finally {
    db.close();
  }
}

/** What a step migrator says after each try at a lock another process holds. */
export interface StepWait {
  readonly waitedMs: number;
  readonly holder: number | null;
}

export interface StepRun {
  readonly child: ChildProcess;
  /** Settles when the child printed "paused" (never, if it does not pause). */
  readonly paused: Promise<void>;
  /** Settles with the first wait report `accept` takes; rejects if the child ends first. */
  waitReport(accept: (wait: StepWait) => boolean): Promise<StepWait>;
  /** Settles when the child is gone. `error`: the refusal it ended with (exit status 3). */
  readonly finished: Promise<{
    steps: string[];
    stages: string[];
    killed: boolean;
    result: { applied: string[]; recoveredFrom: string | null } | null;
    error: { code: string; message: string } | null;
  }>;
}

type WaitListener = { readonly accept: (wait: StepWait) => boolean; resolve(wait: StepWait): void; reject(error: Error): void };

/**
 * Runs test/support/step-migrator.ts on `path`: SIGKILLed when it reaches step `stopAt`
 * (-1: never), paused at `pause.at` until `pause.goFile` exists.
 */
export function startStepMigrator(path: string, backupDir: string, stopAt: number, pause?: { at: string; goFile: string }): StepRun {
  const args = [
    join(REPO_ROOT, 'test', 'support', 'step-migrator.ts'),
    path,
    REPO_MIGRATIONS,
    backupDir,
    String(stopAt),
    ...(pause ? [pause.at, pause.goFile] : []),
  ];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const steps: string[] = [];
  const stages: string[] = [];
  let result: { applied: string[]; recoveredFrom: string | null } | null = null;
  let error: { code: string; message: string } | null = null;
  let listeners: WaitListener[] = [];
  let ended = false;
  const waitReport = (accept: WaitListener['accept']): Promise<StepWait> =>
    new Promise((resolve, reject) => {
      if (ended) reject(new Error('the step migrator ended before that wait report'));
      else listeners.push({ accept, resolve, reject });
    });
  const heard = (wait: StepWait): void => {
    const taken = listeners.filter((listener) => listener.accept(wait));
    listeners = listeners.filter((listener) => !taken.includes(listener));
    for (const listener of taken) listener.resolve(wait);
  };
  let buffered = '';
  let onPaused: () => void = () => undefined;
  const paused = new Promise<void>((resolve) => (onPaused = resolve));
  const finished = new Promise<Awaited<StepRun['finished']>>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      for (;;) {
        const end = buffered.indexOf('\n');
        if (end === -1) break;
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        if (line.startsWith('step ')) steps.push(line.replace(/^step \d+ /, ''));
        else if (line.startsWith('stage ')) stages.push(line.slice('stage '.length));
        else if (line.startsWith('result ')) result = JSON.parse(line.slice('result '.length)) as typeof result;
        else if (line.startsWith('error ')) error = JSON.parse(line.slice('error '.length)) as typeof error;
        else if (line.startsWith('waiting ')) heard(JSON.parse(line.slice('waiting '.length)) as StepWait);
        else if (line === 'paused') onPaused();
        else if (line === 'stopped') child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      ended = true;
      for (const listener of listeners.splice(0)) listener.reject(new Error('the step migrator ended before that wait report'));
      if (signal === 'SIGKILL') resolve({ steps, stages, killed: true, result, error });
      else if (code === 0 || (code === 3 && error !== null)) resolve({ steps, stages, killed: false, result, error });
      else reject(new Error(`step migrator exited with ${code}`));
    });
  });
  return { child, paused, waitReport, finished };
}

/** The step migrator to its end or its kill (see startStepMigrator). */
export function runStepMigrator(path: string, backupDir: string, stopAt: number): StepRun['finished'] {
  return startStepMigrator(path, backupDir, stopAt).finished;
}

const BARRIER = join(REPO_ROOT, 'test', 'support', 'start-barrier.mjs');

/** Settles when `child` said "ready" on its barrier channel (fd 3), or ended without it. */
function barrierReached(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const channel = child.stdio[3] as Readable | undefined;
    channel?.once('data', () => resolve());
    // A child that exits (and so closes its end) before reading may reset the channel.
    channel?.on('error', () => resolve());
    // (A child that died before the barrier is reported through its result.)
    child.once('exit', () => resolve());
  });
}

/**
 * Starts one `roster` child per argument list, loaded and waiting behind a barrier
 * (test/support/start-barrier.mjs), then releases them all at once; resolves with their
 * results, in order.
 */
export async function runRostersAtOnce(argLists: readonly (readonly string[])[], options: CliOptions): Promise<CliResult[]> {
  const children = argLists.map((args) =>
    spawnRoster(args, { ...options, channel: true, nodeArgs: ['--import', BARRIER], env: { ...options.env, ROSTER_TEST_BARRIER_FD: '3' } }),
  );
  const results = Promise.all(children.map((child) => collect(child)));
  await Promise.all(children.map((child) => barrierReached(child)));
  // Closing the channel is the "go": every child's blocked read returns at once.
  for (const child of children) (child.stdio[3] as Writable | undefined)?.end();
  return results;
}
