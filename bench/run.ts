// `npm run bench`: runs every registered bench, prints one table per bench
// (operation | Roster median | raw better-sqlite3 median | ratio | target), and
// writes the figures into docs/dev/benchmarks.md, each bench in its own generated block,
// so other sections of that file (and the analysis under each block) are kept.
//
//   npm run bench                   all benches, docs/dev/benchmarks.md updated
//   npm run bench -- --no-write     print only
//   npm run bench -- --only migrate run the benches whose name contains "migrate"
//   npm run bench -- --json FILE    also write every figure as JSON
//   npm run bench -- --from-json FILE   rewrite docs/dev/benchmarks.md from a saved --json run
//   npm run bench -- --against DIR  only the runtime comparison (bench/runtimes.ts): this
//                                   build against the built Roster tree in DIR, run by
//                                   /usr/bin/node (--against-node PATH), at 100k and 1M
//                                   people (--sizes 100k,1m); --no-write and --json apply

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureCliBuilt } from '../test/support/build-cli.js';
import { findBench } from './find.bench.js';
import { migrateBench } from './migrate.bench.js';
import { scaleBench } from './scale.bench.js';
import { undoBench } from './undo.bench.js';
import { searchableBench } from './searchable.bench.js';
import { termsBench } from './terms.bench.js';
import { duplicatesBench } from './duplicates.bench.js';
import { registerBench, registeredBenches, type Bench, type BenchRow } from './registry.js';
import { checkBuiltTree, parseRuntimeArgs, RuntimeRefusal, type RuntimeArgs } from './runtime-builds.js';
import { runtimeComparison, runtimeMarkdown, type RuntimeReport } from './runtimes.js';
import { formatValue, withSpread } from './table-format.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DOC = join(root, 'docs', 'dev', 'benchmarks.md');

/** Benches owned by others, loaded when their module exists. A module may call registerBench itself or export one of these functions. */
const OPTIONAL_MODULES: readonly { file: string; exportName: string; name: string }[] = [
  { file: 'ipc.bench.ts', exportName: 'benchIpc', name: 'IPC round trips' },
  { file: 'cli-startup.bench.ts', exportName: 'benchCliStartup', name: 'CLI start-up' },
  { file: 'filters.bench.ts', exportName: 'benchFilters', name: 'Date filters at a million people' },
];

function ratio(row: BenchRow): string {
  if (row.raw === null || row.raw <= 0) return '—';
  return `${(row.roster / row.raw).toFixed(row.roster / row.raw >= 10 ? 0 : 1)}×`;
}

function verdict(row: BenchRow): string {
  if (row.target === null) return '—';
  return `≤ ${formatValue(row.target, row.unit)} ${row.roster <= row.target ? '✅' : '❌ missed'}`;
}

function markdownTable(rows: readonly BenchRow[]): string {
  const lines = [
    '| operation | Roster: median (p25–p75) | raw better-sqlite3: median (p25–p75) | ratio | target |',
    '|---|---:|---:|---:|---|',
    ...rows.map(
      (row) =>
        `| ${row.operation} | ${withSpread(row.roster, row.rosterSpread, row.unit)} ` +
        `| ${withSpread(row.raw, row.rawSpread, row.unit)} | ${ratio(row)} | ${verdict(row)} |`,
    ),
  ];
  const notes = rows.filter((row) => row.note).map((row) => `- ${row.operation}: ${row.note}`);
  return [...lines, '', ...notes].join('\n');
}

function machine(): string {
  const cpu = cpus();
  return [
    `${new Date().toISOString().slice(0, 10)}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ` +
      `${Math.round(totalmem() / 1024 ** 3)} GB RAM,`,
    `${process.platform} ${process.arch}, Node ${process.version}, better-sqlite3 ${packageVersion('better-sqlite3')}, ` +
      `Prisma ${packageVersion('@prisma/client')}, temp files on ${tmpdir()}, load average at start ` +
      `${loadavg()[0]?.toFixed(1) ?? '?'}`,
  ].join(' ');
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Replaces (or appends) the generated block of one bench in docs/dev/benchmarks.md. */
function writeDoc(bench: Bench, rows: readonly BenchRow[], when: string): void {
  writeBlock(bench.name, markdownTable(rows), when);
}

/** Replaces (or appends, under a new heading) the generated block named `name`. */
function writeBlock(name: string, body: string, when: string, command = 'npm run bench'): void {
  const start = `<!-- bench:${slug(name)}:start -->`;
  const end = `<!-- bench:${slug(name)}:end -->`;
  const block = [start, `<!-- generated by \`${command}\`; edit outside these markers -->`, `Measured ${when}.`, '', body, end].join('\n');
  let doc = existsSync(DOC)
    ? readFileSync(DOC, 'utf8')
    : '# Benchmarks\n\n`npm run bench` measures each operation in Roster and, in the same run, ' +
      'the raw better-sqlite3 figure for the same work. Medians. Each section below is one bench; ' +
      'the generated tables sit between markers and the notes around them are written by hand.\n';
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from !== -1 && to > from) doc = doc.slice(0, from) + block + doc.slice(to + end.length);
  else doc = `${doc.trimEnd()}\n\n## ${name}\n\n${block}\n`;
  writeFileSync(DOC, doc);
}

