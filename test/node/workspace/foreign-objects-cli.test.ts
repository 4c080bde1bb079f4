// The CLI side of foreign triggers (main/features/workspace/node/foreign-objects.ts):
// `people add` on a file holding a trigger another program added exits 3 with
// WORKSPACE_UNTRUSTED and leaves the file byte for byte as it was, while reads go on
// with a note naming the trigger; `roster workspace trust` lets it run until another
// program changes the file; `roster workspace remove-foreign` drops it and prints its SQL.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { jsonOut, runRoster } from '../../support/cli.js';
import { heavyTestFile } from '../../support/loaded-machine.js';
import { execOnFile, makeCurrentFile, makeTempDir, removeTempDirs, snapshot } from '../../support/workspace-fixtures.js';

// Every test runs `roster` several times: see test/support/loaded-machine.ts.
heavyTestFile();

afterAll(removeTempDirs);

const ENDLESS = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';
const LOGGER = `
  CREATE TABLE "PersonLog" ("name" TEXT);
  CREATE TRIGGER "person_log_ai" AFTER INSERT ON "Person" BEGIN INSERT INTO "PersonLog" VALUES (NEW."name"); END;`;

function fileWith(label: string, sql: string): { path: string; data: { dataDir: string } } {
  const dir = makeTempDir(label);
  const path = join(dir, 'team.roster');
  makeCurrentFile(path, ['Ada Lovelace'], foldName);
  execOnFile(path, sql);
  return { path, data: { dataDir: join(dir, 'data') } };
}

/** Reads a closed file and leaves nothing beside it (a read-only connection would leave its -wal). */
function rows(path: string, sql: string): unknown[] {
  const db = new Database(path);
  try {
    return db.prepare(sql).pluck().all();
  } finally {
    db.close();
  }
}

describe('roster and a file with a foreign trigger', () => {
  it.each([
    ['an endless CTE after a key is drained', `CREATE TRIGGER "drain_hang" AFTER DELETE ON "PersonKeyQueue" BEGIN ${ENDLESS}; END`],
    ['an endless CTE after an insert', `CREATE TRIGGER "add_hang" AFTER INSERT ON "Person" BEGIN ${ENDLESS}; END`],
    ['readfile', `CREATE TRIGGER "reader" BEFORE INSERT ON "Person" BEGIN SELECT readfile('/etc/passwd'); END`],
  ])('%s: `people add` exits 3 with WORKSPACE_UNTRUSTED, the file unchanged; `people list` works with a note', async (_label, sql) => {
    const { path, data } = fileWith('foreign-cli', sql);
    const name = /TRIGGER "([^"]+)"/.exec(sql)?.[1] as string;
    const before = snapshot(path);
    const add = await runRoster(['people', 'add', path, 'Grace Hopper'], data);
    expect(add.code).toBe(3);
    expect(add.stderr).toMatch(/^WORKSPACE_UNTRUSTED /m);
    expect(add.stderr).toContain(`"${name}"`);
    expect(add.stderr).toContain('roster workspace trust');
    expect(snapshot(path)).toEqual(before);

    const list = await runRoster(['people', 'list', path], data);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('Ada Lovelace');
    expect(list.stderr).toMatch(new RegExp(`^note: .*read-only.*"${name}"`, 'm'));
    expect(snapshot(path)).toEqual(before);
  });

  it('trust: the trigger runs on `people add`; once another program changes the file, Roster asks again', async () => {
    const { path, data } = fileWith('foreign-cli-trust', LOGGER);
    const trust = await runRoster(['workspace', 'trust', path, '--json'], data);
    expect(jsonOut<{ triggers: { name: string; table: string }[] }>(trust).triggers).toEqual([
      expect.objectContaining({ name: 'person_log_ai', table: 'Person' }),
    ]);
    expect((await runRoster(['people', 'add', path, 'Grace Hopper'], data)).code).toBe(0);
    expect((await runRoster(['people', 'add', path, 'Mary Somerville'], data)).code).toBe(0);
    expect(rows(path, 'SELECT "name" FROM "PersonLog" ORDER BY rowid')).toEqual(['Grace Hopper', 'Mary Somerville']);

    execOnFile(path, `INSERT INTO "Person" ("name") VALUES ('Written elsewhere')`);
    const before = snapshot(path);
    const again = await runRoster(['people', 'add', path, 'Refused'], data);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/^WORKSPACE_UNTRUSTED /m);
    expect(snapshot(path)).toEqual(before);
  });

  it('remove-foreign: drops the trigger, prints its SQL, and `people add` works', async () => {
    const { path, data } = fileWith('foreign-cli-remove', LOGGER);
    const removed = await runRoster(['workspace', 'remove-foreign', path], data);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/^CREATE TRIGGER "person_log_ai" AFTER INSERT ON "Person"/);
    expect(removed.stderr).toContain('Removed 1 trigger');
    expect(rows(path, `SELECT name FROM sqlite_master WHERE name = 'person_log_ai'`)).toEqual([]);
    expect((await runRoster(['people', 'add', path, 'Grace Hopper'], data)).code).toBe(0);
    expect(rows(path, 'SELECT count(*) FROM "PersonLog"')).toEqual([0]);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('copy, move and merge refuse an untrusted file at either end, leaving both files as they were', async () => {
    const { path: hostile, data } = fileWith(
      'foreign-cli-transfer',
      `CREATE TRIGGER "add_hang" AFTER INSERT ON "Person" BEGIN ${ENDLESS}; END`,
    );
    const plain = join(data.dataDir, '..', 'plain.roster');
    makeCurrentFile(plain, ['Grace Hopper'], foldName);
    const before = [snapshot(hostile), snapshot(plain)];
    for (const args of [
      ['people', 'copy', plain, '--all', '--into', hostile],
      ['people', 'move', hostile, '--all', '--into', plain],
      ['workspace', 'merge', hostile, '--into', plain],
    ]) {
      const result = await runRoster(args, data);
      expect(result.code, args.join(' ')).toBe(3);
      expect(result.stderr).toMatch(/^WORKSPACE_UNTRUSTED /m);
      expect([snapshot(hostile), snapshot(plain)]).toEqual(before);
    }
  });

  it('nothing to trust or remove in a file without foreign triggers', async () => {
    const { path, data } = fileWith('foreign-cli-none', 'CREATE VIEW "People" AS SELECT "name" FROM "Person";');
    const before = snapshot(path);
    const trust = await runRoster(['workspace', 'trust', path], data);
    expect(trust.code).toBe(0);
    expect(trust.stderr).toContain('nothing to trust');
    expect(jsonOut<{ triggers: unknown[] }>(await runRoster(['workspace', 'remove-foreign', path, '--json'], data)).triggers).toEqual([]);
    expect(snapshot(path).sha256).toBe(before.sha256);
    expect((await runRoster(['people', 'add', path, 'Grace Hopper'], data)).code).toBe(0);
  });
});
