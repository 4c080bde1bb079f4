// A million people (issue 8): what the app does, at 100,000 and 1,000,000 people, beside
// raw better-sqlite3 doing the same work on a copy of the same file, the two sides
// interleaved round by round. The access patterns are the app's own: open a workspace
// and count it; offset pages at the start, the middle and the end (the window's
// scrollbar); search page + count for common, rare and worst-case terms (every
// keystroke is a new term); import and export a whole file. Raw is what a plain
// SQLite program would run for the same result (OFFSET paging, instr() search, a
// transaction of INSERTs), so the ratio says what Roster's design buys or costs.

import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { once } from 'node:events';
import Database from 'better-sqlite3';
import { foldName } from '../main/common/name-fold.js';
import { prismaTimestamp } from '../main/node/migrations/migration-history.js';
import { PersonService } from '../main/node/people/person-service.js';
import { InlineTaskRunner } from '../main/node/tasks/inline-runner.js';
import type { TaskRunner } from '../main/node/tasks/task-registry.js';
import { WorkerTaskRunner } from '../main/node/tasks/worker-runner.js';
import { MemorySealStore } from '../main/node/workspace/seals.js';
import { WorkspaceConnections, type WorkspaceLease } from '../main/node/workspace/workspace-connections.js';
import { inspectSchema } from '../main/node/migrations/migrator.js';
import { checkSchema } from '../main/node/workspace/schema-check.js';
import { personNames, rawConnection, repoMigrations } from './fixtures.js';
import { interleaved, summarize, type Summary } from './measure.js';
import type { Bench, BenchContext, BenchRow } from './registry.js';
import { cachedCsv, cachedV2Workspace, cachedWorkspace, copyOf } from './scale-fixtures.js';
import { TASK_WORKER } from '../test/support/build-cli.js';

const SIZES = [100_000, 1_000_000] as const;
const COLUMNS = '"id", "name", "nameKey", "createdAt", "updatedAt"';

function label(count: number): string {
  return count >= 1_000_000 ? `${count / 1_000_000}M` : `${count / 1000}k`;
}

function row(operation: string, unit: BenchRow['unit'], result: { roster: Summary; raw: Summary | null }, target: number | null, note?: string): BenchRow {
  return {
    operation,
    unit,
    roster: result.roster.median,
    raw: result.raw?.median ?? null,
    target,
    rosterSpread: [result.roster.low, result.roster.high],
    ...(result.raw ? { rawSpread: [result.raw.low, result.raw.high] as const } : {}),
    ...(note ? { note } : {}),
  };
}

/** Drops a file's pages from the OS cache (GNU dd's nocache: posix_fadvise DONTNEED), so the next read is cold. */
function dropFromCache(path: string): void {
  const result = spawnSync('dd', [`if=${path}`, 'iflag=nocache', 'count=0', 'status=none']);
  if (result.status !== 0) throw new Error(`dd could not drop ${path} from the cache: ${String(result.stderr)}`);
}

function rawOpen(path: string): Database.Database {
  return rawConnection(path);
}

/** The plain way to page by offset: OFFSET on the sort index, the far half read backwards. */
function rawPage(db: Database.Database, offset: number, total: number): unknown[] {
  if (offset > total / 2) {
    const reverse = Math.max(0, total - offset - 100);
    return db.prepare(`SELECT ${COLUMNS} FROM "Person" ORDER BY "nameKey" DESC, "id" DESC LIMIT 100 OFFSET ?`).all(reverse).reverse();
  }
  return db.prepare(`SELECT ${COLUMNS} FROM "Person" ORDER BY "nameKey", "id" LIMIT 100 OFFSET ?`).all(offset);
}

/** The plain way to search: a scan with instr() over the folded key, page and count. */
function rawSearch(db: Database.Database, term: string): number {
  const folded = foldName(term);
  db.prepare(`SELECT ${COLUMNS} FROM "Person" WHERE instr("nameKey", ?) > 0 ORDER BY "nameKey", "id" LIMIT 101`).all(folded);
  return db.prepare('SELECT count(*) FROM "Person" WHERE instr("nameKey", ?) > 0').pluck().get(folded) as number;
}

/** Terms with about `low`..`high` matches, each different (every keystroke is a new term). */
function termsWithMatches(db: Database.Database, candidates: readonly string[], low: number, high: number, wanted: number): { term: string; matches: number }[] {
  const out: { term: string; matches: number }[] = [];
  for (const term of candidates) {
    const matches = db.prepare('SELECT count(*) FROM "Person" WHERE instr("nameKey", ?) > 0').pluck().get(foldName(term)) as number;
    if (matches >= low && matches <= high) out.push({ term, matches });
    if (out.length >= wanted) break;
  }
  return out;
}

