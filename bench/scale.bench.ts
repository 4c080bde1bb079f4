// A million people: what the app does, at 100,000 and 1,000,000 people, beside
// raw better-sqlite3 doing the same work on a copy of the same file, the two sides
// interleaved round by round. The access patterns are the app's own: open a workspace
// and count it; offset pages at the start, the middle and the end (the window's
// scrollbar); search page + count for common, rare and worst-case terms (every
// keystroke is a new term); import and export a whole file. Raw is what a plain
// SQLite program would run for the same result (OFFSET paging, instr() search, a
// transaction of INSERTs), so the ratio says what Roster's design buys or costs.

import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PersonService } from '../main/features/people/node/person-service.js';
import { MemorySealStore } from '../main/features/workspace/node/seals.js';
import { WorkspaceConnections, type WorkspaceLease } from '../main/features/workspace/node/workspace-connections.js';
import { inspectSchema } from '../main/features/workspace/node/migrations/migrator.js';
import { checkSchema } from '../main/features/workspace/node/schema-check.js';
import { repoMigrations } from './fixtures.js';
import { interleaved, summarize, type Summary } from './measure.js';
import type { Bench, BenchContext, BenchRow } from './registry.js';
import { cachedWorkspace, copyOf } from './scale-fixtures.js';

import { millionWork } from './million-work.js';
import { candidateTerms, dropFromCache, label, openAndCount, rawOpen, rawPage, rawSearch, row, termsWithMatches } from './scale-helpers.js';

const SIZES = [100_000, 1_000_000] as const;

/** One size's files, and what every group of its rows is measured with. */
interface SizeRun {
  readonly context: BenchContext;
  readonly count: number;
  /** The size as the rows name it. */
  readonly n: string;
  readonly million: boolean;
  readonly connections: WorkspaceConnections;
  readonly rosterFile: string;
  readonly rawFile: string;
}

/** One open workspace per side, as a window has it. */
interface OpenSides {
  readonly people: PersonService;
  readonly raw: Database.Database;
}

async function sizeRows(context: BenchContext, count: number): Promise<BenchRow[]> {
  const migrations = repoMigrations(context.root);
  const source = await cachedWorkspace(count, migrations, context.log);
  const rosterFile = copyOf(source, join(context.dir, `roster-${count}.roster`));
  const rawFile = copyOf(source, join(context.dir, `raw-${count}.roster`));
  const seals = new MemorySealStore();
  const connections = new WorkspaceConnections({ migrations, backupDir: join(context.dir, 'backups'), seals });
  const run: SizeRun = { context, count, n: label(count), million: count >= 1_000_000, connections, rosterFile, rawFile };
  const rows = await openRows(run);

  // Pages and search on one open workspace per side, as a window has it.
  const lease = await connections.acquire(rosterFile);
  const sides: OpenSides = { people: new PersonService(lease), raw: rawOpen(rawFile) };
  rows.push(...(await pageRows(run, sides)));
  rows.push(...(await termRows(run, sides)));
  const worst = await worstTermRow(run, sides);
  if (worst) rows.push(worst);

  await lease.release();
  sides.raw.close();
  await connections.closeAll();
  return rows;
}

async function openRows({ context, n, million, connections, rosterFile, rawFile }: SizeRun): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  // Open to first count, warm, on a file Roster closed cleanly (its seal matches).
  context.log(`${n}: open`);
  await (await openAndCount(connections, rosterFile)).release(); // checked once, then sealed
  let lease: WorkspaceLease | undefined;
  let raw: Database.Database | undefined;
  const closeBoth = async (): Promise<void> => {
    await lease?.release();
    lease = undefined;
    raw?.close();
    raw = undefined;
  };
  const open = await interleaved(
    million ? 15 : 30,
    {
      roster: async () => {
        lease = await openAndCount(connections, rosterFile);
      },
      raw: () => {
        raw = rawOpen(rawFile);
        raw.prepare('SELECT count(*) FROM "Person"').pluck().get();
      },
    },
    { warmup: 2, setup: closeBoth },
  );
  await closeBoth();
  rows.push(
    row(
      `open to first count, ${n} (clean file, warm)`,
      'ms',
      open,
      million ? 30 : 3,
      'Roster: seal matches, so no whole-file check before the first rows (one runs in the background in the app)',
    ),
  );

  if (million) {
    context.log(`${n}: open with a cold cache`);
    const cold = await interleaved(
      5,
      {
        roster: async () => {
          lease = await openAndCount(connections, rosterFile);
        },
        raw: () => {
          raw = rawOpen(rawFile);
          raw.prepare('SELECT count(*) FROM "Person"').pluck().get();
        },
      },
      {
        warmup: 0,
        setup: async () => {
          await closeBoth();
          dropFromCache(rosterFile);
          dropFromCache(rawFile);
        },
      },
    );
    await closeBoth();
    rows.push(
      row(
        `open to first count, ${n}, cold cache`,
        'ms',
        cold,
        500,
        'the file dropped from the OS cache before each open (dd iflag=nocache)',
      ),
    );
  }
  return rows;
}

