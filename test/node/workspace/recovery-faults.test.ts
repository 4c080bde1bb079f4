// Recovering a file an older Roster left half-upgraded, under faults:
// another process recovering, upgrading and writing the same file meanwhile, two
// recoveries at the same instant, SIGKILL at every step of a restore. The decision to
// restore and the restore itself happen under the file's write lock, so no confirmed
// person is ever restored away; afterwards the file opens, its history has exactly one
// row per migration, the person is told which backup was used, and the backup folder
// holds nothing but backups.

import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { readHistory } from '../../../main/features/workspace/node/migrations/migration-history.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { listBackups, takeBackup } from '../../../main/features/workspace/node/backups.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import { runRoster, type CliResult } from '../../support/cli.js';
import { halfUpgrade, historyNames, runRostersAtOnce, startStepMigrator } from '../../support/upgrade-fixtures.js';
import {
  makeCurrentFile,
  makeTempDir,
  makeV1File,
  migrationsWith,
  openOptions,
  queryFile,
  removeTempDirs,
  repoMigrations,
} from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';
import { listQuery } from '../../support/people-fixtures.js';

// Child processes for every step of a restore, and CLI processes racing: see test/support/loaded-machine.ts.
heavyTestFile();

afterAll(removeTempDirs);

const NAMES = Array.from({ length: 3000 }, (_, i) => (i % 2 === 0 ? `Émile Nº${i}` : `Straße ${i}`));
const ALL = (): string[] => repoMigrations().migrations.map((m) => m.name);

let pristine: string | undefined;
/**
 * A v1 file with NAMES, its backup (as the older build took it) in `backupDir`, then
 * half-upgraded to the second migration, at `path`.
 */
async function makeHalfUpgraded(path: string, backupDir: string): Promise<string> {
  if (pristine === undefined) {
    pristine = join(makeTempDir('half-v1'), 'v1.roster');
    makeV1File(pristine, NAMES);
  }
  copyFileSync(pristine, path);
  mkdirSync(backupDir, { recursive: true, mode: 0o700 });
  const reader = new Database(path, { readonly: true });
  const history = readHistory(reader);
  reader.close();
  const backup = await takeBackup(path, backupDir, history);
  halfUpgrade(path);
  return backup;
}

/** Opens the file as a person would next; it must be whole, hold `names`, and be fully upgraded. */
async function expectWhole(path: string, dir: string, names: readonly string[]): Promise<void> {
  const workspace = await openWorkspaceFile(path, openOptions(dir));
  try {
    expect(workspace.recoveredFrom).toBeNull();
    expect(workspace.db.pragma('quick_check', { simple: true })).toBe('ok');
    expect(workspace.db.prepare('SELECT name FROM "Person" ORDER BY id').pluck().all()).toEqual(names);
    const wrong = (workspace.db.prepare('SELECT name, nameKey FROM "Person"').all() as { name: string; nameKey: string }[]).filter(
      (row) => row.nameKey !== foldName(row.name),
    );
    expect(wrong).toEqual([]);
  } finally {
    await workspace.close();
  }
  expect(historyNames(path)).toEqual(ALL());
  expect(queryFile(path, `SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NULL`)).toEqual([{ n: 0 }]);
}

function onlyBackups(backupDir: string): string[] {
  return readdirSync(backupDir).filter((name) => !name.endsWith('.roster-backup'));
}

const sleep = (ms: number): Promise<'slept'> => new Promise((resolve) => setTimeout(() => resolve('slept'), ms));

// Test names too long to share a line with their `it(` (the describe below would pass its
// line limit if they were split in place).
const PAUSED_BEFORE_RESTORE =
  'a process paused just before it restores, while `roster people add` recovers, upgrades and adds a person: the person is kept';
const TWO_AT_ONCE =
  'two processes recovering one file at the same instant: ' +
  'one restores, the other finds it done; the person is told once, naming the backup';
const KILLED_DURING_RESTORE =
  'SIGKILL at every step of a restore leaves the file as it was, ' +
  'and the next open recovers it; a kill just after it leaves a whole older file';

