// The workspace-core benches of issue 2: opening a file, memory per open workspace,
// paging, search, get one, create one, and importing 100,000 people from CSV. Each
// Roster figure is paired with raw better-sqlite3 doing the same work on the same
// data, in the same run.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PersonService } from '../main/node/people/person-service.js';
import { WorkspaceConnections, type WorkspaceLease } from '../main/node/workspace/workspace-connections.js';
import { foldName, makeWorkspace, personNames, rawConnection, repoMigrations, writeCsv } from './fixtures.js';
import { median, medianMicrosPerCall, medianMs } from './measure.js';
import type { Bench, BenchContext, BenchRow } from './registry.js';
import { prismaTimestamp } from '../main/node/migrations/migration-history.js';

const PEOPLE = 100_000;
const OPEN_RUNS = 40;
const QUERY_RUNS = 60;
const IMPORT_RUNS = 5;
const MEMORY_WORKSPACES = 100;
const MEMORY_RUNS = 3;

const PAGE_SQL =
  'SELECT "id", "name", "nameKey", "createdAt", "updatedAt" FROM "Person" WHERE ("nameKey", "id") > (?, ?) ORDER BY "nameKey" ASC, "id" ASC LIMIT ?';
const SEARCH_SQL =
  'SELECT "id", "name", "nameKey", "createdAt", "updatedAt" FROM "Person" WHERE instr("nameKey", ?) > 0 ORDER BY "nameKey" ASC, "id" ASC LIMIT ?';
const SEARCH_COUNT_SQL = 'SELECT count(*) FROM "Person" WHERE instr("nameKey", ?) > 0';
const GET_SQL = 'SELECT "id", "name", "createdAt", "updatedAt" FROM "Person" WHERE "id" = ?';
const INSERT_SQL = 'INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)';

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

async function openBench(context: BenchContext, path: string, label: string, target: number | null): Promise<BenchRow[]> {
  const migrations = repoMigrations(context.root);
  const connections = new WorkspaceConnections({ migrations, backupDir: join(context.dir, 'backups') });
  let lease: WorkspaceLease | undefined;
  const releasePrevious = async (): Promise<void> => {
    await lease?.release();
    lease = undefined;
  };
  // "Client ready": the first query through the new Prisma client has run.
  const roster = await medianMs(
    OPEN_RUNS,
    async () => {
      lease = await connections.acquire(path);
      const people = new PersonService(lease);
      await people.count();
      await people.get({ id: 1 });
    },
    { warmup: 3, setup: releasePrevious },
  );
  await releasePrevious();
  const rosterCountOnly = await medianMs(
    OPEN_RUNS,
    async () => {
      lease = await connections.acquire(path);
      await new PersonService(lease).count();
    },
    { warmup: 3, setup: releasePrevious },
  );
  await releasePrevious();
  await connections.closeAll();

  let db: ReturnType<typeof rawConnection> | undefined;
  const closePrevious = (): void => {
    db?.close();
    db = undefined;
  };
  const raw = await medianMs(
    OPEN_RUNS,
    () => {
      db = rawConnection(path);
      db.prepare('SELECT count(*) FROM "Person"').pluck().get();
      db.prepare(GET_SQL).get(1);
    },
    { warmup: 3, setup: closePrevious },
  );
  closePrevious();
  const rawCountOnly = await medianMs(
    OPEN_RUNS,
    () => {
      db = rawConnection(path);
      db.prepare('SELECT count(*) FROM "Person"').pluck().get();
    },
    { warmup: 3, setup: closePrevious },
  );
  closePrevious();
  return [
    {
      operation: `open an up-to-date workspace file (${label}): client ready and first count`,
      unit: 'ms',
      roster,
      raw,
      target,
      note: `${OPEN_RUNS} opens; open, integrity check, schema check, first count, first query through the Prisma client`,
    },
    { operation: `open (${label}) and first count only`, unit: 'ms', roster: rosterCountOnly, raw: rawCountOnly, target: null },
  ];
}