async function pageRows({ context, n, million }: SizeRun, { people, raw }: OpenSides): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const total = await people.count();
  for (const [where, offset] of [
    ['start', 0],
    ['middle', Math.floor(total / 2)],
    ['end', total - 100],
  ] as const) {
    context.log(`${n}: page at the ${where}`);
    const page = await interleaved(
      20,
      { roster: () => people.list({ sort: 'name', direction: 'asc', offset, limit: 100 }), raw: () => rawPage(raw, offset, total) },
      { warmup: 3 },
    );
    rows.push(
      row(
        `page of 100 by name at offset, ${n}: ${where}`,
        'ms',
        page,
        million ? 15 : null,
        `offset ${offset.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`,
      ),
    );
  }
  return rows;
}

async function termRows({ context, count, n, million }: SizeRun, { people, raw }: OpenSides): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const longTerms = candidateTerms(raw, [3, 4, 5]);
  const common = termsWithMatches(raw, longTerms, Math.floor(count / 200), Math.floor(count / 50), 12);
  const rare = termsWithMatches(raw, longTerms, 1, Math.floor(count / 5000), 12);
  for (const [kind, terms] of [
    ['common', common],
    ['rare', rare],
  ] as const) {
    if (terms.length === 0) continue;
    context.log(`${n}: search, ${kind} terms`);
    const result = await interleaved(
      terms.length - 1,
      {
        roster: async (round) => {
          const term = terms[round % terms.length]?.term as string;
          await people.list({ sort: 'name', direction: 'asc', search: term, limit: 100 });
          await people.count({ search: term });
        },
        raw: (round) => rawSearch(raw, terms[round % terms.length]?.term as string),
      },
      { warmup: 1 },
    );
    const matches = terms.map((t) => t.matches);
    rows.push(
      row(
        `search page + count, ${n}: ${kind} terms`,
        'ms',
        result,
        million ? 15 : null,
        `${terms.length} different terms of 3–5 characters, ` +
          `${Math.min(...matches).toLocaleString('en-US')}–${Math.max(...matches).toLocaleString('en-US')} matches each`,
      ),
    );
  }
  return rows;
}

