// Searchable when the write ends, and a warm first find:
//   - `roster people import` of 1,000,000 people into a new workspace, as a person runs
//     it: "stored" is when its rows are committed and visible to every reader (the
//     first "Indexing for search" progress line), "searchable" when the command exits,
//     its search index complete. Raw: a plain better-sqlite3 program in this process
//     doing the same work on the same CSV (parse, fold each name, insert in one
//     transaction, then fill an FTS5 trigram index like Roster's), without a process
//     start or Roster's checks;
//   - `roster people list --search TERM` right after that import, against the same call
//     on a workspace of 1,000 people (the "raw" column here), interleaved; the target is
//     80 ms over the 1,000-people call;
//   - the first find of a session over 200 closed workspaces of 10,000 people: a new
//     app each round, the launcher open (which starts the find threads), the first key
//     either at once or 300 ms later, against raw better-sqlite3 reading the first file.
//
// ROSTER_BENCH_SEARCHABLE_PEOPLE sets the import's size (default 1,000,000), and
// ROSTER_BENCH_SEARCHABLE_ROUNDS its rounds (default 3): a 1M import round takes about
// half a minute.

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { foldName } from '../main/features/workspace/common/name-fold.js';
import { cachedFindWorkspaces } from './find-fixtures.js';
import { COMMON, FILES, PEOPLE, rawFind, rosterFind, startApp, stopApp } from './find.bench.js';
import { repoMigrations } from './fixtures.js';
import { interleaved, summarize, type Summary } from './measure.js';
import type { Bench, BenchContext, BenchRow } from './registry.js';
import { cachedCsv } from './scale-fixtures.js';

const IMPORT_PEOPLE = Number(process.env['ROSTER_BENCH_SEARCHABLE_PEOPLE'] ?? 1_000_000);
const IMPORT_ROUNDS = Number(process.env['ROSTER_BENCH_SEARCHABLE_ROUNDS'] ?? 3);
const SMALL = 1000;
const SEARCH_ROUNDS = 15;
const FIRST_FIND_ROUNDS = 8;
/** Terms that match a few people among generated names (digits from their numbers). */
const RARE_TERMS = ['987654', '123457', '555555', '246802', '314159'];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function rosterSync(context: BenchContext, args: readonly string[]): string {
  const result = spawnSync(process.execPath, [join(context.root, 'bin', 'roster.mjs'), ...args], {
    env: { ...process.env, ROSTER_DATA_DIR: join(context.dir, 'data') },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`roster ${args.join(' ')} failed (${String(result.status)}): ${result.stderr}`);
  return result.stdout;
}

/** One CLI import into a new workspace: milliseconds until stored (committed) and until the command exited. */
function cliImport(context: BenchContext, path: string, csv: string): Promise<{ stored: number; searchable: number }> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  rosterSync(context, ['workspace', 'create', path]);
  const start = performance.now();
  let stored = Number.NaN;
  const child = spawn(process.execPath, [join(context.root, 'bin', 'roster.mjs'), 'people', 'import', path, csv, '--progress'], {
    env: { ...process.env, ROSTER_DATA_DIR: join(context.dir, 'data') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (Number.isNaN(stored) && chunk.includes('Indexing for search')) stored = performance.now() - start;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const searchable = performance.now() - start;
      if (code !== 0) reject(new Error(`roster people import failed (${String(code)}): ${stderr}`));
      else if (Number.isNaN(stored)) reject(new Error(`roster people import showed no indexing progress: ${stderr}`));
      else resolve({ stored, searchable });
    });
  });
}

/** The names of a generated CSV (id,"name",email lines). */
function csvNames(csv: string): string[] {
  const lines = readFileSync(csv, 'utf8').split('\r\n');
  const names: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    const open = line.indexOf('"');
    const close = line.lastIndexOf('"');
    names.push(line.slice(open + 1, close).replaceAll('""', '"'));
  }
  return names;
}

/** What a plain program does for the same import: stored, then searchable (ms from start). */
function rawImport(path: string, csv: string): { stored: number; searchable: number } {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE "Person" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL, "nameKey" TEXT NOT NULL);
           CREATE INDEX "Person_nameKey_id_idx" ON "Person" ("nameKey", "id");
           CREATE VIRTUAL TABLE "PersonSearch" USING fts5("nameKey", content='Person', content_rowid='id',
             tokenize='trigram case_sensitive 1');`);
  try {
    const start = performance.now();
    const names = csvNames(csv);
    const insert = db.prepare('INSERT INTO "Person" ("name", "nameKey") VALUES (?, ?)');
    db.transaction(() => {
      for (const name of names) insert.run(name, foldName(name));
    })();
    const stored = performance.now() - start;
    db.exec(`INSERT INTO "PersonSearch" ("PersonSearch") VALUES ('rebuild')`);
    return { stored, searchable: performance.now() - start };
  } finally {
    db.close();
  }
}

async function measureImport(context: BenchContext, csv: string): Promise<{ rows: BenchRow[]; workspace: string }> {
  const workspace = join(context.dir, 'imported.roster');
  const rawPath = join(context.dir, 'raw.sqlite');
  const roster = { stored: [] as number[], searchable: [] as number[] };
  const raw = { stored: [] as number[], searchable: [] as number[] };
  for (let round = 0; round < IMPORT_ROUNDS; round++) {
    context.log(`import round ${round + 1} of ${IMPORT_ROUNDS}`);
    const sides = round % 2 === 0 ? (['roster', 'raw'] as const) : (['raw', 'roster'] as const);
    for (const side of sides) {
      const figures = side === 'roster' ? await cliImport(context, workspace, csv) : rawImport(rawPath, csv);
      (side === 'roster' ? roster : raw).stored.push(figures.stored / 1000);
      (side === 'roster' ? roster : raw).searchable.push(figures.searchable / 1000);
    }
  }
  rmSync(rawPath, { force: true });
  const size = IMPORT_PEOPLE.toLocaleString('en-US');
  const note =
    `${IMPORT_ROUNDS} interleaved rounds, a new workspace each; Roster: the whole \`roster people import\` process, ` +
    `stored = its first "Indexing for search" line; raw: parse, fold and insert in this process, then an FTS5 'rebuild'`;
  const row = (operation: string, rosterValues: number[], rawValues: number[], target: number): BenchRow => {
    const r = summarize(rosterValues);
    const w = summarize(rawValues);
    return {
      operation,
      unit: 's',
      roster: r.median,
      raw: w.median,
      target,
      rosterSpread: [r.low, r.high],
      rawSpread: [w.low, w.high],
      note,
    };
  };
  return {
    rows: [
      row(`import ${size} through the CLI: stored and visible`, roster.stored, raw.stored, 8),
      row(`import ${size} through the CLI until searchable`, roster.searchable, raw.searchable, 20),
    ],
    workspace,
  };
}