async function loadOptional(): Promise<void> {
  for (const optional of OPTIONAL_MODULES) {
    const file = join(root, 'bench', optional.file);
    if (!existsSync(file)) continue;
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const run = module[optional.exportName];
    if (typeof run === 'function' && !registeredBenches().some((bench) => bench.name === optional.name)) {
      registerBench({ name: optional.name, run: run as Bench['run'] });
    }
  }
}

const RUNTIMES_COMMAND = 'npm run bench -- --against DIR';

/** The runtime comparison alone: this build against the one in `--against`, written into its own block. */
async function runRuntimes(runtime: RuntimeArgs, options: { write: boolean; jsonFile: string | undefined }): Promise<void> {
  // Refuses (RuntimeRefusal) before anything is built or measured.
  const against = checkBuiltTree(runtime.against, root, runtime.againstNode);
  ensureCliBuilt();
  const when = machine();
  process.stderr.write(`${when}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'roster-runtimes-'));
  let report: RuntimeReport;
  try {
    report = await runtimeComparison({ ...runtime, against }, { root, dir, log: (message) => process.stderr.write(`  ${message}\n`) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const body = runtimeMarkdown(report);
  process.stdout.write(`\n## ${report.name}\n\n${body}\n`);
  if (options.write) {
    writeBlock(report.name, body, when, RUNTIMES_COMMAND);
    process.stderr.write(`\nwrote ${DOC}\n`);
  }
  if (options.jsonFile) {
    writeFileSync(options.jsonFile, `${JSON.stringify({ machine: when, runtimes: report }, null, 2)}\n`);
    process.stderr.write(`wrote ${options.jsonFile}\n`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const write = !args.includes('--no-write');
  const onlyIndex = args.indexOf('--only');
  const only = onlyIndex === -1 ? undefined : args[onlyIndex + 1]?.toLowerCase();
  const jsonIndex = args.indexOf('--json');
  const jsonFile = jsonIndex === -1 ? undefined : args[jsonIndex + 1];
  if (jsonIndex !== -1 && !jsonFile) throw new Error('--json needs a file name');
  const results: { bench: string; rows: readonly BenchRow[] }[] = [];
  const runtime = parseRuntimeArgs(args);
  if (runtime) {
    await runRuntimes(runtime, { write, jsonFile });
    return;
  }

  registerBench(scaleBench);
  registerBench(migrateBench);
  registerBench(findBench);
  registerBench(undoBench);
  registerBench(searchableBench);
  registerBench(termsBench);
  registerBench(duplicatesBench);
  await loadOptional();

  const fromIndex = args.indexOf('--from-json');
  if (fromIndex !== -1) {
    // A long run saved with --json (the 1M benches take over an hour on this machine)
    // goes into the doc without measuring again.
    const saved = args[fromIndex + 1];
    if (!saved) throw new Error('--from-json needs a file name');
    const run = JSON.parse(readFileSync(saved, 'utf8')) as {
      machine: string;
      results?: { bench: string; rows: BenchRow[] }[];
      runtimes?: RuntimeReport;
    };
    if (run.runtimes) {
      writeBlock(run.runtimes.name, runtimeMarkdown(run.runtimes), run.machine, RUNTIMES_COMMAND);
      process.stderr.write(`wrote ${run.runtimes.name} from ${saved}\n`);
    }
    for (const result of run.results ?? []) {
      const bench = registeredBenches().find((candidate) => candidate.name === result.bench);
      if (!bench) throw new Error(`${saved} has figures for "${result.bench}", which is not a registered bench`);
      writeDoc(bench, result.rows, run.machine);
      process.stderr.write(`wrote ${bench.name} from ${saved}\n`);
    }
    return;
  }

  ensureCliBuilt();

  const when = machine();
  process.stderr.write(`${when}\n`);
  for (const bench of registeredBenches()) {
    if (only !== undefined && !bench.name.toLowerCase().includes(only)) continue;
    const dir = mkdtempSync(join(tmpdir(), 'roster-bench-'));
    process.stderr.write(`\n== ${bench.name}\n`);
    try {
      const rows = await bench.run({ dir, root, log: (message) => process.stderr.write(`  ${message}\n`) });
      process.stdout.write(`\n## ${bench.name}\n\n${markdownTable(rows)}\n`);
      results.push({ bench: bench.name, rows });
      if (write) writeDoc(bench, rows, when);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (write) process.stderr.write(`\nwrote ${DOC}\n`);
  if (jsonFile) {
    writeFileSync(jsonFile, `${JSON.stringify({ machine: when, results }, null, 2)}\n`);
    process.stderr.write(`wrote ${jsonFile}\n`);
  }
}

try {
  await main();
} catch (error) {
  if (!(error instanceof RuntimeRefusal)) throw error;
  // A refusal is the person's mistake, not the bench's: one line, no stack.
  process.stderr.write(`bench: ${error.message}\n`);
  process.exitCode = 2;
}
