// A `roster` command that adds rows leaves them in the search index before it exits
// (import, copy, move, merge, migrate), and any writing command (update and delete too)
// indexes what another program left pending, with progress on stderr; a catch-up killed
// half-way leaves the rest pending, search stays exact meanwhile, and the next writing
// command completes it.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, jsonOut, runRoster, spawnRoster, type CliOptions } from '../../support/cli.js';
import { heavyTestFile } from '../../support/loaded-machine.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';

// Imports of up to 200,000 rows through the real CLI: see test/support/loaded-machine.ts.
heavyTestFile();

let dir: string;
let options: CliOptions;

beforeAll(() => {
  dir = makeTempDir('cli-searchable');
  options = { dataDir: join(dir, 'data') };
});
afterAll(removeTempDirs);

interface IndexState {
  readonly people: number;
  readonly indexed: number;
  readonly pendingFrom: number | null;
}

function indexState(path: string): IndexState {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string): number => Number(db.prepare(sql).pluck().get());
    const pending = db.prepare('SELECT "searchPendingFrom" FROM "RosterState" WHERE "id" = 1').pluck().get() as number | null;
    return {
      people: count('SELECT count(*) FROM "Person"'),
      indexed: count('SELECT count(*) FROM "PersonSearch_docsize"'),
      pendingFrom: pending === null ? null : Number(pending),
    };
  } finally {
    db.close();
  }
}

function expectCaughtUp(path: string, people: number): void {
  expect(indexState(path)).toEqual({ people, indexed: people, pendingFrom: null });
}

async function roster(args: readonly string[]): Promise<string> {
  const result = await runRoster(args, options);
  expect(result.stderr.split('\n').filter((line) => /^[A-Z_]+ /.test(line))).toEqual([]);
  expect(result.code).toBe(0);
  return result.stderr;
}

async function newWorkspace(name: string, people: readonly string[] = []): Promise<string> {
  const path = join(dir, `${name}.roster`);
  await roster(['workspace', 'create', path]);
  if (people.length > 0) await roster(['people', 'add', path, ...people]);
  return path;
}

