// A migration that fails halfway (after a statement that succeeded) leaves nothing
// behind: the open is refused with WORKSPACE_MIGRATION_FAILED, the file is put back
// byte for byte, and the backup taken before the attempt is kept.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { listBackups } from '../../../main/features/workspace/node/backups.js';
import { createWorkspaceFile, openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import {
  expectRosterError,
  makeCurrentFile,
  makeTempDir,
  makeV1File,
  migrationsWith,
  openOptions,
  queryFile,
  removeTempDirs,
  snapshot,
} from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

// Creates a table (succeeds), copies people into it (succeeds), then fails.
const HALF_FAILING_SQL = `-- CreateTable
CREATE TABLE "Tag" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "label" TEXT NOT NULL);
INSERT INTO "Tag" ("label") SELECT "name" FROM "Person";
UPDATE "Person" SET "name" = 'overwritten';
INSERT INTO "NoSuchTable" ("x") VALUES (1);
`;
const FAILING = '20991231000000_half_failing';

describe('a migration that fails', () => {
  it('on a file with data: WORKSPACE_MIGRATION_FAILED, file restored byte for byte, backup kept', async () => {
    const dir = makeTempDir('failing');
    const path = join(dir, 'data.roster');
    const names = ['Émile Ödön', 'Ada', '🦊'];
    makeCurrentFile(path, names, foldName);
    const before = snapshot(path);
    const options = openOptions(dir, migrationsWith({ [FAILING]: HALF_FAILING_SQL }));

    const error = await expectRosterError(openWorkspaceFile(path, options), 'WORKSPACE_MIGRATION_FAILED');
    expect(error.details?.['migration']).toBe(FAILING);

    expect(snapshot(path)).toEqual(before);
    const backups = listBackups(path, options.backupDir);
    expect(backups).toHaveLength(1);
    expect(error.details?.['backupPath']).toBe(backups[0]);
    expect(queryFile<{ name: string }>(backups[0] as string, 'SELECT name FROM "Person" ORDER BY id').map((r) => r.name)).toEqual(names);

    // The restored file opens normally with this build's (good) migrations.
    const workspace = await openWorkspaceFile(path, openOptions(dir));
    expect(workspace.db.prepare('SELECT name FROM "Person" ORDER BY id').pluck().all()).toEqual(names);
    expect(workspace.db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'Tag'`).pluck().get()).toEqual(0n);
    await workspace.close();
  });

  it('on a v1 file: both pending migrations are undone together', async () => {
    const dir = makeTempDir('failing');
    const path = join(dir, 'v1.roster');
    makeV1File(path, ['Zoë', 'Łukasz']);
    const before = snapshot(path);
    const options = openOptions(dir, migrationsWith({ [FAILING]: HALF_FAILING_SQL }));
    await expectRosterError(openWorkspaceFile(path, options), 'WORKSPACE_MIGRATION_FAILED');
    expect(snapshot(path)).toEqual(before);
    expect(queryFile<{ migration_name: string }>(path, 'SELECT migration_name FROM "_prisma_migrations"')).toEqual([
      { migration_name: '20261101000000_init' },
    ]);
    expect(listBackups(path, options.backupDir)).toHaveLength(1);
  });

  it('on a new workspace: creation fails and leaves no file behind', async () => {
    const dir = makeTempDir('failing');
    const path = join(dir, 'new.roster');
    const options = openOptions(dir, migrationsWith({ [FAILING]: 'CREATE TABLE "Ok" ("id" INTEGER);\nSELECT * FROM "Missing";\n' }));
    await expectRosterError(createWorkspaceFile(path, options), 'WORKSPACE_MIGRATION_FAILED');
    for (const suffix of ['', '-wal', '-shm', '-journal']) expect(existsSync(`${path}${suffix}`)).toBe(false);
  });

  it('on an existing 0-byte file: it is left a 0-byte file, with no side files', async () => {
    const dir = makeTempDir('failing');
    const path = join(dir, 'blank.roster');
    writeFileSync(path, '');
    const before = snapshot(path);
    const options = openOptions(dir, migrationsWith({ [FAILING]: HALF_FAILING_SQL.replace('FROM "Person"', 'FROM "Person" WHERE 0') }));
    await expectRosterError(openWorkspaceFile(path, options), 'WORKSPACE_MIGRATION_FAILED');
    expect(snapshot(path)).toEqual(before);
    expect(readFileSync(path)).toHaveLength(0);
    expect(existsSync(options.backupDir)).toBe(false);
  });

  it('a later migration failing after an earlier pending one succeeded: all of them are undone', async () => {
    // A migration whose SQL succeeds but leaves the table unusable for the next one.
    const dir = makeTempDir('failing');
    const path = join(dir, 'data.roster');
    makeCurrentFile(path, ['Ada'], foldName);
    const before = snapshot(path);
    const options = openOptions(
      dir,
      migrationsWith({
        '20991231000000_drop_people': 'DROP TABLE "Person";\n',
        '20991231000001_needs_people': 'INSERT INTO "Person" ("name", "nameKey", "updatedAt") VALUES (\'x\', \'x\', 0);\n',
      }),
    );
    const error = await expectRosterError(openWorkspaceFile(path, options), 'WORKSPACE_MIGRATION_FAILED');
    expect(error.details?.['migration']).toBe('20991231000001_needs_people');
    expect(snapshot(path)).toEqual(before);
  });
});
