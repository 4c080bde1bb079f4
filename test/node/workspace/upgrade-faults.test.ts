// Upgrades under faults: processes racing to upgrade one file, SIGKILL between any two
// steps of an upgrade, and a file an older Roster left half-upgraded. Afterwards the
// file always opens, its history has exactly one row per migration, and every person
// is there.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { takeBackup, listBackups, pruneBackups, BACKUPS_KEPT } from '../../../main/features/workspace/node/backups.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import { readHistory } from '../../../main/features/workspace/node/migrations/migration-history.js';
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
} from '../../support/workspace-fixtures.js';
import { halfUpgrade, historyNames, runRostersAtOnce, runStepMigrator } from '../../support/upgrade-fixtures.js';

afterAll(removeTempDirs);

// The races start up to 8 CLI processes on a 50,000-person file, and the kill test
// runs two child processes per step of an upgrade: a few seconds (races) and about 20 s
// (kills) on an idle 2-core machine, several times that at load 15. Their waiting is
// on the processes' own reports; these limits only stop a run that hangs.
const RACE_TIMEOUT_MS = 240_000;
const KILL_TIMEOUT_MS = 600_000;

const NAMES = Array.from({ length: 3000 }, (_, i) => (i % 2 === 0 ? `Émile Nº${i}` : `Straße ${i}`));

/** Opens the file with this build, as a person would next, and checks it is whole. */
async function expectWhole(path: string, dir: string, names: readonly string[] = NAMES): Promise<void> {
  const workspace = await openWorkspaceFile(path, openOptions(dir));
  try {
    expect(workspace.db.pragma('quick_check', { simple: true })).toBe('ok');
    const stored = workspace.db.prepare('SELECT name FROM "Person" ORDER BY id').pluck().all();
    expect(stored).toEqual(names);
    const wrongKeys = (workspace.db.prepare('SELECT name, nameKey FROM "Person"').all() as { name: string; nameKey: string }[]).filter(
      (row) => row.nameKey !== foldName(row.name),
    );
    expect(wrongKeys).toEqual([]);
  } finally {
    await workspace.close();
  }
  expect(historyNames(path)).toEqual(repoMigrations().migrations.map((m) => m.name));
}

