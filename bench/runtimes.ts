// The runtime change, measured from the outside: `npm run bench -- --against DIR` runs
// the same user-visible operations in this build and in the build in DIR (another
// Node, another better-sqlite3, the same Roster code), one child process per build
// (bench/runtime-child.ts), driven alternately round by round in one session, so that
// whatever else the machine does slows both alike. Each child times its own rounds;
// each row gives both medians with their spread, new/old, and the spread of new/old
// over the paired rounds, and flags a ratio over 1.10.
//
// The operations are what a person feels: in the app's process, opening a workspace to
// its first count (warm and cold), a page of 100 at the start, middle and end, a
// search's first page and count (common, rare and 2-letter terms) and adding one
// person; through each build's own CLI, start-up, listing, adding, and importing and
// exporting a whole file. Both builds work on identical copies of the same cached
// fixtures, made by this build; before measuring, each size checks that the other build
// opened its copy without upgrading it.

import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { WorkspaceConnections } from '../main/features/workspace/node/workspace-connections.js';
import { repoMigrations } from './fixtures.js';
import { summarize, type Summary } from './measure.js';
import { BuildProcess, snapshotTree, treeState, type RuntimeArgs, type Side } from './runtime-builds.js';
import type { BuildInfo, ChildRequest, FileDescription } from './runtime-child.js';
import { cachedCsv, cachedWorkspace, copyOf } from './scale-fixtures.js';
import { candidateTerms, dropFromCache, label, rawOpen, termsWithMatches } from './scale-helpers.js';
import { formatValue, withSpread } from './table-format.js';

/** A new/old ratio above this is flagged: the change may not make any operation more than 10 % slower. */
const SLOWER_LIMIT = 1.1;

const ROUNDS = {
  open: 40,
  cold: 10,
  page: 40,
  add: 40,
  /** Calls per round of a quick operation; the child answers with their median. */
  calls: 5,
  pageCalls: 10,
  /** Terms per search row: each searched once per side, as every keystroke is a new term. */
  terms: 63,
  shortTerms: 60,
  termsPerRound: 3,
  cli: 25,
  version: 30,
  bulk: (count: number): number => (count >= 1_000_000 ? 6 : 10),
} as const;

interface RuntimeRow {
  readonly operation: string;
  readonly unit: 'ms' | 's';
  readonly old: number;
  readonly new: number;
  readonly oldSpread: readonly [number, number];
  readonly newSpread: readonly [number, number];
  /** new/old of the medians. */
  readonly ratio: number;
  /** The 25th and 75th percentiles of new/old over the paired rounds. */
  readonly ratioSpread: readonly [number, number];
  readonly rounds: number;
  readonly note?: string;
}

/** A build as the report names it: what its child reported, and the tree it came from. */
interface BuildReport extends BuildInfo {
  readonly tree: string;
  /** Its commit, and whether it had changes that are not committed. */
  readonly state: string;
}

export interface RuntimeReport {
  /** The section of docs/dev/benchmarks.md, named by the versions each build reported. */
  readonly name: string;
  readonly builds: Readonly<Record<Side, BuildReport>>;
  readonly load: { readonly start: number; readonly end: number };
  /** What the file-format check found, one line per size. */
  readonly checks: readonly string[];
  readonly rows: readonly RuntimeRow[];
}

interface Run {
  readonly builds: Readonly<Record<Side, BuildProcess>>;
  readonly dir: string;
  readonly root: string;
  readonly log: (message: string) => void;
  readonly rows: RuntimeRow[];
}

interface Pair {
  readonly old: Summary;
  readonly new: Summary;
  readonly ratios: Summary;
}

interface PairSpec {
  readonly rounds: number;
  readonly warmup: number;
  request(side: Side, round: number): ChildRequest;
  /** Untimed work before each side's round (copying a file, dropping it from the cache). */
  setup?(side: Side, round: number): Promise<void> | void;
}

type PerSide<T> = Readonly<Record<Side, T>>;

