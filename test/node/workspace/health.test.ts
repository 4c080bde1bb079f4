// A workspace's health under faults: read-only files and folders,
// a full disk, another writer holding the lock, the file replaced underneath Roster,
// and damage found by the background check. Each gets its own code and a plain
// message, and nothing is lost or half-written.

import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { InlineTaskRunner } from '../../../main/kernel/node/tasks/inline-runner.js';
import { fileIdentity } from '../../../main/kernel/node/files/file-identity.js';
import { MemorySealStore } from '../../../main/features/workspace/node/seals.js';
import { WorkspaceConnections } from '../../../main/features/workspace/node/workspace-connections.js';
import { openWorkspaceFile, type WorkspaceHealth } from '../../../main/features/workspace/node/workspace-file.js';
import { BUSY_TIMEOUT_MS } from '../../../main/kernel/node/sqlite/pragmas.js';
import { runRoster, runRosterAsNobody as rosterAsNobody } from '../../support/cli.js';
import { removeStagedCli } from '../../support/other-user.js';
import { expectCode } from '../../support/people-fixtures.js';
import {
  corruptPageInMiddle,
  execOnFile,
  expectRosterError,
  makeCurrentFile,
  makeTempDir,
  makeV1File,
  openOptions,
  queryFile,
  REPO_ROOT,
  removeTempDirs,
  sha256OfFile,
} from '../../support/workspace-fixtures.js';

afterAll(() => {
  removeTempDirs();
  removeStagedCli();
});

const MANY = Array.from({ length: 4000 }, (_, i) => `Person number ${i} with a name long enough to fill some pages`);

describe('read-only files and folders', () => {
  it(
    'a workspace another user owns, in a folder we cannot write: ' +
      'list, search and export work; writes are refused plainly; nothing is created beside it',
    () => {
      const dir = makeTempDir('ro');
      chmodSync(dir, 0o755);
      const path = join(dir, 'theirs.roster');
      makeCurrentFile(path, ['Ada Lovelace', 'Émile Zola'], foldName);
      chmodSync(path, 0o644);
      const before = sha256OfFile(path);
      const data = makeTempDir('ro-data');
      chmodSync(data, 0o777);

      const listed = rosterAsNobody(['people', 'list', '--workspace', path, '--search', 'emile', '--json'], data);
      expect(listed.stderr).toBe('');
      expect((JSON.parse(listed.stdout) as { name: string }[]).map((p) => p.name)).toEqual(['Émile Zola']);

      const out = join(data, 'export.csv');
      const exported = rosterAsNobody(['people', 'export', '--workspace', path, '--format', 'csv', '--out', out], data);
      expect(exported.code, exported.stderr).toBe(0);
      expect(existsSync(out)).toBe(true);

      const added = rosterAsNobody(['people', 'add', '--workspace', path, 'Grace Hopper'], data);
      expect(added.code).toBe(3);
      expect(added.stderr).toMatch(/^WORKSPACE_READ_ONLY .*read-only.*\n$/);
      expect(added.stderr).not.toMatch(/SQLITE|Prisma|CORRUPT/);

      expect(sha256OfFile(path)).toBe(before);
      expect(readdirSync(dir)).toEqual(['theirs.roster']);
    },
  );

  it('a read-only file in a folder we can write is read-only too, and leaves no -wal or -shm behind', () => {
    const dir = makeTempDir('ro');
    chmodSync(dir, 0o777);
    const path = join(dir, 'locked.roster');
    makeCurrentFile(path, ['Ada'], foldName);
    chmodSync(path, 0o444);
    const data = makeTempDir('ro-data');
    chmodSync(data, 0o777);
    const listed = rosterAsNobody(['people', 'list', '--workspace', path, '--json'], data);
    expect(listed.code, listed.stderr).toBe(0);
    const renamed = rosterAsNobody(['people', 'update', '--workspace', path, '1', 'Grace'], data);
    expect(renamed.code).toBe(3);
    expect(renamed.stderr).toMatch(/^WORKSPACE_READ_ONLY /);
    expect(readdirSync(dir)).toEqual(['locked.roster']);
  });
});