describe('upgrades that race or die', () => {
  // 50,000 people: big enough that an upgrade takes a while (the others wait for its
  // lock), small enough to keep the suite quick. Made once, copied for each race.
  const RACE_NAMES = Array.from({ length: 50_000 }, (_, i) => (i % 3 === 0 ? `Émile Nº${i}` : `Straße ${i}`));
  let raceV1: string | undefined;
  function raceFile(dir: string): string {
    if (raceV1 === undefined) {
      raceV1 = join(makeTempDir('race-v1'), 'v1.roster');
      makeV1File(raceV1, RACE_NAMES);
    }
    const path = join(dir, 'raced.roster');
    copyFileSync(raceV1, path);
    return path;
  }

  for (const processes of [2, 4, 8]) {
    it(
      `${processes} processes upgrading one 50k-person file, released at the same instant: ` +
        `one upgrade, one history row per migration, nobody lost`,
      async () => {
        const dir = makeTempDir('race');
        const path = raceFile(dir);
        const dataDir = join(dir, 'data');
        const args = Array.from({ length: processes }, () => ['migrate', path, '--json']);
        const results = await runRostersAtOnce(args, { dataDir });
        for (const result of results) expect(result.code, result.stderr).toBe(0);
        const statuses = results.map((result) => (JSON.parse(result.stdout) as { status: string }[])[0]?.status).sort();
        expect(statuses.filter((status) => status === 'migrated')).toHaveLength(1);
        expect(statuses.filter((status) => status === 'up-to-date')).toHaveLength(processes - 1);
        expect(listBackups(path, join(dataDir, 'backups'))).toHaveLength(1);
        expect(readdirSync(join(dataDir, 'backups')).filter((name) => !name.endsWith('.roster-backup'))).toEqual([]);
        await expectWhole(path, dir, RACE_NAMES);
      },
      RACE_TIMEOUT_MS,
    );
  }

  it(
    'SIGKILL between any two steps of an upgrade (up to its COMMIT) leaves the file fully old, and the next open finishes it',
    async () => {
      const dir = makeTempDir('kill');
      const pristine = join(dir, 'pristine.roster');
      makeV1File(pristine, NAMES);
      // A full run first, to learn the steps.
      const counting = join(dir, 'counting.roster');
      copyFileSync(pristine, counting);
      const { steps } = await runStepMigrator(counting, join(dir, 'counting-backups'), -1);
      expect(steps[0]).toBe('locked');
      expect(steps).toContain('backup taken');
      expect(steps.at(-1)).toBe('commit');
      expect(steps.filter((step) => step.includes('statement')).length).toBeGreaterThan(20);
      const v1 = [repoMigrations().migrations[0]?.name];

      // Then a kill at each step, two processes at a time.
      const stops = steps.map((_, index) => index + 1);
      for (let i = 0; i < stops.length; i += 2) {
        await Promise.all(
          stops.slice(i, i + 2).map(async (stopAt) => {
            const path = join(dir, `killed-at-${stopAt}.roster`);
            copyFileSync(pristine, path);
            const backups = join(dir, `backups-${stopAt}`);
            const { killed } = await runStepMigrator(path, backups, stopAt);
            expect(killed, `killed at step ${stopAt} (${steps[stopAt - 1]})`).toBe(true);
            // Nothing committed: the file is exactly the v1 file, as a reader sees it.
            expect(historyNames(path), `after a kill at ${steps[stopAt - 1]}`).toEqual(v1);
            expect(queryFile(path, 'SELECT count(*) AS n FROM "Person"')).toEqual([{ n: NAMES.length }]);
            await expectWhole(path, dir);
          }),
        );
      }
    },
    KILL_TIMEOUT_MS,
  );
});

describe('a file an older Roster left half-upgraded', () => {
  it('is restored from its newest verified backup and upgraded, with no manual step, and the person is told which backup', async () => {
    const dir = makeTempDir('legacy');
    const path = join(dir, 'half.roster');
    makeV1File(path, NAMES);
    const { backupDir } = openOptions(dir);
    mkdirSync(backupDir, { recursive: true });
    // An older build's backup of the v1 file, and a newer one that no longer reads.
    const history = readHistory(new Database(path, { readonly: true }));
    const older = await takeBackup(path, backupDir, history);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const damaged = await takeBackup(path, backupDir, history);
    const bytes = readFileSync(damaged);
    bytes.fill(0x5a, 4096, bytes.length);
    writeFileSync(damaged, bytes);
    expect(listBackups(path, backupDir)).toEqual([older, damaged]);
    halfUpgrade(path);
    expect(queryFile(path, `SELECT count(*) AS n FROM sqlite_master WHERE name = 'new_Person'`)).toEqual([{ n: 1 }]);

    const workspace = await openWorkspaceFile(path, openOptions(dir));
    try {
      expect(workspace.recoveredFrom).toBe(older);
      expect(workspace.applied).toEqual(
        repoMigrations()
          .migrations.slice(1)
          .map((m) => m.name),
      );
    } finally {
      await workspace.close();
    }
    expect(queryFile(path, `SELECT count(*) AS n FROM sqlite_master WHERE name = 'new_Person'`)).toEqual([{ n: 0 }]);
    await expectWhole(path, dir);
  });

  it('without a backup it can verify, is refused with a message that says where Roster looked, and is left as it was', async () => {
    const dir = makeTempDir('legacy');
    const path = join(dir, 'half.roster');
    makeV1File(path, NAMES);
    halfUpgrade(path);
    const error = await expectRosterError(openWorkspaceFile(path, openOptions(dir)), 'WORKSPACE_MIGRATION_FAILED');
    expect(error.message).toContain(openOptions(dir).backupDir);
    expect(queryFile(path, `SELECT count(*) AS n FROM sqlite_master WHERE name = 'new_Person'`)).toEqual([{ n: 1 }]);
  });
});