function candidateTerms(db: Database.Database, lengths: readonly number[]): string[] {
  const keys = db.prepare('SELECT "nameKey" FROM "Person" WHERE "id" % 997 = 0 LIMIT 400').pluck().all() as string[];
  const out = new Set<string>();
  for (const key of keys) {
    const chars = [...key];
    for (const length of lengths) for (let i = 0; i + length <= chars.length; i += 2) out.add(chars.slice(i, i + length).join(''));
  }
  return [...out].filter((term) => term.trim() === term && term !== '');
}

async function openAndCount(connections: WorkspaceConnections, path: string): Promise<WorkspaceLease> {
  const lease = await connections.acquire(path);
  await new PersonService(lease).count();
  return lease;
}

async function sizeRows(context: BenchContext, count: number): Promise<BenchRow[]> {
  const migrations = repoMigrations(context.root);
  const source = await cachedWorkspace(count, migrations, context.log);
  const rosterFile = copyOf(source, join(context.dir, `roster-${count}.roster`));
  const rawFile = copyOf(source, join(context.dir, `raw-${count}.roster`));
  const seals = new MemorySealStore();
  const connections = new WorkspaceConnections({ migrations, backupDir: join(context.dir, 'backups'), seals });
  const rows: BenchRow[] = [];
  const n = label(count);
  const million = count >= 1_000_000;

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
  rows.push(row(`open to first count, ${n} (clean file, warm)`, 'ms', open, million ? 30 : 3, 'Roster: seal matches, so no whole-file check before the first rows (one runs in the background in the app)'));

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
    rows.push(row(`open to first count, ${n}, cold cache`, 'ms', cold, 500, 'the file dropped from the OS cache before each open (dd iflag=nocache)'));
  }

  // Pages and search on one open workspace per side, as a window has it.
  lease = await connections.acquire(rosterFile);
  const people = new PersonService(lease);
  raw = rawOpen(rawFile);
  const total = await people.count();
  for (const [where, offset] of [
    ['start', 0],
    ['middle', Math.floor(total / 2)],
    ['end', total - 100],
  ] as const) {
    context.log(`${n}: page at the ${where}`);
    const rawDb = raw;
    const page = await interleaved(20, { roster: () => people.list({ offset, limit: 100 }), raw: () => rawPage(rawDb, offset, total) }, { warmup: 3 });
    rows.push(row(`page of 100 by name at offset, ${n}: ${where}`, 'ms', page, million ? 15 : null, `offset ${offset.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`));
  }

  const longTerms = candidateTerms(raw, [3, 4, 5]);
  const common = termsWithMatches(raw, longTerms, Math.floor(count / 200), Math.floor(count / 50), 12);
  const rare = termsWithMatches(raw, longTerms, 1, Math.floor(count / 5000), 12);
  for (const [kind, terms] of [
    ['common', common],
    ['rare', rare],
  ] as const) {
    if (terms.length === 0) continue;
    context.log(`${n}: search, ${kind} terms`);
    const rawDb = raw;
    const result = await interleaved(
      terms.length - 1,
      {
        roster: async (round) => {
          const term = terms[round % terms.length]?.term as string;
          await people.list({ search: term, limit: 100 });
          await people.count({ search: term });
        },
        raw: (round) => rawSearch(rawDb, terms[round % terms.length]?.term as string),
      },
      { warmup: 1 },
    );
    const matches = terms.map((t) => t.matches);
    rows.push(
      row(`search page + count, ${n}: ${kind} terms`, 'ms', result, million ? 15 : null, `${terms.length} different terms of 3–5 characters, ${Math.min(...matches).toLocaleString('en-US')}–${Math.max(...matches).toLocaleString('en-US')} matches each`),
    );
  }

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
    const rawDb = raw;
    const result = await interleaved(
      5,
      {
        roster: async () => {
          await people.list({ search: term, limit: 100 });
          await people.count({ search: term });
        },
        raw: () => rawSearch(rawDb, term),
      },
      { warmup: 1, setup: () => poke.exec('BEGIN; INSERT INTO "PersonKeyQueue" VALUES (-1); DELETE FROM "PersonKeyQueue" WHERE "personId" = -1; COMMIT') },
    );
    if (!worst || result.roster.median > worst.result.roster.median) worst = { term, result };
  }
  poke.close();
  if (worst) {
    const matches = [...shortTerms, ...absent].find((t) => t.term === worst?.term)?.matches ?? 0;
    rows.push(row(`search page + count, ${n}: worst term found ("${worst.term}")`, 'ms', worst.result, million ? 50 : null, `${matches.toLocaleString('en-US')} matches; terms under 3 characters are scanned (the trigram index needs 3)`));
  }

  await closeBoth();
  await connections.closeAll();
  return rows;
}

