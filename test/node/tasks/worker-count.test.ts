// The lanes' sizes follow the machine: the foreground lane has a thread per core,
// within a small cap; the background lane is always one thread.

import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { taskWorkerCounts } from '../../../main/kernel/node/tasks/worker-count.js';
import { WorkerTaskRunner } from '../../../main/kernel/node/tasks/worker-runner.js';
import { createTaskRegistry } from '../../../main/kernel/node/tasks/task-registry.js';

describe('taskWorkerCounts', () => {
  it('gives the foreground lane as many threads as the machine runs at once, at least 1 and at most 4', () => {
    const foreground = [1, 2, 3, 4, 5, 8, 64].map((parallelism) => taskWorkerCounts(parallelism).foreground);
    expect(foreground).toEqual([1, 2, 3, 4, 4, 4, 4]);
    expect(taskWorkerCounts(0).foreground).toBe(1);
    for (const parallelism of [1, 2, 16]) expect(taskWorkerCounts(parallelism).background).toBe(1);
  });

  it("defaults to this machine's available parallelism, and a worker runner's parallelism is its foreground lane", async () => {
    expect(taskWorkerCounts()).toEqual(taskWorkerCounts(availableParallelism()));
    const registry = createTaskRegistry([]);
    const machine = new WorkerTaskRunner({ script: 'unused.cjs', registry });
    const pinned = new WorkerTaskRunner({ script: 'unused.cjs', registry, foregroundWorkers: 3 });
    expect(machine.parallelism).toBe(taskWorkerCounts().foreground);
    expect(pinned.parallelism).toBe(3);
    await Promise.all([machine.close(), pinned.close()]);
  });
});
