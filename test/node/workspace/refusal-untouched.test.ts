// A refusal leaves the file byte for byte as it was, and creates nothing beside it, also
// for a file in a rollback-journal mode (as other tools make them): Roster switches a
// file to WAL, which rewrites its header, only once it has accepted it. Before, a
// half-upgraded file with no backup was refused with WORKSPACE_MIGRATION_FAILED after its
// header had been switched to WAL.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../main/kernel/common/errors.js';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import type { MigrationSet } from '../../../main/features/workspace/node/migrations/migration-set.js';
import { halfUpgrade } from '../../support/upgrade-fixtures.js';
import {
  corruptPageInMiddle,
  execOnFile,
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

const PEOPLE = ['Ada Lovelace', 'Émile Ödön', '🦊 Fox'];

/** The file in a plain rollback journal, as sqlite3, SQLAlchemy or a copy by another tool leave it. */
function toRollbackJournal(path: string): void {
  const db = new Database(path);
  try {
    expect(db.pragma('journal_mode = DELETE', { simple: true })).toBe('delete');
  } finally {
    db.close();
  }
}

function siblings(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name !== 'backups')
    .sort();
}

/** Opens `path` expecting `code`; the file's bytes are the same and nothing new lies beside it. */
async function expectUntouched(path: string, dir: string, code: ErrorCode, migrations?: MigrationSet): Promise<void> {
  const before = snapshot(path);
  expect(before).toMatchObject({ wal: false, shm: false, journal: false });
  const beside = siblings(dir);
  await expectRosterError(openWorkspaceFile(path, openOptions(dir, migrations)), code);
  expect(snapshot(path), 'the refused file must keep its bytes').toEqual(before);
  expect(siblings(dir)).toEqual(beside);
}

describe('a refused file in a rollback journal keeps its bytes and its journal mode', () => {
  it('WORKSPACE_MIGRATION_FAILED: half-upgraded, with no backup to restore', async () => {
    const dir = makeTempDir('untouched');
    const path = join(dir, 'half.roster');
    makeV1File(path, PEOPLE);
    halfUpgrade(path);
    toRollbackJournal(path);
    await expectUntouched(path, dir, 'WORKSPACE_MIGRATION_FAILED');
    expect(queryFile(path, 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'delete' }]);
  });

  it('WORKSPACE_MIGRATION_FAILED: a migration of this build fails on it (rolled back)', async () => {
    const dir = makeTempDir('untouched');
    const path = join(dir, 'current.roster');
    makeCurrentFile(path, [...PEOPLE, 'Ada Lovelace'], foldName);
    toRollbackJournal(path);
    // Runs on an empty database (the reference schema), fails on this file's two Adas.
    const failing = migrationsWith({
      '20991231000000_unique_names':
        'CREATE TABLE "Note" ("id" INTEGER PRIMARY KEY);\nCREATE UNIQUE INDEX "Person_name_unique" ON "Person"("name");\n',
    });
    await expectUntouched(path, dir, 'WORKSPACE_MIGRATION_FAILED', failing);
  });

  it('WORKSPACE_TOO_NEW, WORKSPACE_FOREIGN and WORKSPACE_CORRUPT', async () => {
    const dir = makeTempDir('untouched');
    const newer = join(dir, 'newer.roster');
    makeCurrentFile(newer, PEOPLE, foldName);
    execOnFile(
      newer,
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES ('c0ffee00-0000-4000-8000-00000000000a', '${'a'.repeat(64)}', '2099-01-01T00:00:01.000+00:00',
               '20990101000000_from_the_future', '2099-01-01T00:00:00.000+00:00', 1)`,
    );
    toRollbackJournal(newer);
    await expectUntouched(newer, dir, 'WORKSPACE_TOO_NEW');

    const foreign = join(dir, 'foreign.db');
    execOnFile(foreign, 'CREATE TABLE "orders" ("id" INTEGER PRIMARY KEY, "total" REAL); INSERT INTO "orders" VALUES (1, 9.5);');
    await expectUntouched(foreign, dir, 'WORKSPACE_FOREIGN');

    const damaged = join(dir, 'damaged.roster');
    makeCurrentFile(
      damaged,
      Array.from({ length: 3000 }, (_, i) => `Person number ${i} with a long enough name`),
      foldName,
    );
    toRollbackJournal(damaged);
    corruptPageInMiddle(damaged);
    await expectUntouched(damaged, dir, 'WORKSPACE_CORRUPT');
  });
});
