// Triggers a received file brings with it never run on Roster's writes until the
// person chooses (main/features/workspace/node/foreign-objects.ts): such a file opens
// read-only, writes are refused with WORKSPACE_UNTRUSTED and leave it byte for byte as
// it was; trusting it lets its triggers run until another program changes the file;
// removing them drops exactly them. Views, virtual tables and triggers on other
// programs' own tables are left alone. And every kind of connection is hardened.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { findForeignTriggers, removeForeignTriggers, trustFile } from '../../../main/features/workspace/node/foreign-objects.js';
import { healthNotice } from '../../../main/features/workspace/node/health-notice.js';
import { applyInTransaction } from '../../../main/features/workspace/node/migrations/migrator.js';
import { fileIdentity } from '../../../main/kernel/node/files/file-identity.js';
import { MemorySealStore, MemoryTrustStore } from '../../../main/features/workspace/node/seals.js';
import { openWorkspaceFile, type OpenedWorkspace } from '../../../main/features/workspace/node/workspace-file.js';
import { immutableFilename, openForWriting, openSqlite } from '../../../main/kernel/node/sqlite/driver.js';
import { canonicalPath } from '../../../main/kernel/node/sqlite/sqlite-file.js';
import {
  execOnFile,
  expectRosterError,
  firstMigrations,
  makeCurrentFile,
  makeTempDir,
  makeV2File,
  openOptions,
  queryFile,
  removeTempDirs,
  repoMigrations,
  snapshot,
} from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

/** Never ends: a trigger holding it would hang whatever fired it. */
const ENDLESS = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';
const HOSTILE: readonly (readonly [string, string])[] = [
  ['an endless CTE after a key is drained', `CREATE TRIGGER "drain_hang" AFTER DELETE ON "PersonKeyQueue" BEGIN ${ENDLESS}; END`],
  ['an endless CTE after an insert', `CREATE TRIGGER "add_hang" AFTER INSERT ON "Person" BEGIN ${ENDLESS}; END`],
  ['load_extension', `CREATE TRIGGER "loader" AFTER INSERT ON "Person" BEGIN SELECT load_extension('/tmp/evil.so'); END`],
  ['readfile', `CREATE TRIGGER "reader" BEFORE INSERT ON "Person" BEGIN SELECT readfile('/etc/passwd'); END`],
];
/** What an honest tool adds (sqlite-utils enable-fts --create-triggers, in spirit): an index of its own, kept by triggers. */
const HONEST = `
  CREATE TABLE "PersonLog" ("personId" INTEGER, "name" TEXT);
  CREATE TRIGGER "person_log_ai" AFTER INSERT ON "Person" BEGIN INSERT INTO "PersonLog" VALUES (NEW."id", NEW."name"); END;`;

/** What `sqlite-utils enable-fts w.roster Person name --create-triggers` adds (its documented FTS5 form). */
const SQLITE_UTILS_FTS = `
  CREATE VIRTUAL TABLE [Person_fts] USING FTS5 ([name], content=[Person]);
  CREATE TRIGGER [Person_ai] AFTER INSERT ON [Person] BEGIN
    INSERT INTO [Person_fts] (rowid, [name]) VALUES (new.rowid, new.[name]);
  END;
  CREATE TRIGGER [Person_ad] AFTER DELETE ON [Person] BEGIN
    INSERT INTO [Person_fts] ([Person_fts], rowid, [name]) VALUES('delete', old.rowid, old.[name]);
  END;
  CREATE TRIGGER [Person_au] AFTER UPDATE ON [Person] BEGIN
    INSERT INTO [Person_fts] ([Person_fts], rowid, [name]) VALUES('delete', old.rowid, old.[name]);
    INSERT INTO [Person_fts] (rowid, [name]) VALUES (new.rowid, new.[name]);
  END;`;

function fileWith(label: string, sql: string, names: readonly string[] = ['Ada Lovelace']): { dir: string; path: string } {
  const dir = makeTempDir(label);
  const path = join(dir, 'w.roster');
  makeCurrentFile(path, names, foldName);
  execOnFile(path, sql);
  return { dir, path };
}

function options(dir: string, trust = new MemoryTrustStore(), seals = new MemorySealStore()) {
  return { ...openOptions(dir), trust, seals };
}

async function withOpen<T>(path: string, opts: ReturnType<typeof options>, use: (w: OpenedWorkspace) => Promise<T> | T): Promise<T> {
  const workspace = await openWorkspaceFile(path, opts);
  try {
    return await use(workspace);
  } finally {
    await workspace.close();
  }
}

