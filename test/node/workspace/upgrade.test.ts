// Upgrading files made by earlier releases (init only; init + nameKey): a verified
// backup is taken first, the data survives, every name gets its fully folded key
// (accents, case, emoji), times end up in Prisma's form, search finds everyone before
// and after the index has caught up, and the backups kept per workspace are the newest
// three.

import { spawn } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { BACKUP_EXTENSION, BACKUPS_KEPT, listBackups } from '../../../main/features/workspace/node/backups.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { InlineTaskRunner } from '../../../main/kernel/node/tasks/inline-runner.js';
import { catchUpSearchTask } from '../../../main/features/workspace/node/search/search-catch-up.js';
import {
  execOnFile,
  makeTempDir,
  makeV1File,
  makeV2File,
  NAME_KEY_MIGRATION,
  openOptions,
  queryFile,
  REPO_ROOT,
  removeTempDirs,
  sha256OfFile,
  V1_MIGRATION,
  migrationsAfter,
} from '../../support/workspace-fixtures.js';
import { listQuery } from '../../support/people-fixtures.js';

afterAll(removeTempDirs);

const NAMES = [
  'Émile Ödön',
  'ÉMILE ÖDÖN',
  'Zoë Saldaña',
  'Ångström',
  'Straße',
  'ﬁne ligature', // NFKD splits the ligature
  'Ｆｕｌｌｗｉｄｔｈ', // and folds full-width letters
  '🦊 Fox 🎉',
  'Łukasz Żółć',
  'plain ascii',
  "O'Brien-Smith",
];

describe('upgrading a file made with only the first migration', () => {
  it('backs up, migrates, keeps every row and folds every key', async () => {
    const dir = makeTempDir('upgrade');
    const path = join(dir, 'team.roster');
    makeV1File(path, NAMES);
    const before = queryFile<{ id: number; name: string; createdAt: string; updatedAt: string }>(
      path,
      'SELECT id, name, createdAt, updatedAt FROM "Person" ORDER BY id',
    );
    const v1Bytes = sha256OfFile(path);
    const applied: string[] = [];
    const options = { ...openOptions(dir), onMigrationApplied: (name: string) => applied.push(name) };

    const workspace = await openWorkspaceFile(path, options);
    try {
      expect(workspace.applied).toEqual(migrationsAfter(V1_MIGRATION));
      expect(applied).toEqual(migrationsAfter(V1_MIGRATION));

      // The backup exists, in the backup folder, and is the v1 file with its data.
      expect(workspace.backupPath).not.toBeNull();
      const backup = workspace.backupPath as string;
      expect(existsSync(backup)).toBe(true);
      expect(join(options.backupDir, basename(backup))).toBe(backup);
      expect(backup.endsWith(BACKUP_EXTENSION)).toBe(true);
      expect(listBackups(path, options.backupDir)).toEqual([backup]);
      expect(statSync(backup).mode & 0o777).toBe(0o600); // owner only, in an owner-only folder
      expect(statSync(options.backupDir).mode & 0o777).toBe(0o700);
      // A verified snapshot of the v1 file (SQLite's backup API): same data and history.
      expect(queryFile<{ ok: string }>(backup, 'PRAGMA quick_check')).toEqual([{ quick_check: 'ok' }]);
      expect(sha256OfFile(path)).not.toBe(v1Bytes);
      const backedUp = queryFile<{ name: string }>(backup, 'SELECT name FROM "Person" ORDER BY id');
      expect(backedUp.map((row) => row.name)).toEqual(NAMES);
      expect(queryFile<{ migration_name: string }>(backup, 'SELECT migration_name FROM "_prisma_migrations"')).toEqual([
        { migration_name: V1_MIGRATION },
      ]);

      // The data survived, ids and timestamps included, and keys are fully folded.
      // (The workspace connection returns integers as BigInt, as Prisma's adapter wants.)
      const after = (
        workspace.db.prepare('SELECT id, name, nameKey, createdAt, updatedAt FROM "Person" ORDER BY id').all() as {
          id: bigint;
          name: string;
          nameKey: string;
          createdAt: string;
          updatedAt: string;
        }[]
      ).map((row) => ({ ...row, id: Number(row.id) }));
      expect(after.map(({ nameKey: _key, ...rest }) => rest)).toEqual(before);
      for (const row of after) expect(row.nameKey).toBe(foldName(row.name));
      const keyOf = (name: string) => after.find((row) => row.name === name)?.nameKey;
      expect(keyOf('Émile Ödön')).toBe('emile odon');
      expect(keyOf('ÉMILE ÖDÖN')).toBe('emile odon');
      expect(keyOf('Zoë Saldaña')).toBe('zoe saldana');
      expect(keyOf('ﬁne ligature')).toBe('fine ligature');
      expect(keyOf('Ｆｕｌｌｗｉｄｔｈ')).toBe('fullwidth');
      expect(keyOf('🦊 Fox 🎉')).toBe('🦊 fox 🎉');

      // The application sees them through Prisma and finds them without accents.
      const people = new PersonService({ workspace });
      expect(await people.count()).toBe(NAMES.length);
      const found = await people.list(listQuery({ search: 'emile odon' }));
      expect(found.items.map((person) => person.name).sort()).toEqual(['ÉMILE ÖDÖN', 'Émile Ödön']);
      const byPrisma = await workspace.prisma.person.findMany({ orderBy: { id: 'asc' } });
      expect(byPrisma.map((person) => person.nameKey)).toEqual(NAMES.map(foldName));
    } finally {
      await workspace.close();
    }

    // Opening again: already current, nothing applied, no new backup.
    const again = await openWorkspaceFile(path, openOptions(dir));
    expect(again.health).toEqual({ state: 'ok' });
    expect(again.applied).toEqual([]);
    expect(again.backupPath).toBeNull();
    await again.close();
    expect(listBackups(path, openOptions(dir).backupDir)).toHaveLength(1);
  });
});

