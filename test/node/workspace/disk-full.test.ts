// A full disk: on a real full filesystem (a small tmpfs), reading,
// adding, exporting and upgrading each fail with DISK_FULL and a plain message, and
// nothing is half-written; with space again, everything works and nothing was lost.
// The in-process path gets the same answer from SQLite's own size limit
// (max_page_count), which fails exactly as a full disk does.
//
// Mounting needs root (CI runs as root). Where mounting is not permitted, the tmpfs
// tests skip themselves and say why; the max_page_count test always runs.

import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, rmSync, statfsSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import { runRoster, type CliResult } from '../../support/cli.js';
import { historyNames } from '../../support/upgrade-fixtures.js';
import {
  expectRosterError,
  firstMigrations,
  makeTempDir,
  makeV1File,
  migrationsWith,
  openOptions,
  queryFile,
  removeTempDirs,
  repoMigrations,
  sha256OfFile,
} from '../../support/workspace-fixtures.js';

/** A tmpfs of `size` mounted at a new temp folder, or why there cannot be one here. */
function mountTmpfs(size: string): { dir: string; skip: string | null } {
  const dir = makeTempDir('tmpfs');
  if (process.platform !== 'linux') return { dir, skip: 'tmpfs needs Linux' };
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0777`, 'tmpfs', dir], { encoding: 'utf8' });
  if (result.error || result.status !== 0)
    return { dir, skip: `mounting a tmpfs is not permitted here (${(result.stderr || String(result.error)).trim()})` };
  return { dir, skip: null };
}

const small = mountTmpfs('400k');
// The upgrade's WAL (a rebuilt table and a new search index) needs several times the file.
const medium = mountTmpfs('32m');
const skip = small.skip ?? medium.skip;
if (skip) console.warn(`[skip] disk-full tmpfs tests: ${skip}`);

afterAll(() => {
  for (const mount of [small, medium]) if (mount.skip === null) spawnSync('umount', ['-l', mount.dir]);
  removeTempDirs();
});

/** Fills the filesystem holding `dir` until at most `leaveBytes` are free (0: full). */
function fill(dir: string, leaveBytes = 0): string {
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'a');
  const chunk = Buffer.alloc(1024 * 1024, 1);
  try {
    for (;;) {
      const { bavail, bsize } = statfsSync(dir);
      const free = bavail * bsize;
      if (free <= leaveBytes) break;
      writeSync(fd, chunk, 0, Math.min(chunk.length, free - leaveBytes));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return filler;
}

function expectDiskFull(result: CliResult): void {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).toMatch(/^DISK_FULL .*disk is full.*Nothing was (half-written|changed)/);
  expect(result.stderr).not.toMatch(/SQLITE|Prisma|INTERNAL|disk I\/O error/);
}

describe.skipIf(skip !== null)(`on a real full disk (a tmpfs)${skip ? ` — skipped: ${skip}` : ''}`, () => {
  it('people list, add and export: DISK_FULL, nothing half-written; with space again the file is as it was and takes the add', async () => {
    const dataDir = makeTempDir('full-data');
    const path = join(small.dir, 'team.roster');
    expect((await runRoster(['workspace', 'create', path], { dataDir })).code).toBe(0);
    expect((await runRoster(['people', 'add', '--workspace', path, 'Ada Lovelace', 'Grace Hopper'], { dataDir })).code).toBe(0);
    const filler = fill(small.dir);

    expectDiskFull(await runRoster(['people', 'list', '--workspace', path], { dataDir }));
    expectDiskFull(await runRoster(['people', 'add', '--workspace', path, 'Lost?'], { dataDir }));
    const out = join(small.dir, 'team.csv');
    expectDiskFull(await runRoster(['people', 'export', '--workspace', path, '--format', 'csv', '--out', out], { dataDir }));
    expect(existsSync(out)).toBe(false);

    rmSync(filler);
    const added = await runRoster(['people', 'add', '--workspace', path, 'Katherine Johnson'], { dataDir });
    expect(added.code, added.stderr).toBe(0);
    const listed = await runRoster(['people', 'list', '--workspace', path, '--json'], { dataDir });
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((person) => person.name)).toEqual([
      'Ada Lovelace',
      'Grace Hopper',
      'Katherine Johnson',
    ]);
  });

  it(
    'roster migrate with room for the backup but not for the upgrade: ' + 'DISK_FULL, "nothing was changed"; with space again it upgrades',
    async () => {
      const source = join(makeTempDir('full-v1'), 'v1.roster');
      makeV1File(
        source,
        Array.from({ length: 6000 }, (_, i) => `Émile Nº${i} with a name long enough to fill some pages`),
      );
      const path = join(medium.dir, 'v1.roster');
      copyFileSync(source, path);
      const before = sha256OfFile(path);
      const dataDir = join(medium.dir, 'data');
      mkdirSync(dataDir, { mode: 0o700 });
      // Room for SQLite's -shm and a backup of the file, not for the upgrade's writes.
      const filler = fill(medium.dir, statSync(path).size + 250 * 1024);

      const failed = await runRoster(['migrate', path], { dataDir });
      expect(failed.code, failed.stderr).toBe(1);
      expect(failed.stderr).toMatch(
        /^DISK_FULL .*disk is full, so Roster could not (upgrade|back up) this workspace.*Nothing was changed/m,
      );
      expect(failed.stderr).not.toMatch(/WORKSPACE_MIGRATION_FAILED|SQLITE/);
      expect(sha256OfFile(path)).toBe(before);
      expect(historyNames(path)).toEqual([repoMigrations().migrations[0]?.name]);

      rmSync(filler);
      const migrated = await runRoster(['migrate', path], { dataDir });
      expect(migrated.code, migrated.stderr).toBe(0);
      expect(historyNames(path)).toEqual(repoMigrations().migrations.map((m) => m.name));
      expect(queryFile(path, 'SELECT count(*) AS n FROM "Person"')).toEqual([{ n: 6000 }]);
    },
  );
});

describe('a migration that fills the disk (SQLite size limit, in-process)', () => {
  it('is DISK_FULL with "nothing was changed", not a failed migration; the file is as it was', async () => {
    const dir = makeTempDir('full-migration');
    const path = join(dir, 'v1.roster');
    makeV1File(
      path,
      Array.from({ length: 500 }, (_, i) => `Person ${i}`),
    );
    const before = sha256OfFile(path);
    // A newer build's migration that writes more than the file may grow by: SQLite's
    // max_page_count is clamped to the current size, so the first new page fails with
    // SQLITE_FULL, exactly as a full disk does.
    const filling = migrationsWith({
      '20991231000000_big':
        'PRAGMA max_page_count = 1;\nCREATE TABLE "Big" ("blob" BLOB);\nINSERT INTO "Big" SELECT randomblob(4000) FROM "Person";\n',
    });
    const error = await expectRosterError(openWorkspaceFile(path, openOptions(dir, filling)), 'DISK_FULL');
    expect(error.message).toMatch(/disk is full, so Roster could not upgrade this workspace\. Nothing was changed/);
    expect(sha256OfFile(path)).toBe(before);
    expect(historyNames(path)).toEqual([firstMigrations(1).migrations[0]?.name]);
  });
});