function csv(name: string, rows: number, prefix: string): string {
  const path = join(dir, name);
  const lines = ['name'];
  for (let i = 0; i < rows; i++) lines.push(`${prefix} ${i}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** `roster people list --search TERM --json`'s count of people found. */
async function found(path: string, term: string): Promise<number> {
  const result = await runRoster(['people', 'list', path, '--search', term, '--limit', '100000', '--json'], options);
  return jsonOut<unknown[]>(result).length;
}

describe('rows added by the CLI are searchable when it exits', () => {
  it('import: indexed before "Imported", with progress on stderr', async () => {
    const ws = await newWorkspace('import', ['Before']);
    const result = await runRoster(['people', 'import', ws, csv('import.csv', 25_000, 'Imported'), '--progress'], options);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Imported 25,000 people.');
    const progress = result.stderr.split('\n').filter((line) => line.startsWith('Indexing for search '));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)).toBe('Indexing for search 25,000/25,000 (100%)');
    expect(result.stderr.indexOf('Indexing for search')).toBeLessThan(result.stderr.indexOf('Imported 25,000'));
    expectCaughtUp(ws, 25_001);
  });

  it('import --json: progress as JSON lines', async () => {
    const ws = await newWorkspace('import-json');
    const result = await runRoster(['people', 'import', ws, csv('json.csv', 12_000, 'Json'), '--progress', '--json'], options);
    expect(jsonOut(result)).toEqual({ imported: 12_000 });
    const lines = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { progress?: { task: string; done: number; total: number } });
    expect(lines.at(-1)).toEqual({ progress: { task: 'Indexing for search', done: 12_000, total: 12_000 } });
    expectCaughtUp(ws, 12_000);
  });

  it('copy, move and merge: the target is indexed', async () => {
    const source = await newWorkspace('source');
    await roster(['people', 'import', source, csv('source.csv', 15_000, 'Source')]);
    const target = await newWorkspace('target', ['Already Here']);
    await roster(['people', 'copy', source, '--all', '--into', target]);
    expectCaughtUp(target, 15_001);
    await roster(['people', 'move', source, '--search', 'source 1', '--into', target]);
    const moved = 1 + 10 + 100 + 1000 + 5000; // "Source 1", "Source 1x"... of 0 to 14,999
    expectCaughtUp(target, 15_001 + moved);
    expectCaughtUp(source, 15_000 - moved);
    const merged = await newWorkspace('merged');
    await roster(['workspace', 'merge', target, '--into', merged]);
    expectCaughtUp(merged, 15_001 + moved);
  });

  it('migrate: a file whose index another program emptied is indexed again', async () => {
    const ws = await newWorkspace('migrate');
    await roster(['people', 'import', ws, csv('migrate.csv', 8000, 'Migrated')]);
    const db = new Database(ws);
    try {
      db.exec(`INSERT INTO "PersonSearch" ("PersonSearch") VALUES ('delete-all'); UPDATE "RosterState" SET "searchPendingFrom" = 0`);
    } finally {
      db.close();
    }
    expect(indexState(ws)).toEqual({ people: 8000, indexed: 0, pendingFrom: 0 });
    const stderr = await roster(['migrate', ws, '--progress']);
    expect(stderr).toContain('Indexing for search 8,000/8,000 (100%)');
    expectCaughtUp(ws, 8000);
  });
});

describe('rows another program left pending', () => {
  it('are indexed by the next writing command, update and delete included', async () => {
    const ws = await newWorkspace('left-pending');
    await roster(['people', 'import', ws, csv('left-pending.csv', 3000, 'Pending')]);
    const unindex = (): void => {
      const db = new Database(ws);
      try {
        db.exec(`INSERT INTO "PersonSearch" ("PersonSearch") VALUES ('delete-all');
          INSERT INTO "PersonGram" ("PersonGram") VALUES ('delete-all');
          UPDATE "RosterState" SET "searchPendingFrom" = 0`);
      } finally {
        db.close();
      }
    };
    unindex();
    expect(indexState(ws)).toEqual({ people: 3000, indexed: 0, pendingFrom: 0 });
    await roster(['people', 'update', ws, '1', 'Renamed Person']);
    expectCaughtUp(ws, 3000);
    unindex();
    await roster(['people', 'delete', ws, '2', '3']);
    expectCaughtUp(ws, 2998);
    expect(await found(ws, 'renamed')).toBe(1);
  });
});

describe('a catch-up cut off', () => {
  it('killed half-way: search stays exact, and the next writing command completes the index', async () => {
    const ws = await newWorkspace('killed', ['Zoë Before']);
    const rows = 200_000;
    const child = spawnRoster(['people', 'import', ws, csv('killed.csv', rows, 'Killed'), '--progress'], options);
    const done = collect(child);
    await new Promise<void>((resolve) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        // The import has committed; the index is being filled chunk by chunk.
        if (chunk.toString().includes('Indexing for search ')) resolve();
      });
    });
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');

    const cut = indexState(ws);
    expect(cut.people).toBe(rows + 1);
    expect(cut.pendingFrom).not.toBeNull();
    expect(cut.indexed).toBeLessThan(rows + 1);
    // Readers scan what is pending: exact counts whatever the index holds.
    expect(await found(ws, 'killed 19999')).toBe(11);
    expect(await found(ws, 'zoe')).toBe(1);

    // A read does not write; the next command that writes carries on.
    await roster(['people', 'list', ws, '--search', 'killed 7']);
    expect(indexState(ws).pendingFrom).toBe(cut.pendingFrom);
    const stderr = await roster(['people', 'import', ws, csv('after.csv', 10, 'After'), '--progress']);
    // Only what was still pending: the killed run's chunks are not indexed again.
    const rest = (rows + 11 - cut.indexed).toLocaleString('en-US');
    expect(stderr).toContain(`Indexing for search ${rest}/${rest} (100%)`);
    expectCaughtUp(ws, rows + 11);
    expect(await found(ws, 'killed 19999')).toBe(11);
  });
});