describe('upgrading a file made with only the first migration: its backups', () => {
  it(`keeps only the newest ${BACKUPS_KEPT} backups per workspace, and leaves other workspaces’ backups alone`, async () => {
    const dir = makeTempDir('retention');
    const path = join(dir, 'kept.roster');
    const other = join(dir, 'other.roster');
    const { backupDir } = openOptions(dir);

    makeV1File(other, ['Someone Else']);
    await (await openWorkspaceFile(other, openOptions(dir))).close();

    const made: string[] = [];
    for (let round = 1; round <= BACKUPS_KEPT + 2; round++) {
      rmSync(path, { force: true });
      makeV1File(path, [`Round ${round}`]);
      const workspace = await openWorkspaceFile(path, openOptions(dir));
      made.push(workspace.backupPath as string);
      await workspace.close();
      await new Promise((resolve) => setTimeout(resolve, 5)); // distinct millisecond stamps
    }
    const kept = listBackups(path, backupDir);
    expect(kept).toEqual(made.slice(-BACKUPS_KEPT));
    for (const [i, backup] of kept.entries()) {
      const round = made.length - BACKUPS_KEPT + i + 1;
      expect(queryFile<{ name: string }>(backup, 'SELECT name FROM "Person"')).toEqual([{ name: `Round ${round}` }]);
    }
    for (const gone of made.slice(0, -BACKUPS_KEPT)) expect(existsSync(gone)).toBe(false);
    expect(listBackups(other, backupDir)).toHaveLength(1);
  });

  it('another process holding a read transaction over uncheckpointed WAL frames: the backup holds them, without a long wait', async () => {
    const dir = makeTempDir('upgrade');
    const path = join(dir, 'busy.roster');
    makeV1File(path, ['Ada']);
    // An older Roster (or the CLI) commits a row, leaves it in the WAL and keeps reading.
    const script = `
      import Database from 'better-sqlite3';
      const db = new Database(process.argv[1]);
      db.pragma('wal_autocheckpoint = 0');
      db.prepare('INSERT INTO "Person" ("name", "createdAt", "updatedAt") VALUES (?, ?, ?)').run('Émile from the WAL', 'x', 'x');
      db.exec('BEGIN');
      db.prepare('SELECT count(*) FROM "Person"').get();
      console.log('reading');
      setTimeout(() => { db.exec('COMMIT'); db.close(); }, 4000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, path], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
      });
      const started = performance.now();
      const workspace = await openWorkspaceFile(path, openOptions(dir));
      const elapsed = performance.now() - started;
      try {
        expect(elapsed).toBeLessThan(2500); // not the 5 s busy timeout
        expect(workspace.applied).toEqual(migrationsAfter(V1_MIGRATION));
        const backup = workspace.backupPath as string;
        expect(queryFile<{ name: string }>(backup, 'SELECT name FROM "Person" ORDER BY id').map((row) => row.name)).toEqual([
          'Ada',
          'Émile from the WAL',
        ]);
        const keys = workspace.db.prepare('SELECT nameKey FROM "Person" ORDER BY id').pluck().all();
        expect(keys).toEqual(['ada', 'emile from the wal']);
      } finally {
        await workspace.close();
      }
    } finally {
      child.kill();
    }
  });
});

describe('upgrading a file made with only the first migration: empty and large files', () => {
  it('an empty v1 file (no people) upgrades too', async () => {
    const dir = makeTempDir('upgrade');
    const path = join(dir, 'empty-v1.roster');
    makeV1File(path, []);
    const workspace = await openWorkspaceFile(path, openOptions(dir));
    expect(workspace.applied).toEqual(migrationsAfter(V1_MIGRATION));
    expect(Number(workspace.db.prepare('SELECT count(*) FROM "Person"').pluck().get())).toBe(0);
    await workspace.close();
  });

  it('100,000 people upgrade with correct keys (timed)', async () => {
    const dir = makeTempDir('upgrade-big');
    const path = join(dir, 'big.roster');
    const count = 100_000;
    const names = Array.from({ length: count }, (_, i) => (i % 3 === 0 ? `Élodie Nº${i}` : i % 3 === 1 ? `Øyvind ${i}` : `plain ${i}`));
    makeV1File(path, names);
    const started = performance.now();
    const workspace = await openWorkspaceFile(path, openOptions(dir));
    const elapsed = performance.now() - started;
    try {
      console.log(
        `[figure] upgrade v1 → current with ${count} people ` + `(check + backup + two rebuilds + refold): ${elapsed.toFixed(0)} ms`,
      );
      expect(Number(workspace.db.prepare('SELECT count(*) FROM "Person"').pluck().get())).toBe(count);
      const sample = workspace.db.prepare('SELECT name, nameKey FROM "Person" WHERE id IN (1, 2, 3, 50000, 100000) ORDER BY id').all() as {
        name: string;
        nameKey: string;
      }[];
      for (const row of sample) expect(row.nameKey).toBe(foldName(row.name));
      expect(sample[0]?.nameKey).toBe('elodie no0');
      // Every key, not a sample: nothing left with SQL's ASCII-only lower().
      const wrong = (workspace.db.prepare('SELECT name, nameKey FROM "Person"').all() as { name: string; nameKey: string }[]).filter(
        (row) => row.nameKey !== foldName(row.name),
      );
      expect(wrong).toEqual([]);
      expect(elapsed).toBeLessThan(30_000);
    } finally {
      await workspace.close();
    }
  });
});

describe('upgrading a file made with the first two migrations (before the search index)', () => {
  it(
    'refolds keys with the new fold, stores other tools’ times in Prisma’s form, ' +
      'and search is exact before and after the index catches up',
    async () => {
      const dir = makeTempDir('upgrade-v2');
      const path = join(dir, 'v2.roster');
      const oldFold = (name: string): string => name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
      makeV2File(path, ['Straße', 'Νίκος', 'Łukasz', 'Ada'], oldFold);
      // Rows written by other tools before this release: SQLite's and SQLAlchemy's times.
      execOnFile(
        path,
        `INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES
         ('Grace', 'grace', '2026-11-24 09:27:04', '2026-11-24 09:27:04.887000'),
         ('Emmy', 'emmy', '2026-11-24T10:00:00-05:00', 1700000000)`,
      );
      const workspace = await openWorkspaceFile(path, openOptions(dir));
      try {
        expect(workspace.applied).toEqual(migrationsAfter(NAME_KEY_MIGRATION));
        const rows = workspace.db.prepare('SELECT name, nameKey, createdAt, updatedAt FROM "Person" ORDER BY id').all() as {
          name: string;
          nameKey: string;
          createdAt: string;
          updatedAt: string;
        }[];
        expect(rows.map((row) => row.nameKey)).toEqual(['strasse', 'νικοσ', 'lukasz', 'ada', 'grace', 'emmy']);
        expect(rows.find((row) => row.name === 'Grace')).toMatchObject({
          createdAt: '2026-11-24T09:27:04.000+00:00',
          updatedAt: '2026-11-24T09:27:04.887+00:00',
        });
        expect(rows.find((row) => row.name === 'Emmy')).toMatchObject({
          createdAt: '2026-11-24T15:00:00.000+00:00',
          updatedAt: '2023-11-14T22:13:20.000+00:00',
        });
        const people = new PersonService({ workspace });
        // The index starts empty (every row pending) and search scans the pending rows.
        expect(Number(workspace.db.prepare('SELECT "searchPendingFrom" FROM "RosterState"').pluck().get())).toBe(0);
        expect((await people.list(listQuery({ search: 'strasse' }))).items.map((p) => p.name)).toEqual(['Straße']);
        expect((await people.list(listQuery({ search: 'νικοσ' }))).items.map((p) => p.name)).toEqual(['Νίκος']);
        expect(await people.count({ search: 'ukas' })).toBe(1);
      } finally {
        await workspace.close();
      }
      await new InlineTaskRunner().run(catchUpSearchTask, { path });
      expect(queryFile(path, 'SELECT "searchPendingFrom" AS p FROM "RosterState"')).toEqual([{ p: null }]);
      const reopened = await openWorkspaceFile(path, openOptions(dir));
      try {
        const people = new PersonService({ workspace: reopened });
        expect((await people.list(listQuery({ search: 'strasse' }))).items.map((p) => p.name)).toEqual(['Straße']);
        expect(await people.count({ search: 'ukas' })).toBe(1);
        expect(await people.count({ search: 'a' })).toBe(4);
      } finally {
        await reopened.close();
      }
    },
  );
});