async function measureSearchAfterImport(context: BenchContext, big: string): Promise<BenchRow> {
  const small = join(context.dir, 'small.roster');
  rosterSync(context, ['workspace', 'create', small]);
  rosterSync(context, ['people', 'import', small, cachedCsv(SMALL)]);
  const search = (path: string, round: number): string =>
    rosterSync(context, ['people', 'list', path, '--search', RARE_TERMS[round % RARE_TERMS.length] as string, '--limit', '20', '--json']);
  context.log(`roster people list --search on ${IMPORT_PEOPLE.toLocaleString('en-US')} and on ${SMALL} people, ${SEARCH_ROUNDS} rounds`);
  const figures = await interleaved(SEARCH_ROUNDS, { roster: (round) => search(big, round), raw: (round) => search(small, round) });
  return {
    operation: `CLI search right after a CLI import (raw column: the same call on ${SMALL.toLocaleString('en-US')} people)`,
    unit: 'ms',
    roster: figures.roster.median,
    raw: figures.raw.median,
    target: figures.raw.median + 80,
    rosterSpread: [figures.roster.low, figures.roster.high],
    rawSpread: [figures.raw.low, figures.raw.high],
    note:
      `whole \`roster people list --search TERM --limit 20 --json\` processes, ${SEARCH_ROUNDS} interleaved rounds, ` +
      `terms ${RARE_TERMS.join(', ')}; target: the 1,000-people call + 80 ms`,
  };
}

async function measureFirstFind(context: BenchContext): Promise<BenchRow[]> {
  const paths = await cachedFindWorkspaces(FILES, PEOPLE, repoMigrations(context.root), context.log);
  context.log(`first find of a session over ${FILES} x ${PEOPLE.toLocaleString('en-US')}, ${FIRST_FIND_ROUNDS} rounds`);
  const times = { atOnce: [] as number[], later: [] as number[], raw: [] as number[], steady: [] as number[] };
  for (let round = 0; round < FIRST_FIND_ROUNDS; round++) {
    const app = startApp(join(context.dir, 'find-data'), context.root, paths, 2);
    const term = COMMON[round % COMMON.length] as string;
    try {
      // Even rounds: the first key the instant the launcher opens; odd: 300 ms later.
      if (round % 2 === 1) await sleep(300);
      (round % 2 === 0 ? times.atOnce : times.later).push((await rosterFind(app, term)).first);
      times.steady.push((await rosterFind(app, COMMON[(round + 1) % COMMON.length] as string)).first);
    } finally {
      await stopApp(app);
    }
    times.raw.push(rawFind(paths, term).first);
  }
  const raw: Summary = summarize(times.raw);
  const row = (operation: string, values: number[], note: string): BenchRow => {
    const r = summarize(values);
    return {
      operation,
      unit: 'ms',
      roster: r.median,
      raw: raw.median,
      target: 100,
      rosterSpread: [r.low, r.high],
      rawSpread: [raw.low, raw.high],
      note,
    };
  };
  const scope = `${FILES} closed workspaces of ${PEOPLE.toLocaleString('en-US')} people, a new app each round, to the first group`;
  return [
    row('first find of a session, typed 300 ms after the launcher opens', times.later, `${scope} (${times.later.length} rounds)`),
    row('first find of a session, typed the instant the launcher opens', times.atOnce, `${scope} (${times.atOnce.length} rounds)`),
    row('second find of the same session', times.steady, `${scope}, the find right after the first (${times.steady.length} rounds)`),
  ];
}

/** Each part's rows as soon as they are measured: a long run that fails later keeps them. */
function logged(context: BenchContext, rows: BenchRow[]): BenchRow[] {
  for (const row of rows) context.log(`${row.operation}: ${JSON.stringify(row)}`);
  return rows;
}

async function run(context: BenchContext): Promise<BenchRow[]> {
  const csv = cachedCsv(IMPORT_PEOPLE);
  const imported = await measureImport(context, csv);
  logged(context, imported.rows);
  const search = logged(context, [await measureSearchAfterImport(context, imported.workspace)]);
  const first = logged(context, await measureFirstFind(context));
  return [...imported.rows, ...search, ...first];
}

export const searchableBench: Bench = { name: 'Searchable when the write ends', run };
