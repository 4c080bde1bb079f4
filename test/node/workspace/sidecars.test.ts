// A -wal beside a workspace that cannot be its own is set aside before SQLite reads it,
// never replayed into the file: the file shows its own people, the stray file is kept
// under a name that says so, and the open says what it moved. A -wal that a killed
// Roster process left (its commits) is replayed as before.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../../main/features/catalog/node/catalog.js';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { CatalogSealStore, MemorySealStore } from '../../../main/features/workspace/node/seals.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import {
  execOnFile,
  makeCurrentFile,
  makeTempDir,
  openOptions,
  queryFile,
  removeTempDirs,
  REPO_MIGRATIONS,
  REPO_ROOT,
} from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

// One child process, killed.
heavyTestFile();

afterAll(removeTempDirs);

const OWN = ['Ada Lovelace', 'Grace Hopper'];
const OTHER = ['Other One', 'Other Two', 'Other Three'];

/**
 * The -wal of `path` while a connection has committed `sql` into it and not folded it in
 * (copied with the connection still open, as a copy of a folder with an open file is).
 */
function committedWal(path: string, sql: string, setup?: (db: Database.Database) => void): Buffer {
  const db = new Database(path);
  try {
    setup?.(db);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec(sql);
    return readFileSync(`${path}-wal`);
  } finally {
    db.close();
  }
}

async function peopleOf(path: string, options: Parameters<typeof openWorkspaceFile>[1]): Promise<{ names: unknown[]; moved: number }> {
  const workspace = await openWorkspaceFile(path, options);
  try {
    expect(workspace.db.pragma('quick_check', { simple: true })).toBe('ok');
    return { names: workspace.db.prepare('SELECT name FROM "Person" ORDER BY id').pluck().all(), moved: workspace.setAside?.length ?? 0 };
  } finally {
    await workspace.close();
  }
}

function setAsideFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.includes('.set-aside-'))
    .sort();
}

