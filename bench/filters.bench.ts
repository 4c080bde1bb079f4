// Date filters at a million people: what the window asks for when a filter chip is
// added, the first page (in name order, or in the filtered column's order) and the
// exact count, with and without a search, beside raw better-sqlite3 running the same
// query shape on a copy of the same file (the plain WHERE on the time column, with
// instr() for a search, ORDER BY and LIMIT; and the count), the two sides interleaved
// round by round. Roster's side is PersonService.list and count, each round with a
// range a millisecond wider so no count is cached (a new chip is a new query). The page
// runs on the main thread (its time is how long the main thread is blocked); a count
// that needs more than an index range runs on a worker in the app (filtered-count-task.ts;
// inline here, the same work).
//
// The cached import gives every person the same times, so the copy's times are spread
// first: added over two years in id order (about 1,370 a day), last changed then or up
// to 30 days later, and one person in twenty changed in the last three days.
//
// ROSTER_FILTERS_SIZE sets the number of people (default 1,000,000).

import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { DateRange, PeopleFilter, SortKey } from '../main/features/people/common/people-contract.js';
import { storedFilter, type StoredFilter } from '../main/features/people/node/people-filter.js';
import { PersonService } from '../main/features/people/node/person-service.js';
import { foldName } from '../main/features/workspace/common/name-fold.js';
import { WorkspaceConnections } from '../main/features/workspace/node/workspace-connections.js';
import { InlineTaskRunner } from '../main/kernel/node/tasks/inline-runner.js';
import { rawConnection, repoMigrations } from './fixtures.js';
import { interleaved } from './measure.js';
import type { BenchContext, BenchRow } from './registry.js';
import { cachedWorkspace, copyOf } from './scale-fixtures.js';
import { COLUMNS, label, row } from './scale-helpers.js';

const PAGE = 100;
const ROUNDS = 7;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7, 12);
const SPAN_DAYS = 730;

