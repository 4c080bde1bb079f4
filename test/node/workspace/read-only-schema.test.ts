// A file Roster may not write gets the same schema check as any other. What
// a writable open refuses is refused read-only too (WORKSPACE_SCHEMA_CHANGED, nothing
// touched). What a writable open would repair cannot be repaired without writing, so
// the file opens read-only without the repair, says so once, and reads go around the
// damage: lists page every row, search finds rows whose keys were never folded, export
// works, and `roster migrate` says it cannot repair. Run as the user `nobody`, for whom
// the file really is read-only (tests run as root).

import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import type { PersonDto } from '../../../main/features/people/common/people-contract.js';
import { runRosterAsNobody } from '../../support/cli.js';
import { removeStagedCli } from '../../support/other-user.js';
import { makeCurrentFile, makeTempDir, removeTempDirs, sha256OfFile } from '../../support/workspace-fixtures.js';

afterAll(() => {
  removeTempDirs();
  removeStagedCli();
});

/** A workspace in a folder only root may write, itself readable by all: read-only for nobody. */
function readOnlyFile(label: string, damage: string): { dir: string; path: string; data: string } {
  const dir = makeTempDir(label);
  chmodSync(dir, 0o755);
  const path = join(dir, 'theirs.roster');
  makeCurrentFile(path, ['Ada Lovelace'], foldName);
  execFileSync('sqlite3', [path, damage]);
  chmodSync(path, 0o644);
  const data = makeTempDir(`${label}-data`);
  chmodSync(data, 0o777);
  return { dir, path, data };
}

function listed(result: { code: number | null; stdout: string; stderr: string }): PersonDto[] {
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as PersonDto[];
}

describe('a read-only file with damage Roster would repair', () => {
  it(
    'opens read-only and says so; lists page every row both ways, ' +
      'search finds unfolded rows, export works; migrate refuses; the file is untouched',
    () => {
      // Another program dropped an index and the insert trigger, then wrote rows the
      // trigger never saw: no keys, times in SQLite's and epoch forms.
      const { dir, path, data } = readOnlyFile(
        'ro-repairable',
        `DROP INDEX "Person_nameKey_id_idx"; DROP TRIGGER "Person_after_insert";
       INSERT INTO Person(name) VALUES ('Émile Zola');
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)
         INSERT INTO Person(name, createdAt) SELECT 'Bulk ' || i,
           CASE i % 3 WHEN 0 THEN 1700000000 + i WHEN 1 THEN '2026-11-24 09:27:04' ELSE '2026-11-24T10:00:00.000+00:00' END FROM n;`,
      );
      const before = sha256OfFile(path);
      const run = (args: string[]) => runRosterAsNobody([...args.slice(0, 2), '--workspace', path, ...args.slice(2)], data);

      const all = run(['people', 'list', '--json']);
      expect(listed(all)).toHaveLength(1202);
      expect(JSON.parse(all.stderr).note.message).toMatch(
        new RegExp(
          '^workspace .*theirs\\.roster: read-only here, so what another program changed was not repaired ' +
            '\\(.*Person_nameKey_id_idx.*\\); lists and search work without it$',
        ),
      );

      for (const order of [[], ['--desc'], ['--sort', 'created'], ['--sort', 'created', '--desc']]) {
        const people = listed(run(['people', 'list', '--json', ...order]));
        expect(new Set(people.map((person) => person.id)).size, order.join(' ')).toBe(1202);
      }
      // Its key was never folded (the trigger was gone): found by folding names as they are read.
      expect(listed(run(['people', 'list', '--search', 'emile', '--json'])).map((person) => person.name)).toEqual(['Émile Zola']);
      expect(listed(run(['people', 'list', '--search', 'BULK 1', '--json']))).toHaveLength(1 + 10 + 100 + 201);
      expect(listed(run(['people', 'list', '--search', 'ada', '--json'])).map((person) => person.name)).toEqual(['Ada Lovelace']);

      const out = join(data, 'people.json');
      const exported = run(['people', 'export', '--format', 'json', '--out', out]);
      expect(exported.code, exported.stderr).toBe(0);
      expect((JSON.parse(readFileSync(out, 'utf8')) as PersonDto[]).length).toBe(1202);

      const added = run(['people', 'add', 'Grace Hopper']);
      expect(added.code).toBe(3);
      expect(added.stderr).toMatch(/^WORKSPACE_READ_ONLY .*cannot repair what another program changed/m);

      const migrated = runRosterAsNobody(['migrate', path, '--json'], data);
      expect(migrated.code).toBe(3);
      expect(JSON.parse(migrated.stdout)).toMatchObject([{ path, status: 'failed', error: { code: 'WORKSPACE_READ_ONLY' } }]);

      expect(sha256OfFile(path)).toBe(before);
      expect(readdirSync(dir)).toEqual(['theirs.roster']);
    },
  );
});

describe('a read-only file with damage Roster refuses', () => {
  it.each([
    [
      'a dropped column',
      `PRAGMA foreign_keys = OFF; BEGIN;
       CREATE TABLE "new_Person" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL,
         "nameKey" TEXT NOT NULL DEFAULT '', "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP);
       INSERT INTO "new_Person" SELECT "id", "name", "nameKey", "createdAt" FROM "Person";
       DROP TABLE "Person"; ALTER TABLE "new_Person" RENAME TO "Person"; COMMIT;`,
    ],
    [
      'an unknown trigger that writes to Person',
      `CREATE TRIGGER "t" AFTER INSERT ON "Person" BEGIN UPDATE /* x */ Person SET name = 'hijacked' WHERE id = NEW.id; END;`,
    ],
  ])('%s: WORKSPACE_SCHEMA_CHANGED (exit 3), as for a writable file, and the file untouched', (_label, damage) => {
    const { dir, path, data } = readOnlyFile('ro-refused', damage);
    const before = sha256OfFile(path);
    for (const args of [
      ['people', 'list', '--workspace', path, '--json'],
      ['people', 'export', '--workspace', path, '--format', 'csv'],
      ['migrate', path],
    ]) {
      const result = runRosterAsNobody(args, data);
      expect(result.code, args.join(' ')).toBe(3);
      expect(result.stderr).toMatch(/^WORKSPACE_SCHEMA_CHANGED |^\{"error":\{"code":"WORKSPACE_SCHEMA_CHANGED"/m);
      expect(result.stderr).not.toMatch(/SQLITE|no such column/);
    }
    expect(sha256OfFile(path)).toBe(before);
    expect(readdirSync(dir)).toEqual(['theirs.roster']);
  });
});
