// What another user runs when a test runs the CLI as `nobody`, in a folder that user can
// read. The clone may sit where only its owner can enter (a private home, `mktemp -d`,
// /root): `nobody` could then run neither the Node binary (node_modules/.bin/node,
// inside the clone) nor bin/roster.mjs, and the test would fail with `Cannot find
// module` instead of testing Roster. So, once per test file, everything the command
// loads is hard-linked (copied across file systems, or when the original is not
// readable by others) into a fresh folder under the system temp folder, with the
// clone's layout:
//
//   <stage>/node                      the Node binary running the tests (process.execPath)
//   <stage>/package.json              bin/roster.mjs reads its engines; the CLI finds its
//                                     migrations beside it (main/kernel/node/paths/resource-paths.ts)
//   <stage>/bin/roster.mjs, <stage>/dist/cli/   the command and its bundle, chunks and all
//                                     (always copied: a rebuild rewrites the bundle in place)
//   <stage>/prisma/migrations/        read at run time
//   <stage>/node_modules/<package>/   every package the bundle's files import, and what
//                                     those depend on (found from the bundle itself, so a
//                                     new dependency is picked up without editing this file)

import { builtinModules } from 'node:module';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './schema-engine.js';

export interface StagedCli {
  /** The folder, readable by everyone. */
  readonly dir: string;
  /** The Node binary to run. */
  readonly node: string;
  /** bin/roster.mjs, to pass to it. */
  readonly bin: string;
}

const READABLE_BY_OTHERS = 0o004;
const EXECUTABLE_BY_OTHERS = 0o001;
let staged: StagedCli | undefined;

/** A folder (and any parents it needed) others may enter and list, whatever the umask. */
function openDir(path: string): void {
  const first = mkdirSync(path, { recursive: true }) ?? path;
  for (let dir = path; ; dir = dirname(dir)) {
    chmodSync(dir, 0o755);
    if (dir === first || dirname(dir) === dir) return;
  }
}

/**
 * One file: a hard link when that gives others what they need (and `copy` is not asked
 * for), otherwise a copy they can read (and run).
 */
function stageFile(from: string, to: string, copy = false): void {
  const mode = lstatSync(from).mode;
  const runnable = (mode & 0o100) !== 0;
  const othersCan = (mode & READABLE_BY_OTHERS) !== 0 && (!runnable || (mode & EXECUTABLE_BY_OTHERS) !== 0);
  if (othersCan && !copy) {
    try {
      linkSync(from, to);
      return;
    } catch {
      // Another file system, or links refused: copy.
    }
  }
  copyFileSync(from, to);
  chmodSync(to, runnable ? 0o755 : 0o644);
}

function stageTree(from: string, to: string, copy = false): void {
  openDir(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) stageTree(source, target, copy);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else if (entry.isFile()) stageFile(source, target, copy);
  }
}

/** The packages the bundle's files (the entry and any chunks) import: bare specifiers that are not Node's own. */
function importedPackages(bundleDir: string): Set<string> {
  const builtins = new Set(builtinModules);
  const packages = new Set<string>();
  // `from "x"`, `import("x")`, `require("x")`, where x has the shape of a package name
  // (what esbuild writes for an external; a word "from" inside a string does not match).
  const specifiers = /(?:\bfrom|\bimport\s*\(|\brequire\s*\()\s*["']((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/[\w.@-]+)*)["']/g;
  const files = readdirSync(bundleDir, { recursive: true, encoding: 'utf8' }).filter((name) => /\.[cm]?js$/.test(name));
  for (const file of files) {
    for (const match of readFileSync(join(bundleDir, file), 'utf8').matchAll(specifiers)) {
      const specifier = match[1] as string;
      if (specifier.startsWith('node:') || builtins.has(specifier)) continue;
      const parts = specifier.split('/');
      packages.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
    }
  }
  return packages;
}

/** Where Node finds package `name` from `fromDir`: the nearest node_modules holding it, up to the clone's. */
function resolvePackage(name: string, fromDir: string): string | null {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === REPO_ROOT || dirname(dir) === dir) return null;
  }
}

/** Stages package `name` as `fromDir` resolves it, then what it depends on. */
function stagePackage(name: string, fromDir: string, stage: string, done: Set<string>): void {
  const source = resolvePackage(name, fromDir);
  if (source === null) throw new Error(`the CLI needs the package ${name}, which is not installed`);
  if (done.has(source)) return;
  done.add(source);
  const relative = source.slice(REPO_ROOT.length + 1);
  // One nested in another package's node_modules came with that package's folder.
  if (relative === join('node_modules', name)) stageTree(source, join(stage, relative));
  const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };
  const optional = manifest.optionalDependencies ?? {};
  for (const dependency of Object.keys({ ...manifest.dependencies, ...optional })) {
    // An optional dependency for another platform is not installed, and not needed.
    if (dependency in optional && resolvePackage(dependency, source) === null) continue;
    stagePackage(dependency, source, stage, done);
  }
}

function stage(): StagedCli {
  const dir = mkdtempSync(join(tmpdir(), 'roster-other-user-'));
  try {
    chmodSync(dir, 0o755);
    stageFile(process.execPath, join(dir, 'node'));
    stageFile(join(REPO_ROOT, 'package.json'), join(dir, 'package.json'));
    openDir(join(dir, 'bin'));
    stageFile(join(REPO_ROOT, 'bin', 'roster.mjs'), join(dir, 'bin', 'roster.mjs'));
    stageTree(join(REPO_ROOT, 'dist', 'cli'), join(dir, 'dist', 'cli'), true);
    stageTree(join(REPO_ROOT, 'prisma', 'migrations'), join(dir, 'prisma', 'migrations'));
    openDir(join(dir, 'node_modules'));
    const done = new Set<string>();
    for (const name of importedPackages(join(REPO_ROOT, 'dist', 'cli'))) stagePackage(name, REPO_ROOT, dir, done);
    return { dir, node: join(dir, 'node'), bin: join(dir, 'bin', 'roster.mjs') };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The CLI as another user can run it; staged on the first call in a test file, reused after. */
export function stagedCli(): StagedCli {
  if (staged === undefined || !existsSync(staged.bin)) {
    const fresh = stage();
    // In case a file forgets removeStagedCli: gone with the test process at the latest.
    process.once('exit', () => rmSync(fresh.dir, { recursive: true, force: true }));
    staged = fresh;
  }
  return staged;
}

/** Removes the staged copy (call from afterAll in every file that runs the CLI as another user). */
export function removeStagedCli(): void {
  if (staged !== undefined) rmSync(staged.dir, { recursive: true, force: true });
  staged = undefined;
}