async function memoryBench(context: BenchContext, template: string): Promise<BenchRow> {
  const folder = join(context.dir, 'memory');
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i <= MEMORY_WORKSPACES; i++) copyFileSync(template, join(folder, `mem-${i}.roster`));
  const child = (mode: string): number => {
    const result = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', join(context.root, 'bench', 'memory-child.ts'), mode, folder, String(MEMORY_WORKSPACES), context.root],
      { cwd: context.root, encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`memory child (${mode}) failed: ${result.stderr}`);
    return (JSON.parse(result.stdout) as { perWorkspaceMB: number }).perWorkspaceMB;
  };
  const roster: number[] = [];
  const raw: number[] = [];
  for (let run = 0; run < MEMORY_RUNS; run++) {
    roster.push(child('roster'));
    raw.push(child('raw'));
  }
  return {
    operation: `extra resident memory per open workspace, ${MEMORY_WORKSPACES} open`,
    unit: 'MB',
    roster: round(median(roster), 3),
    raw: round(median(raw), 3),
    target: 2,
    note: `RSS after GC, ${MEMORY_RUNS} fresh processes per side; each workspace holds 1,000 people`,
  };
}

async function queryBenches(context: BenchContext, path: string): Promise<BenchRow[]> {
  const migrations = repoMigrations(context.root);
  const connections = new WorkspaceConnections({ migrations, backupDir: join(context.dir, 'backups') });
  const lease = await connections.acquire(path);
  const people = new PersonService(lease);
  const middle = await people.list({ sort: 'name', limit: 1, offset: PEOPLE / 2 - 1 });
  const cursor = middle.nextCursor as string;
  const [cursorKey, cursorId] = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string, string, number]).slice(2) as [string, number];
  const search = 'nakamu';

  const rosterPage = await medianMs(QUERY_RUNS, () => people.list({ sort: 'name', limit: 100, cursor }), { warmup: 5 });
  const rosterSearch = await medianMs(
    QUERY_RUNS,
    async () => {
      await people.list({ search, limit: 100 });
      await people.count({ search });
    },
    { warmup: 5 },
  );
  const matches = await people.count({ search });
  const ids = Array.from({ length: 1000 }, (_, i) => 1 + ((i * 7919) % PEOPLE));
  const rosterGet = await medianMicrosPerCall(15, 200, (i) => people.get({ id: ids[i % ids.length] as number }));
  await connections.closeAll();

  const db = rawConnection(path);
  const page = db.prepare(PAGE_SQL).safeIntegers(false);
  const find = db.prepare(SEARCH_SQL).safeIntegers(false);
  const countFound = db.prepare(SEARCH_COUNT_SQL).pluck();
  const get = db.prepare(GET_SQL);
  const rawPage = await medianMs(QUERY_RUNS, () => page.all(cursorKey, cursorId, 101), { warmup: 5 });
  const rawSearch = await medianMs(
    QUERY_RUNS,
    () => {
      const folded = foldName(search);
      find.all(folded, 101);
      countFound.get(folded);
    },
    { warmup: 5 },
  );
  const rawGet = await medianMicrosPerCall(15, 200, (i) => get.get(ids[i % ids.length]));
  db.close();

  return [
    {
      operation: 'one page of 100 among 100,000 people, sorted by name',
      unit: 'ms',
      roster: rosterPage,
      raw: rawPage,
      target: 2,
      note: `keyset page from the middle of the list, ${QUERY_RUNS} runs`,
    },
    {
      operation: 'substring search among 100,000 people (first page + count)',
      unit: 'ms',
      roster: rosterSearch,
      raw: rawSearch,
      target: 30,
      note: `"${search}", ${matches.toLocaleString('en-US')} matches, accent- and case-insensitive`,
    },
    { operation: 'get one person by id (through Prisma)', unit: 'µs', roster: rosterGet, raw: rawGet, target: null, note: '15 batches of 200' },
  ];
}

async function createBench(context: BenchContext, template: string): Promise<BenchRow> {
  const migrations = repoMigrations(context.root);
  const rosterFile = join(context.dir, 'create-roster.roster');
  const rawFile = join(context.dir, 'create-raw.roster');
  copyFileSync(template, rosterFile);
  copyFileSync(template, rawFile);
  const connections = new WorkspaceConnections({ migrations, backupDir: join(context.dir, 'backups') });
  const people = new PersonService(await connections.acquire(rosterFile));
  const roster = await medianMicrosPerCall(10, 50, (i) => people.create({ name: `New Person ${i}` }));
  await connections.closeAll();
  const db = rawConnection(rawFile);
  const insert = db.prepare(INSERT_SQL);
  const raw = await medianMicrosPerCall(10, 50, (i) => {
    const name = `New Person ${i}`;
    const now = prismaTimestamp();
    insert.run(name, foldName(name), now, now);
  });
  db.close();
  return {
    operation: 'create one person (autocommit, synchronous=FULL)',
    unit: 'ms',
    roster: round(roster / 1000, 3),
    raw: round(raw / 1000, 3),
    target: null,
    note: '10 batches of 50; each commit waits for the disk',
  };
}