describe('roster migrate on files it can only read', () => {
  it(
    'an up-to-date file, read-only or in a read-only folder, is reported up to date and left alone; ' +
      'one that needs an upgrade is WORKSPACE_READ_ONLY',
    () => {
      const dir = makeTempDir('ro-migrate');
      chmodSync(dir, 0o755); // nobody cannot write here
      const current = join(dir, 'current.roster');
      makeCurrentFile(current, ['Ada'], foldName);
      chmodSync(current, 0o644);
      const writableDir = makeTempDir('ro-migrate-file');
      chmodSync(writableDir, 0o777);
      const locked = join(writableDir, 'locked.roster');
      makeCurrentFile(locked, ['Ada'], foldName);
      chmodSync(locked, 0o444);
      const old = join(dir, 'old.roster');
      makeV1File(old, ['Ada']);
      chmodSync(old, 0o644);
      const before = [current, locked, old].map((path) => sha256OfFile(path));
      const data = makeTempDir('ro-data');
      chmodSync(data, 0o777);

      const upToDate = rosterAsNobody(['migrate', current, locked, '--json'], data);
      expect(upToDate.code, upToDate.stderr).toBe(0);
      expect(upToDate.stderr).toBe('');
      expect((JSON.parse(upToDate.stdout) as { status: string }[]).map((row) => row.status)).toEqual(['up-to-date', 'up-to-date']);

      const needsUpgrade = rosterAsNobody(['migrate', old], data);
      expect(needsUpgrade.code).toBe(3);
      expect(needsUpgrade.stderr).toMatch(/^WORKSPACE_READ_ONLY .*must be upgraded/);

      expect([current, locked, old].map((path) => sha256OfFile(path))).toEqual(before);
      expect(readdirSync(dir).sort()).toEqual(['current.roster', 'old.roster']);
      expect(readdirSync(writableDir)).toEqual(['locked.roster']);
    },
  );
});

