// Find a person in every workspace: 200 closed workspaces of 10,000 people
// each, searched the way the launcher searches them (the launcher's session, its zod
// checks and events, the find tasks on worker threads), interleaved round by round
// with raw better-sqlite3 doing the same search over the same files one after another
// on the main thread: open (immutable, read-only), the first 20 matches by name and
// the count, with instr() over the folded key, no version or state checks. Each round
// is a new term; "first group" is the first workspace's answer, "all groups" the last.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { foldName } from '../main/features/workspace/common/name-fold.js';
import { createRosterCore, type RosterCore } from '../main/app/node/roster-core.js';
import type { WindowSession } from '../main/kernel/node/ipc/window-session.js';
import { createRosterContext, type RosterContext } from '../main/app/node/roster-context.js';
import { immutableFilename } from '../main/kernel/node/sqlite/driver.js';
import { WorkerTaskRunner } from '../main/kernel/node/tasks/worker-runner.js';
import { appTaskRegistry } from '../main/app/node/task-registry.js';
import { TASK_WORKER } from '../test/support/build-cli.js';
import { cachedFindWorkspaces } from './find-fixtures.js';
import { repoMigrations } from './fixtures.js';
import { summarize, type Summary } from './measure.js';
import type { Bench, BenchContext, BenchRow } from './registry.js';

export const FILES = 200;
export const PEOPLE = 10_000;
export const COMMON = ['ada', 'lovelace', 'émile', 'müller', 'hopper', 'garcía', 'silva', 'zoë', 'tanaka', 'søren', 'rossi', 'weber'];
const RARE = ['12345', '67890', '24680', '13579', '31415', '27182', '16180', '99991', '54321', '86420', '11235', '10101'];
const SHORT = ['xu', 'ab', 'q', 'zh', 'ko', 'yi'];

interface Timing {
  readonly first: number;
  readonly all: number;
  readonly matches: number;
}

