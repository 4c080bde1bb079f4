// The two builds of the runtime comparison (bench/runtimes.ts): which folder holds the
// other build, whether it is a built Roster tree at all, and one long-lived child
// process per build (bench/runtime-child.ts) that the comparison drives round by round.

import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { ChildAnswer, ChildRequest } from './runtime-child.js';

/** A refusal to run: run.ts prints the message as one line and exits with status 2. */
export class RuntimeRefusal extends Error {}

/** Node 20, the system's own, which the old build was made with (its native module is built for it). */
const DEFAULT_OLD_NODE = '/usr/bin/node';

export interface RuntimeArgs {
  /** The other build's folder (the old runtime). */
  readonly against: string;
  /** The Node that runs the other build. */
  readonly againstNode: string;
  /** People per workspace, each measured in turn. */
  readonly sizes: readonly number[];
}

function flagValue(args: readonly string[], name: string): string | undefined | null {
  const inline = args.find((arg) => arg.startsWith(`${name}=`));
  if (inline !== undefined) return inline.slice(name.length + 1);
  const index = args.indexOf(name);
  if (index === -1) return null;
  const value = args[index + 1];
  return value === undefined || value.startsWith('--') ? undefined : value;
}

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!match) throw new RuntimeRefusal(`--sizes takes people counts such as 100k,1m; got "${text}"`);
  const scale = { '': 1, k: 1000, m: 1_000_000 }[(match[2] ?? '').toLowerCase() as '' | 'k' | 'm'];
  const size = Math.round(Number(match[1]) * scale);
  if (size < 1000) throw new RuntimeRefusal(`--sizes needs at least 1k people per workspace; got "${text}"`);
  return size;
}

/** The comparison's flags, or null when `--against` is not given (the ordinary benches run). */
export function parseRuntimeArgs(args: readonly string[]): RuntimeArgs | null {
  const against = flagValue(args, '--against');
  if (against === null) return null;
  if (against === undefined || against === '')
    throw new RuntimeRefusal('--against needs the folder of another built Roster tree, e.g. --against /tmp/roster-old');
  const againstNode = flagValue(args, '--against-node');
  if (againstNode === undefined || againstNode === '') throw new RuntimeRefusal('--against-node needs the path of a node binary');
  const sizes = flagValue(args, '--sizes');
  if (sizes === undefined || sizes === '') throw new RuntimeRefusal('--sizes needs people counts such as 100k,1m');
  return {
    against: resolve(against),
    againstNode: againstNode ?? DEFAULT_OLD_NODE,
    sizes: sizes === null ? [100_000, 1_000_000] : sizes.split(',').map(parseSize),
  };
}