async function importBench(context: BenchContext, emptyTemplate: string): Promise<BenchRow[]> {
  const migrations = repoMigrations(context.root);
  const csv = join(context.dir, 'people-100k.csv');
  writeCsv(csv, personNames(PEOPLE));
  let run = 0;
  const target = (): string => join(context.dir, `import-${run}.roster`);

  const connections = new WorkspaceConnections({ migrations, backupDir: join(context.dir, 'backups') });
  let lease: WorkspaceLease | undefined;
  const roster = await medianMs(
    IMPORT_RUNS,
    async () => {
      const count = await new PersonService(lease as WorkspaceLease).importFile({ file: csv, format: 'csv' });
      if (count !== PEOPLE) throw new Error(`imported ${count}`);
    },
    {
      setup: async () => {
        await lease?.release();
        run++;
        copyFileSync(emptyTemplate, target());
        lease = await connections.acquire(target());
      },
    },
  );
  await connections.closeAll();

  let db: ReturnType<typeof rawConnection> | undefined;
  const raw = await medianMs(
    IMPORT_RUNS,
    () => {
      // The same work by hand: read, split rows (this file has no quoted line breaks),
      // pick the name column, trim, fold, insert in one transaction.
      const lines = readFileSync(csv, 'utf8').split('\r\n');
      const insert = (db as ReturnType<typeof rawConnection>).prepare(INSERT_SQL);
      const now = prismaTimestamp();
      (db as ReturnType<typeof rawConnection>).transaction(() => {
        for (let i = 1; i < lines.length; i++) {
          const line = lines[i] as string;
          if (line === '') continue;
          const name = line.slice(line.indexOf(',"') + 2, line.lastIndexOf('",')).replaceAll('""', '"').trim();
          insert.run(name, foldName(name), now, now);
        }
      })();
    },
    {
      setup: () => {
        db?.close();
        run++;
        copyFileSync(emptyTemplate, target());
        db = rawConnection(target());
      },
    },
  );
  db?.close();

  // The real command, process start included.
  const dataDir = join(context.dir, 'cli-data');
  const cliTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    run++;
    copyFileSync(emptyTemplate, target());
    const start = performance.now();
    const result = spawnSync(process.execPath, [join(context.root, 'bin', 'roster.mjs'), 'people', 'import', '--workspace', target(), csv], {
      env: { ...process.env, ROSTER_DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    cliTimes.push(performance.now() - start);
    if (result.status !== 0) throw new Error(`roster people import failed: ${result.stderr}`);
  }
  for (let i = 1; i <= run; i++) for (const suffix of ['', '-wal', '-shm']) rmSync(join(context.dir, `import-${i}.roster${suffix}`), { force: true });

  return [
    {
      operation: 'import 100,000 people from CSV (read, validate, insert)',
      unit: 'ms',
      roster,
      raw,
      target: 1500,
      note: `${IMPORT_RUNS} runs into an empty workspace; raw splits lines instead of parsing CSV and validates nothing`,
    },
    {
      operation: '`roster people import` of the same file, process start included',
      unit: 'ms',
      roster: median(cliTimes),
      raw: null,
      target: null,
      note: '3 runs',
    },
  ];
}

export const peopleBench: Bench = {
  name: 'Workspace core, people and import (issue 2)',
  async run(context) {
    const migrations = repoMigrations(context.root);
    const backups = join(context.dir, 'backups');
    context.log('making a 100,000-person workspace...');
    const big = await makeWorkspace(join(context.dir, 'big.roster'), personNames(PEOPLE), migrations, backups);
    const small = await makeWorkspace(join(context.dir, 'small.roster'), personNames(1000), migrations, backups);
    const empty = await makeWorkspace(join(context.dir, 'empty.roster'), [], migrations, backups);
    const rows: BenchRow[] = [];
    context.log('open...');
    rows.push(...(await openBench(context, small, '1,000 people', 5)));
    rows.push(...(await openBench(context, big, '100,000 people', 5)));
    context.log('memory...');
    rows.push(await memoryBench(context, small));
    context.log('page, search, get...');
    rows.push(...(await queryBenches(context, big)));
    context.log('create one...');
    rows.push(await createBench(context, small));
    context.log('import...');
    rows.push(...(await importBench(context, empty)));
    return rows;
  },
};
