// One build's side of the runtime comparison (bench/runtimes.ts). The parent starts
// one of these per build, with that build's own Node and its own tsx, the build's
// folder as the first argument and a data folder as the second. Every Roster module
// and better-sqlite3 are imported from the build's folder at run time, never from the
// tree this file sits in, so the old build runs its own code on its own driver; that
// is why only node: built-ins are imported statically here (the other imports are
// types, erased before running; the parent, likewise, imports only the types).
//
// Protocol: one JSON request per line on stdin, one answer per request on stdout as a
// line starting with `@runtime ` (anything else a module prints is passed through by
// the parent). Each request does one round of one operation and answers with the
// milliseconds the operation took, timed here, so the pipe to the parent is not part
// of any figure; work that must not count (holding a workspace open, a commit by
// another program) happens before the clock starts. A round of a quick operation times
// several calls one by one and answers with their median: on a shared 2-core machine a
// call is now and then descheduled, and one such call would otherwise be the round.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import type * as PersonServiceModule from '../main/features/people/node/person-service.js';
import type * as RosterContextModule from '../main/app/node/roster-context.js';
import type { PersonService } from '../main/features/people/node/person-service.js';
import type { RosterContext } from '../main/app/node/roster-context.js';
import type { WorkspaceLease } from '../main/features/workspace/node/workspace-connections.js';

export type ChildRequest =
  | { readonly op: 'hello' }
  | { readonly op: 'open-count'; readonly file: string; readonly repeat: number }
  | { readonly op: 'release' }
  | { readonly op: 'release-all' }
  | { readonly op: 'page'; readonly file: string; readonly offset: number; readonly repeat: number }
  | { readonly op: 'search'; readonly file: string; readonly terms: readonly string[]; readonly poke: boolean }
  | { readonly op: 'add'; readonly file: string; readonly names: readonly string[] }
  | { readonly op: 'cli'; readonly args: readonly string[]; readonly dataDir: string }
  | { readonly op: 'describe'; readonly file: string }
  | { readonly op: 'close' };

/** What a build says about itself. */
export interface BuildInfo {
  readonly node: string;
  readonly betterSqlite3: string;
  readonly sqlite: string;
  readonly root: string;
}

/** What a workspace file holds that an upgrade would change, and whether a backup was made. */
export interface FileDescription {
  readonly migrations: readonly string[];
  readonly schema: string;
  readonly people: number;
  readonly backups: number;
}

export interface ChildAnswer {
  readonly id: number;
  /** Milliseconds: the timed call, or the median of the round's calls. */
  readonly ms?: number;
  readonly value?: unknown;
  readonly error?: string;
}

const [root, dataDir] = process.argv.slice(2) as [string, string];
const requireFromBuild = createRequire(join(root, 'package.json'));
const Database = requireFromBuild('better-sqlite3') as typeof BetterSqlite3;
// A tree from before the core was split into features keeps these modules under main/node.
const layout = existsSync(join(root, 'main', 'node', 'roster-context.ts'))
  ? { context: ['main', 'node', 'roster-context.ts'], people: ['main', 'node', 'people', 'person-service.ts'] }
  : { context: ['main', 'app', 'node', 'roster-context.ts'], people: ['main', 'features', 'people', 'node', 'person-service.ts'] };
const contextModule = (await import(pathToFileURL(join(root, ...layout.context)).href)) as typeof RosterContextModule;
const peopleModule = (await import(pathToFileURL(join(root, ...layout.people)).href)) as typeof PersonServiceModule;

// The same context the CLI builds (catalog seals, inline tasks, no background work),
// so a background check or index catch-up never runs during a timed round.
const roster: RosterContext = contextModule.createRosterContext({ dataDir, migrationsDir: join(root, 'prisma', 'migrations') });
const held = new Map<string, { lease: WorkspaceLease; people: PersonService }>();
let opened: WorkspaceLease | undefined;

/** A workspace kept open across rounds, as a window keeps it; opened untimed on first use. */
async function heldPeople(file: string): Promise<PersonService> {
  let entry = held.get(file);
  if (!entry) {
    const lease = await roster.connections.acquire(file);
    entry = { lease, people: new peopleModule.PersonService(lease) };
    held.set(file, entry);
  }
  return entry.people;
}

async function timed(task: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await task();
  return performance.now() - start;
}

/** Times `task` once per item, `before` (untimed) ahead of each; the median of the times. */
async function medianOf<T>(
  items: readonly T[],
  task: (item: T) => Promise<unknown>,
  before?: (item: T) => Promise<unknown> | unknown,
): Promise<number> {
  const times: number[] = [];
  for (const item of items) {
    await before?.(item);
    times.push(await timed(() => task(item)));
  }
  times.sort((a, b) => a - b);
  const middle = Math.floor(times.length / 2);
  return times.length % 2 === 1 ? (times[middle] as number) : ((times[middle - 1] as number) + (times[middle] as number)) / 2;
}

