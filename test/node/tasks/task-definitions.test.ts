// Tasks as typed definitions: the registry a runner is given decides what it may run,
// each task names its lane, and the app's list names every task once.

import { describe, expect, it } from 'vitest';
import { defineTask } from '../../../main/kernel/node/tasks/task.js';
import { createTaskRegistry } from '../../../main/kernel/node/tasks/task-registry.js';
import { InlineTaskRunner } from '../../../main/kernel/node/tasks/inline-runner.js';
import { WorkerTaskRunner } from '../../../main/kernel/node/tasks/worker-runner.js';
import { appTaskRegistry } from '../../../main/app/node/task-registry.js';
import { integrityTask } from '../../../main/features/workspace/node/integrity-check.js';
import { keyDrainTask } from '../../../main/features/workspace/node/keys/key-drain-task.js';
import { catchUpSearchTask } from '../../../main/features/workspace/node/search/search-catch-up.js';
import { importTask } from '../../../main/features/import-export/node/import/import-task.js';
import { findTask } from '../../../main/features/find/node/find-task.js';

const double = defineTask<{ n: number }, number, string>('double', async (input, context) => {
  context.progress(`doubling ${input.n}`);
  return input.n * 2;
});

describe('task definitions', () => {
  it('a task runs in the foreground unless it says otherwise', () => {
    expect(double).toMatchObject({ name: 'double', lane: 'foreground' });
    expect(defineTask('later', async () => null, { lane: 'background' }).lane).toBe('background');
  });

  it('a registry refuses two tasks with one name, and knows a task by the definition itself', () => {
    const twin = defineTask('double', async () => 0);
    expect(() => createTaskRegistry([double, twin])).toThrow(/double/);
    const registry = createTaskRegistry([double]);
    expect(registry.get('double')).toBe(double);
    expect(registry.has(double)).toBe(true);
    expect(registry.has(twin)).toBe(false);
  });

  it('the inline runner runs what its registry lists, with progress, and refuses the rest', async () => {
    const runner = new InlineTaskRunner(createTaskRegistry([double]));
    const seen: string[] = [];
    expect(await runner.run(double, { n: 21 }, { onProgress: (progress) => seen.push(progress) })).toBe(42);
    expect(seen).toEqual(['doubling 21']);
    const stray = defineTask('stray', async () => 'ran');
    await expect(runner.run(stray, undefined)).rejects.toMatchObject({ name: 'RosterError', code: 'INTERNAL' });
    expect(await new InlineTaskRunner().run(stray, undefined)).toBe('ran');
  });

  it('the worker runner refuses a task its registry does not list before starting a thread', async () => {
    const runner = new WorkerTaskRunner({ script: 'no-such-worker.cjs', registry: createTaskRegistry([double]) });
    await expect(
      runner.run(
        defineTask('stray', async () => 'ran'),
        undefined,
      ),
    ).rejects.toMatchObject({ code: 'INTERNAL' });
    await runner.close();
  });

  it("the app's list names each task once; whole-file checks and index upkeep wait in the background lane", () => {
    const registry = appTaskRegistry();
    for (const task of [integrityTask, catchUpSearchTask, keyDrainTask]) {
      expect(registry.has(task)).toBe(true);
      expect(task.lane).toBe('background');
    }
    for (const task of [importTask, findTask]) {
      expect(registry.has(task)).toBe(true);
      expect(task.lane).toBe('foreground');
    }
  });
});