interface SizeFiles {
  readonly count: number;
  /** The workspace the in-process operations keep open. */
  readonly service: PerSide<string>;
  /** The workspace the CLI opens (never the same file: the app would refuse a file another process holds). */
  readonly cli: PerSide<string>;
  readonly cliData: PerSide<string>;
  readonly importTarget: PerSide<string>;
  readonly exportOut: PerSide<string>;
  readonly csv: string;
  readonly empty: string;
}

const SIDES: readonly Side[] = ['old', 'new'];

function perSide<T>(make: (side: Side) => T): PerSide<T> {
  return { old: make('old'), new: make('new') };
}

/** Rounds of one operation, the two builds alternately; which goes first alternates too, so neither always runs on a warmer cache. */
async function paired(run: Run, spec: PairSpec): Promise<Pair> {
  const times: Record<Side, number[]> = { old: [], new: [] };
  const ratios: number[] = [];
  for (let round = 0; round < spec.warmup + spec.rounds; round++) {
    const order: readonly Side[] = round % 2 === 0 ? ['old', 'new'] : ['new', 'old'];
    const got: Partial<Record<Side, number>> = {};
    for (const side of order) {
      await spec.setup?.(side, round);
      got[side] = await run.builds[side].time(spec.request(side, round));
    }
    if (round < spec.warmup) continue;
    times.old.push(got.old as number);
    times.new.push(got.new as number);
    ratios.push((got.new as number) / (got.old as number));
  }
  return { old: summarize(times.old), new: summarize(times.new), ratios: summarize(ratios) };
}

async function measure(run: Run, operation: string, spec: PairSpec, options: { unit?: 'ms' | 's'; note?: string } = {}): Promise<void> {
  run.log(operation);
  const pair = await paired(run, spec);
  const by = options.unit === 's' ? 1000 : 1;
  const spread = (summary: Summary): [number, number] => [summary.low / by, summary.high / by];
  const row: RuntimeRow = {
    operation,
    unit: options.unit ?? 'ms',
    old: pair.old.median / by,
    new: pair.new.median / by,
    oldSpread: spread(pair.old),
    newSpread: spread(pair.new),
    ratio: pair.new.median / pair.old.median,
    ratioSpread: [pair.ratios.low, pair.ratios.high],
    rounds: spec.rounds,
    ...(options.note ? { note: options.note } : {}),
  };
  run.rows.push(row);
  run.log(
    `  old ${formatValue(row.old, row.unit)}, new ${formatValue(row.new, row.unit)}, ` +
      `new/old ${row.ratio.toFixed(2)}${row.ratio > SLOWER_LIMIT ? '  <-- over 1.10' : ''}`,
  );
}

async function describe(run: Run, side: Side, file: string): Promise<FileDescription> {
  return (await run.builds[side].request({ op: 'describe', file })).value as FileDescription;
}

/**
 * Both builds open their copy of the same file (made by this build) once, untimed: the
 * first open of a copied file checks it whole and seals it, as the app does. The other
 * build must have found nothing to upgrade: same migration history, same schema, no backup.
 */
async function checkFormat(run: Run, files: SizeFiles): Promise<string> {
  const made = await describe(run, 'new', files.service.new);
  const before = await describe(run, 'old', files.service.old);
  for (const side of SIDES) {
    await run.builds[side].request({ op: 'open-count', file: files.service[side], repeat: 1 });
    await run.builds[side].request({ op: 'release' });
  }
  const after = await describe(run, 'old', files.service.old);
  const same = (a: FileDescription, b: FileDescription): boolean =>
    a.schema === b.schema && a.migrations.join('\n') === b.migrations.join('\n') && a.people === b.people;
  if (!same(made, before) || !same(made, after) || after.backups !== before.backups) {
    throw new Error(
      `the old build changed the ${label(files.count)} file when it opened it (an upgrade?); ` +
        `the two builds would not measure the same file`,
    );
  }
  const objects = made.schema.split('\n').length;
  return (
    `${label(files.count)}: the old build opened a copy of this build's file and left it as it was ` +
    `(${made.migrations.length} migrations, ${objects} schema objects, ${made.people.toLocaleString('en-US')} people, no backup made)`
  );
}

