// `roster people duplicates` as a child process: the groups as the window lists them,
// rows another program wrote grouped right (opening the file folds their keys first),
// the text output, the old --workspace spelling, and a bad --limit refused before the
// file is opened.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonOut, runRoster } from '../../support/cli.js';
import { makeTempDir, removeTempDirs, sha256OfFile } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

heavyTestFile();
afterAll(removeTempDirs);

interface Page {
  total: number;
  people: number;
  groups: { name: string; count: number; people: { id: number; name: string; createdAt: string }[] }[];
}

describe('roster people duplicates', () => {
  it('lists the groups, with rows another program wrote grouped by their folded keys', async () => {
    const dir = makeTempDir('duplicates-cli');
    const options = { dataDir: join(dir, 'data') };
    const path = join(dir, 'team.roster');
    expect((await runRoster(['workspace', 'create', path, '--name', 'Team', '-q'], options)).code).toBe(0);
    expect((await runRoster(['people', 'add', path, 'Émile Zola', 'Ada Lovelace', 'Bo', '-q'], options)).code).toBe(0);
    const db = new Database(path);
    try {
      // Only a name, as the sqlite3 shell writes it: SQL's lower() leaves "É" as it is.
      for (const name of ['ÉMILE ZOLA', 'ada lovelace']) db.prepare('INSERT INTO "Person" ("name") VALUES (?)').run(name);
    } finally {
      db.close();
    }

    const page = jsonOut<Page>(await runRoster(['people', 'duplicates', path, '--json'], options));
    expect(page.total).toBe(2);
    expect(page.people).toBe(4);
    expect(page.groups.map((group) => [group.name, group.count, group.people.map((person) => person.name)])).toEqual([
      ['Ada Lovelace', 2, ['Ada Lovelace', 'ada lovelace']],
      ['Émile Zola', 2, ['Émile Zola', 'ÉMILE ZOLA']],
    ]);

    const text = await runRoster(['people', 'duplicates', '--workspace', path, '--limit', '1'], options);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('2 names held by 4 people, the first 1 shown.\n');
    expect(text.stdout).toMatch(/^Ada Lovelace: 2 people\n {2}ID +ADDED +NAME\n {2}2 +\S+ +Ada Lovelace\n {2}5 +\S+ +ada lovelace\n/);

    const before = sha256OfFile(path);
    const bad = await runRoster(['people', 'duplicates', path, '--limit', '0'], options);
    expect(bad.code).toBe(2);
    expect(sha256OfFile(path)).toBe(before);
  });

  it('says so when nobody shares a name', async () => {
    const dir = makeTempDir('duplicates-cli-none');
    const options = { dataDir: join(dir, 'data') };
    const path = join(dir, 'solo.roster');
    expect((await runRoster(['workspace', 'create', path, '-q'], options)).code).toBe(0);
    expect((await runRoster(['people', 'add', path, 'Ada Lovelace', '-q'], options)).code).toBe(0);
    const result = await runRoster(['people', 'duplicates', path], options);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: 'No two people share a name in this workspace.\n' });
  });
});
