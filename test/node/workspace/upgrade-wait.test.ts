// A process that needs a workspace's write lock while another Roster process upgrades
// it (main/features/workspace/node/upgrade-lock.ts): it keeps waiting while the holder shows
// progress, however long that takes, and gives up with WORKSPACE_BUSY, naming the
// process, once the holder has stopped; a holder that is killed releases the lock and
// the waiter does the upgrade itself. Real processes (test/support/step-migrator.ts,
// Roster's own prepare code), real files. The holder is paused inside the lock at the
// start of its backup, its main thread blocked as in one long statement; every step of
// the tests follows what the processes report, never a clock.

import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUSY_TIMEOUT_MS } from '../../../main/kernel/node/sqlite/pragmas.js';
import { WorkerTaskRunner } from '../../../main/kernel/node/tasks/worker-runner.js';
import { appTaskRegistry } from '../../../main/app/node/task-registry.js';
import { BACKUP_EXTENSION } from '../../../main/features/workspace/node/backups.js';
import { STALLED_AFTER_MS } from '../../../main/features/workspace/node/upgrade-lock.js';
import type { PrepareProgress } from '../../../main/features/workspace/node/prepare.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import { TASK_WORKER } from '../../support/build-cli.js';
import { historyNames, startStepMigrator, type StepRun } from '../../support/upgrade-fixtures.js';
import { makeTempDir, makeV1File, queryFile, removeTempDirs, repoMigrations } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

// Each test starts two TypeScript child processes (tsx) and upgrades a file: seconds
// when idle, and several times that on a loaded two-core machine.
const TIMEOUT_MS = 240_000;

const NAMES = Array.from({ length: 3000 }, (_, i) => `Person ${i}`);

interface Setup {
  readonly path: string;
  readonly backupDir: string;
  readonly goFile: string;
  readonly holder: StepRun;
  readonly holderPid: number;
}

/** A v1 file, and a holder paused inside the write lock (its heartbeat running) where its backup begins. */
async function pausedHolder(label: string): Promise<Setup> {
  const dir = makeTempDir(label);
  const path = join(dir, 'shared.roster');
  makeV1File(path, NAMES);
  const backupDir = join(dir, 'data', 'backups');
  const goFile = join(dir, 'go');
  const holder = startStepMigrator(path, backupDir, -1, { at: 'stage:backing-up', goFile });
  await holder.paused;
  return { path, backupDir, goFile, holder, holderPid: holder.child.pid as number };
}

/** Nothing but backups is left in the backups folder: every heartbeat was removed. */
function leftovers(backupDir: string): string[] {
  return readdirSync(backupDir).filter((name) => !name.endsWith(BACKUP_EXTENSION));
}

/** Opens the file as a person would next: upgraded once, every person there. */
async function expectUpgradedWhole(path: string, backupDir: string): Promise<void> {
  expect(historyNames(path)).toEqual(repoMigrations().migrations.map((migration) => migration.name));
  expect(queryFile(path, 'SELECT count(*) AS n FROM "Person"')).toEqual([{ n: NAMES.length }]);
  const workspace = await openWorkspaceFile(path, { migrations: repoMigrations(), backupDir });
  try {
    expect(workspace.applied).toEqual([]);
    expect(workspace.db.pragma('quick_check', { simple: true })).toBe('ok');
  } finally {
    await workspace.close();
  }
}

const PENDING = repoMigrations()
  .migrations.slice(1)
  .map((migration) => migration.name);

