// What other SQLite tools write, Roster reads right: rows written with raw SQL
// and the schema's own defaults, SQLAlchemy's and ISO times, epoch numbers, rows with
// no key or a wrong key, renames that forget the key. Then list, sort, page both ways,
// search and export; and schema damage: what is repaired, what is refused.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import type { PersonDto } from '../../../main/features/people/common/people-contract.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { InlineTaskRunner } from '../../../main/kernel/node/tasks/inline-runner.js';
import { catchUpSearchTask } from '../../../main/features/workspace/node/search/search-catch-up.js';
import { integrityTask } from '../../../main/features/workspace/node/integrity-check.js';
import { WorkspaceConnections } from '../../../main/features/workspace/node/workspace-connections.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import { trustFile } from '../../../main/features/workspace/node/foreign-objects.js';
import { MemoryTrustStore } from '../../../main/features/workspace/node/seals.js';
import { jsonOut, runRoster } from '../../support/cli.js';
import {
  expectRosterError,
  makeCurrentFile,
  makeTempDir,
  openOptions,
  queryFile,
  removeTempDirs,
  repoMigrations,
  sha256OfFile,
} from '../../support/workspace-fixtures.js';
import { listQuery } from '../../support/people-fixtures.js';

afterAll(removeTempDirs);

const savedTz = process.env['TZ'];
afterEach(() => {
  if (savedTz === undefined) delete process.env['TZ'];
  else process.env['TZ'] = savedTz;
});

function withRaw<T>(path: string, task: (db: Database.Database) => T): T {
  const db = new Database(path, { timeout: 5000 });
  try {
    return task(db);
  } finally {
    db.close();
  }
}

/** A workspace made by Roster, then 1,200 rows written by "other tools" in every time format. */
function mixedFile(dir: string): string {
  const path = join(dir, 'mixed.roster');
  makeCurrentFile(path, ['Roster Row'], foldName);
  withRaw(path, (db) => {
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
             INSERT INTO "Person" ("name") SELECT 'Shell ' || i FROM n`); // sqlite3 shell: only a name
    const sqlalchemy = db.prepare('INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)');
    for (let i = 1; i <= 300; i++) {
      const stamp = `2026-11-24 09:${String(i % 60).padStart(2, '0')}:04.887000`;
      sqlalchemy.run(`Alchemy ${i}`, `alchemy ${i}`, stamp, stamp);
    }
    for (let i = 1; i <= 300; i++)
      sqlalchemy.run(`Offset ${i}`, `offset ${i}`, `2026-11-24T10:00:${String(i % 60).padStart(2, '0')}-05:00`, '2026-11-24T10:00:00Z');
    for (let i = 1; i <= 300; i++) sqlalchemy.run(`Epoch ${i}`, `epoch ${i}`, 1_700_000_000 + i, 1_700_000_000_000 + i);
  });
  return path;
}

async function listAll(
  people: PersonService,
  query: { sort: 'name' | 'created'; direction: 'asc' | 'desc'; search?: string },
): Promise<PersonDto[]> {
  const out: PersonDto[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await people.list({ ...query, limit: 250, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    if (!page.nextCursor) return out;
    expect(page.nextCursor).not.toBe(cursor);
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

describe('times and keys written by other tools', () => {
  it('every stored time is Prisma’s UTC form, whatever wrote it; listing reads them as UTC in any time zone', async () => {
    const dir = makeTempDir('outside');
    const path = mixedFile(dir);
    const stored = queryFile<{ createdAt: string; updatedAt: string }>(path, 'SELECT "createdAt", "updatedAt" FROM "Person"');
    for (const row of stored) {
      expect(row.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
      expect(row.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    }
    const one = (name: string) =>
      queryFile<{ createdAt: string; updatedAt: string }>(path, 'SELECT "createdAt", "updatedAt" FROM "Person" WHERE name = ?', name)[0];
    expect(one('Alchemy 1')).toEqual({ createdAt: '2026-11-24T09:01:04.887+00:00', updatedAt: '2026-11-24T09:01:04.887+00:00' });
    // Written with updatedAt before createdAt: put in order (updatedAt = createdAt) by the file's trigger.
    expect(one('Offset 1')).toEqual({ createdAt: '2026-11-24T15:00:01.000+00:00', updatedAt: '2026-11-24T15:00:01.000+00:00' });
    expect(one('Epoch 1')).toEqual({ createdAt: '2023-11-14T22:13:21.000+00:00', updatedAt: '2023-11-14T22:13:21.000+00:00' });

    process.env['TZ'] = 'America/New_York';
    const workspace = await openWorkspaceFile(path, openOptions(dir));
    try {
      const people = new PersonService({ workspace });
      const alchemy = (await people.list(listQuery({ search: 'alchemy 1', limit: 1 }))).items[0];
      expect(alchemy?.createdAt).toBe('2026-11-24T09:01:04.887Z');
      // The Prisma path (get) agrees with the SQL path (list).
      expect((await people.get({ id: alchemy?.id as number })).createdAt).toBe(alchemy?.createdAt);
    } finally {
      await workspace.close();
    }
  });

  it(
    '1,201 rows in mixed formats page by creation in both directions: ' + 'none skipped, none repeated, in time order; the CLI agrees',
    async () => {
      const dir = makeTempDir('outside');
      const path = mixedFile(dir);
      const workspace = await openWorkspaceFile(path, openOptions(dir));
      try {
        const people = new PersonService({ workspace });
        const total = await people.count();
        expect(total).toBe(1201);
        for (const direction of ['asc', 'desc'] as const) {
          const listed = await listAll(people, { sort: 'created', direction });
          expect(listed).toHaveLength(total);
          expect(new Set(listed.map((p) => p.id)).size).toBe(total);
          const times = listed.map((p) => `${p.createdAt}#${String(p.id).padStart(8, '0')}`);
          expect(times).toEqual([...times].sort((a, b) => (direction === 'asc' ? a.localeCompare(b) : b.localeCompare(a))));
        }
      } finally {
        await workspace.close();
      }
      const data = { dataDir: join(dir, 'data') };
      for (const extra of [[], ['--desc']]) {
        const listed = jsonOut<PersonDto[]>(
          await runRoster(['people', 'list', '--workspace', path, '--sort', 'created', '--json', ...extra], data),
        );
        expect(listed).toHaveLength(1201);
      }
    },
  );
});

