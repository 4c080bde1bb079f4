// How many worker threads each lane may start: one foreground thread per core the
// machine runs at once. The main thread needs no core of its own: while a worker runs,
// it only waits and answers windows. Past a few threads a find or an import gains
// little (they share one disk) while each thread costs memory and SQLite page cache.

import { availableParallelism } from 'node:os';

const MAX_FOREGROUND = 4;

export interface WorkerCounts {
  readonly foreground: number;
  readonly background: number;
}

/** The lanes' sizes on a machine that can run `parallelism` threads at once. */
export function taskWorkerCounts(parallelism: number = availableParallelism()): WorkerCounts {
  return { foreground: Math.min(MAX_FOREGROUND, Math.max(1, parallelism)), background: 1 };
}