describe('a -wal that cannot be the file’s own is set aside, not replayed', () => {
  it('another workspace’s valid WAL beside a file Roster sealed: the file shows its own people', async () => {
    const dir = makeTempDir('sidecar-foreign');
    const path = join(dir, 'x.roster');
    const other = join(dir, 'y.roster');
    makeCurrentFile(path, OWN, foldName);
    makeCurrentFile(other, OTHER, foldName);
    const seals = new MemorySealStore();
    const options = { ...openOptions(dir), seals, log: (level: string, message: string) => logged.push(`${level}: ${message}`) };
    const logged: string[] = [];
    await (await openWorkspaceFile(path, options)).close();
    expect(seals.get(path)).not.toBeNull();

    writeFileSync(`${path}-wal`, committedWal(other, `UPDATE "Person" SET "name" = 'Changed in y'`));
    const before = readFileSync(path);
    const opened = await peopleOf(path, options);
    expect(opened.names).toEqual(OWN);
    expect(opened.moved).toBe(1);
    const aside = setAsideFiles(dir);
    expect(aside).toHaveLength(1);
    expect(aside[0]).toMatch(/^x\.roster-wal\.set-aside-\d{8}T\d{6}Z$/);
    // Kept as it was, and nothing of it reached the file.
    expect(
      readFileSync(join(dir, aside[0] as string))
        .subarray(0, 4)
        .readUInt32BE(0) & ~1,
    ).toBe(0x377f0682);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(logged.some((line) => /^warn: .*set aside .*cannot be its own.*closed this file cleanly/.test(line))).toBe(true);
  });

  it('without a seal: a WAL for another page size, or for another application’s database, is set aside', async () => {
    const dir = makeTempDir('sidecar-unsealed');
    const path = join(dir, 'x.roster');
    makeCurrentFile(path, OWN, foldName);

    const bigPages = join(dir, 'big.db');
    writeFileSync(
      `${path}-wal`,
      committedWal(bigPages, 'CREATE TABLE t (a); INSERT INTO t VALUES (1);', (db) => db.pragma('page_size = 8192')),
    );
    expect(await peopleOf(path, openOptions(dir))).toEqual({ names: OWN, moved: 1 });

    const app = join(dir, 'app.db');
    writeFileSync(`${path}-wal`, committedWal(app, 'PRAGMA application_id = 1234; CREATE TABLE t (a); INSERT INTO t VALUES (1);'));
    expect(await peopleOf(path, openOptions(dir))).toEqual({ names: OWN, moved: 1 });
    expect(setAsideFiles(dir)).toHaveLength(2);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});

describe('stale and foreign sidecars of other kinds', () => {
  it('another database’s hot -journal beside a sealed file is set aside, not rolled back into it', async () => {
    const dir = makeTempDir('sidecar-journal');
    const path = join(dir, 'x.roster');
    makeCurrentFile(path, OWN, foldName);
    const seals = new MemorySealStore();
    const options = { ...openOptions(dir), seals };
    await (await openWorkspaceFile(path, options)).close();

    // A rollback journal copied while its transaction was under way: SQLite would play it back.
    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.pragma('journal_mode = DELETE');
    db.exec(
      'CREATE TABLE t (a); ' +
        'WITH n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60) INSERT INTO t SELECT randomblob(3000) FROM n;',
    );
    // A cache too small for the change spills it to the file, which first syncs the journal, magic and all.
    db.pragma('cache_size = 2');
    db.exec('BEGIN; UPDATE t SET a = randomblob(3000);');
    writeFileSync(`${path}-journal`, readFileSync(`${other}-journal`));
    db.exec('ROLLBACK');
    db.close();
    expect(readFileSync(`${path}-journal`).subarray(0, 8).toString('hex')).toBe('d9d505f920a163d7');

    const before = readFileSync(path);
    expect(await peopleOf(path, options)).toEqual({ names: OWN, moved: 1 });
    expect(setAsideFiles(dir)).toEqual([expect.stringMatching(/^x\.roster-journal\.set-aside-/)]);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('without a seal: the file’s own WAL from before later changes (a stale copy put back) is set aside', async () => {
    const dir = makeTempDir('sidecar-stale');
    const path = join(dir, 'x.roster');
    makeCurrentFile(path, OWN, foldName);
    const first = Array.from({ length: 300 }, (_, i) => `First session ${i}`);
    const second = Array.from({ length: 300 }, (_, i) => `Second session ${i}`);
    const insert = (names: readonly string[]): string =>
      `INSERT INTO "Person" ("name") VALUES ${names.map((name) => `('${name}')`).join(', ')};`;
    // Both sessions grow the file, so each commit writes page 1 (and counts it up).
    const stale = committedWal(path, insert(first));
    execOnFile(path, insert(second));
    writeFileSync(`${path}-wal`, stale);

    const opened = await peopleOf(path, openOptions(dir));
    expect(opened.names).toEqual([...OWN, ...first, ...second]);
    expect(opened.moved).toBe(1);
  });
});

describe('WALs that are the file’s own', () => {
  it('a WAL a process holds open is never moved, even beside a sealed file', async () => {
    const dir = makeTempDir('sidecar-live');
    const path = join(dir, 'x.roster');
    makeCurrentFile(path, OWN, foldName);
    const seals = new MemorySealStore();
    const options = { ...openOptions(dir), seals };
    await (await openWorkspaceFile(path, options)).close();

    // Another program writes while Roster is closed, and stays open: its commit is in the
    // -wal only, so the file still matches its seal.
    const writer = new Database(path);
    try {
      writer.pragma('wal_autocheckpoint = 0');
      writer.prepare(`UPDATE "Person" SET "name" = 'Renamed elsewhere' WHERE "name" = ?`).run('Grace Hopper');
      expect(await peopleOf(path, options)).toEqual({ names: ['Ada Lovelace', 'Renamed elsewhere'], moved: 0 });
    } finally {
      writer.close();
    }
    expect(setAsideFiles(dir)).toEqual([]);
  });

  it('a WAL left by a Roster process killed after its commit is replayed: the person it added is there', async () => {
    const dir = makeTempDir('sidecar-killed');
    const path = join(dir, 'x.roster');
    const dataDir = join(dir, 'data');
    makeCurrentFile(path, OWN, foldName);
    const catalog = new Catalog({ file: join(dataDir, 'catalog.roster'), trashDir: join(dataDir, 'trash') });
    const seals = new CatalogSealStore(catalog);
    const options = { ...openOptions(dir), backupDir: join(dataDir, 'backups'), seals };
    // Sealed first, so what follows relies on the seal being forgotten when the writer opened it.
    await (await openWorkspaceFile(path, options)).close();
    expect(seals.get(path)).not.toBeNull();
    catalog.close();

    await killAfterWrite(path, dataDir, 'Added before the crash');
    expect(readFileSync(`${path}-wal`).length).toBeGreaterThan(0);
    expect(queryFile(path, 'SELECT count(*) AS n FROM "Person"')).toEqual([{ n: 3 }]);
    expect(await peopleOf(path, options)).toEqual({ names: [...OWN, 'Added before the crash'], moved: 0 });
    expect(setAsideFiles(dir)).toEqual([]);
    catalog.close();
  });
});

/** Runs test/support/sealed-writer.ts on `path` and SIGKILLs it once it has committed. */
function killAfterWrite(path: string, dataDir: string, name: string): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'test', 'support', 'sealed-writer.ts'), path, REPO_MIGRATIONS, dataDir, name],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let said = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      said += chunk;
      if (said.includes('written\n')) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the writer ended by itself: ${said}`))));
  });
}
