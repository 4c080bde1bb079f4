// Restoring a half-upgraded file from its backup never runs SQL text the backup holds.
// A backup is a copy of a file Roster received, so its sqlite_master says whatever that
// file's author wrote: a CREATE whose stored text hides more statements after a NUL
// (SQLite's own reader stops there; a program that runs the stored text may not), or
// triggers, views and tables that, recreated in the restored file, fire on Roster's next
// write. The restore makes the schema from Roster's own migrations and copies rows only,
// from plain tables: nothing the author wrote runs or reaches the restored file, and the
// person is told what stayed in the backup.

import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { readHistory } from '../../../main/features/workspace/node/migrations/migration-history.js';
import { takeBackup } from '../../../main/features/workspace/node/backups.js';
import { recoveryMessage } from '../../../main/features/workspace/node/recovery.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import { halfUpgrade, historyNames } from '../../support/upgrade-fixtures.js';
import {
  execOnFile,
  makeCurrentFile,
  makeTempDir,
  makeV1File,
  openOptions,
  queryFile,
  removeTempDirs,
  repoMigrations,
} from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

const NAMES = ['Ada Lovelace', 'Émile Ödön', 'Grace Hopper'];

/** A table whose stored CREATE text hides `payload` after a NUL. */
function hideAfterNul(path: string, payload: string): void {
  execOnFile(path, 'CREATE TABLE "Extra" ("x")');
  const db = new Database(path);
  try {
    db.unsafeMode(true);
    db.pragma('writable_schema = ON');
    db.prepare(`UPDATE sqlite_master SET sql = ? WHERE name = 'Extra'`).run(`CREATE TABLE "Extra" ("x")\u0000; ${payload}`);
    db.pragma('writable_schema = OFF');
  } finally {
    db.close();
  }
}

/** What a hostile file's author adds: a trigger that empties Person on Roster's next insert, a view, a table. */
function plantObjects(path: string): void {
  const db = new Database(path);
  try {
    db.exec(`
      CREATE TABLE "Loot" ("name" TEXT);
      INSERT INTO "Loot" VALUES ('kept in the backup');
      CREATE TRIGGER "Wipe" AFTER INSERT ON "Person" BEGIN INSERT INTO "Loot" SELECT "name" FROM "Person"; DELETE FROM "Person"; END;
      CREATE VIEW "Spy" AS SELECT "name" FROM "Person";
    `);
  } finally {
    db.close();
  }
}

async function backUp(path: string, backupDir: string): Promise<string> {
  mkdirSync(backupDir, { recursive: true, mode: 0o700 });
  const reader = new Database(path, { readonly: true });
  try {
    return await takeBackup(path, backupDir, readHistory(reader));
  } finally {
    reader.close();
  }
}

describe('restoring from a backup copies rows, never the backup’s SQL', () => {
  it('the author’s trigger, view and table in a backup never reach the restored file, and no write of Roster fires them', async () => {
    const dir = makeTempDir('restore-copy');
    const path = join(dir, 'received.roster');
    makeV1File(path, NAMES);
    plantObjects(path);
    const { backupDir } = openOptions(dir);
    const backup = await backUp(path, backupDir);
    // A second received file saved at the same path (as in the attack): the same version
    // and history, without the objects, half-upgraded. Only its backup holds them.
    execOnFile(path, 'DROP TRIGGER "Wipe"; DROP VIEW "Spy"; DROP TABLE "Loot";');
    halfUpgrade(path);

    const workspace = await openWorkspaceFile(path, openOptions(dir));
    try {
      expect(workspace.recoveredFrom).toBe(backup);
      expect(workspace.recovery?.leftOut).toEqual(['Loot', 'Wipe', 'Spy']);
      const objects = workspace.db.prepare(`SELECT name FROM sqlite_master WHERE name IN ('Loot', 'Wipe', 'Spy')`).pluck().all();
      expect(objects).toEqual([]);
      const people = new PersonService({ workspace });
      await people.create({ name: 'Added after the restore' });
      expect(workspace.db.prepare('SELECT name FROM "Person" ORDER BY id').pluck().all()).toEqual([...NAMES, 'Added after the restore']);
      expect(workspace.db.pragma('quick_check', { simple: true })).toBe('ok');
    } finally {
      await workspace.close();
    }
    expect(readdirSync(dir).sort()).toEqual(['backups', 'received.roster']);
    expect(historyNames(path)).toEqual(repoMigrations().migrations.map((m) => m.name));
    // The backup still holds what was left out, and the person is told so.
    expect(queryFile(backup, `SELECT name FROM "Loot"`)).toEqual([{ name: 'kept in the backup' }]);
    const told = recoveryMessage(workspace.recovery ?? { backupPath: backup, takenAt: null, interruptedMigration: '', skipped: [] }, {
      paths: true,
    });
    expect(told).toMatch(/What another program had added to it \(Loot, Wipe, Spy\) was not restored; it is still in the backup\./);
  });

  it('schema text hiding statements after a NUL never runs: another workspace keeps its people, no VACUUM INTO copy appears', async () => {
    const dir = makeTempDir('restore-nul');
    const victim = join(dir, 'other.roster');
    makeCurrentFile(victim, ['Victim One', 'Victim Two'], foldName);
    const copy = join(dir, 'copy.db');
    const path = join(dir, 'received.roster');
    makeV1File(path, NAMES);
    hideAfterNul(path, `COMMIT; ATTACH '${victim}' AS s; DELETE FROM s."Person"; DETACH s; VACUUM INTO '${copy}'; BEGIN;`);
    const { backupDir } = openOptions(dir);
    const backup = await backUp(path, backupDir);
    execOnFile(path, 'DROP TABLE "Extra"');
    halfUpgrade(path);

    const workspace = await openWorkspaceFile(path, openOptions(dir));
    try {
      expect(workspace.recoveredFrom).toBe(backup);
      expect(workspace.recovery?.leftOut).toEqual(['Extra']);
      expect(workspace.db.prepare('SELECT name FROM "Person" ORDER BY id').pluck().all()).toEqual(NAMES);
    } finally {
      await workspace.close();
    }
    expect(readdirSync(dir).sort()).toEqual(['backups', 'other.roster', 'received.roster']);
    expect(existsSync(copy)).toBe(false);
    expect(queryFile(victim, 'SELECT name FROM "Person" ORDER BY id')).toEqual([{ name: 'Victim One' }, { name: 'Victim Two' }]);
  });

  it('a backup whose Person is a view is not read: the restore fails, and the file stays as it was', async () => {
    const dir = makeTempDir('restore-view');
    const path = join(dir, 'received.roster');
    makeV1File(path, NAMES);
    // A view runs its author's SELECT when read; a restore reads only plain tables.
    const db = new Database(path);
    db.exec(`ALTER TABLE "Person" RENAME TO "PersonRows"; CREATE VIEW "Person" AS SELECT * FROM "PersonRows"`);
    db.close();
    const { backupDir } = openOptions(dir);
    await backUp(path, backupDir);
    halfUpgrade(path, 1, 0);
    const before = queryFile(path, 'SELECT type, name FROM sqlite_master ORDER BY name');

    await expect(openWorkspaceFile(path, openOptions(dir))).rejects.toThrow();
    expect(queryFile(path, 'SELECT type, name FROM sqlite_master ORDER BY name')).toEqual(before);
    expect(queryFile(path, `SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NULL`)).toEqual([{ n: 1 }]);
  });
});
