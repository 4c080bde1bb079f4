// Roster's migrator on its own: what it decides about a file's history, how it
// records each migration, and why an upgrade is one transaction begun with foreign
// keys already off.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { readHistory } from '../../../main/features/workspace/node/migrations/migration-history.js';
import {
  applyMigrations,
  inspectSchema,
  migrateLocked,
  MigrationFailure,
} from '../../../main/features/workspace/node/migrations/migrator.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import {
  execOnFile,
  firstMigrations,
  makeCurrentFile,
  makeTempDir,
  makeV1File,
  migrationsWith,
  openOptions,
  queryFile,
  removeTempDirs,
  repoMigrations,
  V1_MIGRATION,
} from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

function withDb<T>(path: string, task: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return task(db);
  } finally {
    db.close();
  }
}

describe('inspectSchema', () => {
  it('empty, behind, current', () => {
    const dir = makeTempDir('migrator');
    const empty = join(dir, 'empty.db');
    const v1 = join(dir, 'v1.db');
    const current = join(dir, 'current.db');
    makeV1File(v1, ['Ada']);
    makeCurrentFile(current, ['Ada'], foldName);
    const set = repoMigrations();
    expect(withDb(empty, (db) => inspectSchema(db, set))).toEqual({ kind: 'empty', pending: set.migrations });
    expect(withDb(v1, (db) => inspectSchema(db, set))).toEqual({ kind: 'behind', pending: set.migrations.slice(1) });
    expect(withDb(current, (db) => inspectSchema(db, set))).toEqual({ kind: 'current', pending: [] });
    // An older build (first migration only) sees the current file as too new.
    expect(() => withDb(current, (db) => inspectSchema(db, firstMigrations(1)))).toThrowError(
      expect.objectContaining({ code: 'WORKSPACE_TOO_NEW' }),
    );
  });

  it('a history with a gap (later migration applied, earlier missing) is refused', () => {
    const dir = makeTempDir('migrator');
    const path = join(dir, 'gap.db');
    makeCurrentFile(path, [], foldName);
    execOnFile(path, `DELETE FROM "_prisma_migrations" WHERE migration_name = '${V1_MIGRATION}'`);
    expect(() => withDb(path, (db) => inspectSchema(db, repoMigrations()))).toThrowError(
      expect.objectContaining({ code: 'WORKSPACE_FOREIGN' }),
    );
  });
});

describe('applyMigrations', () => {
  it('applies in folder-name order, one finished row each', () => {
    const dir = makeTempDir('migrator');
    const set = migrationsWith({
      '20991231000002_second': 'CREATE TABLE "B" ("id" INTEGER);\n',
      '20991231000001_first': 'CREATE TABLE "A" ("id" INTEGER);\n',
    });
    const path = join(dir, 'ordered.db');
    const applied: string[] = [];
    withDb(path, (db) => applyMigrations(db, set.migrations, (m) => applied.push(m.name)));
    const expected = [...repoMigrations().migrations.map((m) => m.name), '20991231000001_first', '20991231000002_second'];
    expect(applied).toEqual(expected);
    const rows = withDb(path, (db) => readHistory(db));
    expect(rows.map((row) => row.migrationName)).toEqual(expected);
    expect(rows.every((row) => row.finishedAt !== null && row.logs === null)).toBe(true);
  });

  it('a failing script rolls the whole upgrade back: no history row, no half-applied statement', () => {
    const dir = makeTempDir('migrator');
    const path = join(dir, 'broken.db');
    makeCurrentFile(path, ['Ada'], foldName);
    const before = withDb(path, (db) => db.prepare('SELECT name, type FROM sqlite_master ORDER BY name').all());
    const set = migrationsWith({
      '20991231000001_broken':
        'CREATE TABLE "Ok" ("id" INTEGER);\nUPDATE "Person" SET "name" = \'gone\';\nINSERT INTO "Nope" VALUES (1);\n',
    });
    const error = withDb(path, (db) => {
      try {
        applyMigrations(db, set.migrations.slice(-1));
      } catch (caught) {
        return caught;
      }
      return undefined;
    });
    expect(error).toBeInstanceOf(MigrationFailure);
    expect((error as MigrationFailure).migration).toBe('20991231000001_broken');
    expect((error as MigrationFailure).message).toMatch(/no such table: Nope/);
    expect(queryFile(path, `SELECT count(*) AS n FROM "_prisma_migrations" WHERE migration_name = '20991231000001_broken'`)).toEqual([
      { n: 0 },
    ]);
    expect(queryFile(path, 'SELECT name FROM "Person"')).toEqual([{ name: 'Ada' }]);
    expect(withDb(path, (db) => db.prepare('SELECT name, type FROM sqlite_master ORDER BY name').all())).toEqual(before);
    // The file is simply still at the older version: not refused.
    expect(withDb(path, (db) => inspectSchema(db, set)).kind).toBe('behind');
  });
});