/** How long the main thread's event loop was held, at most, while `work` ran. */
async function longestBlock(work: () => Promise<unknown> | unknown): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 2 });
  histogram.enable();
  // Let the monitor take its first samples, so a block right at the start is seen.
  await new Promise((resolve) => setTimeout(resolve, 20));
  try {
    await work();
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    histogram.disable();
  }
  return histogram.max / 1e6;
}

async function millionWork(context: BenchContext): Promise<BenchRow[]> {
  const count = 1_000_000;
  const migrations = repoMigrations(context.root);
  const csv = cachedCsv(count);
  const lastName = personNames(count).at(-1) as string;
  const empty = join(context.dir, 'empty-template.roster');
  {
    const connections = new WorkspaceConnections({ migrations, backupDir: join(context.dir, 'backups') });
    await (await connections.create(empty)).release();
    await connections.closeAll();
  }
  const rows: BenchRow[] = [];

  // Import: Roster streams the file in a worker, in one transaction; raw parses the
  // simple lines of this file by hand and inserts them in one transaction.
  context.log('1M: import');
  const worker: TaskRunner = new WorkerTaskRunner({ script: TASK_WORKER });
  let round = 0;
  const target = (side: string): string => join(context.dir, `import-${side}-${round}.roster`);
  const importResult = await interleaved(
    3,
    {
      roster: async () => {
        const connections = new WorkspaceConnections({ migrations, backupDir: join(context.dir, 'backups'), tasks: worker });
        const lease = await connections.acquire(target('roster'));
        const imported = await new PersonService(lease).importFile({ file: csv, format: 'csv' });
        if (imported !== count) throw new Error(`imported ${imported}`);
        // "Until every person is listed": the last person is found by search at once.
        const last = await new PersonService(lease).list({ search: lastName, limit: 5 });
        if (last.items.length === 0) throw new Error('the imported people are not all listed');
        await connections.closeAll();
      },
      raw: () => {
        const db = rawOpen(target('raw'));
        const insert = db.prepare('INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)');
        const now = prismaTimestamp();
        const lines = readFileSync(csv, 'utf8').split('\r\n');
        db.transaction(() => {
          for (let i = 1; i < lines.length; i++) {
            const line = lines[i] as string;
            if (line === '') continue;
            const name = line.slice(line.indexOf(',"') + 2, line.lastIndexOf('",')).replaceAll('""', '"').trim();
            insert.run(name, foldName(name), now, now);
          }
        })();
        db.close();
      },
    },
    {
      warmup: 0,
      setup: (side) => {
        if (side === 'roster') round++;
        copyOf(empty, target(side));
      },
    },
  );
  rows.push(row('import 1M from CSV, until every person is listed', 's', { roster: scale(importResult.roster, 1000), raw: scale(importResult.raw, 1000) }, 8, 'Roster: streamed in a worker, validated, one transaction, search exact at once (the index catches up in the background); raw: split lines, fold, INSERT'));

  // Export: every person to CSV.
  context.log('1M: export');
  const source = await cachedWorkspace(count, migrations, context.log);
  const rosterFile = copyOf(source, join(context.dir, 'export-roster.roster'));
  const rawFile = copyOf(source, join(context.dir, 'export-raw.roster'));
  const out = join(context.dir, 'out');
  mkdirSync(out, { recursive: true });
  const connections = new WorkspaceConnections({ migrations, backupDir: join(context.dir, 'backups'), tasks: worker });
  const lease = await connections.acquire(rosterFile);
  const people = new PersonService(lease);
  const exportResult = await interleaved(
    3,
    {
      roster: async (i) => {
        await people.exportFile({ out: join(out, `roster-${i}.csv`), format: 'csv' });
      },
      raw: async (i) => {
        const db = rawOpen(rawFile);
        const stream = createWriteStream(join(out, `raw-${i}.csv`));
        stream.write('id,name,createdAt,updatedAt\r\n');
        let chunk = '';
        for (const person of db.prepare(`SELECT ${COLUMNS} FROM "Person" ORDER BY "id"`).iterate() as IterableIterator<{ id: number; name: string; createdAt: string; updatedAt: string }>) {
          chunk += `${person.id},"${person.name.replaceAll('"', '""')}",${person.createdAt},${person.updatedAt}\r\n`;
          if (chunk.length > 1 << 20) {
            if (!stream.write(chunk)) await once(stream, 'drain');
            chunk = '';
          }
        }
        stream.end(chunk);
        await once(stream, 'finish');
        db.close();
      },
    },
    { warmup: 0 },
  );
  rows.push(row('export 1M to CSV', 's', { roster: scale(exportResult.roster, 1000), raw: scale(exportResult.raw, 1000) }, 3));

  // The main thread while the heavy work runs: Roster (work on a worker) beside the same
  // work done on the main thread, as a plain program would.
  context.log('1M: event loop during open, import and export');
  const unsealed = copyOf(source, join(context.dir, 'unsealed.roster'));
  const blocks = {
    roster: [
      await longestBlock(async () => {
        const opened = await connections.acquire(unsealed); // no seal: quick_check before the first rows, on the worker
        await new PersonService(opened).list({ limit: 100 });
        await opened.release();
      }),
      await longestBlock(async () => {
        const target = copyOf(empty, join(context.dir, 'block-import.roster'));
        const opened = await connections.acquire(target);
        await new PersonService(opened).importFile({ file: csv, format: 'csv' });
        await opened.release();
      }),
      await longestBlock(() => people.exportFile({ out: join(out, 'block.csv'), format: 'csv' })),
    ],
    raw: [
      await longestBlock(() => {
        const db = rawOpen(rawFile);
        db.pragma('quick_check');
        db.close();
      }),
      await longestBlock(() => {
        const db = rawOpen(copyOf(empty, join(context.dir, 'block-raw.roster')));
        const insert = db.prepare('INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)');
        const lines = readFileSync(csv, 'utf8').split('\r\n').slice(1, 200_001);
        db.transaction(() => {
          for (const line of lines) if (line) insert.run(line, line, '', '');
        })();
        db.close();
      }),
    ],
  };
  rows.push({
    operation: 'longest main-thread event-loop block during open (with check), import and export, 1M',
    unit: 'ms',
    roster: Math.max(...blocks.roster),
    raw: Math.max(...blocks.raw),
    target: 50,
    note: `Roster per step (open, import, export): ${blocks.roster.map((b) => b.toFixed(0)).join(' / ')} ms; raw (quick_check, 200k inserts) on the main thread: ${blocks.raw.map((b) => b.toFixed(0)).join(' / ')} ms`,
  });
  await connections.closeAll();

  // Upgrading a 1M-person file from the second release (search index, triggers, refold).
  context.log('1M: upgrade a v2 file');
  const v2 = cachedV2Workspace(count, migrations, context.log);
  const upgrade = await interleaved(
    2,
    {
      roster: async () => {
        const upgrading = new WorkspaceConnections({ migrations, backupDir: join(context.dir, 'upgrade-backups'), tasks: new InlineTaskRunner() });
        await (await upgrading.acquire(join(context.dir, 'upgrade-roster.roster'))).release();
        await upgrading.closeAll();
      },
      raw: () => {
        const db = new Database(join(context.dir, 'upgrade-raw.roster'));
        db.pragma('foreign_keys = OFF');
        db.exec('BEGIN');
        db.exec(migrations.migrations[2]?.sql ?? '');
        db.exec('COMMIT');
        db.close();
      },
    },
    {
      warmup: 0,
      setup: (side) => copyOf(v2, join(context.dir, `upgrade-${side}.roster`)),
    },
  );
  rows.push(row('upgrade a 1M-person file from the second release', 's', { roster: scale(upgrade.roster, 1000), raw: scale(upgrade.raw, 1000) }, null, 'Roster: quick_check, verified backup, migration and refold in one transaction; raw: the migration SQL only. The search index then fills in the background (about as long as the import bench’s catch-up).'));
  await worker.close();
  return rows;
}

