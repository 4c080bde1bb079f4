// What the hostile suite's three tiers share: building every case in a folder of its
// own (plus a sentinel workspace no case may touch), snapshots of those folders, a
// runner that ends a hung child process and says so, and the checks every outcome
// must pass: a clear code (never INTERNAL, never a hang), nothing written outside the
// file, and a refused file left byte-identical.

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ERROR_CODES, type ErrorCode } from '../../../main/kernel/common/errors.js';
import type { FindState } from '../../../main/features/find/common/find-contract.js';
import type { RosterContext } from '../../../main/app/node/roster-context.js';
import { HOSTILE_CASES, makeSentinel, type HostileCase, type HostileExpect, type HostileFile } from '../../support/hostile-files.js';

/**
 * A command that has not finished after this long is a hang: it is killed and the test
 * fails, naming it, instead of waiting for vitest. Only a hang guard, so generous: a
 * command on these small files needs a few seconds even at load 15 (loaded-machine.ts),
 * and one on the 50 MB name about a minute there.
 */
export const COMMAND_TIMEOUT_MS = 150_000;

/**
 * A tier runs every case in its beforeAll, so that hook may take as long as several
 * hangs: each is then reported against its case, instead of one hook timeout for all.
 */
export const SUITE_SETUP_TIMEOUT_MS = 20 * 60_000;

export interface BuiltCase {
  readonly hostile: HostileCase;
  readonly index: number;
  readonly folder: string;
  readonly file: HostileFile;
}

export interface Built {
  readonly root: string;
  readonly sentinel: string;
  readonly cases: readonly BuiltCase[];
}

/** Builds `cases` (default: all) under `root`, each in `case-<n>/`, and the sentinel in `sentinel/`. */
export function buildCases(root: string, cases: readonly HostileCase[] = HOSTILE_CASES): Built {
  const sentinelFolder = join(root, 'sentinel');
  mkdirSync(sentinelFolder, { recursive: true });
  const sentinel = makeSentinel(sentinelFolder);
  const built = cases.map((hostile) => {
    const index = HOSTILE_CASES.indexOf(hostile);
    const folder = join(root, `case-${String(index)}`);
    mkdirSync(folder);
    return { hostile, index, folder, file: hostile.build({ folder, sentinel }) };
  });
  return { root, sentinel, cases: built };
}

/** Lists every case (and the sentinel) in the catalog, then runs each case's preparation. */
export async function registerCases(context: RosterContext, built: Built): Promise<void> {
  context.catalog.add(built.sentinel, 'Sentinel');
  for (const item of built.cases) context.catalog.add(item.file.path, `Case ${String(item.index)}`);
  for (const item of built.cases) await item.file.prepare?.(context);
}

// ---------------------------------------------------------------- snapshots

export type FolderSnapshot = Readonly<Record<string, string>>;

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Every entry of `folder` and its sha256 ('dir' for a folder). */
function snapshotFolder(folder: string): FolderSnapshot {
  const entries: Record<string, string> = {};
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    entries[name] = statSync(path).isDirectory() ? 'dir' : sha256(path);
  }
  return entries;
}

export interface CaseSnapshots {
  readonly cases: readonly FolderSnapshot[];
  readonly sentinel: FolderSnapshot;
}

export function snapshotAll(built: Built): CaseSnapshots {
  return { cases: built.cases.map((item) => snapshotFolder(item.folder)), sentinel: snapshotFolder(join(built.root, 'sentinel')) };
}

/**
 * What changed in a case's folder that the case does not allow, as readable lines (an
 * empty list when nothing did). A refused or read-only file must be byte-identical with
 * nothing new beside it; a file that opens may change, may gain its own -wal/-shm, and
 * may have a sidecar set aside under a name `mayAppear` allows (with its bytes kept).
 */
