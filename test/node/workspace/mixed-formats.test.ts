// One workspace as other tools leave it, end to end: 1,251 rows, some written
// while Roster's triggers were in place and some after another program dropped the
// insert trigger, so the file really holds every form: SQLite's CURRENT_TIMESTAMP text,
// SQLAlchemy's ".ffffff", ISO 8601 with an offset or "Z", epoch seconds and
// milliseconds; keys missing, wrong (Python's lower()) or right. Then `roster migrate`,
// and the file is listed by name and by creation, paged in both directions (by the CLI
// and by the service, across many page boundaries), searched (index and scan terms),
// and exported; every answer is compared with a model computed here from what was
// written, not with what Roster says.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import type { PersonDto, SortDirection, SortKey } from '../../../main/features/people/common/people-contract.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import { jsonOut, runRoster } from '../../support/cli.js';
import { makeCurrentFile, makeTempDir, openOptions, queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

// Every test runs `roster` many times (each order, each search): see test/support/loaded-machine.ts.
heavyTestFile();

afterAll(removeTempDirs);

const FORMS = ['current-timestamp', 'sqlalchemy', 'offset', 'zulu', 'epoch', 'epoch-ms'] as const;
type Form = (typeof FORMS)[number];
const FIRSTS = ['Émile', 'Straße', 'Łukasz', 'Zoë', 'Ada', "O'Brien", 'ﬁona', 'ＡＢＣ'];
const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;

interface Row {
  readonly id: number;
  readonly name: string;
  readonly ms: number;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function dateText(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

function timeText(date: Date): string {
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/** `ms` written the way each tool writes a time. */
function written(form: Form, ms: number): string | number {
  const date = new Date(ms);
  switch (form) {
    case 'current-timestamp':
      return `${dateText(date)} ${timeText(date)}`;
    case 'sqlalchemy':
      return `${dateText(date)} ${timeText(date)}.${pad(date.getUTCMilliseconds(), 3)}000`;
    case 'offset': {
      const local = new Date(ms - 5 * 3600_000);
      return `${dateText(local)}T${timeText(local)}-05:00`;
    }
    case 'zulu':
      return date.toISOString();
    case 'epoch':
      return ms / 1000;
    case 'epoch-ms':
      return ms;
  }
}

/**
 * Writes `count` rows the way other tools do, from `first` on. Forms without
 * milliseconds get whole seconds; three rows in a row share a second, so ties are
 * broken by id.
 */
function writeRows(db: Database.Database, first: number, count: number): Row[] {
  const rows: Row[] = [];
  for (let i = first; i < first + count; i++) {
    const form = FORMS[i % FORMS.length] as Form;
    const second = Date.UTC(2026, 10, 20) + Math.floor(i / 3) * 61_000;
    const ms = form === 'sqlalchemy' || form === 'zulu' || form === 'epoch-ms' ? second + ((i * 7) % 1000) : second;
    const name = `${FIRSTS[i % FIRSTS.length] as string} ${form} ${i}`;
    const time = written(form, ms);
    let id: number | bigint;
    if (i % 4 === 0) {
      // No key at all: what `INSERT INTO Person(name, ...)` leaves.
      id = db.prepare('INSERT INTO "Person" ("name", "createdAt", "updatedAt") VALUES (?, ?, ?)').run(name, time, time).lastInsertRowid;
    } else {
      const key = i % 4 === 1 ? name.toLowerCase() : i % 4 === 2 ? 'wrong' : foldName(name);
      id = db
        .prepare('INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)')
        .run(name, key, time, time).lastInsertRowid;
    }
    rows.push({ id: Number(id), name, ms });
  }
  return rows;
}

/** The file, and the model of what is in it. */
function mixedFile(label: string): { dir: string; path: string; rows: Row[] } {
  const dir = makeTempDir(label);
  const path = join(dir, 'mixed.roster');
  makeCurrentFile(path, [], foldName);
  const db = new Database(path, { timeout: 5000 });
  try {
    const rows = writeRows(db, 0, 600); // with the triggers: stored in Roster's form at once
    db.exec('DROP TRIGGER "Person_after_insert"');
    rows.push(...writeRows(db, 600, 651)); // without: stored exactly as written
    return { dir, path, rows };
  } finally {
    db.close();
  }
}

function ordered(rows: readonly Row[], sort: SortKey, direction: SortDirection): number[] {
  const sign = direction === 'asc' ? 1 : -1;
  const keyOf = new Map(rows.map((row) => [row.id, Buffer.from(foldName(row.name), 'utf8')]));
  return [...rows]
    .sort((a, b) => {
      // SQLite compares text as UTF-8 bytes.
      const byKey = sort === 'name' ? Buffer.compare(keyOf.get(a.id) as Buffer, keyOf.get(b.id) as Buffer) : a.ms - b.ms;
      return sign * (byKey !== 0 ? byKey : a.id - b.id);
    })
    .map((row) => row.id);
}

function matching(rows: readonly Row[], search: string): Row[] {
  const folded = foldName(search);
  return rows.filter((row) => foldName(row.name).includes(folded));
}

const ORDERS: readonly [SortKey, SortDirection][] = [
  ['name', 'asc'],
  ['name', 'desc'],
  ['created', 'asc'],
  ['created', 'desc'],
];
/** An index term, a scan term (two characters) and a term matching a single form. */
const SEARCHES = ['emile', 'ss', 'zoe zulu'];

async function cliList(path: string, dataDir: string, sort: SortKey, direction: SortDirection, search?: string): Promise<PersonDto[]> {
  const args = [
    'people',
    'list',
    '--workspace',
    path,
    '--sort',
    sort,
    '--json',
    ...(direction === 'desc' ? ['--desc'] : []),
    ...(search === undefined ? [] : ['--search', search]),
  ];
  return jsonOut<PersonDto[]>(await runRoster(args, { dataDir }));
}

async function serviceWalk(
  people: PersonService,
  sort: SortKey,
  direction: SortDirection,
  limit: number,
  search?: string,
): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const result = await people.list({
      sort,
      direction,
      limit,
      ...(search === undefined ? {} : { search }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    ids.push(...result.items.map((person) => person.id));
    if (result.nextCursor === null) return ids;
    cursor = result.nextCursor;
  }
  throw new Error('paging did not end');
}

/** The file really holds the raw forms (written after the trigger went) and rows without keys. */
function expectRawForms(path: string, rows: readonly Row[]): void {
  expect(rows).toHaveLength(1251);
  const stored = queryFile<{ form: string; n: number }>(
    path,
    `SELECT CASE WHEN typeof("createdAt") != 'text' THEN typeof("createdAt") WHEN "createdAt" GLOB '*T*+00:00' THEN 'canonical' ` +
      `ELSE 'raw text' END AS form, count(*) AS n FROM "Person" GROUP BY 1 ORDER BY 1`,
  );
  expect(stored).toEqual([
    { form: 'canonical', n: 600 },
    { form: 'integer', n: 216 },
    { form: 'raw text', n: 435 },
  ]);
  expect(queryFile(path, `SELECT count(*) AS n FROM "Person" WHERE "nameKey" = ''`)).toEqual([{ n: 163 }]);
}

/** `roster migrate` repairs the trigger and leaves every row in Roster's form: times in UTC as written, keys folded, index complete. */
async function expectMigrateNormalises(path: string, dataDir: string, rows: readonly Row[]): Promise<void> {
  const migrated = await runRoster(['migrate', path, '--json'], { dataDir });
  const [report] = jsonOut<{ status: string; applied: string[]; repaired: string[] }[]>(migrated);
  expect(report).toMatchObject({ status: 'repaired', applied: [] });
  expect(report?.repaired).toContain('Person_after_insert');

  const after = queryFile<{ id: number; name: string; nameKey: string; createdAt: string; updatedAt: string }>(
    path,
    'SELECT * FROM "Person" ORDER BY "id"',
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const row of after) {
    const expected = byId.get(row.id) as Row;
    expect(row.createdAt).toMatch(CANONICAL);
    expect(row.createdAt).toBe(`${new Date(expected.ms).toISOString().slice(0, 23)}+00:00`);
    expect(row.updatedAt).toBe(row.createdAt);
    expect(row.nameKey).toBe(foldName(row.name));
  }
  expect(
    queryFile(
      path,
      'SELECT (SELECT count(*) FROM "PersonKeyQueue") AS queued, "searchPendingFrom" AS pending, ' +
        '"personCount" AS counted FROM "RosterState"',
    ),
  ).toEqual([{ queued: 0, pending: null, counted: 1251 }]);
}

/** The CLI, by name and by creation, both ways (pages of 1,000: one boundary), and searched. */
async function expectCliListings(path: string, dataDir: string, rows: readonly Row[]): Promise<void> {
  for (const [sort, direction] of ORDERS) {
    const listed = await cliList(path, dataDir, sort, direction);
    expect(
      listed.map((person) => person.id),
      `${sort} ${direction}`,
    ).toEqual(ordered(rows, sort, direction));
    expect(listed.find((person) => person.id === rows[700]?.id)?.createdAt).toBe(new Date(rows[700]?.ms as number).toISOString());
  }
  for (const search of SEARCHES) {
    const expected = matching(rows, search);
    expect(expected.length).toBeGreaterThan(0);
    for (const [sort, direction] of [
      ['name', 'desc'],
      ['created', 'asc'],
    ] as const) {
      expect(
        (await cliList(path, dataDir, sort, direction, search)).map((person) => person.id),
        `${search} ${sort} ${direction}`,
      ).toEqual(ordered(expected, sort, direction));
    }
  }
}

/** The service, in pages of 100 (and 7 for searches): many boundaries, every order. */
async function expectServicePages(path: string, dir: string, rows: readonly Row[]): Promise<void> {
  const workspace = await openWorkspaceFile(path, openOptions(dir));
  try {
    const people = new PersonService({ workspace });
    expect(await people.count()).toBe(1251);
    for (const [sort, direction] of ORDERS) {
      expect(await serviceWalk(people, sort, direction, 100), `${sort} ${direction}`).toEqual(ordered(rows, sort, direction));
      for (const search of SEARCHES) {
        expect(await serviceWalk(people, sort, direction, 7, search), `${search} ${sort} ${direction}`).toEqual(
          ordered(matching(rows, search), sort, direction),
        );
        expect(await people.count({ search })).toBe(matching(rows, search).length);
      }
    }
  } finally {
    await workspace.close();
  }
}

/** Export: every person, in id order, times in UTC as written. */
async function expectExport(path: string, dataDir: string, rows: readonly Row[]): Promise<void> {
  const exported = await runRoster(['people', 'export', '--workspace', path, '--format', 'json'], { dataDir });
  expect(exported.code, exported.stderr).toBe(0);
  expect(JSON.parse(exported.stdout)).toEqual(
    [...rows]
      .sort((a, b) => a.id - b.id)
      .map((row) => ({
        id: row.id,
        name: row.name,
        createdAt: new Date(row.ms).toISOString(),
        updatedAt: new Date(row.ms).toISOString(),
      })),
  );
}

describe('a workspace in every format other tools write', () => {
  it('migrate repairs and normalises it; then it lists, pages both ways, searches and exports exactly', async () => {
    const { dir, path, rows } = mixedFile('mixed-migrate');
    const dataDir = join(dir, 'data');
    expectRawForms(path, rows);
    await expectMigrateNormalises(path, dataDir, rows);
    await expectCliListings(path, dataDir, rows);
    await expectServicePages(path, dir, rows);
    await expectExport(path, dataDir, rows);

    // Nothing left to do.
    expect(jsonOut(await runRoster(['migrate', path, '--json'], { dataDir }))).toEqual([
      { path, status: 'up-to-date', applied: [], repaired: [], restoredFrom: null, invalidNames: { count: 0, people: [] } },
    ]);
  });

  it('without a migrate first, the first command repairs it (and says so) and lists it right', async () => {
    const { dir, path, rows } = mixedFile('mixed-direct');
    const dataDir = join(dir, 'data');
    const result = await runRoster(['people', 'list', '--workspace', path, '--sort', 'created', '--desc', '--json'], { dataDir });
    expect(jsonOut<PersonDto[]>(result).map((person) => person.id)).toEqual(ordered(rows, 'created', 'desc'));
    // Under --json the note is a JSON line.
    expect(result.stderr).toMatch(/^\{"note":\{"message":".*repaired .*Person_after_insert/);
    expect((await cliList(path, dataDir, 'name', 'asc', 'strasse')).map((person) => person.id)).toEqual(
      ordered(matching(rows, 'strasse'), 'name', 'asc'),
    );
  });
});