describe('recovering a half-upgraded file while other processes use it', () => {
  it(PAUSED_BEFORE_RESTORE, async () => {
    const dir = makeTempDir('recover-race');
    const dataDir = join(dir, 'data');
    const backupDir = join(dataDir, 'backups');
    const path = join(dir, 'half.roster');
    const backup = await makeHalfUpgraded(path, backupDir);

    const goFile = join(dir, 'go');
    const first = startStepMigrator(path, backupDir, -1, { at: 'stage:restoring', goFile });
    await first.paused;
    // The second process does everything a person's command does. While the first one
    // holds the file's write lock it waits; it must never finish before the first one's
    // restore and then lose its person to it.
    const adding = runRoster(['people', 'add', '--workspace', path, 'Added Meanwhile'], { dataDir });
    const early = await Promise.race([adding, sleep(2500)]);
    writeFileSync(goFile, '');
    const [added, firstRun] = await Promise.all([adding, first.finished]);
    expect(added.code, added.stderr).toBe(0);
    await expectWhole(path, dir, [...NAMES, 'Added Meanwhile']);

    // The first process restored (it held the lock); the add waited for it and found
    // the file recovered.
    expect(firstRun.result?.recoveredFrom).toBe(backup);
    expect(early, 'the add waited for the recovery that held the lock').toBe('slept');
    expect(added.stderr).not.toMatch(/restored/);
    expect(onlyBackups(backupDir)).toEqual([]);
  });

  it(TWO_AT_ONCE, async () => {
    const dir = makeTempDir('recover-two');
    const dataDir = join(dir, 'data');
    const backupDir = join(dataDir, 'backups');
    const path = join(dir, 'half.roster');
    const backup = await makeHalfUpgraded(path, backupDir);

    const results = await runRostersAtOnce(
      [
        ['migrate', path, '--json'],
        ['migrate', path, '--json'],
      ],
      { dataDir },
    );
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const told = results.filter((result) => /restored/.test(result.stderr));
    expect(told).toHaveLength(1);
    const notice = (told[0] as CliResult).stderr;
    expect(notice).toContain(`Roster restored ${path} from the backup ${backup} (taken `);
    expect(notice).toMatch(/People added or changed after that backup are not in it\./);
    const rows = results.map((result) => (JSON.parse(result.stdout) as { status: string; restoredFrom: string | null }[])[0]);
    expect(rows.map((row) => row?.status).sort()).toEqual(['migrated', 'up-to-date']);
    expect(rows.map((row) => row?.restoredFrom).filter((from) => from !== null)).toEqual([backup]);
    await expectWhole(path, dir, NAMES);
    expect(onlyBackups(backupDir)).toEqual([]);
  });

  it(KILLED_DURING_RESTORE, async () => {
    const dir = makeTempDir('recover-kill');
    // A full run first, to learn the steps.
    const counting = join(dir, 'counting', 'half.roster');
    mkdirSync(join(dir, 'counting'));
    await makeHalfUpgraded(counting, join(dir, 'counting', 'backups'));
    const { steps } = await startStepMigrator(counting, join(dir, 'counting', 'backups'), -1).finished;
    const last = steps.indexOf('recovery: commit');
    expect(steps.slice(0, 2)).toEqual(['recovery: locked', 'restore: dropping what the interrupted upgrade left']);
    expect(steps.filter((step) => step.startsWith('restore: rows of '))).toEqual(
      expect.arrayContaining(['restore: rows of Person', 'restore: rows of _prisma_migrations']),
    );
    expect(steps[last + 1]).toBe('locked'); // the upgrade's own transaction

    const stops = steps.slice(0, last + 2).map((_, index) => index + 1);
    for (let i = 0; i < stops.length; i += 2) {
      await Promise.all(
        stops.slice(i, i + 2).map(async (stopAt) => {
          const runDir = join(dir, `killed-at-${stopAt}`);
          mkdirSync(runDir);
          const path = join(runDir, 'half.roster');
          const backupDir = join(runDir, 'backups');
          await makeHalfUpgraded(path, backupDir);
          const { killed } = await startStepMigrator(path, backupDir, stopAt).finished;
          expect(killed, `killed at step ${stopAt} (${steps[stopAt - 1]})`).toBe(true);
          const unfinished = queryFile<{ n: number }>(path, 'SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NULL')[0]
            ?.n;
          if (stopAt <= last + 1) {
            // Before COMMIT: exactly the half-upgraded file it was.
            expect(unfinished, `after a kill at ${steps[stopAt - 1]}`).toBe(1);
            expect(queryFile(path, `SELECT count(*) AS n FROM sqlite_master WHERE name = 'new_Person'`)).toEqual([{ n: 1 }]);
          } else {
            // After it: the restored older file, whole.
            expect(unfinished).toBe(0);
            expect(historyNames(path)).toEqual([ALL()[0]]);
          }
          expect(queryFile(path, 'SELECT count(*) AS n FROM "Person"')).toEqual([{ n: NAMES.length }]);
          await expectRecovered(path, runDir, stopAt <= last + 1);
        }),
      );
    }
  });
});