function scale(summary: Summary, by: number): Summary {
  return { median: summary.median / by, low: summary.low / by, high: summary.high / by, samples: summary.samples };
}

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
  return row('open-time schema and history checks (issue 9)', 'µs', { roster: result, raw: null }, null, 'sqlite_master, three table_info, _prisma_migrations; part of every open figure above');
}

/** Resident memory per open workspace, each side in fresh processes (bench/memory-child.ts). */
function memoryRow(context: BenchContext, template: string): BenchRow {
  const folder = join(context.dir, 'memory');
  mkdirSync(folder, { recursive: true });
  const workspaces = 100;
  for (let i = 0; i <= workspaces; i++) copyOf(template, join(folder, `mem-${i}.roster`));
  const child = (mode: string): number => {
    const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(context.root, 'bench', 'memory-child.ts'), mode, folder, String(workspaces), context.root], {
      cwd: context.root,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`memory child (${mode}) failed: ${result.stderr}`);
    return (JSON.parse(result.stdout) as { perWorkspaceMB: number }).perWorkspaceMB;
  };
  const roster: number[] = [];
  const raw: number[] = [];
  for (let run = 0; run < 3; run++) {
    roster.push(child('roster'));
    raw.push(child('raw'));
  }
  return row(`extra memory per open workspace, ${workspaces} open`, 'MB', { roster: summarize(roster), raw: summarize(raw) }, 0.6, 'RSS after GC in fresh processes; each workspace opened, counted and its first page of 100 read (no Prisma client until a single-person read or write needs one)');
}

export const scaleBench: Bench = {
  name: 'A million people (issue 8)',
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
