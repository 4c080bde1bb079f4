// Timing helpers: medians of repeated runs, with warm-up, and per-call figures for
// operations too quick to time one at a time.

import { performance } from 'node:perf_hooks';

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Milliseconds taken by each of `runs` calls (after `warmup` untimed calls); `setup` runs untimed before each. */
export async function sample(
  runs: number,
  task: (index: number) => Promise<unknown> | unknown,
  options: { warmup?: number; setup?: (index: number) => Promise<unknown> | unknown } = {},
): Promise<number[]> {
  const warmup = options.warmup ?? 1;
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    await options.setup?.(i);
    const start = performance.now();
    await task(i);
    const elapsed = performance.now() - start;
    if (i >= warmup) times.push(elapsed);
  }
  return times;
}

export async function medianMs(runs: number, task: (index: number) => Promise<unknown> | unknown, options?: Parameters<typeof sample>[2]): Promise<number> {
  return median(await sample(runs, task, options));
}

/** Median microseconds per call, timing batches of `perBatch` calls. */
export async function medianMicrosPerCall(batches: number, perBatch: number, task: (index: number) => Promise<unknown> | unknown): Promise<number> {
  let n = 0;
  const times = await sample(
    batches,
    async () => {
      for (let i = 0; i < perBatch; i++) await task(n++);
    },
    { warmup: 2 },
  );
  return (median(times) * 1000) / perBatch;
}

export function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) {
    collect();
    collect();
  }
}
