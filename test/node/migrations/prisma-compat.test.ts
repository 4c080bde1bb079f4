// A file Roster migrated is one Prisma's own tools accept as up to date, and a file
// Prisma migrated is one Roster upgrades: same `_prisma_migrations` table (DDL byte for
// byte), same value formats, same verdict from the engine's diagnoseMigrationHistory
// (what `prisma migrate status` prints).

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { HISTORY_TABLE_DDL } from '../../../main/features/workspace/node/migrations/migration-history.js';
import { checksumOf, loadMigrationSet } from '../../../main/features/workspace/node/migrations/migration-set.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import { engineApply, engineDiagnose, engineDiff, UP_TO_DATE } from '../../support/schema-engine.js';
import {
  execOnFile,
  insertV1People,
  makeTempDir,
  makeV1File,
  openOptions,
  queryFile,
  removeTempDirs,
  REPO_MIGRATIONS,
  repoMigrations,
  V1_MIGRATION,
  migrationsAfter,
} from '../../support/workspace-fixtures.js';
import Database from 'better-sqlite3';

afterAll(removeTempDirs);

interface Row {
  id: string;
  checksum: string;
  finished_at: string | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: string | null;
  started_at: string;
  applied_steps_count: number;
}

const PRISMA_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function historyDdl(path: string): string {
  return (
    queryFile<{ sql: string }>(path, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")[0]?.sql ?? ''
  );
}

function historyRows(path: string): Row[] {
  return queryFile<Row>(path, 'SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name');
}

async function rosterOpenAndClose(path: string, dir: string): Promise<void> {
  const workspace = await openWorkspaceFile(path, openOptions(dir));
  await workspace.close();
}

describe('Prisma compatibility of files Roster migrates', () => {
  it('a new workspace: history rows exactly as `prisma migrate deploy` writes them, and Prisma says up to date', async () => {
    const dir = makeTempDir('compat');
    const path = join(dir, 'new.roster');
    const before = Date.now();
    execOnFile(path, ''); // an empty SQLite file, which Roster initialises
    await rosterOpenAndClose(path, dir);

    const rows = historyRows(path);
    const set = repoMigrations();
    expect(rows.map((row) => row.migration_name)).toEqual(set.migrations.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      const folder = set.migrations[i]?.name ?? '';
      const bytes = readFileSync(join(set.dir, folder, 'migration.sql'));
      expect(row.checksum).toBe(checksumOf(bytes));
      expect(row.id).toMatch(UUID);
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.started_at).toMatch(PRISMA_TIMESTAMP);
      expect(row.finished_at).toMatch(PRISMA_TIMESTAMP);
      expect((row.finished_at ?? '') >= row.started_at).toBe(true);
      expect(Date.parse(row.started_at)).toBeGreaterThanOrEqual(before - 1000);
    }
    expect(await engineDiagnose(path)).toEqual(UP_TO_DATE);
    expect(await engineDiff(path)).toBe('');
  });

  it('the history table DDL is byte-for-byte the one Prisma’s engine creates', async () => {
    const dir = makeTempDir('compat');
    const prismaFile = join(dir, 'by-prisma.db');
    const rosterFile = join(dir, 'by-roster.db');
    execOnFile(rosterFile, '');
    expect((await engineApply(prismaFile)).appliedMigrationNames).toEqual(repoMigrations().migrations.map((m) => m.name));
    await rosterOpenAndClose(rosterFile, dir);

    expect(historyDdl(prismaFile)).toBe(HISTORY_TABLE_DDL);
    expect(historyDdl(rosterFile)).toBe(historyDdl(prismaFile));
    // Prisma's values have the same shapes as ours.
    for (const row of historyRows(prismaFile)) {
      expect(row.started_at).toMatch(PRISMA_TIMESTAMP);
      expect(row.finished_at).toMatch(PRISMA_TIMESTAMP);
      expect(row.applied_steps_count).toBe(1);
      expect(row.id).toMatch(UUID);
    }
    // And the whole schema (tables, indexes) is the same statement for statement.
    const schemaOf = (path: string) =>
      queryFile<{ type: string; name: string; sql: string | null }>(path, 'SELECT type, name, sql FROM sqlite_master ORDER BY type, name');
    expect(schemaOf(rosterFile)).toEqual(schemaOf(prismaFile));
  });

  it('an upgraded v1 file is up to date for Prisma too', async () => {
    const dir = makeTempDir('compat');
    const path = join(dir, 'v1.roster');
    makeV1File(path, ['Ada Lovelace', 'Émile Ödön']);
    // Prisma agrees the v1 file is one migration behind before we touch it.
    expect((await engineDiagnose(path)).history).toEqual({
      diagnostic: 'databaseIsBehind',
      unappliedMigrationNames: repoMigrations()
        .migrations.slice(1)
        .map((m) => m.name),
    });
    await rosterOpenAndClose(path, dir);
    expect(await engineDiagnose(path)).toEqual(UP_TO_DATE);
    expect(await engineDiff(path)).toBe('');
  });
});