describe('backups', () => {
  it('failed upgrades are pruned too: five failures leave at most the newest three backups', async () => {
    const dir = makeTempDir('prune');
    const path = join(dir, 'failing.roster');
    makeV1File(path, ['Ada']);
    const failing = migrationsWith({ '20991231000000_broken': 'INSERT INTO "Nope" VALUES (1);\n' });
    for (let i = 0; i < 5; i++) await expectRosterError(openWorkspaceFile(path, openOptions(dir, failing)), 'WORKSPACE_MIGRATION_FAILED');
    expect(listBackups(path, openOptions(dir).backupDir)).toHaveLength(BACKUPS_KEPT);
    // And the file was never changed by them: still a v1 file.
    expect(historyNames(path)).toEqual([firstMigrations(1).migrations[0]?.name]);
  });

  it('the folder is kept under its size cap, oldest first, but every workspace keeps its newest backup', async () => {
    const dir = makeTempDir('prune-size');
    const { backupDir } = openOptions(dir);
    const paths = ['a', 'b'].map((name) => join(dir, `${name}.roster`));
    for (const path of paths) {
      makeV1File(path, NAMES);
      for (let i = 0; i < 2; i++) {
        await takeBackup(path, backupDir, readHistory(new Database(path, { readonly: true })));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    expect(readdirSync(backupDir).filter((name) => name.endsWith('.roster-backup'))).toHaveLength(4);
    pruneBackups(paths[0] as string, backupDir, { maxBytes: 1 });
    for (const path of paths) expect(listBackups(path, backupDir)).toHaveLength(1);
  });

  it(
    'a backup is one file: nothing appears beside it when it is taken or read, ' + 'and side files an older Roster left are pruned',
    async () => {
      const dir = makeTempDir('prune-side');
      const { backupDir } = openOptions(dir);
      const path = join(dir, 'v1.roster');
      makeV1File(path, NAMES);
      const workspace = await openWorkspaceFile(path, openOptions(dir)); // upgrades, with a backup
      await workspace.close();
      const [backup] = listBackups(path, backupDir);
      expect(readdirSync(backupDir)).toEqual([basename(backup as string)]);
      expect(queryFile(backup as string, 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'delete' }]);

      // What an older Roster left: -wal/-shm beside a backup, and beside a partial that is gone.
      const stale = [
        `${basename(backup as string)}-wal`,
        `${basename(backup as string)}-shm`,
        '.gone.roster-backup.partial-wal',
        '.gone.roster-backup.partial-shm',
      ];
      for (const name of stale) writeFileSync(join(backupDir, name), '');
      // A partial another process is writing right now, with its journal: left alone.
      const running = ['.running.roster-backup.partial', '.running.roster-backup.partial-journal'];
      for (const name of running) writeFileSync(join(backupDir, name), '');
      pruneBackups(path, backupDir);
      expect(readdirSync(backupDir).sort()).toEqual([...running, basename(backup as string)].sort());
    },
  );

  it('a backup folder that cannot be written stops the upgrade before it starts: the file is unchanged', async () => {
    const dir = makeTempDir('no-backup');
    const path = join(dir, 'v1.roster');
    makeV1File(path, ['Ada']);
    const options = { ...openOptions(dir), backupDir: join(path, 'not-a-folder') };
    const error = await expectRosterError(openWorkspaceFile(path, options), 'BAD_PATH');
    expect(error.message).toContain('not-a-folder');
    expect(historyNames(path)).toEqual([firstMigrations(1).migrations[0]?.name]);
    expect(existsSync(options.backupDir)).toBe(false);
  });
});