/** `count` calls of the same operation. */
const calls = (count: number): number[] => Array.from({ length: count }, (_, i) => i);

async function release(): Promise<void> {
  await opened?.release();
  opened = undefined;
}

function describe(file: string): FileDescription {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const migrations = db
      .prepare(
        'SELECT "migration_name" || \' \' || "checksum" || \' \' || ("finished_at" IS NOT NULL) ' +
          'FROM "_prisma_migrations" ORDER BY "migration_name"',
      )
      .pluck()
      .all() as string[];
    const schema = (
      db
        .prepare('SELECT "type" || \' \' || "name" || \' \' || coalesce("sql", \'\') FROM "sqlite_master" ORDER BY "type", "name"')
        .pluck()
        .all() as string[]
    ).join('\n');
    const people = db.prepare('SELECT count(*) FROM "Person"').pluck().get() as number;
    return { migrations, schema, people, backups: readdirSync(roster.paths.backupsDir).length };
  } finally {
    db.close();
  }
}

/**
 * A real commit by another connection (SQLite does not count one that changes nothing),
 * so no cache of Roster's can answer the next read.
 */
function poke(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.exec('BEGIN; INSERT INTO "PersonKeyQueue" VALUES (-1); DELETE FROM "PersonKeyQueue" WHERE "personId" = -1; COMMIT');
  } finally {
    db.close();
  }
}

function runCli(args: readonly string[], cliDataDir: string, debug = false): void {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'roster.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ROSTER_DATA_DIR: cliDataDir, ...(debug ? { ROSTER_DEBUG: '1' } : {}) },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status === 0) return;
  // ROSTER_DEBUG prints more than a timed run should, so only a failure is run again with it, for the details.
  if (!debug) runCli(args, cliDataDir, true);
  throw new Error(`roster ${args.join(' ')} exited ${result.status}: ${result.stderr.trim()}`);
}

async function handle(request: ChildRequest): Promise<Omit<ChildAnswer, 'id'>> {
  switch (request.op) {
    case 'hello': {
      const probe = new Database(':memory:');
      const sqlite = probe.prepare('SELECT sqlite_version()').pluck().get() as string;
      probe.close();
      const version = (requireFromBuild('better-sqlite3/package.json') as { version: string }).version;
      return { value: { node: process.version, betterSqlite3: version, sqlite, root } satisfies BuildInfo };
    }
    case 'open-count': {
      if (held.has(request.file)) throw new Error(`${request.file} is held open; an open would not be measured`);
      const openAndCount = async (): Promise<void> => {
        opened = await roster.connections.acquire(request.file);
        await new peopleModule.PersonService(opened).count();
      };
      return { ms: await medianOf(calls(request.repeat), openAndCount, release) };
    }
    case 'release':
      await release();
      return {};
    case 'release-all':
      await releaseAll();
      return {};
    case 'page': {
      const people = await heldPeople(request.file);
      return {
        ms: await medianOf(calls(request.repeat), () =>
          people.list({ sort: 'name', direction: 'asc', offset: request.offset, limit: 100 }),
        ),
      };
    }
    case 'search': {
      const people = await heldPeople(request.file);
      const search = async (term: string): Promise<void> => {
        await people.list({ sort: 'name', direction: 'asc', search: term, limit: 100 });
        await people.count({ search: term });
      };
      return { ms: await medianOf(request.terms, search, () => request.poke && poke(request.file)) };
    }
    case 'add': {
      const people = await heldPeople(request.file);
      return { ms: await medianOf(request.names, (name) => people.create({ name })) };
    }
    case 'cli':
      return { ms: await timed(() => runCli(request.args, request.dataDir)) };
    case 'describe':
      return { value: describe(request.file) };
    case 'close':
      await close();
      return {};
  }
}

async function releaseAll(): Promise<void> {
  await release();
  for (const { lease } of held.values()) await lease.release();
  held.clear();
}

async function close(): Promise<void> {
  await releaseAll();
  await roster.close();
}

let next = 0;
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  const id = next++;
  let request: ChildRequest | undefined;
  let answer: ChildAnswer;
  try {
    request = JSON.parse(line) as ChildRequest;
    answer = { id, ...(await handle(request)) };
  } catch (error) {
    answer = { id, error: error instanceof Error ? error.message : String(error) };
  }
  process.stdout.write(`@runtime ${JSON.stringify(answer)}\n`);
  if (request?.op === 'close') break;
}