/** Search terms, each different, found on a private copy through this build's driver (the same folded keys both builds search). */
function pickTerms(run: Run, source: string, count: number): { common: string[]; rare: string[]; short: string[] } {
  const copy = copyOf(source, join(run.dir, 'terms.roster'));
  const db = rawOpen(copy);
  try {
    const long = candidateTerms(db, [3, 4, 5]);
    const pick = (low: number, high: number): string[] => termsWithMatches(db, long, low, high, ROUNDS.terms).map((t) => t.term);
    const common = pick(Math.floor(count / 200), Math.floor(count / 50));
    const rare = pick(1, Math.max(1, Math.floor(count / 5000)));
    // The rarest 2-letter terms through the commonest, and two nobody has: too short
    // for the trigram index, so each is a scan of every key.
    const twos = termsWithMatches(db, candidateTerms(db, [2]), 0, Number.MAX_SAFE_INTEGER, 400).sort((a, b) => a.matches - b.matches);
    const step = Math.max(1, Math.floor(twos.length / (ROUNDS.shortTerms - 2)));
    const short = ['qx', 'zq', ...twos.filter((_, i) => i % step === 0).map((t) => t.term)].slice(0, ROUNDS.shortTerms);
    return { common, rare, short };
  } finally {
    db.close();
    rmSync(copy, { force: true });
  }
}

async function openRows(run: Run, files: SizeFiles): Promise<void> {
  const n = label(files.count);
  const open =
    (repeat: number) =>
    (side: Side): ChildRequest => ({ op: 'open-count', file: files.service[side], repeat });
  const release = async (side: Side): Promise<void> => {
    await run.builds[side].request({ op: 'release' });
  };
  await measure(
    run,
    `open a workspace to its first count, ${n} (warm)`,
    { rounds: ROUNDS.open, warmup: 2, request: open(ROUNDS.calls) },
    { note: `a file closed cleanly (sealed), so no whole-file check first; ${ROUNDS.calls} opens per round, each closed before the next` },
  );
  await measure(
    run,
    `open a workspace to its first count, ${n} (cold cache)`,
    {
      rounds: ROUNDS.cold,
      warmup: 0,
      request: open(1),
      setup: async (side) => {
        await release(side);
        dropFromCache(files.service[side]);
      },
    },
    { note: 'the file dropped from the OS cache before each open (dd iflag=nocache)' },
  );
  for (const side of SIDES) await release(side);
}

async function readRows(run: Run, files: SizeFiles, terms: ReturnType<typeof pickTerms>): Promise<void> {
  const n = label(files.count);
  for (const [where, offset] of [
    ['start', 0],
    ['middle', Math.floor(files.count / 2)],
    ['end', files.count - 100],
  ] as const) {
    await measure(
      run,
      `page of 100 by name, ${n}: ${where}`,
      { rounds: ROUNDS.page, warmup: 3, request: (side) => ({ op: 'page', file: files.service[side], offset, repeat: ROUNDS.pageCalls }) },
      { note: `offset ${offset.toLocaleString('en-US')}; ${ROUNDS.pageCalls} pages per round` },
    );
  }
  for (const [kind, list] of [
    ['common', terms.common],
    ['rare', terms.rare],
    ['2-letter', terms.short],
  ] as const) {
    const per = ROUNDS.termsPerRound;
    const rounds = Math.floor(list.length / per) - 1;
    if (rounds < 3) {
      run.log(`${n}: only ${list.length} ${kind} terms found; row left out`);
      continue;
    }
    const short = kind === '2-letter';
    await measure(
      run,
      `search page + count, ${n}: ${kind} terms`,
      {
        rounds,
        warmup: 1,
        request: (side, round) => ({
          op: 'search',
          file: files.service[side],
          terms: list.slice(round * per, round * per + per),
          poke: short,
        }),
      },
      {
        // Few 2-letter terms exist, and Roster keeps the last counts: a commit by another
        // connection before each means every one is a real scan, as the first keystroke is.
        note:
          `${(rounds + 1) * per} different terms, ` +
          `${per} per round${short ? ', another connection’s commit before each (no cache answers)' : ''}`,
      },
    );
  }
  await measure(
    run,
    `add one person, ${n}`,
    {
      rounds: ROUNDS.add,
      warmup: 2,
      request: (side, round) => ({
        op: 'add',
        file: files.service[side],
        names: Array.from({ length: ROUNDS.calls }, (_, i) => `Runtime Added ${round}-${i}`),
      }),
    },
    { note: `PersonService.create, autocommit, durable (synchronous=FULL); ${ROUNDS.calls} people per round` },
  );
}