interface App {
  readonly context: RosterContext;
  readonly core: RosterCore;
  readonly launcher: WindowSession;
  nextQuery: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const noDialogs = {
  chooseNewWorkspacePath: async () => null,
  chooseExistingWorkspace: async () => null,
  chooseImportFile: async () => null,
  chooseExportFile: async () => null,
};

export function startApp(dataDir: string, root: string, paths: readonly string[], foregroundWorkers: number): App {
  const context = createRosterContext({
    dataDir,
    migrationsDir: join(root, 'prisma', 'migrations'),
    tasks: new WorkerTaskRunner({ script: TASK_WORKER, registry: appTaskRegistry(), foregroundWorkers }),
  });
  if (context.catalog.list().length === 0) for (const [i, path] of paths.entries()) context.catalog.add(path, `Workspace ${i + 1}`);
  const core = createRosterCore({ context, dialogs: noDialogs, windows: { showWorkspace: async () => undefined }, log: () => undefined });
  return { context, core, launcher: core.openLauncherSession(), nextQuery: 1 };
}

export async function stopApp(app: App): Promise<void> {
  await app.core.shutdown(5000);
  await app.context.close();
}

/** One find through the launcher's session: time to its first group event and to find-done. */
export function rosterFind(app: App, text: string): Promise<Timing> {
  const queryId = app.nextQuery++;
  const start = performance.now();
  let first = Number.NaN;
  let groups = 0;
  return new Promise((resolve, reject) => {
    const off = app.launcher.onEvent((channel: string, payload: unknown) => {
      const event = payload as { queryId?: number; matches?: number; searched?: number };
      if (event.queryId !== queryId) return;
      if (channel === 'find:onFindGroup') {
        groups++;
        if (Number.isNaN(first)) first = performance.now() - start;
      } else if (channel === 'find:onFindDone') {
        const all = performance.now() - start;
        off();
        if (event.searched !== FILES || groups !== FILES) reject(new Error(`find answered for ${groups} of ${FILES} workspaces`));
        else resolve({ first, all, matches: event.matches ?? -1 });
      }
    });
    void app.launcher.invoke('find:find', { queryId, text }).then((result) => {
      if (!result.ok) reject(new Error(`find:find failed: ${result.error.message}`));
    });
  });
}

/** What a plain program would do: each file in turn, the first 20 by name and the count. */
export function rawFind(paths: readonly string[], text: string): Timing {
  const term = foldName(text.trim());
  const start = performance.now();
  let first = Number.NaN;
  let matches = 0;
  for (const path of paths) {
    const db = new Database(immutableFilename(path), { readonly: true, fileMustExist: true });
    try {
      db.prepare('SELECT "id", "name" FROM "Person" WHERE instr("nameKey", ?) > 0 ORDER BY "nameKey", "id" LIMIT 20').all(term);
      matches += db.prepare('SELECT count(*) FROM "Person" WHERE instr("nameKey", ?) > 0').pluck().get(term) as number;
    } finally {
      db.close();
    }
    if (Number.isNaN(first)) first = performance.now() - start;
  }
  return { first, all: performance.now() - start, matches };
}

interface Measured {
  readonly roster: { first: Summary; all: Summary };
  readonly raw: { first: Summary; all: Summary };
  readonly matches: readonly number[];
  /** Each Roster find's longest event-loop delay of the main thread (ms). */
  readonly blocks: readonly number[];
}

async function measure(app: App, paths: readonly string[], terms: readonly string[], rounds: number): Promise<Measured> {
  const times = { roster: { first: [] as number[], all: [] as number[] }, raw: { first: [] as number[], all: [] as number[] } };
  const matches: number[] = [];
  const blocks: number[] = [];
  // A warm-up round for each side (workers started, pages cached).
  await rosterFind(app, terms[0] as string);
  rawFind(paths, terms[0] as string);
  for (let round = 0; round < rounds; round++) {
    const term = terms[round % terms.length] as string;
    const order = round % 2 === 0 ? (['roster', 'raw'] as const) : (['raw', 'roster'] as const);
    let rosterMatches = -1;
    let rawMatches = -2;
    for (const side of order) {
      if (side === 'roster') {
        // A histogram of its own per find, settled before and after (untimed), so the
        // raw side's main-thread search never counts as Roster's block.
        const histogram = monitorEventLoopDelay({ resolution: 2 });
        histogram.enable();
        await sleep(20);
        const timing = await rosterFind(app, term);
        await sleep(20);
        histogram.disable();
        blocks.push(histogram.max / 1e6);
        times.roster.first.push(timing.first);
        times.roster.all.push(timing.all);
        rosterMatches = timing.matches;
      } else {
        const timing = rawFind(paths, term);
        times.raw.first.push(timing.first);
        times.raw.all.push(timing.all);
        rawMatches = timing.matches;
      }
    }
    if (rosterMatches !== rawMatches) throw new Error(`"${term}": Roster found ${rosterMatches} people, raw ${rawMatches}`);
    matches.push(rosterMatches);
  }
  return {
    roster: { first: summarize(times.roster.first), all: summarize(times.roster.all) },
    raw: { first: summarize(times.raw.first), all: summarize(times.raw.all) },
    matches,
    blocks,
  };
}

function row(operation: string, roster: Summary, raw: Summary | null, target: number | null, note: string): BenchRow {
  return {
    operation,
    unit: 'ms',
    roster: roster.median,
    raw: raw?.median ?? null,
    target,
    rosterSpread: [roster.low, roster.high],
    ...(raw ? { rawSpread: [raw.low, raw.high] as const } : {}),
    note,
  };
}

function range(values: readonly number[]): string {
  return `${Math.min(...values).toLocaleString('en-US')}–${Math.max(...values).toLocaleString('en-US')}`;
}

function sidecarsOf(paths: readonly string[]): string[] {
  return paths.flatMap((path) => ['-wal', '-shm', '-journal'].filter((suffix) => existsSync(path + suffix)).map((suffix) => path + suffix));
}

/** The app's own setup (two workers): common, rare and 1–2 character terms; returns each find's main-thread block too. */
async function measureTwoWorkers(
  context: BenchContext,
  paths: readonly string[],
  scope: string,
): Promise<{ rows: BenchRow[]; blocks: number[] }> {
  context.log('two workers (the app)');
  const app = startApp(join(context.dir, 'data'), context.root, paths, 2);
  try {
    const common = await measure(app, paths, COMMON, 24);
    const rare = await measure(app, paths, RARE, 24);
    const short = await measure(app, paths, SHORT, 12);
    const blocks = [...common.blocks, ...rare.blocks, ...short.blocks];
    const commonNote = `${scope}; ${COMMON.length} terms of 3–8 characters, ${range(common.matches)} people found per term`;
    const rareNote = `${scope}; ${RARE.length} five-digit terms, ${range(rare.matches)} people found per term`;
    const rows: BenchRow[] = [];
    rows.push(
      row(
        'first group, common terms',
        common.roster.first,
        common.raw.first,
        100,
        `${commonNote}; the first workspace's answer (raw: its first file)`,
      ),
    );
    rows.push(row('all groups, common terms', common.roster.all, common.raw.all, 1000, commonNote));
    rows.push(row('first group, rare terms', rare.roster.first, rare.raw.first, 100, rareNote));
    rows.push(row('all groups, rare terms', rare.roster.all, rare.raw.all, 1000, rareNote));
    rows.push(
      row(
        'all groups, 1–2 character terms',
        short.roster.all,
        short.raw.all,
        null,
        `${scope}; ${SHORT.join(', ')}: too short for the trigram index, so every key is scanned; ${range(short.matches)} found`,
      ),
    );
    return { rows, blocks };
  } finally {
    await stopApp(app);
  }
}

async function measureOneWorker(context: BenchContext, paths: readonly string[]): Promise<BenchRow> {
  context.log('one worker');
  const single = startApp(join(context.dir, 'data'), context.root, paths, 1);
  try {
    const common = await measure(single, paths, COMMON, 16);
    return row(
      'all groups, common terms, one worker',
      common.roster.all,
      common.raw.all,
      null,
      'the same finds with one worker thread instead of two (the app uses two)',
    );
  } finally {
    await stopApp(single);
  }
}

/** A new app each round: the first find without focus first (even rounds) and after find:prepareFind (odd rounds). */
async function measureFirstFind(context: BenchContext, paths: readonly string[]): Promise<BenchRow[]> {
  context.log('first find after start');
  const cold: number[] = [];
  const prepared: number[] = [];
  const coldRaw: number[] = [];
  for (let round = 0; round < 12; round++) {
    const fresh = startApp(join(context.dir, 'data'), context.root, paths, 2);
    const term = COMMON[round % COMMON.length] as string;
    try {
      if (round % 2 === 1) {
        // The find box took focus (find:prepareFind), and the first key came a moment later.
        await fresh.launcher.invoke('find:prepareFind', undefined);
        await sleep(150);
        prepared.push((await rosterFind(fresh, term)).first);
      } else {
        cold.push((await rosterFind(fresh, term)).first);
      }
      coldRaw.push(rawFind(paths, term).first);
    } finally {
      await stopApp(fresh);
    }
  }
  return [
    row(
      'first group, first find after start',
      summarize(cold),
      summarize(coldRaw),
      100,
      'a new app each round, the find box typed into without focus first: the find itself starts both worker threads (6 rounds)',
    ),
    row(
      'first group, first find after start, box focused first',
      summarize(prepared),
      summarize(coldRaw),
      100,
      'a new app each round; focusing the find box starts the threads (find:prepareFind), the first key 150 ms later (6 rounds)',
    ),
  ];
}

function blockRow(blocks: readonly number[]): BenchRow {
  return row(
    'longest main-thread block of a find',
    summarize(blocks),
    null,
    50,
    `each find's longest event-loop delay in the main process (${blocks.length} finds, common, rare and short terms; ` +
      `the longest of all: ${Math.max(...blocks).toFixed(1)} ms, which on this shared machine follows the load of other processes ` +
      `as much as the find); raw searches on its main thread, so it blocks for its whole "all groups" time`,
  );
}

async function run(context: BenchContext): Promise<BenchRow[]> {
  const paths = await cachedFindWorkspaces(FILES, PEOPLE, repoMigrations(context.root), context.log);
  if (sidecarsOf(paths).length > 0) throw new Error(`the cached workspaces have sidecar files: ${sidecarsOf(paths).join(', ')}`);
  const scope = `${FILES} closed workspaces of ${PEOPLE.toLocaleString('en-US')} people`;
  const twoWorkers = await measureTwoWorkers(context, paths, scope);
  const oneWorker = await measureOneWorker(context, paths);
  const firstFind = await measureFirstFind(context, paths);
  const rows = [...twoWorkers.rows, oneWorker, ...firstFind, blockRow(twoWorkers.blocks)];
  if (sidecarsOf(paths).length > 0) throw new Error(`finds left sidecar files: ${sidecarsOf(paths).join(', ')}`);
  return rows;
}

export const findBench: Bench = { name: 'Find a person in every workspace', run };