describe('times and keys written by other tools: keys, the stored count, export', () => {
  it('rows with no key, or a wrong one, get the folded key: at the next open (CLI), and within a second while open (app)', async () => {
    const dir = makeTempDir('outside');
    const path = join(dir, 'keys.roster');
    makeCurrentFile(path, ['Ada'], foldName);
    withRaw(path, (db) => {
      db.prepare(`INSERT INTO "Person" ("name") VALUES ('Émile Zola')`).run();
      db.prepare(`INSERT INTO "Person" ("name", "nameKey") VALUES ('Straße', 'straße')`).run(); // Python's lower()
    });
    // SQL gives a provisional key at once (SQLite's lower() is ASCII-only); Roster's fold
    // finishes it.
    expect(queryFile(path, `SELECT "nameKey" FROM "Person" WHERE name = 'Émile Zola'`)).toEqual([{ nameKey: 'Émile zola' }]);
    const cli = jsonOut<PersonDto[]>(
      await runRoster(['people', 'list', '--workspace', path, '--search', 'emile', '--json'], { dataDir: join(dir, 'data') }),
    );
    expect(cli.map((p) => p.name)).toEqual(['Émile Zola']);
    expect(queryFile(path, 'SELECT name, "nameKey" FROM "Person" ORDER BY id')).toEqual([
      { name: 'Ada', nameKey: 'ada' },
      { name: 'Émile Zola', nameKey: 'emile zola' },
      { name: 'Straße', nameKey: 'strasse' },
    ]);
    expect(queryFile(path, 'SELECT count(*) AS n FROM "PersonKeyQueue"')).toEqual([{ n: 0 }]);

    // While open with background upkeep (as in the app): a rename by another tool
    // that forgets the key is folded within a second, and its updatedAt is stamped.
    const connections = new WorkspaceConnections({ ...openOptions(dir), background: true });
    const lease = await connections.acquire(path);
    try {
      const people = new PersonService(lease);
      const stopListening = lease.workspace.changes.subscribe(() => undefined); // a window is looking
      const before = (await people.get({ id: 1 })).updatedAt;
      const started = performance.now();
      withRaw(path, (db) => db.prepare(`UPDATE "Person" SET "name" = 'Łukasz Ğüner' WHERE id = 1`).run());
      let found: PersonDto[] = [];
      while (performance.now() - started < 1000 && found.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        found = (await people.list(listQuery({ search: 'lukasz guner' }))).items;
      }
      const elapsed = performance.now() - started;
      console.log(`[figure] rename by another tool → found by search: ${elapsed.toFixed(0)} ms`);
      expect(found.map((p) => p.id)).toEqual([1]);
      expect(found[0]?.updatedAt).not.toBe(before);
      stopListening();
    } finally {
      await lease.release();
      await connections.closeAll();
    }
  });

  it('the stored count (one page read on open) stays exact whoever inserts and deletes, and a wrong one is found and fixed', async () => {
    const dir = makeTempDir('count');
    const path = mixedFile(dir);
    withRaw(path, (db) => db.exec(`DELETE FROM "Person" WHERE name LIKE 'Shell 1%'`));
    const stored = (): number => queryFile<{ n: number }>(path, 'SELECT "personCount" AS n FROM "RosterState"')[0]?.n as number;
    const actual = (): number => queryFile<{ n: number }>(path, 'SELECT count(*) AS n FROM "Person"')[0]?.n as number;
    expect(stored()).toBe(actual());
    const connections = new WorkspaceConnections(openOptions(dir));
    const lease = await connections.acquire(path);
    const people = new PersonService(lease);
    await people.insertValidated(['Bulk One', 'Bulk Two']);
    await people.create({ name: 'Single' });
    await people.delete({ ids: [1] });
    expect(await people.count()).toBe(actual());
    await connections.closeAll();
    expect(stored()).toBe(actual());
    // A count another program broke is noticed by the background check and recounted.
    withRaw(path, (db) => db.exec('UPDATE "RosterState" SET "personCount" = 5'));
    const tasks = new InlineTaskRunner();
    expect(await tasks.run(integrityTask, { path })).toMatchObject({ ok: true, countInStep: false });
    await tasks.run(catchUpSearchTask, { path, recount: true });
    expect(stored()).toBe(actual());
  });

  it('export writes what the other tools wrote, in UTC', async () => {
    const dir = makeTempDir('outside');
    const path = mixedFile(dir);
    const out = join(dir, 'out.json');
    const result = await runRoster(['people', 'export', '--workspace', path, '--format', 'json', '--out', out], {
      dataDir: join(dir, 'data'),
    });
    expect(result.code, result.stderr).toBe(0);
    const exported = JSON.parse(readFileSync(out, 'utf8')) as PersonDto[];
    expect(exported).toHaveLength(1201);
    expect(exported.find((p) => p.name === 'Offset 1')?.createdAt).toBe('2026-11-24T15:00:01.000Z');
  });
});

