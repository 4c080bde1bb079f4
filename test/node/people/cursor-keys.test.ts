// Keyset paging over any key a file can hold: paging must never skip, repeat or
// loop. The rows are written the way another tool writes them (Debian's sqlite3
// shell), and the keys are the awkward ones: empty, thousands of characters, a name
// Roster itself accepts that folds to 4,608 characters, and keys too long to carry in
// a cursor at all. Every case is walked in both directions across page boundaries, by
// the service and by `roster people list`, and compared with SQLite's own ORDER BY.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import type { PersonDto, SortDirection, SortKey } from '../../../main/features/people/common/people-contract.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { openWorkspaceFile, type OpenedWorkspace } from '../../../main/features/workspace/node/workspace-file.js';
import { jsonOut, runRoster } from '../../support/cli.js';
import { expectCode, listQuery } from '../../support/people-fixtures.js';
import { makeCurrentFile, makeTempDir, openOptions, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

const ORDERS: readonly [SortKey, SortDirection][] = [
  ['name', 'asc'],
  ['name', 'desc'],
  ['created', 'asc'],
  ['created', 'desc'],
];

function shell(path: string, sql: string): void {
  execFileSync('sqlite3', [path, sql]);
}

/** A current workspace with rows written by the sqlite3 shell. */
function fileWith(label: string, sql: string): { dir: string; path: string } {
  const dir = makeTempDir(label);
  const path = join(dir, `${label}.roster`);
  makeCurrentFile(path, [], foldName);
  shell(path, sql);
  return { dir, path };
}

/** The ids in SQLite's own order for this sort: what every walk must produce. */
function expectedIds(db: Database.Database, sort: SortKey, direction: SortDirection): number[] {
  const column = sort === 'name' ? '"nameKey"' : '"createdAt"';
  const dir = direction === 'asc' ? 'ASC' : 'DESC';
  return db.prepare(`SELECT "id" FROM "Person" ORDER BY ${column} ${dir}, "id" ${dir}`).pluck().safeIntegers(false).all() as number[];
}

/** Walks every page with cursors; fails on a repeated cursor or a page that adds nothing. */
async function walk(people: PersonService, sort: SortKey, direction: SortDirection, limit: number): Promise<number[]> {
  const ids: number[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await people.list({ sort, direction, limit, ...(cursor === undefined ? {} : { cursor }) });
    ids.push(...page.items.map((person) => person.id));
    if (page.nextCursor === null) return ids;
    expect(page.items.length).toBe(limit);
    expect(seen.has(page.nextCursor)).toBe(false);
    seen.add(page.nextCursor);
    cursor = page.nextCursor;
  }
}

async function withWorkspace<T>(
  dir: string,
  path: string,
  task: (workspace: OpenedWorkspace, people: PersonService) => Promise<T>,
): Promise<T> {
  const workspace = await openWorkspaceFile(path, openOptions(dir));
  try {
    return await task(workspace, new PersonService({ workspace }));
  } finally {
    await workspace.close();
  }
}

async function expectEveryWalk(dir: string, path: string, limits: readonly number[]): Promise<void> {
  await withWorkspace(dir, path, async (workspace, people) => {
    for (const [sort, direction] of ORDERS) {
      const expected = expectedIds(workspace.db, sort, direction);
      for (const limit of limits) expect(await walk(people, sort, direction, limit), `${sort} ${direction} by ${limit}`).toEqual(expected);
    }
  });
}

async function expectCliLists(dir: string, path: string): Promise<void> {
  const expected = new Map<string, number[]>();
  await withWorkspace(dir, path, async (workspace) => {
    for (const [sort, direction] of ORDERS) expected.set(`${sort} ${direction}`, expectedIds(workspace.db, sort, direction));
  });
  for (const [sort, direction] of ORDERS) {
    const args = ['people', 'list', '--workspace', path, '--sort', sort, '--json', ...(direction === 'desc' ? ['--desc'] : [])];
    const listed = jsonOut<PersonDto[]>(await runRoster(args, { dataDir: join(dir, 'data') }));
    expect(
      listed.map((person) => person.id),
      `roster people list --sort ${sort} ${direction}`,
    ).toEqual(expected.get(`${sort} ${direction}`));
  }
}

const ROWS_1200 = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)`;

describe('cursor paging over keys other tools store', () => {
  it('1,200 rows with an empty name (and so an empty key): every row once, both ways, by name and by creation', async () => {
    const { dir, path } = fileWith('empty', `${ROWS_1200} INSERT INTO Person(name) SELECT '' FROM n`);
    await expectEveryWalk(dir, path, [1, 7, 100, 1000]);
    await expectCliLists(dir, path);
  });

  it('1,200 rows with 2,000-character names that differ only at the end', async () => {
    const { dir, path } = fileWith('long', `${ROWS_1200} INSERT INTO Person(name) SELECT printf('%.*c %04d', 2000, 'x', 1201 - i) FROM n`);
    await expectEveryWalk(dir, path, [99, 1000]);
    await expectCliLists(dir, path);
  });

  it('a name Roster accepts that folds to 4,608 characters (256 × ﷺ), on the page boundary in both directions', async () => {
    const dir = makeTempDir('ligature');
    const path = join(dir, 'ligature.roster');
    makeCurrentFile(path, [], foldName);
    // 999 keys before it and 999 after: it ends the first page of 1,000 either way.
    shell(
      path,
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 999) ` +
        `INSERT INTO Person(name) SELECT printf('A %04d', i) FROM n`,
    );
    const added = await runRoster(['people', 'add', '--workspace', path, '--json', 'ﷺ'.repeat(256)], { dataDir: join(dir, 'data') });
    const [ligature] = jsonOut<PersonDto[]>(added);
    expect(foldName(ligature?.name ?? '')).toHaveLength(4608);
    shell(
      path,
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 999) ` +
        `INSERT INTO Person(name) SELECT printf('中 %04d', i) FROM n`,
    );
    await withWorkspace(dir, path, async (workspace) => {
      expect(expectedIds(workspace.db, 'name', 'asc')[999]).toBe(ligature?.id);
      expect(expectedIds(workspace.db, 'name', 'desc')[999]).toBe(ligature?.id);
    });
    await expectEveryWalk(dir, path, [1000, 500]);
    await expectCliLists(dir, path);
  });

  it('keys too long to carry in a cursor (20,000 characters) still page exactly, both ways', async () => {
    const { dir, path } = fileWith(
      'huge',
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250) ` +
        `INSERT INTO Person(name) SELECT printf('%.*c %03d', 20000, 'y', (i * 37) % 250) FROM n`,
    );
    await withWorkspace(dir, path, async (_workspace, people) => {
      const first = await people.list(listQuery({ limit: 100 }));
      expect(first.nextCursor).not.toBeNull();
      expect((first.nextCursor ?? '').length).toBeLessThan(1000);
    });
    await expectEveryWalk(dir, path, [100]);
    await expectCliLists(dir, path);
  });
});