describe('Prisma compatibility of files Roster migrates: across tools and checkouts', () => {
  it('cross-tool: a file Prisma’s engine migrated with the first migration only is upgraded by Roster', async () => {
    const dir = makeTempDir('compat');
    const path = join(dir, 'prisma-v1.db');
    expect((await engineApply(path, { count: 1 })).appliedMigrationNames).toEqual([repoMigrations().migrations[0]?.name]);
    const names = ['Zoë Ångström', 'ÉMILE ödön', 'plain ascii', '🦊 Fox'];
    const db = new Database(path);
    insertV1People(db, names);
    db.close();
    const prismaRow = historyRows(path)[0];

    await rosterOpenAndClose(path, dir);

    const rows = historyRows(path);
    expect(rows.map((row) => row.migration_name)).toEqual(repoMigrations().migrations.map((m) => m.name));
    expect(rows[0]).toEqual(prismaRow); // Prisma's own row untouched
    const people = queryFile<{ name: string; nameKey: string }>(path, 'SELECT name, nameKey FROM "Person" ORDER BY id');
    expect(people).toEqual(names.map((name) => ({ name, nameKey: foldName(name) })));
    expect(people[0]?.nameKey).toBe('zoe angstrom');
    expect(await engineDiagnose(path)).toEqual(UP_TO_DATE);
    expect(await engineDiff(path)).toBe('');
  });

  it('line endings: files made from an LF and a CRLF checkout of the migrations open in both builds, as in Prisma', async () => {
    const dir = makeTempDir('compat');
    const crlfDir = join(dir, 'crlf-migrations');
    cpSync(REPO_MIGRATIONS, crlfDir, { recursive: true });
    for (const migration of repoMigrations().migrations) {
      writeFileSync(join(crlfDir, migration.name, 'migration.sql'), migration.sql.replace(/\r?\n/g, '\r\n'));
    }
    const crlf = loadMigrationSet(crlfDir);
    expect(crlf.migrations[0]?.checksum).not.toBe(repoMigrations().migrations[0]?.checksum);

    const madeByCrlfBuild = join(dir, 'crlf-made.roster');
    execOnFile(madeByCrlfBuild, '');
    await (await openWorkspaceFile(madeByCrlfBuild, openOptions(dir, crlf))).close();
    const reopened = await openWorkspaceFile(madeByCrlfBuild, openOptions(dir));
    expect(reopened.applied).toEqual([]);
    await reopened.close();
    // Prisma's engine agrees it is not an edited history.
    expect(await engineDiagnose(madeByCrlfBuild)).toEqual(UP_TO_DATE);

    const madeByLfBuild = join(dir, 'lf-made.roster');
    makeV1File(madeByLfBuild, ['Ada']);
    const upgraded = await openWorkspaceFile(madeByLfBuild, openOptions(dir, crlf));
    expect(upgraded.applied).toEqual(migrationsAfter(V1_MIGRATION));
    await upgraded.close();
    expect(await engineDiagnose(madeByLfBuild, { migrations: crlfDir })).toEqual(UP_TO_DATE);
  });

  it('negative control: Prisma notices an edited migration and a failed one', async () => {
    const dir = makeTempDir('compat');
    const edited = join(dir, 'edited.roster');
    execOnFile(edited, '');
    await rosterOpenAndClose(edited, dir);
    execOnFile(edited, `UPDATE "_prisma_migrations" SET checksum = '${'0'.repeat(64)}' WHERE migration_name = '20261101000000_init'`);
    expect((await engineDiagnose(edited)).editedMigrationNames).toEqual(['20261101000000_init']);

    const failed = join(dir, 'failed.roster');
    execOnFile(failed, '');
    await rosterOpenAndClose(failed, dir);
    execOnFile(failed, `UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = '20261123000000_person_name_key'`);
    expect((await engineDiagnose(failed)).failedMigrationNames).toEqual(['20261123000000_person_name_key']);
  });
});