/** `sqlite3 FILE .dump` (Debian's shell: schema and every row), without the lines that create `index`. */
function dumpWithout(path: string, index: string): string[] {
  return execFileSync('sqlite3', [path, '.dump'], { encoding: 'utf8', maxBuffer: 1 << 26 })
    .split('\n')
    .filter((line) => !line.includes(`"${index}"`));
}

/** What DB Browser for SQLite does to change a column: rebuild the table (its triggers go with the old one). */
function rebuildPerson(columns: string, copied: string): string {
  return `PRAGMA foreign_keys = OFF; BEGIN;
      CREATE TABLE "new_Person" (${columns});
      INSERT INTO "new_Person" SELECT ${copied} FROM "Person";
      DROP TABLE "Person";
      ALTER TABLE "new_Person" RENAME TO "Person";
      COMMIT;`;
}

describe('schema damage done by other tools', () => {
  it('a dropped index is recreated on open (and logged); the rest of the file is unchanged', async () => {
    const dir = makeTempDir('damage');
    const path = join(dir, 'no-index.roster');
    makeCurrentFile(path, ['Ada', 'Grace'], foldName);
    makeCurrentFile(join(dir, 'reference.roster'), [], foldName); // the index as the migrations create it
    const before = dumpWithout(path, 'Person_nameKey_id_idx');
    // Two people, the state row, a history row per migration.
    expect(before.filter((line) => /^INSERT INTO "?(Person|RosterState|_prisma_migrations)"? /.test(line))).toHaveLength(
      2 + 1 + repoMigrations().migrations.length,
    );
    withRaw(path, (db) => db.exec('DROP INDEX "Person_nameKey_id_idx"'));
    expect(dumpWithout(path, 'Person_nameKey_id_idx')).toEqual(before);
    const logs: string[] = [];
    const workspace = await openWorkspaceFile(path, { ...openOptions(dir), log: (_level, message) => logs.push(message) });
    try {
      expect(workspace.repaired).toContain('Person_nameKey_id_idx');
      expect(logs.some((line) => line.includes('repaired') && line.includes('Person_nameKey_id_idx'))).toBe(true);
      expect(workspace.db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'Person_nameKey_id_idx'`).pluck().get()).toBe(1n);
      expect(workspace.db.prepare('SELECT name FROM "Person" ORDER BY id').pluck().all()).toEqual(['Ada', 'Grace']);
    } finally {
      await workspace.close();
    }
    // Every other table, index, trigger and row (the search index's too) as it was.
    expect(dumpWithout(path, 'Person_nameKey_id_idx')).toEqual(before);
    expect(queryFile(path, `SELECT sql FROM sqlite_master WHERE name = 'Person_nameKey_id_idx'`)).toEqual(
      queryFile(join(dir, 'reference.roster'), `SELECT sql FROM sqlite_master WHERE name = 'Person_nameKey_id_idx'`),
    );
  });

  it('a dropped trigger is recreated, and what it would have done meanwhile is redone: keys, times, search', async () => {
    const dir = makeTempDir('damage');
    const path = join(dir, 'no-trigger.roster');
    makeCurrentFile(path, ['Ada'], foldName);
    withRaw(path, (db) => {
      db.exec('DROP TRIGGER "Person_after_insert"');
      db.prepare(
        `INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") ` +
          `VALUES ('Zoë', '', '2026-01-02 03:04:05', '2026-01-02 03:04:05')`,
      ).run();
    });
    const workspace = await openWorkspaceFile(path, openOptions(dir));
    try {
      expect(workspace.repaired).toContain('Person_after_insert');
      const people = new PersonService({ workspace });
      expect((await people.list(listQuery({ search: 'zoe' }))).items.map((p) => p.name)).toEqual(['Zoë']);
      expect(workspace.db.prepare(`SELECT "createdAt" FROM "Person" WHERE name = 'Zoë'`).pluck().get()).toBe(
        '2026-01-02T03:04:05.000+00:00',
      );
    } finally {
      await workspace.close();
    }
  });
});

