// Workspaces used by other programs, with the real programs: Debian's
// SQLAlchemy (the seed scenario: one metadata, two engines, two sessions), Debian's
// `sqlite3` shell (1,200 rows from one recursive INSERT, as a script would add them),
// and another Prisma client on Roster's schema. Roster then lists and finds exactly
// what they wrote. The Python and Prisma code is the documented example
// (docs/examples/), so the docs stay true.

import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { PersonDto } from '../../../main/features/people/common/people-contract.js';
import { addWithPrisma } from '../../../docs/examples/prisma-client.js';
import { jsonOut, runRoster } from '../../support/cli.js';
import { makeTempDir, queryFile, REPO_ROOT, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

/** Debian's Python, which has python3-sqlalchemy (the default python3 on PATH may not). */
const PYTHON = '/usr/bin/python3';
const EXAMPLE = join(REPO_ROOT, 'docs', 'examples', 'sqlalchemy_roster.py');

/** Runs Debian's Python; expects no stderr, returns stdout. */
function python(args: readonly string[]): string {
  // In the temp folder: a relative path SQLAlchemy was given by mistake lands there, not in the repository.
  const run = spawnSync(PYTHON, args, { encoding: 'utf8', cwd: tmpdir() });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

/** Every person as the documented SQLAlchemy mapping loads them (whole rows, in id order). */
function pythonPeople(path: string): PersonDto[] {
  return JSON.parse(python([EXAMPLE, '--list', path])) as PersonDto[];
}

/** Every person as `roster people list --json` prints them, in id order. */
async function rosterPeople(path: string, dataDir: string): Promise<PersonDto[]> {
  const listed = jsonOut<PersonDto[]>(await runRoster(['people', 'list', '--workspace', path, '--json'], { dataDir }));
  return listed.sort((x, y) => x.id - y.id);
}

async function newWorkspace(dir: string, name: string, dataDir: string): Promise<string> {
  const path = join(dir, `${name}.roster`);
  const result = await runRoster(['workspace', 'create', path], { dataDir });
  expect(result.code, result.stderr).toBe(0);
  return path;
}

async function names(path: string, dataDir: string, search?: string): Promise<string[]> {
  const args = ['people', 'list', '--workspace', path, '--json', ...(search === undefined ? [] : ['--search', search])];
  return jsonOut<PersonDto[]>(await runRoster(args, { dataDir })).map((person) => person.name);
}

/**
 * A Python script that adds two people through the SQLAlchemy mapping to the file named by
 * its argument: one with an aware and a naive time, one with the mapping's defaults.
 */
const WRITE_TIMES = [
  'import sys',
  `sys.path.insert(0, ${JSON.stringify(join(REPO_ROOT, 'docs', 'examples'))})`,
  'from datetime import datetime, timedelta, timezone',
  'from sqlalchemy import create_engine',
  'from sqlalchemy.orm import Session',
  'from sqlalchemy_roster import Person',
  'with Session(create_engine("sqlite:///" + sys.argv[1])) as session:',
  '    session.add(Person(name="Dated", createdAt=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=timezone(timedelta(hours=-5))), ' +
    'updatedAt=datetime(2026, 1, 2, 9, 0, 0)))',
  '    session.add(Person(name="Defaulted"))',
  '    session.commit()',
].join('\n');

describe('other programs write, Roster reads right', () => {
  it(
    'SQLAlchemy: the seed scenario on two Roster files; ' + 'each session sees only its own rows, and Roster finds them by folded name',
    async () => {
      const dir = makeTempDir('sqlalchemy');
      const dataDir = join(dir, 'data');
      const a = await newWorkspace(dir, 'a', dataDir);
      const b = await newWorkspace(dir, 'b', dataDir);
      // The seed loads whole Person rows back (select(Person)), times included.
      expect(python([EXAMPLE, a, b])).toBe('A Alice Ångström|Straße Bob\nB Carol Øberg\n');

      expect(await names(a, dataDir)).toEqual(['Alice Ångström', 'Straße Bob']);
      expect(await names(b, dataDir)).toEqual(['Carol Øberg']);
      expect(await names(a, dataDir, 'angstrom')).toEqual(['Alice Ångström']);
      expect(await names(a, dataDir, 'STRASSE')).toEqual(['Straße Bob']);
      expect(await names(b, dataDir, 'oberg')).toEqual(['Carol Øberg']);
      expect(await names(b, dataDir, 'alice')).toEqual([]);
      // What SQLAlchemy stored is now in Roster's form: keys folded, times in Prisma's UTC form.
      const rows = queryFile<{ nameKey: string; createdAt: string }>(a, 'SELECT "nameKey", "createdAt" FROM "Person" ORDER BY id');
      expect(rows.map((row) => row.nameKey)).toEqual(['alice angstrom', 'strasse bob']);
      for (const row of rows) expect(row.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
      // Whole rows through the mapping are exactly what Roster prints.
      for (const path of [a, b]) expect(pythonPeople(path)).toEqual(await rosterPeople(path, dataDir));
    },
  );

  it(
    'SQLAlchemy: times written through the mapping (aware, and naive as UTC) ' +
      'are stored in Roster’s form and read back the same by both',
    async () => {
      const dir = makeTempDir('sqlalchemy-times');
      const dataDir = join(dir, 'data');
      const path = await newWorkspace(dir, 't', dataDir);
      expect(python(['-c', WRITE_TIMES, path])).toBe('');
      expect(queryFile(path, `SELECT "createdAt", "updatedAt" FROM "Person" WHERE name = 'Dated'`)).toEqual([
        { createdAt: '2026-01-02T08:04:05.678+00:00', updatedAt: '2026-01-02T09:00:00.000+00:00' },
      ]);
      const listed = await rosterPeople(path, dataDir);
      expect(listed.find((p) => p.name === 'Dated')).toMatchObject({
        createdAt: '2026-01-02T08:04:05.678Z',
        updatedAt: '2026-01-02T09:00:00.000Z',
      });
      expect(pythonPeople(path)).toEqual(listed);
    },
  );

  it('SQLAlchemy: the mapping also reads the forms other tools store while Roster’s time trigger is missing', async () => {
    const dir = makeTempDir('sqlalchemy-forms');
    const dataDir = join(dir, 'data');
    const path = await newWorkspace(dir, 'f', dataDir);
    execFileSync('sqlite3', [
      path,
      `DROP TRIGGER "Person_after_insert";
       INSERT INTO Person(name, createdAt, updatedAt) VALUES
         ('Shell', '2026-11-24 09:27:04', '2026-11-24 09:27:04.887000'),
         ('Offset', '2026-11-24T10:00:01-05:00', '2026-11-24T10:00:01Z'),
         ('Epoch', 1700000001, 1700000000001);`,
    ]);
    const before = pythonPeople(path); // read first: Roster's open repairs the trigger and rewrites these times
    expect(before.map((p) => [p.name, p.createdAt, p.updatedAt])).toEqual([
      ['Shell', '2026-11-24T09:27:04.000Z', '2026-11-24T09:27:04.887Z'],
      ['Offset', '2026-11-24T15:00:01.000Z', '2026-11-24T10:00:01.000Z'],
      ['Epoch', '2023-11-14T22:13:21.000Z', '2023-11-14T22:13:20.001Z'],
    ]);
    // Roster's open repairs the trigger and rewrites the times; times given out of order
    // (created after updated) are put in order, updatedAt = createdAt.
    const ordered = before.map((p) => (p.createdAt > p.updatedAt ? { ...p, updatedAt: p.createdAt } : p));
    expect(ordered.filter((p, i) => p !== before[i]).map((p) => p.name)).toEqual(['Offset', 'Epoch']);
    expect(await rosterPeople(path, dataDir)).toEqual(ordered);
    expect(pythonPeople(path)).toEqual(ordered);
  });

  it('the sqlite3 shell: 1,200 rows from one recursive INSERT list every row by creation, both ways, and end', async () => {
    const dir = makeTempDir('shell');
    const dataDir = join(dir, 'data');
    const path = await newWorkspace(dir, 'p', dataDir);
    execFileSync('sqlite3', [
      path,
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<1200) ` +
        `INSERT INTO Person(name,nameKey,updatedAt) SELECT 'Bulk '||i,'bulk '||i,'2026-11-24T00:00:00.000+00:00' FROM n`,
    ]);
    execFileSync('sqlite3', [path, `INSERT INTO Person(name) VALUES ('Only A Name')`]);
    for (const extra of [[], ['--desc']]) {
      const listed = jsonOut<PersonDto[]>(
        await runRoster(['people', 'list', '--workspace', path, '--sort', 'created', '--json', ...extra], { dataDir }),
      );
      expect(listed).toHaveLength(1201);
      expect(new Set(listed.map((p) => p.id)).size).toBe(1201);
    }
    expect(await names(path, dataDir, 'only a')).toEqual(['Only A Name']);
  });

  it('another Prisma client on Roster’s schema: a create with only a name is found by Roster', async () => {
    const dir = makeTempDir('prisma');
    const dataDir = join(dir, 'data');
    const path = await newWorkspace(dir, 'p', dataDir);
    expect(await addWithPrisma(path, 'Émilie du Châtelet')).toEqual(['Émilie du Châtelet']);
    expect(await names(path, dataDir, 'chatelet')).toEqual(['Émilie du Châtelet']);
  });
});

describe('other programs send explicit NULLs for the columns Roster derives', () => {
  it(
    'explicit NULLs for the derived columns, as tools send them (SQLAlchemy Core with None, ' +
      'better-sqlite3 binding null, the sqlite3 shell): accepted, folded, found, times in order',
    async () => {
      const dir = makeTempDir('explicit-nulls');
      const dataDir = join(dir, 'data');
      const path = await newWorkspace(dir, 'n', dataDir);
      // SQLAlchemy: a Core insert through the documented mapping's table, every column
      // given, as a mapping that includes nameKey sends it; rows where only some carry a time.
      const script = [
        'import sys',
        `sys.path.insert(0, ${JSON.stringify(join(REPO_ROOT, 'docs', 'examples'))})`,
        'from datetime import datetime, timezone',
        'from sqlalchemy import create_engine, insert',
        'from sqlalchemy_roster import Person',
        'with create_engine("sqlite:///" + sys.argv[1]).begin() as connection:',
        '    connection.execute(insert(Person.__table__), [',
        '        {"name": "Ødegaard Nul", "nameKey": None, "createdAt": None, "updatedAt": None},',
        '        {"name": "Dated Nul", "nameKey": None, "createdAt": datetime(2026, 1, 2, tzinfo=timezone.utc), "updatedAt": None},',
        '        {"name": "Updated Nul", "nameKey": None, "createdAt": None, "updatedAt": datetime(2001, 1, 1, tzinfo=timezone.utc)},',
        '    ])',
      ].join('\n');
      expect(python(['-c', script, path])).toBe('');
      // better-sqlite3, binding null as its users do.
      const db = new Database(path);
      try {
        db.prepare('INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)').run(
          'Zoë Nul',
          null,
          null,
          null,
        );
      } finally {
        db.close();
      }
      // The sqlite3 shell: INSERT OR REPLACE of an existing id with NULL times.
      execFileSync('sqlite3', [
        path,
        `INSERT OR REPLACE INTO Person(id, name, nameKey, createdAt, updatedAt) VALUES (1, 'Ødegaard Nul', NULL, NULL, NULL)`,
      ]);

      expect(await names(path, dataDir, 'nul')).toEqual(['Dated Nul', 'Ødegaard Nul', 'Updated Nul', 'Zoë Nul']);
      expect(await names(path, dataDir, 'odegaard')).toEqual(['Ødegaard Nul']);
      expect(await names(path, dataDir, 'zoe')).toEqual(['Zoë Nul']);
      const stored = queryFile<{ name: string; nameKey: string; createdAt: string; updatedAt: string }>(
        path,
        'SELECT "name", "nameKey", "createdAt", "updatedAt" FROM "Person" ORDER BY "id"',
      );
      expect(stored.map((row) => row.nameKey)).toEqual(['odegaard nul', 'dated nul', 'updated nul', 'zoe nul']);
      for (const row of stored) {
        expect(row.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
        expect(row.createdAt <= row.updatedAt, `${row.name}: ${row.createdAt} <= ${row.updatedAt}`).toBe(true);
      }
      expect(stored[1]?.createdAt).toBe('2026-01-02T00:00:00.000+00:00');
      expect(pythonPeople(path)).toEqual(await rosterPeople(path, dataDir));
    },
  );
});
