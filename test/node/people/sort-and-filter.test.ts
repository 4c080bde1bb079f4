// Every order (name, added, last changed; both ways) with every kind of date filter and
// search, compared with a plain JS model of what was written: pages by cursor and by
// offset (near and far half), counts, counts with people left out, positions, and the
// ids an "all matching" selection resolves to. The file holds 6,000 rows written with
// the triggers in place, 300 more written in other tools' time forms after the insert
// trigger was dropped (opening repairs and rewrites them), and renames by Roster, whose
// updatedAt moves: so times tie, and added and last changed are correlated (the walk of
// one order under a filter of the other finds nothing early and must fall back).

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import type { PeopleFilter, SortDirection, SortKey } from '../../../main/features/people/common/people-contract.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { resolveSelection, selectionQuery } from '../../../main/features/people/node/selection.js';
import { openWorkspaceFile, type OpenedWorkspace } from '../../../main/features/workspace/node/workspace-file.js';
import { makeCurrentFile, makeTempDir, openOptions, removeTempDirs } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

// Thousands of pages over 6,300 rows: see test/support/loaded-machine.ts.
heavyTestFile();

interface Row {
  readonly id: number;
  readonly name: string;
  readonly created: number;
  updated: number;
}

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 9, 1);
const FIRSTS = ['Émile', 'Ana', 'Zoë', 'Łukasz', 'Straße', 'Bob', 'Anaïs', 'Jean'];
const LASTS = ['Smith', 'Lima', 'Søren', 'Nguyen', 'Anderson', 'Ōta'];

/** A deterministic generator (mulberry32), so a failure repeats. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const stored = (ms: number): string => `${new Date(ms).toISOString().slice(0, 23)}+00:00`;
const pad = (n: number): string => String(n).padStart(2, '0');

/** `ms` (whole seconds) as other tools write it: SQLite's CURRENT_TIMESTAMP, an offset, epoch seconds. */
function oddForm(ms: number, i: number): string | number {
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (i % 3 === 0) return `${date} ${time}`;
  if (i % 3 === 1) {
    const local = new Date(ms + 2 * 3600_000);
    return `${local.toISOString().slice(0, 19)}+02:00`;
  }
  return ms / 1000;
}

function writeFile(path: string): Row[] {
  makeCurrentFile(path, [], foldName);
  const next = random(7);
  const rows: Row[] = [];
  const db = new Database(path, { timeout: 5000 });
  try {
    const insert = db.prepare('INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)');
    const add = (i: number, time: (ms: number) => string | number, whole: boolean): void => {
      const pick = (list: readonly string[]): string => list[Math.floor(next() * list.length)] as string;
      const name = `${pick(FIRSTS)} ${pick(LASTS)} ${i % 97}`;
      // Three rows in a row share their creation time: ties are broken by id.
      let created = BASE + Math.floor(i / 3) * 37 * 60_000;
      if (!whole) created += (i * 7) % 1000;
      const changedLater = i % 4 !== 0;
      const updated = changedLater ? created + Math.floor(next() * 20) * DAY : created;
      const id = Number(insert.run(name, foldName(name), time(created), time(updated)).lastInsertRowid);
      rows.push({ id, name, created, updated });
    };
    db.transaction(() => {
      for (let i = 0; i < 6000; i++) add(i, stored, false);
    })();
    db.exec('DROP TRIGGER "Person_after_insert"');
    db.transaction(() => {
      for (let i = 6000; i < 6300; i++) add(i, (ms) => oddForm(ms, i), true);
    })();
  } finally {
    db.close();
  }
  return rows;
}

function compareKeys(a: Row, b: Row, sort: SortKey): number {
  if (sort === 'name') return Buffer.compare(Buffer.from(foldName(a.name), 'utf8'), Buffer.from(foldName(b.name), 'utf8'));
  return sort === 'created' ? a.created - b.created : a.updated - b.updated;
}

function inRange(ms: number, range: { from?: string; to?: string } | undefined): boolean {
  if (range === undefined) return true;
  return (range.from === undefined || ms >= Date.parse(range.from)) && (range.to === undefined || ms < Date.parse(range.to));
}

/** The model: who matches, in the order asked. */
function expected(rows: readonly Row[], sort: SortKey, direction: SortDirection, search: string, filter: PeopleFilter): number[] {
  const folded = foldName(search);
  const sign = direction === 'asc' ? 1 : -1;
  return rows
    .filter((row) => foldName(row.name).includes(folded) && inRange(row.created, filter.added) && inRange(row.updated, filter.changed))
    .sort((a, b) => sign * (compareKeys(a, b, sort) || a.id - b.id))
    .map((row) => row.id);
}

const iso = (ms: number): string => new Date(ms).toISOString();
const day = (n: number): number => BASE + n * DAY;
/** When the first row written in another tool's form was created (row 6,000; see writeFile). */
const ODD_FROM = BASE + 2000 * 37 * 60_000;

const FILTERS: readonly [string, PeopleFilter][] = [
  ['none', {}],
  ['added, most (dense: walks)', { added: { from: iso(day(1)) } }],
  ['added, one day (sparse: sorted range)', { added: { from: iso(day(3)), to: iso(day(4)) } }],
  ['changed, recent', { changed: { from: iso(day(70)) } }],
  ['changed, up to', { changed: { to: iso(day(20)) } }],
  ['both', { added: { from: iso(day(10)), to: iso(day(40)) }, changed: { from: iso(day(25)) } }],
  ['a range holding the odd-form rows', { added: { from: iso(ODD_FROM - 60_000) } }],
  ['empty', { added: { from: iso(day(500)) } }],
];
const SEARCHES = ['', 'an', 'ana', 'smith 4', 'ø'];
const ORDERS: readonly [SortKey, SortDirection][] = [
  ['name', 'asc'],
  ['name', 'desc'],
  ['created', 'asc'],
  ['created', 'desc'],
  ['updated', 'asc'],
  ['updated', 'desc'],
];

