// Every hostile file (test/support/hostile-files.ts) through the IPC handlers, as the
// app would meet it: the launcher's find across workspaces, then the launcher opening
// it and its window listing, searching, exporting and adding (ipc-runner.ts, in a
// child process, so a statement that never ends fails its case by name instead of
// blocking the test run). The same three checks as the CLI tier: a clear code (never
// INTERNAL, never a hang), nothing written beside the file or in the sentinel
// workspace, and a refused file left byte-identical.

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_CASES, type HostileCase } from '../../support/hostile-files.js';
import { heavyTestFile } from '../../support/loaded-machine.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';
import {
  allowedFindStates,
  COMMAND_TIMEOUT_MS,
  SUITE_SETUP_TIMEOUT_MS,
  outcomeProblems,
  peopleProblems,
  spawnScript,
  unexpectedChanges,
  type CaseSnapshots,
  type Outcome,
} from './hostile-harness.js';

heavyTestFile();

const RUNNER = fileURLToPath(new URL('./ipc-runner.ts', import.meta.url));

type Envelope = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

interface CaseReport {
  readonly index: number;
  readonly path: string;
  readonly outcomes: Record<string, Envelope>;
  readonly find: { state?: string; count?: number; hung?: boolean; missing?: boolean; refused?: unknown };
  readonly before: CaseSnapshots;
  readonly after: CaseSnapshots;
}

/** A case's report, or why there is none (the child hung on it, or died). */
const reports = new Map<number, CaseReport | string>();
let childTemp: string;

/**
 * Runs `indices` in one child, one after another; a case that does not finish within
 * the time limit (twice the CLI's per command: a case here is several calls) is killed
 * and recorded as hung, and a new child goes on with the rest.
 */
function runChild(indices: readonly number[]): Promise<number[]> {
  const child = spawnScript(RUNNER, indices.map(String), childTemp);
  let current: number | undefined;
  let buffer = '';
  let stderr = '';
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (current !== undefined) reports.set(current, `hung: no answer within ${String(2 * COMMAND_TIMEOUT_MS)} ms`);
      child.kill('SIGKILL');
    }, 2 * COMMAND_TIMEOUT_MS);
  };
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      const line = JSON.parse(buffer.slice(0, end)) as { start?: number } & CaseReport;
      buffer = buffer.slice(end + 1);
      if (line.start !== undefined) {
        current = line.start;
        arm();
      } else {
        reports.set(line.index, line);
        current = undefined;
      }
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      // A child that stops before starting any case (it could not load) fails the first one, so the loop always moves on.
      const stopped = current ?? indices.find((index) => !reports.has(index));
      if (stopped !== undefined && !reports.has(stopped)) reports.set(stopped, `the runner stopped: ${stderr.slice(-1500)}`);
      resolve(indices.filter((index) => !reports.has(index)));
    });
  });
}

beforeAll(async () => {
  childTemp = makeTempDir('hostile-ipc');
  const all = HOSTILE_CASES.map((_, index) => index);
  // Two children, each with half the cases: the machine has two cores.
  const halves = [all.filter((index) => index % 2 === 0), all.filter((index) => index % 2 === 1)];
  await Promise.all(
    halves.map(async (half) => {
      for (let rest = half; rest.length > 0;) rest = await runChild(rest);
    }),
  );
}, SUITE_SETUP_TIMEOUT_MS);

afterAll(() => removeTempDirs());

function outcomeOf(envelope: Envelope | undefined): Outcome {
  if (!envelope) return { kind: 'failed', detail: 'no answer' };
  return envelope.ok
    ? { kind: 'ok', data: envelope.data }
    : { kind: 'refused', code: envelope.error.code, message: envelope.error.message };
}

function names(envelope: Envelope | undefined): string[] {
  if (!envelope?.ok) return [];
  return ((envelope.data as { items?: { name: unknown }[] }).items ?? []).map((person) => String(person.name));
}

const NAMES = HOSTILE_CASES.map((hostile, index) => [hostile.name, index] as const);

describe('the IPC handlers on hostile files', () => {
  it.each(NAMES)('%s', (_name, index) => {
    const report = reports.get(index);
    if (typeof report === 'string' || report === undefined) throw new Error(report ?? 'no report');
    const hostile = HOSTILE_CASES[index] as HostileCase;
    const expected = hostile.expect;
    const problems: string[] = [];
    const open = outcomeOf(report.outcomes['open']);
    if (expected.outcome === 'refused' || open.kind !== 'ok') {
      problems.push(...outcomeProblems(expected, open, false).map((line) => `open: ${line}`));
    }
    if (open.kind === 'ok') {
      for (const channel of ['list', 'search', 'export', 'add'] as const) {
        const outcome = outcomeOf(report.outcomes[channel]);
        const found = outcomeProblems(expected, outcome, channel === 'add');
        if (expected.outcome === 'read-only' && channel === 'add' && outcome.kind === 'ok')
          found.push('add succeeded on an untrusted file');
        if (channel === 'list' && outcome.kind === 'ok') found.push(...peopleProblems(expected, names(report.outcomes['list'])));
        if (channel === 'search' && outcome.kind === 'ok' && !names(report.outcomes['search']).includes('Ada Lovelace')) {
          found.push('search did not find "Ada Lovelace"');
        }
        problems.push(...found.map((line) => `${channel}: ${line}`));
      }
    }
    const find = report.find;
    if (find.hung || find.missing || find.refused) problems.push(`find: ${JSON.stringify(find)}`);
    else if (!allowedFindStates(expected).includes(find.state as never)) problems.push(`find: state ${String(find.state)}`);
    else if (find.state === 'ok' && expected.outcome !== 'refused' && (find.count ?? 0) < 1) problems.push('find: found nobody');
    problems.push(...unexpectedChanges(hostile, report.path, report.before.cases[0] ?? {}, report.after.cases[0] ?? {}));
    if (JSON.stringify(report.after.sentinel) !== JSON.stringify(report.before.sentinel)) problems.push('the sentinel workspace changed');
    expect(problems).toEqual([]);
  });
});
