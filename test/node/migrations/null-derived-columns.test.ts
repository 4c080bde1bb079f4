// The migration that lets other tools send explicit NULLs for the columns Roster derives
// (prisma/migrations/20261207000000_person_null_derived_columns): a file of the version
// before it upgrades with every row, id counter, index and trigger kept, and from then on
// a NULL nameKey, createdAt or updatedAt becomes the default, the row is folded and found,
// and its times stay in order.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { applyMigrations } from '../../../main/features/workspace/node/migrations/migrator.js';
import { checkSchema, isIntact } from '../../../main/features/workspace/node/schema-check.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { applyWorkspacePragmas } from '../../../main/kernel/node/sqlite/pragmas.js';
import { listQuery } from '../../support/people-fixtures.js';
import {
  makeTempDir,
  NULL_DERIVED_MIGRATION,
  openOptions,
  queryFile,
  removeTempDirs,
  repoMigrations,
  TRANSFER_MIGRATION,
} from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;

/** Every migration up to and including `last`: a file as the build that shipped `last` left it. */
function migrationsThrough(last: string) {
  const all = repoMigrations().migrations;
  return all.slice(0, all.findIndex((migration) => migration.name === last) + 1);
}

interface Row {
  id: number;
  name: string;
  nameKey: string;
  createdAt: string;
  updatedAt: string;
}

function rows(path: string): Row[] {
  return queryFile<Row>(path, 'SELECT "id", "name", "nameKey", "createdAt", "updatedAt" FROM "Person" ORDER BY "id"');
}

/** A file of the version before the migration: people added by a tool, the last one deleted (its id must not come back). */
function makeTransferVersionFile(path: string): void {
  const db = new Database(path);
  try {
    applyWorkspacePragmas(db);
    applyMigrations(db, migrationsThrough(TRANSFER_MIGRATION));
    const insert = db.prepare('INSERT INTO "Person" ("name") VALUES (?)');
    for (const name of ['Ada Lovelace', 'Søren Kierkegaard', 'Grace Hopper', 'Deleted Later']) insert.run(name);
    db.prepare(`DELETE FROM "Person" WHERE "name" = 'Deleted Later'`).run();
  } finally {
    db.close();
  }
}

describe('explicit NULLs in nameKey, createdAt and updatedAt', () => {
  it('negative control: the version before the migration refuses them', () => {
    const path = join(makeTempDir('null-derived'), 'before.roster');
    makeTransferVersionFile(path);
    const db = new Database(path);
    try {
      expect(() =>
        db.prepare('INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)').run('X', null, null, null),
      ).toThrow(/NOT NULL constraint failed: Person\.nameKey/);
    } finally {
      db.close();
    }
  });

  it('an older file upgrades keeping every row, the id counter, every index and trigger; then NULLs are accepted', async () => {
    const dir = makeTempDir('null-derived');
    const path = join(dir, 'old.roster');
    makeTransferVersionFile(path);
    const before = rows(path);
    expect(before).toHaveLength(3);
    const workspace = await openWorkspaceFile(path, openOptions(dir));
    try {
      expect(workspace.applied).toContain(NULL_DERIVED_MIGRATION);
      expect(workspace.repaired).toEqual([]);
      // The rows as they were (keys are refolded on open: the tool's rows had provisional ones).
      const after = workspace.db
        .prepare('SELECT "id", "name", "createdAt", "updatedAt" FROM "Person" ORDER BY "id"')
        .safeIntegers(false)
        .all();
      expect(after).toEqual(before.map(({ id, name, createdAt, updatedAt }) => ({ id, name, createdAt, updatedAt })));
      expect(checkSchema(workspace.db, repoMigrations())).toMatchObject({ recreate: [], rebuildSearch: false });
      expect(isIntact(checkSchema(workspace.db, repoMigrations()))).toBe(true);

      // A tool's insert with every derived column NULL, as SQLAlchemy binds None.
      workspace.db
        .prepare('INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)')
        .run('Zoë Nullmann', null, null, null);
      const added = workspace.db.prepare(`SELECT * FROM "Person" WHERE "name" = 'Zoë Nullmann'`).safeIntegers(false).get() as Row;
      // The id of the deleted person is not reused: AUTOINCREMENT's counter survived the rebuild.
      expect(added.id).toBe(5);
      expect(added.createdAt).toMatch(CANONICAL);
      expect(added.updatedAt).toMatch(CANONICAL);
    } finally {
      await workspace.close();
    }
    // Reopened, the key is folded and search finds the row.
    const reopened = await openWorkspaceFile(path, openOptions(dir));
    try {
      expect(reopened.db.prepare(`SELECT "nameKey" FROM "Person" WHERE "id" = 5`).pluck().get()).toBe(foldName('Zoë Nullmann'));
      const people = new PersonService({ workspace: reopened });
      expect((await people.list(listQuery({ search: 'zoe null' }))).items.map((p) => p.name)).toEqual(['Zoë Nullmann']);
      expect((await people.list(listQuery({ search: 'soren' }))).items.map((p) => p.name)).toEqual(['Søren Kierkegaard']);
    } finally {
      await reopened.close();
    }
  });

  it('times stay in order: a NULL filled with the current time never leaves createdAt after updatedAt', () => {
    const path = join(makeTempDir('null-derived'), 'times.roster');
    const db = new Database(path);
    try {
      applyMigrations(db, repoMigrations().migrations);
      const insert = db.prepare('INSERT INTO "Person" ("name", "createdAt", "updatedAt") VALUES (?, ?, ?)');
      insert.run('Old update', null, '2001-01-01T00:00:00.000+00:00');
      insert.run('Given both, reversed', '2030-01-01T00:00:00.000+00:00', '2020-01-01 00:00:00');
      insert.run('Given both, in order', '2020-01-01T00:00:00.000+00:00', '2021-01-01T00:00:00.000+00:00');
      db.prepare('INSERT OR REPLACE INTO "Person" ("id", "name", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)').run(
        1,
        'Replaced',
        null,
        null,
      );
      db.prepare(`UPDATE "Person" SET "createdAt" = NULL WHERE "id" = 3`).run();
      db.prepare(`UPDATE "Person" SET "nameKey" = NULL WHERE "id" = 2`).run();
      const stored = db.prepare('SELECT * FROM "Person" ORDER BY "id"').all() as Row[];
      expect(stored.map((row) => row.name)).toEqual(['Replaced', 'Given both, reversed', 'Given both, in order']);
      for (const row of stored) {
        expect(row.createdAt).toMatch(CANONICAL);
        expect(row.updatedAt).toMatch(CANONICAL);
        expect(row.createdAt <= row.updatedAt, `${row.name}: ${row.createdAt} <= ${row.updatedAt}`).toBe(true);
      }
      expect(stored[1]).toMatchObject({
        nameKey: '',
        createdAt: '2030-01-01T00:00:00.000+00:00',
        updatedAt: '2030-01-01T00:00:00.000+00:00',
      });
      // The NULLed key is queued for Roster to fold again.
      expect(db.prepare('SELECT count(*) FROM "PersonKeyQueue" WHERE "personId" = 2').pluck().get()).toBe(1);
      // A name is still required: NULL there is refused, not replaced.
      expect(() => insert.run(null, null, null)).toThrow(/NOT NULL constraint failed: Person\.name/);
    } finally {
      db.close();
    }
  });
});