async function worstTermRow({ context, n, million, rosterFile }: SizeRun, { people, raw }: OpenSides): Promise<BenchRow | null> {
  // The worst term: short terms the index cannot serve, the rarest of them (a scan that finds nothing early).
  context.log(`${n}: search, worst terms`);
  const shortTerms = termsWithMatches(raw, candidateTerms(raw, [1, 2]), 0, Number.MAX_SAFE_INTEGER, 400);
  shortTerms.sort((a, b) => a.matches - b.matches);
  // The rarest short terms, the commonest, and short terms nobody has (a scan that finds nothing).
  const absent = ['qx', 'zq', 'ʘ'].map((term) => ({ term, matches: 0 }));
  const worstCandidates = [...absent, ...shortTerms.slice(0, 4), ...shortTerms.slice(-2)];
  let worst: { term: string; result: { roster: Summary; raw: Summary } } | undefined;
  // Another program's commit between rounds (a real one: SQLite does not count an
  // UPDATE that changes nothing), so Roster's count cache cannot answer.
  const poke = new Database(rosterFile);
  for (const { term } of worstCandidates) {
    const result = await interleaved(
      5,
      {
        roster: async () => {
          await people.list({ sort: 'name', direction: 'asc', search: term, limit: 100 });
          await people.count({ search: term });
        },
        raw: () => rawSearch(raw, term),
      },
      {
        warmup: 1,
        setup: () =>
          poke.exec('BEGIN; INSERT INTO "PersonKeyQueue" VALUES (-1); DELETE FROM "PersonKeyQueue" WHERE "personId" = -1; COMMIT'),
      },
    );
    if (!worst || result.roster.median > worst.result.roster.median) worst = { term, result };
  }
  poke.close();
  if (worst) {
    const matches = [...shortTerms, ...absent].find((t) => t.term === worst?.term)?.matches ?? 0;
    return row(
      `search page + count, ${n}: worst term found ("${worst.term}")`,
      'ms',
      worst.result,
      million ? 50 : null,
      `${matches.toLocaleString('en-US')} matches; terms under 3 characters are scanned (the trigram index needs 3)`,
    );
  }
  return null;
}

/** How long the main thread's event loop was held, at most, while `work` ran. */
async function schemaCheckCost(context: BenchContext): Promise<BenchRow> {
  const migrations = repoMigrations(context.root);
  const path = await cachedWorkspace(100_000, migrations, context.log);
  const db = rawOpen(copyOf(path, join(context.dir, 'schema.roster')));
  checkSchema(db, migrations); // the reference schema is built once per process
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    inspectSchema(db, migrations);
    checkSchema(db, migrations);
    times.push((performance.now() - start) * 1000);
  }
  db.close();
  const result = summarize(times);
  return row(
    'open-time schema and history checks',
    'µs',
    { roster: result, raw: null },
    null,
    'sqlite_master, three table_info, _prisma_migrations; part of every open figure above',
  );
}

/** Resident memory per open workspace, each side in fresh processes (bench/memory-child.ts). */
function memoryRow(context: BenchContext, template: string): BenchRow {
  const folder = join(context.dir, 'memory');
  mkdirSync(folder, { recursive: true });
  const workspaces = 100;
  for (let i = 0; i <= workspaces; i++) copyOf(template, join(folder, `mem-${i}.roster`));
  const child = (mode: string): number => {
    const result = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', join(context.root, 'bench', 'memory-child.ts'), mode, folder, String(workspaces), context.root],
      {
        cwd: context.root,
        encoding: 'utf8',
      },
    );
    if (result.status !== 0) throw new Error(`memory child (${mode}) failed: ${result.stderr}`);
    return (JSON.parse(result.stdout) as { perWorkspaceMB: number }).perWorkspaceMB;
  };
  const roster: number[] = [];
  const raw: number[] = [];
  for (let run = 0; run < 3; run++) {
    roster.push(child('roster'));
    raw.push(child('raw'));
  }
  return row(
    `extra memory per open workspace, ${workspaces} open`,
    'MB',
    { roster: summarize(roster), raw: summarize(raw) },
    0.6,
    'RSS after GC in fresh processes; each workspace opened, counted and its first ' +
      'page of 100 read (no Prisma client until a single-person read or write needs one)',
  );
}

export const scaleBench: Bench = {
  name: 'A million people',
  async run(context) {
    const rows: BenchRow[] = [];
    for (const count of SIZES) rows.push(...(await sizeRows(context, count)));
    rows.push(await schemaCheckCost(context));
    rows.push(memoryRow(context, await smallTemplate(context)));
    rows.push(...(await millionWork(context)));
    return rows;
  },
};

/** A 1,000-person workspace for the memory row (as the first release's bench used). */
async function smallTemplate(context: BenchContext): Promise<string> {
  const migrations = repoMigrations(context.root);
  const path = join(context.dir, 'small.roster');
  const connections = new WorkspaceConnections({ migrations, backupDir: join(context.dir, 'backups') });
  const lease = await connections.create(path);
  await new PersonService(lease).insertValidated(Array.from({ length: 1000 }, (_, i) => `Person ${i}`));
  await connections.closeAll();
  return path;
}
