// The task runner the app uses: heavy work on worker threads, results and errors
// crossing as structured clone, cancel, and a main event loop that stays free.

import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { WorkerTaskRunner } from '../../../main/kernel/node/tasks/worker-runner.js';
import { InlineTaskRunner } from '../../../main/kernel/node/tasks/inline-runner.js';
import { appTaskRegistry } from '../../../main/app/node/task-registry.js';
import { integrityTask } from '../../../main/features/workspace/node/integrity-check.js';
import { prepareTask } from '../../../main/features/workspace/node/prepare.js';
import { catchUpSearchTask } from '../../../main/features/workspace/node/search/search-catch-up.js';
import { previewTask } from '../../../main/features/import-export/node/import/preview-task.js';
import { TASK_WORKER } from '../../support/build-cli.js';
import {
  corruptPageInMiddle,
  execOnFile,
  makeCurrentFile,
  makeTempDir,
  queryFile,
  removeTempDirs,
} from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

const runners: WorkerTaskRunner[] = [];
afterAll(async () => {
  await Promise.all(runners.map((runner) => runner.close()));
});

function workerRunner(): WorkerTaskRunner {
  const runner = new WorkerTaskRunner({ script: TASK_WORKER, registry: appTaskRegistry() });
  runners.push(runner);
  return runner;
}

function bigFile(dir: string, count: number, label = 'big'): string {
  const path = join(dir, `${label}-${count}.roster`);
  makeCurrentFile(
    path,
    Array.from({ length: count }, (_, i) => `Person ${i} Ünal`),
    foldName,
  );
  // Every row waits for the search index, as after a bulk import.
  execOnFile(path, `INSERT INTO "PersonSearch" ("PersonSearch") VALUES ('delete-all'); UPDATE "RosterState" SET "searchPendingFrom" = 0;`);
  return path;
}

describe('WorkerTaskRunner', () => {
  it('runs a task on a worker and returns its result; a damaged file is reported, not thrown', async () => {
    const dir = makeTempDir('worker');
    const good = join(dir, 'good.roster');
    makeCurrentFile(good, ['Ada'], foldName);
    const runner = workerRunner();
    expect(await runner.run(integrityTask, { path: good })).toEqual({ ok: true, searchInStep: true, countInStep: true });
    const bad = join(dir, 'bad.roster');
    makeCurrentFile(
      bad,
      Array.from({ length: 5000 }, (_, i) => `Person ${i}`),
      foldName,
    );
    corruptPageInMiddle(bad);
    const result = await runner.run(integrityTask, { path: bad });
    expect(result.ok).toBe(false);
  });

  it('errors cross the thread as RosterErrors with their code and plain message', async () => {
    const dir = makeTempDir('worker');
    const foreign = join(dir, 'foreign.db');
    execOnFile(foreign, 'CREATE TABLE notes (body TEXT)');
    const runner = workerRunner();
    await expect(
      runner.run(prepareTask, {
        path: foreign,
        migrationsDir: join(process.cwd(), 'prisma', 'migrations'),
        backupDir: join(dir, 'b'),
        checkIntegrity: true,
      }),
    ).rejects.toMatchObject({ name: 'RosterError', code: 'WORKSPACE_FOREIGN' });
  });

  it('the main event loop keeps turning while a worker indexes 200,000 rows; the same task inline blocks it', async () => {
    const dir = makeTempDir('worker');
    const ticksDuring = async (run: () => Promise<unknown>): Promise<number> => {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      try {
        await run();
      } finally {
        clearInterval(timer);
      }
      return ticks;
    };
    const onWorker = bigFile(dir, 200_000);
    const runner = workerRunner();
    const started = performance.now();
    const workerTicks = await ticksDuring(() => runner.run(catchUpSearchTask, { path: onWorker, chunk: 200_000 }));
    const elapsed = performance.now() - started;
    expect(queryFile(onWorker, 'SELECT "searchPendingFrom" AS p FROM "RosterState"')).toEqual([{ p: null }]);
    // One 200,000-row chunk is one synchronous statement: inline, no tick can happen during it.
    const inline = bigFile(dir, 200_000, 'inline');
    const inlineTicks = await ticksDuring(() =>
      new InlineTaskRunner(appTaskRegistry()).run(catchUpSearchTask, { path: inline, chunk: 200_000 }),
    );
    console.log(
      `[figure] 200,000-row index catch-up: ${elapsed.toFixed(0)} ms on a worker, ` +
        `${workerTicks} main-loop ticks during it; inline: ${inlineTicks} ticks`,
    );
    expect(workerTicks).toBeGreaterThan(inlineTicks + 5);
  });

  it('a cancel reaches the worker between chunks: rows not indexed stay pending, and search stays exact', async () => {
    const dir = makeTempDir('worker');
    const path = bigFile(dir, 100_000);
    const runner = workerRunner();
    const controller = new AbortController();
    let chunks = 0;
    const result = await runner.run(
      catchUpSearchTask,
      { path, chunk: 5000 },
      {
        signal: controller.signal,
        onProgress: () => {
          if (++chunks === 2) controller.abort();
        },
      },
    );
    expect(result.cancelled).toBe(true);
    const pending = queryFile<{ p: number }>(path, 'SELECT "searchPendingFrom" AS p FROM "RosterState"')[0]?.p;
    expect(pending).toBeGreaterThan(0);
    expect(pending).toBeLessThan(100_000);
    expect(queryFile(path, 'SELECT count(*) AS n FROM "PersonSearch_docsize"')).toEqual([{ n: pending }]);
  });

  it('the import preview runs on a worker and shows what it shows inline', async () => {
    const fixtures = join(process.cwd(), 'test', 'fixtures', 'import');
    const runner = workerRunner();
    const inline = new InlineTaskRunner(appTaskRegistry());
    for (const file of ['excel-csv-semicolon-1252.csv', 'excel-unicode-text.txt', 'short-rows.csv']) {
      const input = { file: join(fixtures, file), format: 'csv' as const };
      const onWorker = await runner.run(previewTask, input);
      expect(onWorker).toEqual(await inline.run(previewTask, input));
      expect(onWorker.fileName).toBe(file);
    }
  });
});