async function cliRows(run: Run, files: SizeFiles): Promise<void> {
  const n = label(files.count);
  const cli = (side: Side, args: readonly string[]): ChildRequest => ({ op: 'cli', args, dataDir: files.cliData[side] });
  const quick = { rounds: ROUNDS.cli, warmup: 1 };
  await measure(
    run,
    `roster people list --limit 100, ${n}`,
    { ...quick, request: (side) => cli(side, ['people', 'list', '--workspace', files.cli[side], '--limit', '100']) },
    { note: 'the whole process: start-up, open (sealed), first page, exit' },
  );
  await measure(
    run,
    `roster people add, ${n}`,
    { ...quick, request: (side, round) => cli(side, ['people', 'add', '--workspace', files.cli[side], `Cli Added ${round}`]) },
    { note: 'the whole process, one person added' },
  );
  const bulk = ROUNDS.bulk(files.count);
  const unit = files.count >= 1_000_000 ? 's' : 'ms';
  await measure(
    run,
    `roster people export, ${n} to CSV`,
    {
      rounds: bulk,
      warmup: 1,
      request: (side) => cli(side, ['people', 'export', '--workspace', files.cli[side], '--out', files.exportOut[side]]),
    },
    { unit, note: 'the whole process, every person written to a file' },
  );
  await measure(
    run,
    `roster people import, ${n} from CSV into an empty workspace`,
    {
      rounds: bulk,
      warmup: 1,
      request: (side) => cli(side, ['people', 'import', '--workspace', files.importTarget[side], files.csv]),
      setup: (side) => void copyOf(files.empty, files.importTarget[side]),
    },
    {
      unit,
      note:
        'until the CLI exits: parsed, validated and written in one transaction ' +
        '(the search index catches up the next time the app opens it)',
    },
  );
}

async function emptyTemplate(run: Run): Promise<string> {
  const path = join(run.dir, 'empty.roster');
  const connections = new WorkspaceConnections({ migrations: repoMigrations(run.root), backupDir: join(run.dir, 'backups') });
  await (await connections.create(path)).release();
  await connections.closeAll();
  return path;
}

async function measureSize(run: Run, count: number, empty: string): Promise<string> {
  const n = label(count);
  run.log(`== ${n} people (load average ${loadavg()[0]?.toFixed(1) ?? '?'})`);
  const source = await cachedWorkspace(count, repoMigrations(run.root), run.log);
  const folder = perSide((side) => join(run.dir, `${side}-${n}`));
  for (const side of SIDES) mkdirSync(folder[side], { recursive: true });
  const files: SizeFiles = {
    count,
    service: perSide((side) => copyOf(source, join(folder[side], 'service.roster'))),
    cli: perSide((side) => copyOf(source, join(folder[side], 'cli.roster'))),
    cliData: perSide((side) => join(folder[side], 'cli-data')),
    importTarget: perSide((side) => join(folder[side], 'import.roster')),
    exportOut: perSide((side) => join(folder[side], 'export.csv')),
    csv: cachedCsv(count),
    empty,
  };
  const check = await checkFormat(run, files);
  run.log(check);
  const terms = pickTerms(run, source, count);
  await openRows(run, files);
  await readRows(run, files, terms);
  for (const side of SIDES) await run.builds[side].request({ op: 'release-all' });
  await cliRows(run, files);
  for (const side of SIDES) rmSync(folder[side], { recursive: true, force: true });
  return check;
}