async function walk(people: PersonService, query: { sort: SortKey; direction: SortDirection; search: string; filter: PeopleFilter }) {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const result = await people.list({ ...query, limit: 450, ...(cursor === undefined ? {} : { cursor }) });
    ids.push(...result.items.map((person) => person.id));
    if (result.nextCursor === null) return ids;
    cursor = result.nextCursor;
  }
  throw new Error('paging did not end');
}

describe('sort by every column, with date filters and search', () => {
  let dir: string;
  let workspace: OpenedWorkspace;
  let people: PersonService;
  let rows: Row[];

  beforeAll(async () => {
    dir = makeTempDir('sort-filter');
    const path = join(dir, 'people.roster');
    rows = writeFile(path);
    workspace = await openWorkspaceFile(path, openOptions(dir));
    people = new PersonService({ workspace });
    // Renames move updatedAt to now (Prisma's @updatedAt): the newest changes.
    for (const row of rows.filter((_, i) => i % 500 === 7)) {
      const renamed = await people.update({ id: row.id, name: `${row.name} renamed` });
      Object.assign(row, { name: renamed.name, updated: Date.parse(renamed.updatedAt) });
    }
  });

  afterAll(async () => {
    await workspace.close();
    removeTempDirs();
  });

  it('opening rewrote the odd forms, so every time reads back as written', async () => {
    const listed = await walk(people, { sort: 'created', direction: 'asc', search: '', filter: { added: { from: iso(ODD_FROM) } } });
    expect(listed).toEqual(rows.slice(6000).map((row) => row.id));
    for (const row of rows.slice(6000, 6010)) expect((await people.get({ id: row.id })).createdAt).toBe(iso(row.created));
  });

  for (const [label, filter] of FILTERS) {
    it(`filter ${label}: pages, offsets, counts and selections match the model in every order and search`, async () => {
      for (const search of SEARCHES) {
        for (const [sort, direction] of ORDERS) {
          const want = expected(rows, sort, direction, search, filter);
          const what = `${sort} ${direction} "${search}"`;
          expect(await walk(people, { sort, direction, search, filter }), what).toEqual(want);
          for (const offset of [0, Math.floor(want.length / 3), Math.floor((want.length * 3) / 4)]) {
            const page = await people.list({ sort, direction, search, filter, offset, limit: 37 });
            expect(
              page.items.map((person) => person.id),
              `${what} @${offset}`,
            ).toEqual(want.slice(offset, offset + 37));
          }
        }
        const matching = expected(rows, 'name', 'asc', search, filter);
        expect(await people.count({ search, filter }), `count "${search}"`).toBe(matching.length);
        const except = [...matching.slice(0, 3), rows[1]?.id as number];
        expect(await people.count({ search, filter, except })).toBe(matching.filter((id) => !except.includes(id)).length);
        const resolved = resolveSelection(workspace.store, selectionQuery({ kind: 'matching', search, filter, except }), { strict: false });
        expect(resolved).toEqual(matching.filter((id) => !except.includes(id)).sort((a, b) => a - b));
      }
    });
  }

  it('a position in the Last changed order counts the people before it, ties by id', async () => {
    for (const direction of ['asc', 'desc'] as const) {
      const order = expected(rows, 'updated', direction, '', {});
      for (const index of [0, 1234, order.length - 1]) {
        expect(await people.position({ id: order[index] as number, sort: 'updated', direction })).toBe(index);
      }
    }
  });
});

describe('a range too large to count before the page (planned by an estimate)', () => {
  it('pages by cursor and offset (far half too) and counts exactly, with and without a search', async () => {
    const dir = makeTempDir('filter-estimate');
    const path = join(dir, 'many.roster');
    makeCurrentFile(path, [], foldName);
    const count = 30_000;
    const rows: Row[] = [];
    const db = new Database(path, { timeout: 5000 });
    try {
      const insert = db.prepare('INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)');
      db.transaction(() => {
        for (let i = 0; i < count; i++) {
          const name = `${FIRSTS[i % FIRSTS.length] as string} ${LASTS[(i * 7) % LASTS.length] as string} ${i % 113}`;
          // Skewed: the last third all within one day, so an even-spread estimate is far off.
          const created = i < 20_000 ? BASE + i * 60_000 : day(100) + (i - 20_000) * 1000;
          rows.push({
            id: Number(insert.run(name, foldName(name), stored(created), stored(created)).lastInsertRowid),
            name,
            created,
            updated: created,
          });
        }
      })();
    } finally {
      db.close();
    }
    const workspace = await openWorkspaceFile(path, openOptions(dir));
    try {
      const people = new PersonService({ workspace });
      for (const filter of [{ added: { from: iso(day(5)) } }, { changed: { from: iso(day(2)) } }] as PeopleFilter[]) {
        for (const search of ['', 'an']) {
          const want = expected(rows, 'name', 'asc', search, filter);
          expect(want.length).toBeGreaterThan(search === '' ? 20_000 : 3000);
          for (const offset of [0, Math.floor(want.length * 0.8)]) {
            const page = await people.list({ sort: 'name', direction: 'asc', search, filter, offset, limit: 50 });
            expect(
              page.items.map((person) => person.id),
              `${search} @${offset}`,
            ).toEqual(want.slice(offset, offset + 50));
          }
          expect(await walk(people, { sort: 'name', direction: 'desc', search, filter })).toEqual([...want].reverse());
          expect(await people.count({ search, filter })).toBe(want.length);
        }
      }
    } finally {
      await workspace.close();
    }
  });
});