describe('schema damage done by other tools: rebuilt tables and additions', () => {
  it.each([
    [
      'a dropped column',
      rebuildPerson(
        `"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL, ` +
          `"nameKey" TEXT NOT NULL DEFAULT '', "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP`,
        '"id", "name", "nameKey", "createdAt"',
      ),
    ],
    [
      'a retyped column',
      rebuildPerson(
        `"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "name" BLOB NOT NULL, "nameKey" TEXT NOT NULL DEFAULT '', ` +
          `"createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP`,
        '*',
      ),
    ],
    [
      'a new required column without a default',
      rebuildPerson(
        `"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL, ` +
          `"nameKey" TEXT NOT NULL DEFAULT '', "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, ` +
          `"updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "email" TEXT NOT NULL`,
        `*, 'a@b.c'`,
      ),
    ],
    [
      'an unknown trigger that writes to Person',
      `CREATE TRIGGER "sneaky" AFTER INSERT ON "Person" BEGIN UPDATE "Person" SET "name" = upper(NEW."name") WHERE id = NEW.id; END;`,
    ],
  ])('%s is refused with WORKSPACE_SCHEMA_CHANGED, and the file is left as it was', async (_label, damage) => {
    const dir = makeTempDir('damage');
    const path = join(dir, 'changed.roster');
    makeCurrentFile(path, ['Ada'], foldName);
    withRaw(path, (db) => db.exec(damage));
    const before = sha256OfFile(path);
    const error = await expectRosterError(openWorkspaceFile(path, openOptions(dir)), 'WORKSPACE_SCHEMA_CHANGED');
    expect(error.message).toMatch(/cannot repair safely/);
    expect(sha256OfFile(path)).toBe(before);
  });

  it('tolerates what another tool may add: a nullable column, an index, a table, an audit trigger writing elsewhere', async () => {
    const dir = makeTempDir('damage');
    const path = join(dir, 'added.roster');
    makeCurrentFile(path, ['Ada'], foldName);
    withRaw(path, (db) =>
      db.exec(`ALTER TABLE "Person" ADD COLUMN "email" TEXT;
               CREATE INDEX "by_email" ON "Person"("email");
               CREATE TABLE "AuditLog" ("at" TEXT, "what" TEXT);
               CREATE TRIGGER "audit" AFTER INSERT ON "Person" BEGIN INSERT INTO "AuditLog" VALUES (datetime('now'), NEW.name); END;`),
    );
    // A trigger on Person runs on Roster's writes only once the person trusts it (foreign-objects.test.ts).
    const trust = new MemoryTrustStore();
    trustFile(path, repoMigrations(), trust);
    const workspace = await openWorkspaceFile(path, { ...openOptions(dir), trust });
    try {
      const people = new PersonService({ workspace });
      await people.create({ name: 'Grace' });
      expect(workspace.db.prepare('SELECT "what" FROM "AuditLog"').pluck().all()).toEqual(['Grace']);
      expect(workspace.repaired).toEqual([]);
    } finally {
      await workspace.close();
    }
  });
});