/** Runs the whole comparison. `args.against` has passed checkBuiltTree; `dir` is a scratch folder the caller removes. */
export async function runtimeComparison(
  args: RuntimeArgs,
  context: { root: string; dir: string; log(message: string): void },
): Promise<RuntimeReport> {
  const start = loadavg()[0] ?? Number.NaN;
  context.log(`load average at start ${start.toFixed(1)}`);
  const trees: PerSide<string> = { old: args.against, new: context.root };
  const states: PerSide<string> = { old: treeState(args.against), new: `${treeState(context.root)}, copied at the start of the run` };
  const newBuild = snapshotTree(context.root, join(context.dir, 'new-build'));
  const launch = (side: Side, buildRoot: string, node: string): BuildProcess =>
    new BuildProcess(side, { root: context.root, buildRoot, node, dataDir: join(context.dir, `${side}-data`), log: context.log });
  const builds: PerSide<BuildProcess> = {
    old: launch('old', args.against, args.againstNode),
    new: launch('new', newBuild, join(context.root, 'node_modules', '.bin', 'node')),
  };
  const run: Run = { builds, dir: context.dir, root: context.root, log: context.log, rows: [] };
  try {
    const hello = async (side: Side): Promise<BuildReport> => ({
      ...((await builds[side].request({ op: 'hello' })).value as BuildInfo),
      tree: trees[side],
      state: states[side],
    });
    const infos: PerSide<BuildReport> = { old: await hello('old'), new: await hello('new') };
    for (const side of SIDES) context.log(`${side}: ${describeBuild(infos[side])}`);
    await measure(
      run,
      'roster --version',
      {
        rounds: ROUNDS.version,
        warmup: 2,
        request: () => ({ op: 'cli', args: ['--version'], dataDir: join(context.dir, 'version-data') }),
      },
      { note: 'process start-up and exit' },
    );
    const empty = await emptyTemplate(run);
    const checks: string[] = [];
    for (const count of args.sizes) checks.push(await measureSize(run, count, empty));
    const end = loadavg()[0] ?? Number.NaN;
    context.log(`load average at end ${end.toFixed(1)}`);
    return { name: sectionName(infos), builds: infos, load: { start, end }, checks, rows: run.rows };
  } finally {
    await Promise.all(SIDES.map((side) => builds[side].close()));
  }
}

function major(version: string): string {
  return version.replace(/^v/, '').split('.')[0] ?? version;
}

function sectionName(builds: PerSide<BuildInfo>): string {
  return (
    `Runtime change: better-sqlite3 ${major(builds.new.betterSqlite3)} on Node ${major(builds.new.node)} ` +
    `against better-sqlite3 ${major(builds.old.betterSqlite3)} on Node ${major(builds.old.node)}`
  );
}

function describeBuild(build: BuildReport): string {
  return `Node ${build.node}, better-sqlite3 ${build.betterSqlite3} (SQLite ${build.sqlite}); ${build.tree}, ${build.state}`;
}

/** The generated block's body: which builds, the format check, and one row per operation. */
export function runtimeMarkdown(report: RuntimeReport): string {
  const flag = (row: RuntimeRow): string => (row.ratio > SLOWER_LIMIT ? '⚠ over 1.10' : '✅');
  return [
    `Old: ${describeBuild(report.builds.old)}.`,
    `New: ${describeBuild(report.builds.new)}.`,
    `Load average ${report.load.start.toFixed(1)} at the start, ${report.load.end.toFixed(1)} at the end.`,
    '',
    ...report.checks.map((check) => `- File format, ${check}.`),
    '',
    '| operation | old: median (p25–p75) | new: median (p25–p75) | new/old | new/old per round (p25–p75) | ≤ 1.10 |',
    '|---|---:|---:|---:|---:|---|',
    ...report.rows.map(
      (row) =>
        `| ${row.operation} | ${withSpread(row.old, row.oldSpread, row.unit)} | ${withSpread(row.new, row.newSpread, row.unit)} ` +
        `| ${row.ratio.toFixed(2)} | ${row.ratioSpread[0].toFixed(2)}–${row.ratioSpread[1].toFixed(2)} | ${flag(row)} |`,
    ),
    '',
    ...report.rows.map((row) => `- ${row.operation}: ${row.note ? `${row.note}; ` : ''}${row.rounds} rounds`),
  ].join('\n');
}
