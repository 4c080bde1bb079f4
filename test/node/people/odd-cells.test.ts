// Cells another program wrote that Roster never would: a name stored as a BLOB (a number
// cannot be: the column's TEXT affinity stores it as text), and a search index whose FTS5 settings row says a version FTS5 does not know.
// Every command (list, search, add, migrate, export, find, and the single-person paths
// Prisma reads: update, delete) answers with the row shown by a readable stand-in, or
// with the index rebuilt and the repair said; never INTERNAL.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { PersonDto } from '../../../main/features/people/common/people-contract.js';
import { storedText } from '../../../main/features/workspace/node/stored-text.js';
import { applyMigrations } from '../../../main/features/workspace/node/migrations/migrator.js';
import { integrityTask } from '../../../main/features/workspace/node/integrity-check.js';
import { InlineTaskRunner } from '../../../main/kernel/node/tasks/inline-runner.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { jsonOut, runRoster, type CliResult } from '../../support/cli.js';
import { heavyTestFile } from '../../support/loaded-machine.js';
import { listQuery } from '../../support/people-fixtures.js';
import {
  makeTempDir,
  migrationsAfter,
  openOptions,
  queryFile,
  removeTempDirs,
  repoMigrations,
  SEARCH_MIGRATION,
} from '../../support/workspace-fixtures.js';

heavyTestFile();
afterAll(removeTempDirs);

/** What a program that bypasses SQLite's defensive mode (the sqlite3 shell, say) can write. */
function writeRaw(path: string, sql: string, unsafe = false): void {
  const db = new Database(path);
  try {
    if (unsafe) db.unsafeMode(true);
    db.exec(sql);
  } finally {
    db.close();
  }
}

async function workspaceWith(dir: string, dataDir: string, names: readonly string[]): Promise<string> {
  const path = join(dir, 'odd.roster');
  expect((await runRoster(['workspace', 'create', path, '--name', 'Odd'], { dataDir })).code).toBe(0);
  expect((await runRoster(['people', 'add', path, ...names], { dataDir })).code).toBe(0);
  return path;
}

function expectAnswered(result: CliResult): void {
  expect(result.stderr).not.toMatch(/INTERNAL/);
  expect(result.code, result.stderr).toBe(0);
}

async function listed(path: string, dataDir: string, search?: string): Promise<PersonDto[]> {
  const args = ['people', 'list', path, '--json', '--sort', 'created', ...(search === undefined ? [] : ['--search', search])];
  return jsonOut<PersonDto[]>(await runRoster(args, { dataDir }));
}

describe('storedText: the stand-in for a name that is not text', () => {
  it('keeps text, decodes UTF-8 bytes, shows other bytes as marked hex, and numbers as digits', () => {
    expect(storedText('Ada')).toBe('Ada');
    expect(storedText(Buffer.from('Zoë', 'utf8'))).toBe('Zoë');
    expect(storedText(Buffer.from([0xff, 0x00, 0xfe]))).toBe('[binary, 3 bytes: ff00fe]');
    expect(storedText(Buffer.alloc(40, 0xff))).toBe(`[binary, 40 bytes: ${'ff'.repeat(32)}…]`);
    expect(storedText(42)).toBe('42');
    expect(storedText(4.5)).toBe('4.5');
    expect(storedText(10n)).toBe('10');
  });
});

describe('names stored as a BLOB', () => {
  it('every command shows, finds, exports and deletes them by their stand-in', async () => {
    const dir = makeTempDir('odd-names');
    const dataDir = join(dir, 'data');
    const path = await workspaceWith(dir, dataDir, ['Ada Lovelace', 'Bob', 'Carl', 'Dora']);
    writeRaw(
      path,
      `UPDATE "Person" SET "name" = X'416461204C6F76656C616365' WHERE "id" = 1;
       UPDATE "Person" SET "name" = X'FF00FE' WHERE "id" = 2;`,
    );
    expect(queryFile<{ t: string }>(path, 'SELECT typeof("name") AS t FROM "Person" ORDER BY "id"').map((row) => row.t)).toEqual([
      'blob',
      'blob',
      'text',
      'text',
    ]);
    const shown = ['Ada Lovelace', '[binary, 3 bytes: ff00fe]', 'Carl', 'Dora'];
    expect((await listed(path, dataDir)).map((person) => person.name)).toEqual(shown);
    expect((await listed(path, dataDir, 'lovelace')).map((person) => person.name)).toEqual(['Ada Lovelace']);
    expect((await listed(path, dataDir, 'binary')).map((person) => person.id)).toEqual([2]);

    const added = await runRoster(['people', 'add', path, 'Eve'], { dataDir });
    expectAnswered(added);
    const migrated = await runRoster(['migrate', path, '--json'], { dataDir });
    expectAnswered(migrated);
    const exported = await runRoster(['people', 'export', path, '--out', '-', '--format', 'json'], { dataDir });
    expectAnswered(exported);
    expect((JSON.parse(exported.stdout) as PersonDto[]).map((person) => person.name)).toEqual([...shown, 'Eve']);
    const found = await runRoster(['people', 'find', '--search', 'lovelace', '--json'], { dataDir });
    expectAnswered(found);
    expect(found.stdout).toContain('Ada Lovelace');

    // The single-person paths, which Prisma reads: it refuses a BLOB in a String column.
    const workspace = await openWorkspaceFile(path, openOptions(dir));
    try {
      const people = new PersonService({ workspace });
      expect(await people.get({ id: 2 })).toMatchObject({ id: 2, name: '[binary, 3 bytes: ff00fe]' });
      expect((await people.delete({ ids: [1, 2] })).map((person) => person.name)).toEqual(['Ada Lovelace', '[binary, 3 bytes: ff00fe]']);
      expect((await people.list(listQuery({ sort: 'created' }))).items.map((person) => person.name)).toEqual(['Carl', 'Dora', 'Eve']);
    } finally {
      await workspace.close();
    }
  });
});

