// Workspaces used by other programs (issue 9), with the real programs: Debian's
// SQLAlchemy (the seed scenario: one metadata, two engines, two sessions), Debian's
// `sqlite3` shell (the issue's own recipe), and another Prisma client on Roster's
// schema. Roster then lists and finds exactly what they wrote. The Python and Prisma
// code is the documented example (docs/examples/), so the docs stay true.

import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PersonDto } from '../../../main/common/people-contract.js';
import { addWithPrisma } from '../../../docs/examples/prisma-client.js';
import { jsonOut, runRoster } from '../../support/cli.js';
import { makeTempDir, queryFile, REPO_ROOT, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

/** Debian's Python, which has python3-sqlalchemy (the default python3 on PATH may not). */
const PYTHON = '/usr/bin/python3';

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

describe('other programs write, Roster reads right', () => {
  it('SQLAlchemy: the seed scenario on two Roster files; each session sees only its own rows, and Roster finds them by folded name', async () => {
    const dir = makeTempDir('sqlalchemy');
    const dataDir = join(dir, 'data');
    const a = await newWorkspace(dir, 'a', dataDir);
    const b = await newWorkspace(dir, 'b', dataDir);
    const run = spawnSync(PYTHON, [join(REPO_ROOT, 'docs', 'examples', 'sqlalchemy_roster.py'), a, b], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('A Alice Ångström|Straße Bob\nB Carol Øberg\n');

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
  });

  it('the sqlite3 shell: the issue’s 1,200-row recipe lists every row by creation, both ways, and ends', async () => {
    const dir = makeTempDir('shell');
    const dataDir = join(dir, 'data');
    const path = await newWorkspace(dir, 'p', dataDir);
    execFileSync('sqlite3', [
      path,
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<1200) INSERT INTO Person(name,nameKey,updatedAt) SELECT 'Bulk '||i,'bulk '||i,'2026-11-24T00:00:00.000+00:00' FROM n`,
    ]);
    execFileSync('sqlite3', [path, `INSERT INTO Person(name) VALUES ('Only A Name')`]);
    for (const extra of [[], ['--desc']]) {
      const listed = jsonOut<PersonDto[]>(await runRoster(['people', 'list', '--workspace', path, '--sort', 'created', '--json', ...extra], { dataDir }));
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
