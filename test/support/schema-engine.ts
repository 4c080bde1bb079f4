// The tests' way to ask Prisma's own schema engine (WebAssembly build) about a file:
// each call runs test/support/schema-engine-runner.ts in a child process (see there
// for why) and returns its parsed answer. Close the workspace before calling: the
// engine opens the file itself.

import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApplyMigrationsOutput, DiagnoseMigrationHistoryOutput } from '@prisma/schema-engine-wasm';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REPO_SCHEMA = join(REPO_ROOT, 'prisma', 'schema.prisma');
export const REPO_MIGRATIONS = join(REPO_ROOT, 'prisma', 'migrations');
const RUNNER = join(REPO_ROOT, 'test', 'support', 'schema-engine-runner.ts');

/** Node flags the engine needs; also what `npm run migration:new` runs with. */
export const ENGINE_NODE_FLAGS = ['--experimental-wasm-modules', '--no-warnings', '--import', 'tsx'] as const;

export type EngineRequest =
  /**
   * `external: false` diffs without telling Prisma about the search index's tables;
   * `config` takes the external tables from that Prisma config file, loaded as the CLI loads it.
   */
  | { readonly command: 'diff'; readonly db: string; readonly schema: string; readonly external?: boolean; readonly config?: string }
  | { readonly command: 'diagnose'; readonly db: string; readonly schema: string; readonly migrations: string; readonly count?: number }
  | { readonly command: 'apply'; readonly db: string; readonly schema: string; readonly migrations: string; readonly count?: number };

export interface ProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a TypeScript file of this repo with the engine's Node flags. */
export function runWithEngineFlags(script: string, args: readonly string[]): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...ENGINE_NODE_FLAGS, script, ...args],
      { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        if (code === null) {
          reject(error ?? new Error('child process failed'));
          return;
        }
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

async function ask<T>(request: EngineRequest): Promise<T> {
  const { stdout, stderr } = await runWithEngineFlags(RUNNER, [JSON.stringify(request)]);
  const line = stdout.trim().split('\n').at(-1) ?? '';
  let answer: { ok: boolean; result?: unknown; error?: string };
  try {
    answer = JSON.parse(line) as typeof answer;
  } catch {
    throw new Error(`schema engine runner printed no answer.\nstdout: ${stdout}\nstderr: ${stderr}`);
  }
  if (!answer.ok) throw new Error(`schema engine: ${answer.error ?? 'unknown error'}`);
  return answer.result as T;
}

/**
 * SQL taking the live file to `schema`; '' when there is no drift. The search index's
 * tables are external to Prisma (main/features/workspace/node/migrations/external-tables.ts) unless
 * `external` is false.
 */
export async function engineDiff(db: string, schema: string = REPO_SCHEMA, external = true): Promise<string> {
  return (await ask<{ sql: string }>({ command: 'diff', db, schema, external })).sql;
}

/** SQL taking the live file to `schema`, with the external tables a Prisma config file (prisma.config.ts) declares. */
export async function engineDiffWithConfig(db: string, config: string, schema: string = REPO_SCHEMA): Promise<string> {
  return (await ask<{ sql: string }>({ command: 'diff', db, schema, config })).sql;
}

interface MigrationsOptions {
  migrations?: string;
  count?: number;
  schema?: string;
}

function migrationsRequest(command: 'diagnose' | 'apply', db: string, options: MigrationsOptions) {
  return {
    command,
    db,
    schema: options.schema ?? REPO_SCHEMA,
    migrations: options.migrations ?? REPO_MIGRATIONS,
    ...(options.count === undefined ? {} : { count: options.count }),
  };
}

/** Prisma's own verdict on the file's migration history (what `migrate status` reports). */
export function engineDiagnose(db: string, options: MigrationsOptions = {}): Promise<DiagnoseMigrationHistoryOutput> {
  return ask(migrationsRequest('diagnose', db, options));
}

/** `prisma migrate deploy`, done by Prisma's engine itself (optionally the first `count` migrations only). */
export function engineApply(db: string, options: MigrationsOptions = {}): Promise<ApplyMigrationsOutput> {
  return ask(migrationsRequest('apply', db, options));
}

/** The "up to date" answer of diagnoseMigrationHistory. */
export const UP_TO_DATE: DiagnoseMigrationHistoryOutput = {
  editedMigrationNames: [],
  failedMigrationNames: [],
  hasMigrationsTable: true,
  history: null,
};
