// The benchmark registry: `npm run bench` (bench/run.ts) runs every registered bench
// and prints one table. Other engineers add theirs by registering from a module that
// run.ts imports (see OPTIONAL_MODULES there), or by exporting a function with the
// `Bench['run']` signature (the IPC bench exports `benchIpc`).
//
// Every row compares Roster with the raw better-sqlite3 figure for the same work,
// measured in the same run, so the ratio survives a slower or faster machine.

type Unit = 'ms' | 'µs' | 'MB' | 's';

export interface BenchRow {
  /** What was measured, as a person reads it. */
  readonly operation: string;
  readonly unit: Unit;
  /** Roster's median. */
  readonly roster: number;
  /** The raw driver's median for the same work; null when there is no raw equivalent. */
  readonly raw: number | null;
  /** The figure Roster must stay within, in the same unit; null when there is none. */
  readonly target: number | null;
  /** The 25th and 75th percentiles around each median, when measured. */
  readonly rosterSpread?: readonly [number, number];
  readonly rawSpread?: readonly [number, number];
  /** How it was measured (samples, data size), shown under the table. */
  readonly note?: string;
}

export interface BenchContext {
  /** A fresh temp folder for this bench; removed afterwards. */
  readonly dir: string;
  /** The repository root (for bin/roster.mjs, prisma/migrations). */
  readonly root: string;
  /** Progress lines for the person running the bench (stderr). */
  log(message: string): void;
}

export interface Bench {
  /** Shown as the section of the table and in docs/dev/benchmarks.md. */
  readonly name: string;
  run(context: BenchContext): Promise<BenchRow[]>;
}

const benches: Bench[] = [];

export function registerBench(bench: Bench): void {
  if (benches.some((existing) => existing.name === bench.name)) throw new Error(`bench "${bench.name}" is registered twice`);
  benches.push(bench);
}

export function registeredBenches(): readonly Bench[] {
  return benches;
}
