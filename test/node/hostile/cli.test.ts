// Every hostile file (test/support/hostile-files.ts) through the `roster` command, as a
// person or a script would run it on a file they received: `people list`, `people list
// --search`, `people export`, `people add`, `people copy` of the sentinel's people into
// it, `migrate` (one process for every file), and `people find` across every listed
// workspace (one process too). Each command must end within COMMAND_TIMEOUT_MS with
// success or a clear code (never INTERNAL), nothing may appear or change beside the
// file (or in the sentinel workspace), and a refused file must be left byte-identical.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRosterContext } from '../../../main/app/node/roster-context.js';
import { ERROR_CODES, type ErrorCode } from '../../../main/kernel/common/errors.js';
import { removeStagedCli, stagedCli } from '../../support/other-user.js';
import { HOSTILE_CASES, SEARCH_TEXT, type HostileExpect } from '../../support/hostile-files.js';
import { heavyTestFile } from '../../support/loaded-machine.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';
import {
  allowedFindStates,
  buildCases,
  exitStatusFor,
  finishWithin,
  outcomeProblems,
  peopleProblems,
  registerCases,
  snapshotAll,
  SUITE_SETUP_TIMEOUT_MS,
  unexpectedChanges,
  type Built,
  type BuiltCase,
  type CaseSnapshots,
  type Finished,
  type Outcome,
} from './hostile-harness.js';

heavyTestFile();

/**
 * Each case's own commands, in an order where the writes come last; `copy-in` copies the
 * sentinel's people into the file (a write that arrives from another workspace). Then
 * one `migrate` of every file, and before all of them one `people find`.
 */
const PER_CASE = ['list', 'search', 'export', 'add', 'copy-in'] as const;
const COMMANDS = [...PER_CASE, 'migrate'] as const;
type Command = (typeof COMMANDS)[number];
const WRITES: readonly Command[] = ['add', 'copy-in', 'migrate'];

interface FindEntry {
  readonly path: string;
  readonly state: string;
  readonly count: number;
}

let dataDir: string;
let outDir: string;
let built: Built;
let before: CaseSnapshots;
let after: CaseSnapshots;
let find: Finished;
let migrate: Finished;
const migrateAlone = new Map<number, Finished>();
const results = new Map<number, Map<Command, Finished>>();

/**
 * Runs `roster ARGS...` from a private copy of the built command and its migrations
 * (other-user.ts stages one), taken once at the start: a rebuild of dist/ or an edited
 * migration during the tier's run cannot make some cases meet another build.
 */