/** The next open: recovers the file when it is still half-upgraded, and it ends up whole. */
async function expectRecovered(path: string, dir: string, recovers: boolean): Promise<void> {
  const workspace = await openWorkspaceFile(path, openOptions(dir));
  const recovered = workspace.recoveredFrom;
  await workspace.close();
  expect(recovered !== null).toBe(recovers);
  await expectWhole(path, dir, NAMES);
}

describe('what is restored, and what the person is told', () => {
  it('when the newest backup is damaged, an older one is used, and the CLI says so', async () => {
    const dir = makeTempDir('recover-damaged');
    const dataDir = join(dir, 'data');
    const backupDir = join(dataDir, 'backups');
    const path = join(dir, 'half.roster');
    makeV1File(path, NAMES);
    mkdirSync(backupDir, { recursive: true, mode: 0o700 });
    const reader = new Database(path, { readonly: true });
    const history = readHistory(reader);
    reader.close();
    const older = await takeBackup(path, backupDir, history);
    await sleep(5);
    const damaged = await takeBackup(path, backupDir, history);
    const bytes = readFileSync(damaged);
    bytes.fill(0x5a, 4096, bytes.length);
    writeFileSync(damaged, bytes);
    halfUpgrade(path);

    const listed = await runRoster(['people', 'list', '--workspace', path, '--search', 'strasse 1', '--json'], { dataDir });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).toContain(`from the backup ${older}`);
    expect(listed.stderr).toMatch(/The newest backup could not be used \(.*does not verify.*\), so an older one was\./);
    expect((JSON.parse(listed.stdout) as unknown[]).length).toBeGreaterThan(0);
    expect(listBackups(path, backupDir)).toContain(older);
    expect(onlyBackups(backupDir)).toEqual([]);
  });

  it(
    'a backup holding the search index is restored exactly: ' + 'schema, rows, index and id counter, and search works after the upgrade',
    async () => {
      const dir = makeTempDir('recover-search');
      const path = join(dir, 'current.roster');
      makeCurrentFile(path, NAMES, foldName);
      const writer = new Database(path);
      writer.exec(`DELETE FROM "Person" WHERE id = (SELECT max(id) FROM "Person")`); // the id counter is above max(id) now
      writer.close();
      const next = queryFile<{ seq: number }>(path, `SELECT seq FROM sqlite_sequence WHERE name = 'Person'`)[0]?.seq;
      const { backupDir } = openOptions(dir);
      mkdirSync(backupDir, { recursive: true, mode: 0o700 });
      const reader = new Database(path, { readonly: true });
      await takeBackup(path, backupDir, readHistory(reader));
      reader.close();

      // A newer build's migration, left half-done by a build that ran it statement by statement.
      const newer = migrationsWith({
        '20991231000000_person_note':
          'CREATE TABLE "Note" ("id" INTEGER PRIMARY KEY, "text" TEXT);\nALTER TABLE "Person" ADD COLUMN "note" TEXT;\n',
      });
      const extra = newer.migrations.at(-1);
      const half = new Database(path);
      half
        .prepare(
          `INSERT INTO "_prisma_migrations"
         (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ('0ldb01d0-0000-4000-8000-000000000002', ?, NULL, ?, NULL, NULL, '2099-12-31T10:00:00.000+00:00', 0)`,
        )
        .run(extra?.checksum, extra?.name);
      half.exec(extra?.statements[0] ?? '');
      half.exec(`DELETE FROM "Person" WHERE id < 100`); // and whatever else happened to it since
      half.close();

      const workspace = await openWorkspaceFile(path, openOptions(dir, newer));
      try {
        expect(workspace.recovery?.interruptedMigration).toBe(extra?.name);
        expect(workspace.applied).toEqual([extra?.name]);
        const people = new PersonService({ workspace });
        const found = await people.list(listQuery({ search: 'emile nº2', limit: 500 }));
        expect(found.items.map((person) => person.name)).toContain('Émile Nº2');
        expect(await people.count()).toBe(NAMES.length - 1);
        workspace.db.prepare(`INSERT INTO "PersonSearch"("PersonSearch") VALUES ('integrity-check')`).run();
        const added = await people.create({ name: 'After the restore' });
        expect(added.id).toBe((next ?? 0) + 1);
      } finally {
        await workspace.close();
      }
      expect(historyNames(path)).toEqual(newer.migrations.map((m) => m.name));
    },
  );
});