describe('waiting for another Roster process that holds the upgrade lock', () => {
  it(
    'a holder that keeps showing progress for longer than the busy timeout is waited for; the waiter then finds the file upgraded',
    async () => {
      const { path, backupDir, goFile, holder, holderPid } = await pausedHolder('wait-progress');
      const waiter = startStepMigrator(path, backupDir, -1);
      // The waiter's own report that it has waited past the limit it used to give up
      // at, still seeing the holder's heartbeat advance; only then is the holder let go.
      const report = await waiter.waitReport((wait) => wait.holder === holderPid && wait.waitedMs > BUSY_TIMEOUT_MS);
      expect(report.holder).toBe(holderPid);
      writeFileSync(goFile, '');

      const [held, waited] = await Promise.all([holder.finished, waiter.finished]);
      expect(held.error).toBeNull();
      expect(held.result?.applied).toEqual(PENDING);
      expect(waited.error).toBeNull();
      expect(waited.result?.applied).toEqual([]);
      expect(leftovers(backupDir)).toEqual([]);
      await expectUpgradedWhole(path, backupDir);
    },
    TIMEOUT_MS,
  );

  it(
    'a holder that stops (SIGSTOP) while the waiter watches it: ' +
      'WORKSPACE_BUSY naming the process, nothing changed; the holder finishes once resumed',
    async () => {
      const { path, backupDir, goFile, holder, holderPid } = await pausedHolder('wait-stalled');
      const waiter = startStepMigrator(path, backupDir, -1);
      await waiter.waitReport((wait) => wait.holder === holderPid);
      process.kill(holderPid, 'SIGSTOP');
      try {
        const waited = await waiter.finished;
        expect(waited.result).toBeNull();
        expect(waited.error?.code).toBe('WORKSPACE_BUSY');
        expect(waited.error?.message).toBe(
          `Another Roster process (process ${holderPid}) is upgrading this workspace, ` +
            `but it has shown no progress for ${STALLED_AFTER_MS / 1000} seconds: it may have been stopped or be stuck. ` +
            `Nothing was changed; try again when it has finished, or end that process.`,
        );
        // The waiter wrote nothing: the file is still the v1 file the holder is upgrading.
        expect(historyNames(path)).toEqual([repoMigrations().migrations[0]?.name]);
      } finally {
        process.kill(holderPid, 'SIGCONT');
        writeFileSync(goFile, '');
      }
      const held = await holder.finished;
      expect(held.result?.applied).toEqual(PENDING);
      expect(leftovers(backupDir)).toEqual([]);
      await expectUpgradedWhole(path, backupDir);
    },
    TIMEOUT_MS,
  );
});

describe('waiting for another Roster process that holds the upgrade lock: a holder that dies, the app’s worker thread', () => {
  it(
    'a holder killed (SIGKILL) while the waiter waits: the lock is free at once, ' +
      'the waiter upgrades the file itself and removes the dead heartbeat',
    async () => {
      const { path, backupDir, holder, holderPid } = await pausedHolder('wait-killed');
      const waiter = startStepMigrator(path, backupDir, -1);
      await waiter.waitReport((wait) => wait.holder === holderPid);
      expect(readdirSync(backupDir).filter((name) => name.includes(`${holderPid}-`))).toHaveLength(1);
      holder.child.kill('SIGKILL');
      expect((await holder.finished).killed).toBe(true);

      const waited = await waiter.finished;
      expect(waited.error).toBeNull();
      expect(waited.result?.applied).toEqual(PENDING);
      expect(leftovers(backupDir)).toEqual([]);
      expect(readdirSync(backupDir)).toHaveLength(1); // the waiter's own backup
      await expectUpgradedWhole(path, backupDir);
    },
    TIMEOUT_MS,
  );

  it(
    'in the app the waiting is on a worker thread: the main thread hears every report and stays free while the open waits',
    async () => {
      const { path, backupDir, goFile, holder, holderPid } = await pausedHolder('wait-app');
      const tasks = new WorkerTaskRunner({ script: TASK_WORKER, registry: appTaskRegistry() });
      try {
        // Each report crosses from the worker to this thread's event loop: hearing one
        // from past the old limit proves that loop was free all the while.
        let release: (wait: PrepareProgress) => void = () => undefined;
        const late = new Promise<PrepareProgress>((resolve) => (release = resolve));
        const opening = openWorkspaceFile(path, {
          migrations: repoMigrations(),
          backupDir,
          tasks,
          onProgress: (progress) => {
            if (progress.stage === 'waiting' && progress.holder === holderPid && progress.waitedMs > BUSY_TIMEOUT_MS) release(progress);
          },
        });
        await late;
        writeFileSync(goFile, '');
        const workspace = await opening;
        try {
          expect(workspace.applied).toEqual([]);
          expect(await workspace.prisma.person.count()).toBe(NAMES.length);
        } finally {
          await workspace.close();
        }
        expect((await holder.finished).result?.applied).toEqual(PENDING);
      } finally {
        writeFileSync(goFile, '');
        await tasks.close();
      }
      expect(leftovers(backupDir)).toEqual([]);
    },
    TIMEOUT_MS,
  );
});
