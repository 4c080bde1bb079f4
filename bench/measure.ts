// Timing helpers: medians of repeated runs, with warm-up, and per-call figures for
// operations too quick to time one at a time.

import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

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

/** Median microseconds per call, timing batches of `perBatch` calls. */
export async function medianMicrosPerCall(
  batches: number,
  perBatch: number,
  task: (index: number) => Promise<unknown> | unknown,
): Promise<number> {
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

/** A median with the spread around it (the 25th and 75th percentiles). */
export interface Summary {
  readonly median: number;
  readonly low: number;
  readonly high: number;
  readonly samples: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of nothing');
  const index = (sorted.length - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (index - lo);
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), low: percentile(sorted, 0.25), high: percentile(sorted, 0.75), samples: sorted.length };
}

/**
 * Times Roster and the raw driver doing the same work, alternately, round after round,
 * so that whatever else the machine does affects both sides alike. `setup` runs untimed
 * before each side of each round. Returns milliseconds per call.
 */
export async function interleaved(
  rounds: number,
  sides: { roster: (round: number) => Promise<unknown> | unknown; raw: (round: number) => Promise<unknown> | unknown },
  options: { warmup?: number; setup?: (side: 'roster' | 'raw', round: number) => Promise<unknown> | unknown } = {},
): Promise<{ roster: Summary; raw: Summary }> {
  const warmup = options.warmup ?? 1;
  const times = { roster: [] as number[], raw: [] as number[] };
  for (let round = 0; round < warmup + rounds; round++) {
    // Alternate which side goes first, so neither always runs on a warmer cache.
    const order: ('roster' | 'raw')[] = round % 2 === 0 ? ['roster', 'raw'] : ['raw', 'roster'];
    for (const side of order) {
      await options.setup?.(side, round);
      const start = performance.now();
      await sides[side](round);
      const elapsed = performance.now() - start;
      if (round >= warmup) times[side].push(elapsed);
    }
  }
  return { roster: summarize(times.roster), raw: summarize(times.raw) };
}

/** The longest the event loop was blocked while `work` ran (ms), for the rows that say how long a window would freeze. */
export async function longestBlock(work: () => Promise<unknown> | unknown): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 2 });
  histogram.enable();
  // Let the monitor take its first samples, so a block right at the start is seen.
  await new Promise((resolve) => setTimeout(resolve, 20));
  try {
    await work();
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    histogram.disable();
  }
  return histogram.max / 1e6;
}