/** Spreads the times of the copy (see the top of this file), as another tool's UPDATE would. */
function spreadTimes(path: string, count: number): void {
  const db = rawConnection(path);
  try {
    const first = NOW - SPAN_DAYS * DAY;
    const step = (SPAN_DAYS * DAY) / count;
    db.function('stamp', (ms: number) => `${new Date(ms).toISOString().slice(0, 23)}+00:00`);
    db.prepare(
      `UPDATE "Person" SET "createdAt" = stamp(? + "id" * ?), ` +
        `"updatedAt" = stamp(CASE WHEN "id" % 20 = 7 THEN ? - ("id" % 3) * ? ELSE ? + "id" * ? + ("id" * 7919 % 30) * ? END)`,
    ).run(first, step, NOW, DAY, first, step, DAY);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

interface Case {
  readonly what: string;
  readonly filter: PeopleFilter;
  readonly search: string;
  readonly sort: SortKey;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const today = NOW - (NOW % DAY);

const CASES: readonly Case[] = [
  { what: 'added today', filter: { added: { from: iso(today), to: iso(today + DAY) } }, search: '', sort: 'name' },
  {
    what: 'added this month',
    filter: { added: { from: iso(Date.UTC(2026, 11, 1)), to: iso(Date.UTC(2027, 0, 1)) } },
    search: '',
    sort: 'name',
  },
  { what: 'added this month, by added', filter: { added: { from: iso(Date.UTC(2026, 11, 1)) } }, search: '', sort: 'created' },
  { what: 'changed this week', filter: { changed: { from: iso(today - 6 * DAY) } }, search: '', sort: 'name' },
  { what: 'changed this week, by last change', filter: { changed: { from: iso(today - 6 * DAY) } }, search: '', sort: 'updated' },
  { what: 'added in 2026 (half of everyone)', filter: { added: { from: iso(Date.UTC(2026, 0, 1)) } }, search: '', sort: 'name' },
  { what: 'added this month + search "ann"', filter: { added: { from: iso(Date.UTC(2026, 11, 1)) } }, search: 'ann', sort: 'name' },
  { what: 'changed this week + search "a"', filter: { changed: { from: iso(today - 6 * DAY) } }, search: 'a', sort: 'name' },
  { what: 'added in 2026 + search "son"', filter: { added: { from: iso(Date.UTC(2026, 0, 1)) } }, search: 'son', sort: 'name' },
];

/** `filter` with each range's start moved `ms` earlier (or given one), so that no count is cached. */
function widened(filter: PeopleFilter, ms: number): PeopleFilter {
  const move = (range: DateRange | undefined): DateRange | undefined =>
    range === undefined ? undefined : { ...range, from: new Date(Date.parse(range.from ?? '2000-01-01T00:00:00Z') - ms).toISOString() };
  const added = move(filter.added);
  const changed = move(filter.changed);
  return { ...(added ? { added } : {}), ...(changed ? { changed } : {}) };
}

/** The same work in plain SQL: the filter as a WHERE on the time columns, the search as instr(), SQLite's own plan. */
function rawQuery(db: Database.Database, filter: StoredFilter, search: string, sort: SortKey, part: 'page' | 'count'): unknown {
  const terms: string[] = [];
  const params: string[] = [];
  const add = (term: string, value: string): void => {
    terms.push(term);
    params.push(value);
  };
  for (const range of filter) {
    if (range.from !== null) add(`${range.column} >= ?`, range.from);
    if (range.to !== null) add(`${range.column} < ?`, range.to);
  }
  if (search !== '') add('instr("nameKey", ?) > 0', search);
  const where = terms.join(' AND ');
  const column = sort === 'name' ? '"nameKey"' : sort === 'created' ? '"createdAt"' : '"updatedAt"';
  if (part === 'page')
    return db.prepare(`SELECT ${COLUMNS} FROM "Person" WHERE ${where} ORDER BY ${column}, "id" LIMIT ?`).all(...params, PAGE + 1);
  return db
    .prepare(`SELECT count(*) FROM "Person" WHERE ${where}`)
    .pluck()
    .get(...params) as number;
}

export async function benchFilters(context: BenchContext): Promise<BenchRow[]> {
  const count = Number(process.env['ROSTER_FILTERS_SIZE'] ?? 1_000_000);
  const n = label(count);
  const migrations = repoMigrations(context.root);
  const source = await cachedWorkspace(count, migrations, context.log);
  const rosterFile = copyOf(source, join(context.dir, 'roster.roster'));
  context.log(`${n}: spreading the times`);
  spreadTimes(rosterFile, count);
  const rawFile = copyOf(rosterFile, join(context.dir, 'raw.roster'));
  const connections = new WorkspaceConnections({ migrations, backupDir: join(context.dir, 'backups'), tasks: new InlineTaskRunner() });
  const lease = await connections.acquire(rosterFile);
  const raw = rawConnection(rawFile);
  const people = new PersonService(lease);
  const rows: BenchRow[] = [];
  try {
    for (const [index, test] of CASES.entries()) {
      context.log(`${n}: ${test.what}`);
      // Every round and side its own range (a millisecond wider), so no count is cached.
      const at = (round: number): PeopleFilter => widened(test.filter, index * 100 + round + 1);
      const search = foldName(test.search);
      const asked = test.search ? { search: test.search } : {};
      const page = await interleaved(ROUNDS, {
        roster: (round) => people.list({ ...asked, sort: test.sort, direction: 'asc', limit: PAGE, filter: at(round) }),
        raw: (round) => rawQuery(raw, storedFilter(at(round)), search, test.sort, 'page'),
      });
      const matches = await people.count({ ...asked, filter: test.filter });
      const count = await interleaved(ROUNDS, {
        roster: (round) => people.count({ ...asked, filter: at(round + 50) }),
        raw: (round) => rawQuery(raw, storedFilter(at(round + 50)), search, test.sort, 'count'),
      });
      const what = `${test.what} (${matches.toLocaleString('en-US')} matches)`;
      rows.push(row(`${what}: first page, main thread, ${n}`, 'ms', page, 20));
      rows.push(row(`${what}: exact count, ${n}`, 'ms', count, 20));
    }
  } finally {
    raw.close();
    await lease.release();
    await connections.closeAll();
  }
  return rows;
}