describe('storage failures', () => {
  it('a full disk: DISK_FULL with a plain message, and nothing half-written (single add, and a bulk import)', async () => {
    const dir = makeTempDir('full');
    const path = join(dir, 'full.roster');
    makeCurrentFile(path, ['Ada'], foldName);
    const workspace = await openWorkspaceFile(path, openOptions(dir));
    try {
      const people = new PersonService({ workspace });
      const pages = Number(workspace.db.pragma('page_count', { simple: true }));
      // SQLite's own limit, hit exactly as a full disk is: SQLITE_FULL.
      workspace.db.pragma(`max_page_count = ${pages}`);
      const error = await expectCode(people.insertValidated(MANY), 'DISK_FULL');
      expect(error.message).toMatch(/disk is full/);
      const single = await expectCode(
        people.create({ name: 'x'.repeat(256) + '' }).then(() => people.createMany({ names: MANY.slice(0, 2000) })),
        'DISK_FULL',
      );
      expect(single.message).not.toMatch(/SQLITE|Prisma|Invalid `/);
      expect(await people.count()).toBeLessThanOrEqual(2);
      expect(workspace.db.prepare('SELECT count(*) FROM "Person" WHERE name LIKE \'Person number%\'').pluck().get()).toBe(0n);
    } finally {
      await workspace.close();
    }
    expect(queryFile(path, 'PRAGMA quick_check')).toEqual([{ quick_check: 'ok' }]);
  });

  it('another process holding the write lock past the busy timeout: WORKSPACE_BUSY, saying another program is writing', async () => {
    const dir = makeTempDir('busy');
    const path = join(dir, 'busy.roster');
    makeCurrentFile(path, ['Ada'], foldName);
    const workspace = await openWorkspaceFile(path, openOptions(dir));
    const other = new Database(path);
    try {
      workspace.db.pragma('busy_timeout = 150');
      other.exec('BEGIN IMMEDIATE');
      const people = new PersonService({ workspace });
      const error = await expectCode(people.create({ name: 'Grace' }), 'WORKSPACE_BUSY');
      expect(error.message).toMatch(/Another program .* is writing/);
      await expectCode(people.insertValidated(['A', 'B']), 'WORKSPACE_BUSY');
      other.exec('ROLLBACK');
      expect((await people.create({ name: 'Grace' })).name).toBe('Grace');
    } finally {
      other.close();
      await workspace.close();
    }
  });
});

describe('another process holding the lock, seen from the CLI', () => {
  it(
    '`roster people add` while another process holds the write lock past the busy timeout: ' +
      'exit 75 (temporary) WORKSPACE_BUSY, nothing added; it works once the lock is gone',
    async () => {
      const dir = makeTempDir('busy-cli');
      const path = join(dir, 'busy.roster');
      makeCurrentFile(path, ['Ada'], foldName);
      const dataDir = join(dir, 'data');
      // Another program: takes SQLite's write lock, says so, and keeps it until killed.
      const holder = spawn(
        process.execPath,
        [
          '-e',
          `const db = new (require('better-sqlite3'))(${JSON.stringify(path)}); ` +
            `db.exec('BEGIN IMMEDIATE'); console.log('locked'); setTimeout(() => {}, 60000);`,
        ],
        { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      try {
        await new Promise<void>((resolve, reject) => {
          holder.stdout.setEncoding('utf8').on('data', (text: string) => text.includes('locked') && resolve());
          holder.on('exit', () => reject(new Error('the lock holder exited')));
        });
        const started = performance.now();
        const busy = await runRoster(['people', 'add', '--workspace', path, 'Grace Hopper'], { dataDir });
        expect(performance.now() - started).toBeGreaterThan(BUSY_TIMEOUT_MS - 500); // it waited before giving up
        expect(busy.code).toBe(75);
        expect(busy.stderr).toMatch(/^WORKSPACE_BUSY Another program .* is writing to this workspace.*Nothing was changed/);
        expect(busy.stderr).not.toMatch(/SQLITE|Prisma|locked/);
      } finally {
        holder.kill('SIGKILL');
        await new Promise((resolve) => holder.once('close', resolve));
      }
      expect(queryFile(path, 'SELECT name FROM "Person" ORDER BY id')).toEqual([{ name: 'Ada' }]);
      const added = await runRoster(['people', 'add', '--workspace', path, 'Grace Hopper'], { dataDir });
      expect(added.code, added.stderr).toBe(0);
    },
  );
});

describe('a workspace replaced or moved while open', () => {
  it(
    'is noticed by the change feed; writes stop with WORKSPACE_REPLACED; ' + 'what Roster held is saved; the replacement is left intact',
    async () => {
      const dir = makeTempDir('replaced');
      const path = join(dir, 'w.roster');
      const other = join(dir, 'other.roster');
      makeCurrentFile(path, ['Ada', 'Grace'], foldName);
      makeCurrentFile(other, MANY, foldName);
      const recoveryDir = join(dir, 'recovered');
      const connections = new WorkspaceConnections({ ...openOptions(dir), recoveryDir });
      const lease = await connections.acquire(path);
      try {
        const people = new PersonService(lease);
        await people.create({ name: 'Confirmed before' });
        const health: WorkspaceHealth[] = [];
        lease.workspace.onHealthChange((next) => health.push(next));
        const stop = lease.workspace.changes.subscribe(() => undefined); // a window is looking
        renameSync(other, path); // `mv other.roster w.roster`
        const started = performance.now();
        while (!health.some((h) => h.state === 'replaced' && h.recoveryPath) && performance.now() - started < 2000) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        console.log(`[figure] file replaced → noticed and saved: ${(performance.now() - started).toFixed(0)} ms`);
        stop();
        const last = health.at(-1);
        expect(last?.state).toBe('replaced');
        const recoveryPath = last?.state === 'replaced' ? last.recoveryPath : null;
        expect(recoveryPath).not.toBeNull();
        expect(statSync(recoveryPath as string).mode & 0o777).toBe(0o600); // readable by its owner only
        expect(statSync(recoveryDir).mode & 0o777).toBe(0o700);
        expect(queryFile<{ name: string }>(recoveryPath as string, 'SELECT name FROM "Person" ORDER BY id').map((r) => r.name)).toEqual([
          'Ada',
          'Grace',
          'Confirmed before',
        ]);
        const error = await expectCode(people.create({ name: 'Goes nowhere' }), 'WORKSPACE_REPLACED');
        expect(error.message).toMatch(/moved, deleted or replaced.*saved in .*recovered/);
        await expectCode(people.count(), 'WORKSPACE_REPLACED');
        // Roster's -wal and -shm are gone from the path, so nothing reads them into the replacement.
        expect(existsSync(`${path}-wal`)).toBe(false);
      } finally {
        await lease.release();
        await connections.closeAll();
      }
      expect(queryFile(path, 'PRAGMA quick_check')).toEqual([{ quick_check: 'ok' }]);
      expect(queryFile(path, 'SELECT count(*) AS n FROM "Person"')).toEqual([{ n: MANY.length }]);
    },
  );

  it(
    'a write asked for right after the file was moved away is refused, not confirmed; ' + 'the moved file keeps every committed row',
    async () => {
      const dir = makeTempDir('moved');
      const path = join(dir, 'w.roster');
      makeCurrentFile(path, ['Ada'], foldName);
      const workspace = await openWorkspaceFile(path, { ...openOptions(dir), recoveryDir: join(dir, 'recovered') });
      try {
        const people = new PersonService({ workspace });
        workspace.db.pragma('wal_autocheckpoint = 0'); // the new row stays in the WAL at the old path
        await people.create({ name: 'Grace' });
        renameSync(path, join(dir, 'elsewhere.roster'));
        await expectCode(people.create({ name: 'Lost?' }), 'WORKSPACE_REPLACED');
      } finally {
        await workspace.close();
      }
      expect(queryFile(join(dir, 'elsewhere.roster'), 'SELECT name FROM "Person" ORDER BY id')).toEqual([
        { name: 'Ada' },
        { name: 'Grace' },
      ]);
      expect(readdirSync(dir).filter((name) => name.startsWith('w.roster'))).toEqual([]);
    },
  );
});

describe('integrity without reading the whole file on open', () => {
  it(
    'a file Roster closed cleanly (its seal matches) opens without quick_check; ' +
      'a corrupt page deep inside is then found in the background, the window is told and writes stop',
    async () => {
      const dir = makeTempDir('sealed');
      const path = join(dir, 'sealed.roster');
      makeCurrentFile(path, MANY, foldName);
      // Search index complete, as a file Roster has had open for a while: nothing is left
      // for the background to write, so the file's bytes show that nothing was written.
      execOnFile(
        path,
        `INSERT INTO "PersonSearch" ("PersonSearch") VALUES ('rebuild'); UPDATE "RosterState" SET "searchPendingFrom" = NULL`,
      );
      corruptPageInMiddle(path);
      // As if the disk rotted after Roster sealed the file: the seal matches what is there now.
      const seals = new MemorySealStore();
      seals.set(path, fileIdentity(path) as NonNullable<ReturnType<typeof fileIdentity>>);
      const before = sha256OfFile(path);
      const connections = new WorkspaceConnections({ ...openOptions(dir), seals, background: true, tasks: new InlineTaskRunner() });
      const lease = await connections.acquire(path);
      try {
        expect(lease.workspace.checked).toBe(false);
        const health: WorkspaceHealth[] = [];
        lease.workspace.onHealthChange((next) => health.push(next));
        await lease.workspace.upkeep.idle();
        await new Promise((resolve) => setTimeout(resolve, 400)); // the check starts after the first rows
        await lease.workspace.upkeep.idle();
        expect(health.map((h) => h.state)).toEqual(['damaged']);
        const error = await expectCode(new PersonService(lease).create({ name: 'Typed by the person' }), 'WORKSPACE_CORRUPT');
        expect(error.message).toMatch(/stopped saving changes/);
      } finally {
        await lease.release();
        await connections.closeAll();
      }
      expect(sha256OfFile(path)).toBe(before);
      expect(seals.get(path)).toBeNull();
    },
  );

  it('a file not closed cleanly by Roster (no seal, or a -wal beside it) is checked before its first rows', async () => {
    const dir = makeTempDir('unsealed');
    const path = join(dir, 'unsealed.roster');
    makeCurrentFile(path, MANY, foldName);
    corruptPageInMiddle(path);
    await expectRosterError(openWorkspaceFile(path, openOptions(dir)), 'WORKSPACE_CORRUPT');

    const clean = join(dir, 'clean.roster');
    makeCurrentFile(clean, ['Ada'], foldName);
    const seals = new MemorySealStore();
    const first = await openWorkspaceFile(clean, { ...openOptions(dir), seals });
    expect(first.checked).toBe(true);
    await first.close();
    expect(seals.get(clean)).toEqual(fileIdentity(clean));
    const second = await openWorkspaceFile(clean, { ...openOptions(dir), seals });
    expect(second.checked).toBe(false); // sealed: no whole-file read before the first rows
    await second.close();
    // Another program writes while Roster has it closed: the identity no longer matches.
    const writer = new Database(clean);
    writer.prepare(`INSERT INTO "Person" ("name") VALUES ('Outside')`).run();
    writer.close();
    const third = await openWorkspaceFile(clean, { ...openOptions(dir), seals });
    expect(third.checked).toBe(true);
    await third.close();
  });
});
