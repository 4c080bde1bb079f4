// Every file Roster refuses to open is refused with its own error code and a message
// a person understands, and is left exactly as it was: same bytes, no -wal, -shm or
// -journal file created next to it.

import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../main/kernel/common/errors.js';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { HISTORY_TABLE_DDL } from '../../../main/features/workspace/node/migrations/migration-history.js';
import { WorkspaceConnections } from '../../../main/features/workspace/node/workspace-connections.js';
import { createWorkspaceFile, isHeldInProcess, openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import {
  corruptPageInMiddle,
  execOnFile,
  expectRosterError,
  makeCurrentFile,
  makeTempDir,
  makeV1File,
  NAME_KEY_MIGRATION,
  openOptions,
  removeTempDirs,
  snapshot,
  V1_MIGRATION,
  migrationsAfter,
} from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

const PEOPLE = ['Émile Ödön', 'Ada Lovelace', '🦊 Fox'];
const MANY = Array.from({ length: 4000 }, (_, i) => `Person number ${i} with a reasonably long name to fill pages`);

/** Opens `path` expecting `code`; asserts the file is untouched. */
async function expectRefused(path: string, code: ErrorCode, dir: string): Promise<void> {
  const before = snapshot(path);
  expect(before).toMatchObject({ wal: false, shm: false, journal: false });
  await expectRosterError(openWorkspaceFile(path, openOptions(dir)), code);
  expect(snapshot(path), 'the refused file must not change').toEqual(before);
  expect(isHeldInProcess(path)).toBe(false);
  // No backup either: nothing was about to be migrated.
  expect(existsSync(openOptions(dir).backupDir) ? readdirSync(openOptions(dir).backupDir) : []).toEqual([]);

  // Through the connection manager: same refusal, nothing left open.
  const connections = new WorkspaceConnections(openOptions(dir));
  await expectRosterError(connections.acquire(path), code);
  expect(connections.openPaths()).toEqual([]);
  await connections.closeAll();
  expect(snapshot(path)).toEqual(before);
}

describe('refusals leave the file byte-for-byte unchanged', () => {
  it('WORKSPACE_TOO_NEW: the history names a finished migration this build does not know', async () => {
    const dir = makeTempDir('refuse');
    const path = join(dir, 'newer.roster');
    makeCurrentFile(path, PEOPLE, foldName);
    execOnFile(
      path,
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES ('c0ffee00-0000-4000-8000-000000000001', '${'a'.repeat(64)}', '2099-01-01T00:00:01.000+00:00',
               '20990101000000_from_the_future', '2099-01-01T00:00:00.000+00:00', 1)`,
    );
    await expectRefused(path, 'WORKSPACE_TOO_NEW', dir);
    const error = await expectRosterError(openWorkspaceFile(path, openOptions(dir)), 'WORKSPACE_TOO_NEW');
    expect(error.message).toMatch(/newer version of Roster/);
    expect(error.details?.['unknownMigrations']).toEqual(['20990101000000_from_the_future']);
  });

  it('WORKSPACE_MIGRATION_FAILED: a row with finished_at and rolled_back_at both empty', async () => {
    const dir = makeTempDir('refuse');
    const path = join(dir, 'failed-before.roster');
    makeV1File(path, PEOPLE);
    // What `prisma migrate deploy` leaves when the second migration failed: an unfinished row with logs.
    execOnFile(
      path,
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
       VALUES ('c0ffee00-0000-4000-8000-000000000002', '${'b'.repeat(64)}', NULL, '${NAME_KEY_MIGRATION}',
               'Error: disk I/O error', '2026-11-23T10:00:00.000+00:00', 0)`,
    );
    await expectRefused(path, 'WORKSPACE_MIGRATION_FAILED', dir);
  });

  it('a failed row that was marked rolled back (prisma migrate resolve) does not block opening', async () => {
    const dir = makeTempDir('refuse');
    const path = join(dir, 'resolved.roster');
    makeV1File(path, PEOPLE);
    execOnFile(
      path,
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ('c0ffee00-0000-4000-8000-000000000003', '${'b'.repeat(64)}', NULL, '${NAME_KEY_MIGRATION}',
               'Error: disk I/O error', '2026-11-23T10:05:00.000+00:00', '2026-11-23T10:00:00.000+00:00', 0)`,
    );
    const workspace = await openWorkspaceFile(path, openOptions(dir));
    expect(workspace.applied).toEqual(migrationsAfter(V1_MIGRATION));
    await workspace.close();
  });
});

describe('refusals leave the file byte-for-byte unchanged: corrupt and foreign files', () => {
  describe('WORKSPACE_CORRUPT', () => {
    it('random bytes', async () => {
      const dir = makeTempDir('refuse');
      const path = join(dir, 'noise.roster');
      writeFileSync(path, randomBytes(64 * 1024));
      await expectRefused(path, 'WORKSPACE_CORRUPT', dir);
    });

    it('a text file (short and long)', async () => {
      const dir = makeTempDir('refuse');
      const short = join(dir, 'notes.roster');
      writeFileSync(short, 'Émile, Ada, Fox\n');
      await expectRefused(short, 'WORKSPACE_CORRUPT', dir);
      const long = join(dir, 'people.db');
      writeFileSync(long, 'name\nÉmile Ödön\n'.repeat(500));
      await expectRefused(long, 'WORKSPACE_CORRUPT', dir);
    });

    it('a truncated copy of a real workspace (half, one page and a bit, header only)', async () => {
      const dir = makeTempDir('refuse');
      const original = join(dir, 'original.roster');
      makeCurrentFile(original, MANY, foldName);
      const size = statSync(original).size;
      expect(size).toBeGreaterThan(100_000);
      for (const [label, length] of [
        ['half', Math.floor(size / 2)],
        ['page', 4096 + 1000],
        ['header', 100],
        ['short', 60],
      ] as const) {
        const path = join(dir, `truncated-${label}.roster`);
        copyFileSync(original, path);
        truncateSync(path, length);
        await expectRefused(path, 'WORKSPACE_CORRUPT', dir);
      }
    });

    it('a real workspace with a corrupted page in the middle (quick_check fails)', async () => {
      const dir = makeTempDir('refuse');
      const path = join(dir, 'damaged.roster');
      makeCurrentFile(path, MANY, foldName);
      corruptPageInMiddle(path);
      await expectRefused(path, 'WORKSPACE_CORRUPT', dir);
    });
  });

  describe('WORKSPACE_FOREIGN', () => {
    it('SQLite with other tables and no Roster schema', async () => {
      const dir = makeTempDir('refuse');
      const path = join(dir, 'someone-else.sqlite');
      execOnFile(path, `CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5), (99);`);
      await expectRefused(path, 'WORKSPACE_FOREIGN', dir);
    });

    it('SQLite with a Person table but no history (not made by Roster)', async () => {
      const dir = makeTempDir('refuse');
      const path = join(dir, 'lookalike.db');
      execOnFile(path, `CREATE TABLE "Person" (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO "Person" (name) VALUES ('x');`);
      await expectRefused(path, 'WORKSPACE_FOREIGN', dir);
    });

    it('another Prisma app’s database (its own migration history)', async () => {
      const dir = makeTempDir('refuse');
      const path = join(dir, 'other-app.db');
      execOnFile(
        path,
        `${HISTORY_TABLE_DDL};
         CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "email" TEXT NOT NULL);
         INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
         VALUES ('c0ffee00-0000-4000-8000-000000000004', '${'c'.repeat(64)}', '2025-01-01T00:00:01.000+00:00',
                 '20250101000000_init', '2025-01-01T00:00:00.000+00:00', 1);`,
      );
      await expectRefused(path, 'WORKSPACE_FOREIGN', dir);
    });

    it('a Roster history whose applied migration was edited (checksum differs)', async () => {
      const dir = makeTempDir('refuse');
      const path = join(dir, 'edited.roster');
      makeCurrentFile(path, PEOPLE, foldName);
      execOnFile(path, `UPDATE "_prisma_migrations" SET checksum = '${'d'.repeat(64)}' WHERE migration_name = '${NAME_KEY_MIGRATION}'`);
      await expectRefused(path, 'WORKSPACE_FOREIGN', dir);
    });
  });
});

describe('refusals leave the file byte-for-byte unchanged: missing files, bad paths, files in the way', () => {
  it('WORKSPACE_NOT_FOUND: no file at the path (and none is created)', async () => {
    const dir = makeTempDir('refuse');
    const path = join(dir, 'missing.roster');
    await expectRosterError(openWorkspaceFile(path, openOptions(dir)), 'WORKSPACE_NOT_FOUND');
    const connections = new WorkspaceConnections(openOptions(dir));
    await expectRosterError(connections.acquire(path), 'WORKSPACE_NOT_FOUND');
    await connections.closeAll();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('BAD_PATH: a folder, and a workspace file with the wrong extension', async () => {
    const dir = makeTempDir('refuse');
    const folder = join(dir, 'folder.roster');
    mkdirSync(folder);
    await expectRosterError(openWorkspaceFile(folder, openOptions(dir)), 'BAD_PATH');
    expect(readdirSync(folder)).toEqual([]);
    await expectRosterError(createWorkspaceFile(folder, openOptions(dir)), 'BAD_PATH');

    const renamed = join(dir, 'team.txt');
    makeCurrentFile(renamed, PEOPLE, foldName);
    await expectRefused(renamed, 'BAD_PATH', dir);
    await expectRosterError(createWorkspaceFile(join(dir, 'new.txt'), openOptions(dir)), 'BAD_PATH');
    expect(existsSync(join(dir, 'new.txt'))).toBe(false);
  });

  it('FILE_EXISTS: create refuses any non-empty file (a workspace, a text file)', async () => {
    const dir = makeTempDir('refuse');
    const workspace = join(dir, 'taken.roster');
    makeCurrentFile(workspace, PEOPLE, foldName);
    const text = join(dir, 'text.roster');
    writeFileSync(text, 'not empty');
    for (const path of [workspace, text]) {
      const before = snapshot(path);
      await expectRosterError(createWorkspaceFile(path, openOptions(dir)), 'FILE_EXISTS');
      const connections = new WorkspaceConnections(openOptions(dir));
      await expectRosterError(connections.create(path), 'FILE_EXISTS');
      await connections.closeAll();
      expect(snapshot(path)).toEqual(before);
    }
  });

  it('negative control: the same checks notice a file that did change', async () => {
    const dir = makeTempDir('refuse');
    const path = join(dir, 'v1.roster');
    makeV1File(path, PEOPLE);
    const before = snapshot(path);
    const workspace = await openWorkspaceFile(path, openOptions(dir));
    await workspace.close();
    expect(snapshot(path)).not.toEqual(before);
  });
});
