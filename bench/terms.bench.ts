// Search terms of every length and script at a million people: what the window asks for
// on each keystroke (the exact count and the first page in name order), for terms of 1,
// 2 and 3+ characters in Latin, Cyrillic, Greek, CJK, Hangul, Arabic and emoji, and
// the most-matched term of each length, beside raw better-sqlite3 running the same query
// shape (an instr() scan for the page and for the count) on a copy of the same file, the
// two sides interleaved round by round. Roster's side runs the people queries exactly as
// PersonService.list and count do, without the count cache (every keystroke is a new
// term), in one read transaction on the main thread: its time is also how long the
// main thread is blocked. Also: the size the short-term index adds to the file.
//
// ROSTER_TERMS_SIZE sets the number of people (default 1,000,000).

import { copyFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { ListPeopleQuery } from '../main/features/people/common/people-contract.js';
import { countPeople, selectPage } from '../main/features/people/node/people-queries.js';
import { foldName } from '../main/features/workspace/common/name-fold.js';
import { WorkspaceConnections } from '../main/features/workspace/node/workspace-connections.js';
import { repoMigrations, rawConnection } from './fixtures.js';
import { interleaved, type Summary } from './measure.js';
import type { Bench, BenchContext, BenchRow } from './registry.js';
import { copyOf } from './scale-fixtures.js';
import { label, row } from './scale-helpers.js';
import { cachedScriptWorkspace } from './script-names.js';

const PAGE = 50;
const ROUNDS = 5;
const COLUMNS = '"id", "name", "nameKey", "createdAt", "updatedAt"';

/** Terms people type, per script: 1, 2 and 3+ characters (as typed; Roster folds them). */
const TERMS: readonly { script: string; terms: readonly string[] }[] = [
  { script: 'Latin', terms: ['a', 'z', 'nz', 'é', 'emi', 'García'] },
  { script: 'Cyrillic', terms: ['о', 'и', 'ов', 'ова', 'Иван'] },
  { script: 'Greek', terms: ['ι', 'ος', 'πουλ'] },
  { script: 'CJK', terms: ['王', '藤', '佐藤', '高橋健'] },
  { script: 'Hangul', terms: ['지', '지훈', '김지훈'] },
  { script: 'Arabic', terms: ['م', 'مد', 'محمد'] },
  { script: 'emoji', terms: ['😀', '👍🏽', '👩‍💻'] },
];

interface Term {
  readonly text: string;
  readonly what: string;
}

/** The most-matched term of each length (1, 2, 3), read from the indexes' vocabularies; no whitespace in them. */
function mostMatched(db: Database.Database): Term[] {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.gram_vocab USING fts5vocab(main, 'PersonGram', 'row')`);
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.trigram_vocab USING fts5vocab(main, 'PersonSearch', 'row')`);
  const best = new Map<number, { text: string; doc: number }>();
  const consider = (text: string, doc: number): void => {
    const length = [...text].length;
    if (text.trim() !== text || /\s/u.test(text) || length < 1 || length > 3) return;
    if ((best.get(length)?.doc ?? -1) < doc) best.set(length, { text, doc });
  };
  for (const { term, doc } of db.prepare('SELECT term, doc FROM temp.gram_vocab').all() as { term: string; doc: number }[]) {
    if (/^[0-9a-f]+$/.test(term)) consider(Buffer.from(term, 'hex').toString('utf8'), doc);
  }
  for (const { term, doc } of db.prepare('SELECT term, doc FROM temp.trigram_vocab').all() as { term: string; doc: number }[]) {
    consider(term, doc);
  }
  return [...best.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([length, { text }]) => ({ text, what: `most-matched ${length}-character term` }));
}