function run(args: readonly string[]): Promise<Finished> {
  const cli = stagedCli();
  const env: NodeJS.ProcessEnv = { ...process.env, ROSTER_DATA_DIR: dataDir };
  delete env['ROSTER_DEBUG'];
  return finishWithin(spawn(cli.node, [cli.bin, ...args], { cwd: tmpdir(), env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

function argsFor(command: (typeof PER_CASE)[number], item: BuiltCase): string[] {
  const path = item.file.path;
  switch (command) {
    case 'list':
      return ['people', 'list', path, '--json'];
    case 'search':
      return ['people', 'list', path, '--search', SEARCH_TEXT, '--json'];
    case 'export':
      return ['people', 'export', path, '--out', join(outDir, `case-${String(item.index)}.json`), '--json'];
    case 'add':
      return ['people', 'add', path, 'Hostile Test', '--json'];
    case 'copy-in':
      return ['people', 'copy', built.sentinel, '--all', '--into', path, '--json'];
  }
}

/** Two cases at a time: the machine has two cores, and each case's commands run in order. */
async function inPairs(items: readonly BuiltCase[], work: (item: BuiltCase) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    [0, 1].map(async () => {
      for (let item = queue.shift(); item; item = queue.shift()) await work(item);
    }),
  );
}

async function runCase(item: BuiltCase): Promise<void> {
  const done = new Map<Command, Finished>();
  for (const command of PER_CASE) done.set(command, await run(argsFor(command, item)));
  results.set(item.index, done);
}

beforeAll(async () => {
  const migrationsDir = join(stagedCli().dir, 'prisma', 'migrations');
  const root = makeTempDir('hostile-cli');
  dataDir = join(root, 'data');
  outDir = join(root, 'out');
  mkdirSync(outDir);
  built = buildCases(join(root, 'files'));
  const context = createRosterContext({ dataDir, migrationsDir });
  try {
    await registerCases(context, built);
  } finally {
    await context.close();
  }
  before = snapshotAll(built);
  find = await run(['people', 'find', '--search', SEARCH_TEXT, '--json']);
  await inPairs(built.cases, runCase);
  migrate = await run(['migrate', ...built.cases.map((item) => item.file.path), '--json']);
  // If the one migrate of every file hung or died, each file gets a migrate of its own, so the failure is named.
  if (processFailure(migrate))
    await inPairs(built.cases, async (item) => void migrateAlone.set(item.index, await run(['migrate', item.file.path, '--json'])));
  after = snapshotAll(built);
}, SUITE_SETUP_TIMEOUT_MS);

afterAll(() => {
  removeStagedCli();
  removeTempDirs();
});

/** A command's outcome from its exit status and its --json output. */
function outcomeOf(result: Finished): Outcome {
  const failed = processFailure(result);
  if (failed) return { kind: 'failed', detail: failed };
  if (result.code === 0) return { kind: 'ok', data: parse(result.stdout) };
  const last = result.stderr.trim().split('\n').at(-1) ?? '';
  const error = (parse(last) as { error?: { code: string; message: string } } | undefined)?.error;
  if (!error) return { kind: 'failed', detail: `exit ${String(result.code)} without a JSON error: ${result.stderr.slice(0, 300)}` };
  return checkedRefusal(result, error);
}

/** A process that hung (and was killed) or died from a signal: what to report, or null. */
function processFailure(result: Finished): string | null {
  if (result.hung) return `hung: no exit after the time limit (stderr: ${result.stderr.slice(0, 300)})`;
  if (result.code === null) return `killed by ${String(result.signal)}`;
  return null;
}

/**
 * One file's entry in a `migrate --json` report: the shared one (whose exit status is
 * the most serious of all, so only the entry counts), or the file's own when that one
 * hung or died.
 */
function migrateOutcome(item: BuiltCase): Outcome {
  const path = item.file.path;
  const result = migrateAlone.get(item.index) ?? migrate;
  const failed = processFailure(result);
  if (failed) return { kind: 'failed', detail: failed };
  const report = parse(result.stdout) as { path: string; status: string; error?: { code: string; message: string } }[] | undefined;
  const entry = report?.find((candidate) => candidate.path === path);
  if (!entry) return { kind: 'failed', detail: `no report for the file: ${result.stderr.slice(0, 300)}` };
  if (entry.error) return { kind: 'refused', code: entry.error.code, message: entry.error.message };
  if (entry.status === 'failed' || entry.status === 'missing') return { kind: 'failed', detail: `status ${entry.status} without an error` };
  return { kind: 'ok', data: entry };
}

function checkedRefusal(result: Finished, error: { code: string; message: string }): Outcome {
  const known = Object.hasOwn(ERROR_CODES, error.code) ? exitStatusFor(error.code as ErrorCode) : undefined;
  if (known !== undefined && result.code !== known) {
    return { kind: 'failed', detail: `${error.code} exited ${String(result.code)}, not ${String(known)}` };
  }
  return { kind: 'refused', code: error.code, message: error.message };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function listedNames(outcome: Outcome): string[] {
  return outcome.kind === 'ok' && Array.isArray(outcome.data) ? (outcome.data as { name: unknown }[]).map((p) => String(p.name)) : [];
}

/** What is wrong with one command's outcome on a case (nothing: an empty list). */
function commandProblems(expected: HostileExpect, command: Command, outcome: Outcome): string[] {
  // migrate on a read-only (untrusted) file: refusing or having nothing to write are both right; the bytes are checked apart.
  if (expected.outcome === 'read-only' && command === 'migrate' && outcome.kind === 'ok') {
    return (outcome.data as { status: string }).status === 'up-to-date' ? [] : ['migrate wrote to an untrusted file'];
  }
  const found = outcomeProblems(expected, outcome, WRITES.includes(command));
  if (expected.outcome === 'refused' || outcome.kind !== 'ok') return found;
  if (command === 'list') found.push(...peopleProblems(expected, listedNames(outcome)));
  if (command === 'search' && !listedNames(outcome).includes('Ada Lovelace')) found.push('--search did not find "Ada Lovelace"');
  if (expected.outcome === 'read-only' && WRITES.includes(command) && command !== 'migrate')
    found.push('a write succeeded on an untrusted file');
  return found;
}

const NAMES = HOSTILE_CASES.map((hostile, index) => [hostile.name, index] as const);

describe('the roster command on hostile files', () => {
  it.each(NAMES)('%s', (_name, index) => {
    const item = built.cases.find((candidate) => candidate.index === index) as BuiltCase;
    const expected = item.hostile.expect;
    const done = results.get(index) as Map<Command, Finished>;
    const outcomes = new Map<Command, Outcome>(PER_CASE.map((command) => [command, outcomeOf(done.get(command) as Finished)]));
    outcomes.set('migrate', migrateOutcome(item));
    const problems = COMMANDS.flatMap((command) =>
      commandProblems(expected, command, outcomes.get(command) as Outcome).map((line) => `${command}: ${line}`),
    );
    const entry = findEntries().find((candidate) => candidate.path === item.file.path);
    if (!entry) problems.push('find: no entry for the file');
    else if (!allowedFindStates(expected).includes(entry.state as never)) problems.push(`find: state ${entry.state}`);
    else if (entry.state === 'ok' && expected.outcome !== 'refused' && entry.count < 1) problems.push('find: found nobody');
    const exported = join(outDir, `case-${String(index)}.json`);
    if (expected.outcome === 'refused' && existsSync(exported)) problems.push('export: wrote a file from a refused workspace');
    const at = built.cases.indexOf(item);
    problems.push(...unexpectedChanges(item.hostile, item.file.path, before.cases[at] ?? {}, after.cases[at] ?? {}));
    expect(problems).toEqual([]);
  });

  it('find answered within its time limit for every listed workspace, the sentinel among them', () => {
    expect(find.hung, find.stderr).toBe(false);
    expect(find.code, find.stderr).toBe(0);
    expect(findEntries().find((entry) => entry.path === built.sentinel)).toMatchObject({ state: 'ok', count: 1 });
  });

  it('no hostile file changed the sentinel workspace or its folder', () => {
    expect(after.sentinel).toEqual(before.sentinel);
  });
});

function findEntries(): FindEntry[] {
  return ((parse(find.stdout) as { workspaces?: FindEntry[] } | undefined)?.workspaces ?? []).map((entry) => entry);
}