/** The triggers Roster's own migrations leave in a new file. */
function rosterTriggers(): string[] {
  const path = join(makeTempDir('foreign-reference'), 'w.roster');
  makeCurrentFile(path, [], foldName);
  return queryFile<{ name: string }>(path, `SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).map((t) => t.name);
}

/**
 * Reads a closed file as another program would, but leaving nothing beside it: a
 * read-only connection leaves its -wal and -shm behind, after which no trust holds (the
 * file may have been written meanwhile, as far as Roster can tell).
 */
function readFile<T>(path: string, sql: string): T[] {
  const db = new Database(path);
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

const logged = (path: string): string[] =>
  readFile<{ name: string }>(path, 'SELECT "name" FROM "PersonLog" ORDER BY rowid').map((r) => r.name);

describe('a file with foreign triggers opens read-only and refuses writes', () => {
  it.each(HOSTILE)('%s: WORKSPACE_UNTRUSTED naming it, the file byte for byte as it was', async (_label, sql) => {
    const { dir, path } = fileWith('foreign-hostile', sql);
    const name = /TRIGGER "([^"]+)"/.exec(sql)?.[1] as string;
    const before = snapshot(path);
    await withOpen(path, options(dir), async (workspace) => {
      expect(workspace.health).toMatchObject({ state: 'read-only', untrusted: [expect.objectContaining({ name })] });
      expect(workspace.foreign).toMatchObject({ trusted: false, triggers: [{ name }] });
      const notice = healthNotice(workspace.health);
      expect(notice.untrusted).toEqual([expect.stringContaining(`"${name}"`)]);
      expect(notice.message).toMatch(/another program added/);
      const error = await expectRosterError(new PersonService({ workspace }).create({ name: 'Grace Hopper' }), 'WORKSPACE_UNTRUSTED');
      expect(error.message).toContain(`"${name}"`);
      expect(() => workspace.assertWritable()).toThrow(/remove-foreign/);
      // Reading goes on.
      expect(await new PersonService({ workspace }).count({})).toBe(1);
    });
    expect(snapshot(path)).toEqual(before);
  });

  it('a trigger another program adds while the workspace is open stops the next write', async () => {
    const { dir, path } = fileWith('foreign-while-open', 'CREATE TABLE "PersonLog" ("name" TEXT);');
    await withOpen(path, options(dir), async (workspace) => {
      const people = new PersonService({ workspace });
      await people.create({ name: 'Grace Hopper' });
      execOnFile(path, `CREATE TRIGGER "late" AFTER INSERT ON "Person" BEGIN INSERT INTO "PersonLog" VALUES (NEW."name"); END`);
      await expectRosterError(people.create({ name: 'Mary Somerville' }), 'WORKSPACE_UNTRUSTED');
      expect(workspace.health).toMatchObject({ state: 'read-only', untrusted: [expect.objectContaining({ name: 'late' })] });
      expect(await people.count({})).toBe(2);
    });
    expect(logged(path)).toEqual([]);
  });

  it('an older file with a foreign trigger is not upgraded: WORKSPACE_UNTRUSTED, unchanged', async () => {
    const dir = makeTempDir('foreign-old');
    const path = join(dir, 'w.roster');
    makeV2File(path, ['Ada'], foldName);
    execOnFile(path, `CREATE TRIGGER "old_hang" AFTER UPDATE ON "Person" BEGIN ${ENDLESS}; END`);
    const before = snapshot(path);
    const error = await expectRosterError(openWorkspaceFile(path, options(dir)), 'WORKSPACE_UNTRUSTED');
    expect(error.message).toMatch(/not upgrade it/);
    expect(snapshot(path)).toEqual(before);
  });
});

describe('trust', () => {
  it('lets the triggers run on Roster’s writes, across reopening, until another program changes the file', async () => {
    const { dir, path } = fileWith('foreign-trust', HONEST);
    const opts = options(dir);
    expect(trustFile(path, opts.migrations, opts.trust).map((t) => t.name)).toEqual(['person_log_ai']);
    await withOpen(path, opts, async (workspace) => {
      expect(workspace.health.state).toBe('ok');
      expect(workspace.foreign.trusted).toBe(true);
      await new PersonService({ workspace }).create({ name: 'Grace Hopper' });
    });
    expect(logged(path)).toEqual(['Grace Hopper']);
    // Renewed with the seal when Roster closed the file cleanly.
    await withOpen(path, opts, (workspace) => new PersonService({ workspace }).create({ name: 'Mary Somerville' }));
    expect(logged(path)).toEqual(['Grace Hopper', 'Mary Somerville']);

    execOnFile(path, `INSERT INTO "Person" ("name") VALUES ('Written elsewhere')`);
    const before = snapshot(path);
    await withOpen(path, opts, async (workspace) => {
      expect(workspace.health).toMatchObject({ state: 'read-only', untrusted: [expect.objectContaining({ name: 'person_log_ai' })] });
      await expectRosterError(new PersonService({ workspace }).create({ name: 'Refused' }), 'WORKSPACE_UNTRUSTED');
    });
    expect(snapshot(path)).toEqual(before);
  });

  it('keeps an index made as `sqlite-utils enable-fts --create-triggers` makes one in step with Roster’s changes', async () => {
    const { dir, path } = fileWith('foreign-trust-fts', SQLITE_UTILS_FTS, ['Ada Lovelace']);
    execOnFile(path, `INSERT INTO [Person_fts] ([Person_fts]) VALUES ('rebuild')`);
    const opts = options(dir);
    expect(trustFile(path, opts.migrations, opts.trust).map((t) => t.name)).toEqual(['Person_ad', 'Person_ai', 'Person_au']);
    await withOpen(path, opts, async (workspace) => {
      const people = new PersonService({ workspace });
      const grace = await people.create({ name: 'Grace Hopper' });
      // Ada is the file's first person.
      await people.update({ id: 1, name: 'Ada King' });
      await people.delete({ ids: [grace.id] });
    });
    const match = (text: string): unknown[] =>
      readFile<{ name: string }>(
        path,
        `SELECT p.name FROM [Person_fts] f JOIN Person p ON p.id = f.rowid WHERE [Person_fts] MATCH '${text}'`,
      ).map((r) => r.name);
    expect(match('King')).toEqual(['Ada King']);
    expect(match('Lovelace')).toEqual([]);
    expect(match('Hopper')).toEqual([]);
  });

  it('covers exactly the triggers trusted: another one added later is asked about', async () => {
    const { dir, path } = fileWith('foreign-trust-more', HONEST);
    const opts = options(dir);
    trustFile(path, opts.migrations, opts.trust);
    execOnFile(path, `CREATE TRIGGER "later" AFTER DELETE ON "Person" BEGIN SELECT 1; END`);
    // Give the record the file's new identity: only the fingerprint can tell them apart now.
    const record = opts.trust.get(canonicalPath(path));
    const identity = fileIdentity(path);
    if (!record || !identity) throw new Error('trust was not recorded');
    opts.trust.set(canonicalPath(path), { ...record, identity });
    await withOpen(path, opts, (workspace) => {
      expect(workspace.health.state).toBe('read-only');
      expect(workspace.foreign.triggers.map((t) => t.name).sort()).toEqual(['later', 'person_log_ai']);
    });
  });

  it('refuses to trust what the person was not shown', () => {
    const { dir, path } = fileWith('foreign-trust-shown', HONEST);
    const opts = options(dir);
    const shown = trustFile(path, opts.migrations, new MemoryTrustStore());
    execOnFile(path, `CREATE TRIGGER "sneaky" AFTER DELETE ON "Person" BEGIN SELECT 1; END`);
    expect(() => trustFile(path, opts.migrations, opts.trust, shown)).toThrow(/changed since they were listed/);
    expect(opts.trust.get(canonicalPath(path))).toBeNull();
  });
});

describe('remove', () => {
  it('drops exactly the foreign triggers, keeps everything else, and the workspace is writable again', async () => {
    const { dir, path } = fileWith('foreign-remove', `${HONEST} ${HOSTILE[0]?.[1] as string};`);
    const opts = options(dir);
    const removed = removeForeignTriggers(path, opts.migrations);
    expect(removed.map((t) => t.name).sort()).toEqual(['drain_hang', 'person_log_ai']);
    expect(removed.find((t) => t.name === 'person_log_ai')?.sql).toMatch(/^CREATE TRIGGER "person_log_ai"/);
    const triggers = queryFile<{ name: string }>(path, `SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`);
    expect(triggers.map((t) => t.name)).toEqual(rosterTriggers());
    expect(logged(path)).toEqual([]); // the other program's table stays
    await withOpen(path, opts, async (workspace) => {
      expect(workspace.health.state).toBe('ok');
      await new PersonService({ workspace }).create({ name: 'Grace Hopper' });
      expect(await new PersonService({ workspace }).count({})).toBe(2);
    });
  });

  it('drops nothing when the file holds other triggers than the ones listed', () => {
    const { dir, path } = fileWith('foreign-remove-listed', HONEST);
    const before = snapshot(path);
    expect(() => removeForeignTriggers(path, openOptions(dir).migrations, ['something_else'])).toThrow(/nothing was removed/);
    expect(snapshot(path).sha256).toBe(before.sha256);
  });
});

describe('left alone', () => {
  it('views, virtual tables and triggers on another program’s own tables: the workspace opens for writing', async () => {
    const { dir, path } = fileWith(
      'foreign-alone',
      `CREATE VIEW "People" AS SELECT "name" FROM "Person";
       CREATE VIRTUAL TABLE "Notes" USING fts5("text");
       CREATE TABLE "Other" ("x" TEXT); CREATE TABLE "OtherLog" ("x" TEXT);
       CREATE TRIGGER "other_log" AFTER INSERT ON "Other" BEGIN INSERT INTO "OtherLog" VALUES (NEW."x"); END;`,
    );
    await withOpen(path, options(dir), async (workspace) => {
      expect(workspace.health.state).toBe('ok');
      expect(workspace.foreign.triggers).toEqual([]);
      await new PersonService({ workspace }).create({ name: 'Grace Hopper' });
    });
  });

  it('an older file’s own triggers are Roster’s, not foreign', () => {
    const dir = makeTempDir('foreign-older-own');
    const db = new Database(join(dir, 'w.roster'));
    try {
      db.exec('BEGIN');
      applyInTransaction(db, firstMigrations(3).migrations, undefined, undefined, { dataSteps: false });
      db.exec('COMMIT');
      expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger'`).pluck().get()).toBeGreaterThan(0);
      expect(findForeignTriggers(db, repoMigrations())).toEqual([]);
    } finally {
      db.close();
    }
  });
});

