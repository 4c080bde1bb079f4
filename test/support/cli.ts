// Running the built `roster` command as a child process, the way a person or a
// script does: `node bin/roster.mjs ...` with ROSTER_DATA_DIR pointing at a temp
// folder, so the tests never touch the real data folder.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stagedCli } from './other-user.js';
import { REPO_ROOT } from './schema-engine.js';

export const ROSTER_BIN = join(REPO_ROOT, 'bin', 'roster.mjs');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** ROSTER_DATA_DIR for the child. */
  readonly dataDir: string;
  /** Defaults to the system temp folder (the data folder may not exist yet). */
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** 'pipe' to write the child's standard input (default: none). */
  readonly stdin?: 'pipe' | 'ignore';
  /** Node options before the script (e.g. `--import` of a test preload). */
  readonly nodeArgs?: readonly string[];
  /** A fourth pipe, the child's file descriptor 3 (the start barrier's channel). */
  readonly channel?: boolean;
}

function childEnv(options: CliOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ROSTER_DATA_DIR: options.dataDir };
  delete env['ROSTER_DEBUG']; // unless the test asks for it
  Object.assign(env, options.env);
  return env;
}

/** Starts `roster ARGS...`; the caller owns the child (see runRoster for the simple case). */
export function spawnRoster(args: readonly string[], options: CliOptions): ChildProcess {
  return spawn(process.execPath, [...(options.nodeArgs ?? []), ROSTER_BIN, ...args], {
    cwd: options.cwd ?? tmpdir(),
    env: childEnv(options),
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe', ...(options.channel ? (['pipe'] as const) : [])],
  });
}

export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Runs `roster ARGS...` to completion. */
export function runRoster(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return collect(spawnRoster(args, options));
}

/** Parses the stdout of a `--json` command. */
export function jsonOut<T = unknown>(result: CliResult): T {
  if (result.code !== 0) throw new Error(`roster failed (${String(result.code)}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/**
 * Runs `roster ARGS...` as the unprivileged user `nobody`, for whom file permissions
 * apply (tests run as root in CI, and root may write any file). `dataDir` must be
 * writable by nobody. Runs the copy of Node and the CLI that nobody can read wherever
 * the clone sits (other-user.ts); a file calling this removes it with removeStagedCli.
 */
export function runRosterAsNobody(args: readonly string[], dataDir: string): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, ROSTER_DATA_DIR: dataDir, HOME: dataDir };
  delete env['ROSTER_DEBUG'];
  const cli = stagedCli();
  // Started in the staged folder: the test's own working folder may be the private clone.
  const result = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', cli.node, cli.bin, ...args], {
    encoding: 'utf8',
    env,
    cwd: cli.dir,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