/** The size the short-term index adds: two vacuumed copies, with and without it. */
function indexSize(source: string, dir: string): { withIndex: number; without: number } {
  const sizeOf = (path: string, drop: boolean): number => {
    copyFileSync(source, path);
    const db = rawConnection(path);
    try {
      if (drop) db.exec('DROP TABLE "PersonGram"');
      db.exec('VACUUM');
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    const size = statSync(path).size;
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    return size;
  };
  return { withIndex: sizeOf(join(dir, 'with.roster'), false), without: sizeOf(join(dir, 'without.roster'), true) };
}

function rawPageAndCount(db: Database.Database, folded: string): number {
  db.prepare(`SELECT ${COLUMNS} FROM "Person" WHERE instr("nameKey", ?) > 0 ORDER BY "nameKey", "id" LIMIT ?`).all(folded, PAGE + 1);
  return db.prepare('SELECT count(*) FROM "Person" WHERE instr("nameKey", ?) > 0').pluck().get(folded) as number;
}

interface Measured {
  readonly term: Term;
  readonly matches: number;
  readonly result: { roster: Summary; raw: Summary };
}

async function measureTerms(context: BenchContext, count: number, rosterFile: string, rawFile: string): Promise<Measured[]> {
  const migrations = repoMigrations(context.root);
  const connections = new WorkspaceConnections({ migrations, backupDir: join(context.dir, 'backups') });
  const lease = await connections.acquire(rosterFile);
  const raw = rawConnection(rawFile);
  const query: ListPeopleQuery = { sort: 'name', direction: 'asc', limit: PAGE };
  const { db, store } = lease.workspace;
  const terms: Term[] = [
    ...TERMS.flatMap(({ script, terms: texts }) => texts.map((text) => ({ text, what: `${script}, ${[...foldName(text)].length} ch` }))),
    ...mostMatched(raw),
  ];
  const out: Measured[] = [];
  try {
    for (const term of terms) {
      const folded = foldName(term.text);
      context.log(`${label(count)}: "${term.text}"`);
      let matches = 0;
      const result = await interleaved(ROUNDS, {
        roster: () =>
          db
            .transaction(() => {
              matches = countPeople(store, folded);
              return selectPage(store, query, folded, null, matches);
            })
            .deferred(),
        raw: () => rawPageAndCount(raw, folded),
      });
      out.push({ term, matches, result });
    }
  } finally {
    raw.close();
    await lease.release();
    await connections.closeAll();
  }
  return out;
}

function summaryRows(n: string, measured: readonly Measured[]): BenchRow[] {
  const byRoster = [...measured].sort((a, b) => a.result.roster.median - b.result.roster.median);
  const middle = byRoster[Math.floor(byRoster.length / 2)] as Measured;
  const worst = byRoster.at(-1) as Measured;
  return [
    row(`median term: first page + exact count, ${n} ("${middle.term.text}")`, 'ms', middle.result, 20),
    row(`worst term: first page + exact count, ${n} ("${worst.term.text}", ${worst.term.what})`, 'ms', worst.result, 50),
  ];
}

async function runTerms(context: BenchContext): Promise<BenchRow[]> {
  const count = Number(process.env['ROSTER_TERMS_SIZE'] ?? 1_000_000);
  const n = label(count);
  const source = await cachedScriptWorkspace(count, repoMigrations(context.root), context.log);
  const rosterFile = copyOf(source, join(context.dir, 'roster.roster'));
  const rawFile = copyOf(source, join(context.dir, 'raw.roster'));
  const measured = await measureTerms(context, count, rosterFile, rawFile);
  const rows = measured.map(({ term, matches, result }) =>
    row(`"${term.text}" (${term.what}, ${matches.toLocaleString('en-US')} matches): first page + exact count, ${n}`, 'ms', result, 20),
  );
  rows.push(...summaryRows(n, measured));
  context.log(`${n}: file size with and without the short-term index (two VACUUMs)`);
  const size = indexSize(source, context.dir);
  const mb = (bytes: number): Summary => ({ median: bytes / 1e6, low: bytes / 1e6, high: bytes / 1e6, samples: 1 });
  rows.push(
    row(
      `file size with the short-term index, ${n} (raw: the same file without it)`,
      'MB',
      { roster: mb(size.withIndex), raw: mb(size.without) },
      (size.without * 1.4) / 1e6,
      `the index adds ${(((size.withIndex - size.without) / size.without) * 100).toFixed(0)}% (target ≤ 40%); both copies vacuumed`,
    ),
  );
  return rows;
}

export const termsBench: Bench = { name: 'Search terms of every length and script', run: runTerms };