describe('every connection is hardened', () => {
  type Pragmas = { trusted_schema: unknown; cell_size_check: unknown; mmap_size: unknown };
  // Numbers: Prisma's adapter reads every integer as a BigInt on its connection.
  const read = (db: Database.Database): Pragmas => ({
    trusted_schema: Number(db.pragma('trusted_schema', { simple: true })),
    cell_size_check: Number(db.pragma('cell_size_check', { simple: true })),
    mmap_size: Number(db.pragma('mmap_size', { simple: true })),
  });
  const HARDENED: Pragmas = { trusted_schema: 0, cell_size_check: 1, mmap_size: 0 };

  it('plain, read-only, immutable, writing and the workspace’s own (Prisma’s) connection', async () => {
    const { dir, path } = fileWith('foreign-pragmas', '');
    const kinds: Record<string, () => Database.Database> = {
      plain: () => openSqlite(path, { fileMustExist: true }),
      readOnly: () => openSqlite(path, { readonly: true, fileMustExist: true }),
      immutable: () => openSqlite(immutableFilename(path), { readonly: true, fileMustExist: true }),
      writing: () => openForWriting(path, { fileMustExist: true }),
    };
    for (const [kind, open] of Object.entries(kinds)) {
      const db = open();
      try {
        expect({ kind, ...read(db) }).toEqual({ kind, ...HARDENED });
        // Defensive mode: the schema cannot be written directly.
        expect(() => db.pragma('writable_schema = ON')).not.toThrow();
        expect(() => db.exec(`UPDATE sqlite_master SET sql = 'x' WHERE name = 'Person'`)).toThrow();
      } finally {
        db.close();
      }
    }
    await withOpen(path, options(dir), (workspace) => expect(read(workspace.db)).toEqual(HARDENED));
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('a trigger cannot call load_extension, even in a trusted file', async () => {
    const { dir, path } = fileWith('foreign-load', HOSTILE[2]?.[1] as string);
    const opts = options(dir);
    trustFile(path, opts.migrations, opts.trust);
    const before = readFile<{ n: number }>(path, 'SELECT count(*) AS n FROM "Person"')[0]?.n;
    await withOpen(path, opts, async (workspace) => {
      expect(workspace.health.state).toBe('ok');
      await expect(new PersonService({ workspace }).create({ name: 'Grace Hopper' })).rejects.toThrow();
    });
    expect(readFile<{ n: number }>(path, 'SELECT count(*) AS n FROM "Person"')[0]?.n).toBe(before);
  });
});