describe('a search index whose FTS5 settings another program made unreadable', () => {
  it('is rebuilt on open with the repair said, and every command answers', async () => {
    const dir = makeTempDir('odd-fts');
    const dataDir = join(dir, 'data');
    const path = await workspaceWith(dir, dataDir, ['Ada Lovelace', 'Bob']);
    writeRaw(path, `INSERT OR REPLACE INTO "PersonSearch_config" (k, v) VALUES ('version', 999)`, true);
    // Negative control: FTS5 itself refuses the index now.
    expect(() => writeRaw(path, `SELECT * FROM "PersonSearch" WHERE "PersonSearch" MATCH '"ada"'`)).toThrow(/fts5/);

    const first = await runRoster(['people', 'list', path, '--search', 'lovelace', '--json'], { dataDir });
    expectAnswered(first);
    expect(first.stderr).toMatch(/search index PersonSearch \(its settings were unreadable; rebuilt/);
    expect(jsonOut<PersonDto[]>(first).map((person) => person.name)).toEqual(['Ada Lovelace']);
    for (const args of [
      ['people', 'add', path, 'Ada Byron'],
      ['migrate', path],
      ['people', 'export', path, '--out', '-', '--format', 'json'],
      ['people', 'find', '--search', 'ada'],
    ]) {
      expectAnswered(await runRoster(args, { dataDir }));
    }
    expect((await listed(path, dataDir, 'ada')).map((person) => person.name)).toEqual(['Ada Lovelace', 'Ada Byron']);
    // The settings are FTS5's own again, and FTS5 answers the query it refused above
    // (how many rows the index holds yet depends on how far the catch-up got).
    expect(queryFile(path, `SELECT v FROM "PersonSearch_config" WHERE k = 'version'`)).not.toEqual([{ v: 999 }]);
    expect(queryFile(path, `SELECT count(*) AS n FROM "PersonSearch" WHERE "PersonSearch" MATCH '"bob"'`)).toEqual([
      { n: expect.any(Number) as number },
    ]);
  });

  it('the background whole-file check passes the rest of the file and says the index is out of step', async () => {
    const dir = makeTempDir('odd-fts-check');
    const dataDir = join(dir, 'data');
    const path = await workspaceWith(dir, dataDir, ['Ada Lovelace']);
    writeRaw(path, `INSERT OR REPLACE INTO "PersonSearch_config" (k, v) VALUES ('version', 999)`, true);
    expect(await new InlineTaskRunner().run(integrityTask, { path, mode: 'read-only' })).toEqual({
      ok: true,
      searchInStep: false,
      countInStep: true,
    });
  });

  it('in a file of an older version too: rebuilt before the upgrade, which then runs', async () => {
    const dir = makeTempDir('odd-fts-old');
    const dataDir = join(dir, 'data');
    const path = join(dir, 'old.roster');
    const db = new Database(path);
    try {
      const all = repoMigrations().migrations;
      applyMigrations(db, all.slice(0, all.findIndex((migration) => migration.name === SEARCH_MIGRATION) + 1));
      db.prepare('INSERT INTO "Person" ("name") VALUES (?)').run('Ada Lovelace');
      db.unsafeMode(true);
      db.exec(`INSERT OR REPLACE INTO "PersonSearch_config" (k, v) VALUES ('version', 999)`);
    } finally {
      db.close();
    }
    const migrated = await runRoster(['migrate', path, '--json'], { dataDir });
    expectAnswered(migrated);
    const [result] = jsonOut<{ status: string; applied: string[]; repaired: string[] }[]>(migrated);
    expect(result?.status).toBe('migrated');
    expect(result?.applied).toEqual(migrationsAfter(SEARCH_MIGRATION));
    expect(result?.repaired).toEqual([expect.stringContaining('search index PersonSearch') as string]);
    expect((await listed(path, dataDir, 'lovelace')).map((person) => person.name)).toEqual(['Ada Lovelace']);
  });
});