function newestTs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestTs(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Refuses, in one line, a folder that is not a built Roster tree that can run the child; returns its real path. */
export function checkBuiltTree(dir: string, root: string, node: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new RuntimeRefusal(`--against ${dir}: no such folder`);
  const real = realpathSync(dir);
  if (real === realpathSync(root)) throw new RuntimeRefusal(`--against ${dir} is this tree itself; give the other build's folder`);
  let name: unknown;
  try {
    name = (JSON.parse(readFileSync(join(real, 'package.json'), 'utf8')) as { name?: unknown }).name;
  } catch {
    name = undefined;
  }
  if (name !== 'roster') throw new RuntimeRefusal(`--against ${dir} is not a Roster tree (no package.json named "roster")`);
  const needed: readonly [string, string][] = [
    [existsSync(join(real, 'main', 'node')) ? 'main/node/roster-context.ts' : 'main/app/node/roster-context.ts', 'its sources'],
    [
      existsSync(join(real, 'main', 'node')) ? 'main/node/generated/prisma/client.ts' : 'main/generated/prisma/client.ts',
      'its generated Prisma client: run npm ci there',
    ],
    ['node_modules/better-sqlite3/package.json', 'its node_modules: run npm ci there'],
    ['node_modules/tsx/package.json', 'tsx in its node_modules: run npm ci there'],
    ['bin/roster.mjs', 'bin/roster.mjs'],
    ['dist/cli/roster.mjs', 'a built CLI: run npm run build there'],
  ];
  for (const [file, what] of needed) {
    if (!existsSync(join(real, file))) throw new RuntimeRefusal(`--against ${dir} is not a built Roster tree: no ${file} (${what})`);
  }
  if (statSync(join(real, 'dist', 'cli', 'roster.mjs')).mtimeMs < newestTs(join(real, 'main'))) {
    throw new RuntimeRefusal(`--against ${dir} has a CLI build older than its sources: run npm run build there`);
  }
  if (!existsSync(node)) throw new RuntimeRefusal(`--against-node ${node}: no such file`);
  return real;
}

/** What a build needs at run time: its code, its build, its migrations; node_modules is linked, not copied. */
const SNAPSHOT = [
  'package.json',
  'tsconfig.json',
  'tsconfig.base.json',
  'bin',
  'main',
  'prisma',
  join('dist', 'cli'),
  join('dist', 'main', 'task-worker.cjs'),
];

/**
 * A copy of this tree's build as it is now, in `into`. Other people edit and rebuild
 * this checkout while the comparison runs (it takes most of an hour at 1M); measuring
 * a copy keeps the new side one build from the first round to the last.
 */
export function snapshotTree(root: string, into: string): string {
  mkdirSync(join(into, 'dist', 'main'), { recursive: true });
  for (const entry of SNAPSHOT) {
    cpSync(join(root, entry), join(into, entry), { recursive: true, filter: (source) => !source.endsWith('.map') });
  }
  symlinkSync(join(root, 'node_modules'), join(into, 'node_modules'), 'dir');
  return into;
}

/** The commit a tree is at, and how many files differ from it, as the report names the build. */
export function treeState(root: string): string {
  const git = (args: readonly string[]): string => spawnSync('git', ['-C', root, ...args], { encoding: 'utf8' }).stdout.trim();
  const commit = git(['rev-parse', '--short', 'HEAD']) || 'no git';
  const changed = git(['status', '--porcelain'])
    .split('\n')
    .filter((line) => line !== '').length;
  return changed === 0 ? `commit ${commit}` : `commit ${commit} with ${changed} changed or new files`;
}

export type Side = 'old' | 'new';

/** One build's child process: requests go in one at a time, answers come back with the child's own timing. */
export class BuildProcess {
  readonly side: Side;
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #waiting: { resolve(answer: ChildAnswer): void; reject(error: Error): void }[] = [];
  #exit: string | undefined;

  constructor(side: Side, options: { root: string; buildRoot: string; node: string; dataDir: string; log(message: string): void }) {
    this.side = side;
    // The build's own tsx (resolved from its folder, the working directory) compiles the
    // child, and the child imports everything else from the build's folder.
    this.#child = spawn(
      options.node,
      ['--import', 'tsx', join(options.root, 'bench', 'runtime-child.ts'), options.buildRoot, options.dataDir],
      {
        cwd: options.buildRoot,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const stderr: string[] = [];
    createInterface({ input: this.#child.stderr }).on('line', (line) => {
      stderr.push(line);
      if (stderr.length > 20) stderr.shift();
      options.log(`[${side}] ${line}`);
    });
    createInterface({ input: this.#child.stdout }).on('line', (line) => {
      if (!line.startsWith('@runtime ')) {
        options.log(`[${side}] ${line}`);
        return;
      }
      this.#waiting.shift()?.resolve(JSON.parse(line.slice('@runtime '.length)) as ChildAnswer);
    });
    this.#child.on('exit', (code, signal) => {
      this.#exit = `the ${side} build's child exited (${signal ?? `status ${code}`})${stderr.length > 0 ? `: ${stderr.join(' | ')}` : ''}`;
      for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error(this.#exit));
    });
  }

  /** Sends one request and waits for its answer; a child's error becomes an exception here. */
  async request(request: ChildRequest): Promise<ChildAnswer> {
    if (this.#exit !== undefined) throw new Error(this.#exit);
    const answer = await new Promise<ChildAnswer>((resolveAnswer, reject) => {
      this.#waiting.push({ resolve: resolveAnswer, reject });
      this.#child.stdin.write(`${JSON.stringify(request)}\n`);
    });
    if (answer.error !== undefined) throw new Error(`${this.side} build, ${request.op}: ${answer.error}`);
    return answer;
  }

  /** One timed round: the milliseconds per call the child measured. */
  async time(request: ChildRequest): Promise<number> {
    const answer = await this.request(request);
    if (answer.ms === undefined) throw new Error(`${this.side} build, ${request.op}: no time in the answer`);
    return answer.ms;
  }

  async close(): Promise<void> {
    if (this.#exit === undefined) {
      const exited = new Promise((resolveExit) => this.#child.once('exit', resolveExit));
      await this.request({ op: 'close' }).catch(() => undefined);
      this.#child.stdin.end();
      await exited;
    }
  }
}