describe('applyMigrations: table rebuilds and the lock', () => {
  it(
    'a table rebuild runs inside the transaction with foreign keys off (set before BEGIN), ' + 'so ON DELETE CASCADE does not fire',
    async () => {
      // A parent/child pair with ON DELETE CASCADE, then a Prisma-style rebuild of the
      // parent. Foreign keys must be off for DROP TABLE "Parent" not to delete every
      // child; inside a transaction SQLite ignores the script's own PRAGMA, so the
      // migrator turns them off before BEGIN.
      const dir = makeTempDir('migrator');
      const set = migrationsWith({
        '20991231000001_parent_child': `CREATE TABLE "Parent" ("id" INTEGER NOT NULL PRIMARY KEY, "label" TEXT NOT NULL);
CREATE TABLE "Child" ("id" INTEGER NOT NULL PRIMARY KEY, "parentId" INTEGER NOT NULL,
  CONSTRAINT "Child_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Parent" ("id") ON DELETE CASCADE ON UPDATE CASCADE);
INSERT INTO "Parent" VALUES (1, 'one'), (2, 'two');
INSERT INTO "Child" VALUES (10, 1), (11, 1), (20, 2);
`,
        '20991231000002_rebuild_parent': `-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Parent" ("id" INTEGER NOT NULL PRIMARY KEY, "label" TEXT NOT NULL, "extra" TEXT);
INSERT INTO "new_Parent" ("id", "label") SELECT "id", "label" FROM "Parent";
DROP TABLE "Parent";
ALTER TABLE "new_Parent" RENAME TO "Parent";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`,
      });
      const path = join(dir, 'fk.roster');
      execOnFile(path, '');
      const workspace = await openWorkspaceFile(path, openOptions(dir, set));
      try {
        expect(Number(workspace.db.pragma('foreign_keys', { simple: true }))).toBe(1);
        expect(workspace.db.prepare('SELECT id FROM "Child" ORDER BY id').pluck().all().map(Number)).toEqual([10, 11, 20]);
        expect(workspace.db.pragma('foreign_key_check')).toEqual([]);
      } finally {
        await workspace.close();
      }

      // Negative control: the same scripts in a transaction begun with foreign keys on lose the children.
      const wrapped = join(dir, 'wrapped.db');
      withDb(wrapped, (db) => {
        db.pragma('foreign_keys = ON');
        db.exec('BEGIN');
        for (const migration of set.migrations) db.exec(migration.sql);
        db.exec('COMMIT');
        expect(db.prepare('SELECT count(*) FROM "Child"').pluck().get()).toBe(0);
      });
    },
  );

  it('migrateLocked reads the history again inside the lock: a file another connection upgraded meanwhile is left alone', async () => {
    const dir = makeTempDir('migrator');
    const path = join(dir, 'raced.roster');
    makeV1File(path, ['Ada']);
    const set = repoMigrations();
    const first = new Database(path);
    const second = new Database(path);
    try {
      // The first connection saw the file behind before the second upgraded it.
      expect(inspectSchema(first, set).kind).toBe('behind');
      expect(await migrateLocked(second, set)).toEqual(set.migrations.slice(1).map((m) => m.name));
      expect(await migrateLocked(first, set)).toEqual([]);
    } finally {
      first.close();
      second.close();
    }
    const names = queryFile<{ migration_name: string }>(path, 'SELECT migration_name FROM "_prisma_migrations"').map(
      (row) => row.migration_name,
    );
    expect(names).toEqual(set.migrations.map((m) => m.name));
  });
});
