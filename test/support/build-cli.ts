// vitest globalSetup: makes sure dist/cli/roster.mjs (run by the CLI tests as a child
// process) and dist/main/task-worker.cjs (the worker thread the app runs heavy work
// on) are built from the current sources. Builds only those entries (other bundles are
// left alone), and only when a build is missing or older than a source it depends on.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './schema-engine.js';

const BUILT = join(REPO_ROOT, 'dist', 'cli', 'roster.mjs');
export const TASK_WORKER = join(REPO_ROOT, 'dist', 'main', 'task-worker.cjs');
const GENERATED = join(REPO_ROOT, 'main', 'generated', 'prisma', 'client.ts');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function runNode(args: string[]): void {
  const result = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

export function ensureCliBuilt(): string {
  if (!existsSync(GENERATED)) runNode([join('scripts', 'prisma-generate.mjs')]);
  const sources = Math.max(
    newestSource(join(REPO_ROOT, 'main', 'kernel')),
    newestSource(join(REPO_ROOT, 'main', 'features')),
    newestSource(join(REPO_ROOT, 'main', 'app')),
  );
  const stale = [
    ['cli', BUILT],
    ['worker', TASK_WORKER],
  ].filter(([, file]) => !existsSync(file as string) || statSync(file as string).mtimeMs < sources);
  if (stale.length > 0) runNode([join('scripts', 'build.mjs'), ...stale.map(([entry]) => entry as string)]);
  return BUILT;
}

export default function setup(): void {
  ensureCliBuilt();
}