export function unexpectedChanges(hostile: HostileCase, path: string, before: FolderSnapshot, after: FolderSnapshot): string[] {
  const file = basename(path);
  const opens = hostile.expect.outcome === 'opens';
  const appeared = Object.keys(after).filter((name) => !(name in before));
  const setAside = appeared.filter((name) => hostile.mayAppear?.test(name) === true);
  const problems: string[] = [];
  for (const name of appeared) {
    const ownSidecar = opens && (name === `${file}-wal` || name === `${file}-shm`);
    if (!ownSidecar && !setAside.includes(name)) problems.push(`new file ${name}`);
  }
  for (const [name, sha] of Object.entries(before)) {
    if (opens && name === file) continue;
    if (!(name in after)) {
      const kept = setAside.some((aside) => after[aside] === sha);
      if (!kept) problems.push(`${name} is gone`);
    } else if (after[name] !== sha && !(opens && name.startsWith(`${file}-`))) {
      problems.push(`${name} changed`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------- child processes

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the child was killed for running past COMMAND_TIMEOUT_MS. */
  readonly hung: boolean;
}

/** Collects a child's output; kills it (and says so) if it has not exited after `timeoutMs`. */
export function finishWithin(child: ChildProcess, timeoutMs = COMMAND_TIMEOUT_MS): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  let hung = false;
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, hung });
    });
  });
}

/**
 * Starts a TypeScript script under the project's Node with tsx (the IPC tier's child),
 * its temp folders inside `tempDir`, so that they go with it even when it is killed.
 */
export function spawnScript(script: string, args: readonly string[], tempDir: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TMPDIR: tempDir },
  });
}

// ---------------------------------------------------------------- outcomes

/** What one command did: succeeded (with its data), refused with a code, or hung / crashed. */
export type Outcome =
  | { readonly kind: 'ok'; readonly data: unknown }
  | { readonly kind: 'refused'; readonly code: string; readonly message: string }
  | { readonly kind: 'failed'; readonly detail: string };

/** The CLI's exit status for a code (docs/user/cli.md, "Exit status"). */
export function exitStatusFor(code: ErrorCode): number {
  const category = ERROR_CODES[code];
  return category === 'input' ? 2 : category === 'refused' ? 3 : category === 'temporary' ? 75 : 1;
}

function isKnownCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

/** A message written for a person: a sentence, no SQLite codes, stack or internals. */
function messageProblem(message: string): string | null {
  if (message.split(/\s+/).length < 4) return `"${message}" is not a sentence`;
  if (/SQLITE_|at \w+ \(|Error:|undefined|\[object/.test(message)) return `"${message}" shows internals`;
  return null;
}

/**
 * Checks one command's outcome against the case. `write` says whether the command
 * writes (add; migrate may write). Returns the problems as lines (empty: as expected).
 */
export function outcomeProblems(expect: HostileExpect, outcome: Outcome, write: boolean): string[] {
  if (outcome.kind === 'failed') return [outcome.detail];
  if (outcome.kind === 'refused') {
    if (!isKnownCode(outcome.code) || outcome.code === 'INTERNAL') return [`refused with ${outcome.code}: ${outcome.message}`];
    const allowed: readonly string[] =
      expect.outcome === 'refused'
        ? [expect.code]
        : expect.outcome === 'read-only'
          ? write
            ? ['WORKSPACE_UNTRUSTED']
            : []
          : (expect.mayRefuseWith ?? []);
    const problems = allowed.includes(outcome.code)
      ? []
      : [`refused with ${outcome.code} (${outcome.message}), expected ${allowed.join(' or ') || 'success'}`];
    const wording = messageProblem(outcome.message);
    return wording ? [...problems, wording] : problems;
  }
  if (expect.outcome === 'refused') return [`succeeded, expected ${expect.code}`];
  return [];
}

/** The find states a case may report: its own list, or 'ok' for a file that opens. */
export function allowedFindStates(expect: HostileExpect): readonly FindState[] {
  if (expect.outcome !== 'opens') return expect.findStates;
  if (expect.findStates) return expect.findStates;
  return expect.mayRefuseWith ? ['ok', 'corrupt', 'schema-changed'] : ['ok'];
}

/** Names that must (and must not) be listed, for the cases that can be read. */
export function peopleProblems(expect: HostileExpect, names: readonly string[]): string[] {
  if (expect.outcome === 'refused') return [];
  const problems = expect.people.filter((name) => !names.includes(name)).map((name) => `"${name}" is not listed`);
  const absent = expect.outcome === 'opens' ? (expect.absent ?? []) : [];
  const shownAs = expect.outcome === 'opens' ? (expect.shownAs ?? []) : [];
  return [
    ...problems,
    ...absent.filter((name) => names.includes(name)).map((name) => `"${name}" is listed but belongs to another file`),
    ...shownAs.filter((text) => !names.some((name) => name.includes(text))).map((text) => `no listed name shows "${text}"`),
  ];
}