describe('the row a page ended at changes before the next page', () => {
  it('deleted or renamed: the next page starts where the last one ended, none skipped, none repeated', async () => {
    const { dir, path } = fileWith('moving', `${ROWS_1200} INSERT INTO Person(name) SELECT printf('%.*c %04d', 1500, 'z', i) FROM n`);
    await withWorkspace(dir, path, async (workspace, people) => {
      for (const direction of ['asc', 'desc'] as const) {
        const expected = expectedIds(workspace.db, 'name', direction);
        const first = await people.list(listQuery({ direction, limit: 100 }));
        const boundary = first.items.at(-1)?.id as number;
        const other = new Database(path, { timeout: 5000 });
        try {
          // Another program deletes the last row shown, and renames the row before it to sort last.
          other.prepare('DELETE FROM "Person" WHERE "id" = ?').run(boundary);
          other.prepare(`UPDATE "Person" SET "name" = 'zzzz' WHERE "id" = ?`).run(first.items.at(-2)?.id);
        } finally {
          other.close();
        }
        const second = await people.list(listQuery({ direction, limit: 100, cursor: first.nextCursor as string }));
        expect(second.items.map((person) => person.id)).toEqual(expected.slice(100, 200));
        // Put the file back for the other direction.
        const restore = new Database(path, { timeout: 5000 });
        try {
          restore.prepare('INSERT INTO "Person" ("id", "name") VALUES (?, ?)').run(boundary, first.items.at(-1)?.name);
          restore.prepare('UPDATE "Person" SET "name" = ? WHERE "id" = ?').run(first.items.at(-2)?.name, first.items.at(-2)?.id);
        } finally {
          restore.close();
        }
      }
    });
  });

  it('a key too long to carry: the next page refuses plainly (INVALID_QUERY) instead of guessing', async () => {
    const { dir, path } = fileWith(
      'huge-moving',
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30) ` +
        `INSERT INTO Person(name) SELECT printf('%.*c %03d', 20000, 'y', i) FROM n`,
    );
    await withWorkspace(dir, path, async (_workspace, people) => {
      const first = await people.list(listQuery({ limit: 10 }));
      const other = new Database(path, { timeout: 5000 });
      try {
        other.prepare('DELETE FROM "Person" WHERE "id" = ?').run(first.items.at(-1)?.id);
      } finally {
        other.close();
      }
      const error = await expectCode(people.list(listQuery({ limit: 10, cursor: first.nextCursor as string })), 'INVALID_QUERY');
      expect(error.message).toMatch(/start again/);
    });
  });
});
