// The hostile files are what they claim to be: each builder's file (after its
// preparation) is checked with plain better-sqlite3 and the file system, so the CLI and
// IPC tiers cannot pass because a builder quietly made a harmless file.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRosterContext, type RosterContext } from '../../../main/app/node/roster-context.js';
import { HOSTILE_CASES, BASE_PEOPLE } from '../../support/hostile-files.js';
import { heavyTestFile } from '../../support/loaded-machine.js';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { makeCurrentFile, makeTempDir, queryFile, REPO_MIGRATIONS, removeTempDirs } from '../../support/workspace-fixtures.js';
import { buildCases, registerCases, type Built } from './hostile-harness.js';

heavyTestFile();

/** Triggers the repository's migrations create (read from a genuine file in beforeAll); any other is foreign. */
let rosterTriggers: string[] = [];

function one<T>(path: string, sql: string): T {
  return queryFile<Record<string, T>>(path, sql).map((row) => Object.values(row)[0] as T)[0] as T;
}

function foreignTriggers(path: string): string[] {
  const names = queryFile<{ name: string }>(path, `SELECT name FROM sqlite_master WHERE type = 'trigger'`).map((row) => row.name);
  return names.filter((name) => !rosterTriggers.includes(name));
}

/** The people a plain SQLite connection sees in a copy of the file with the WAL beside it (what replaying it would show). */
function peopleWithWal(path: string, scratch: string): string[] {
  mkdirSync(scratch);
  const copy = join(scratch, 'copy.roster');
  copyFileSync(path, copy);
  copyFileSync(`${path}-wal`, `${copy}-wal`);
  const db = new Database(copy);
  try {
    return (db.prepare('SELECT "name" FROM "Person" ORDER BY "name"').pluck().all() as string[]).sort();
  } finally {
    db.close();
  }
}

/** The header's read and write versions (offsets 18 and 19) are 1 in rollback-journal mode, 2 in WAL mode. */
function rollbackJournal(path: string): boolean {
  const header = readFileSync(path).subarray(0, 20);
  return header[18] === 1 && header[19] === 1;
}

function openError(path: string): string {
  try {
    const db = new Database(path, { readonly: true });
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      return String(db.pragma('quick_check', { simple: true }));
    } finally {
      db.close();
    }
  } catch (error) {
    return String(error);
  }
}

const CHECKS: Record<string, (path: string, scratch: string) => void> = {
  'trigger with an endless recursive CTE on insert': (path) =>
    expect(one(path, `SELECT sql FROM sqlite_master WHERE name = 'spin'`)).toMatch(/WITH RECURSIVE/),
  'trigger AFTER DELETE ON PersonKeyQueue, with rows queued': (path) => {
    expect(foreignTriggers(path)).toEqual(['drain_spin']);
    expect(one<number>(path, 'SELECT count(*) FROM "PersonKeyQueue"')).toBeGreaterThan(0);
  },
  'trigger calling load_extension': (path) =>
    expect(one(path, `SELECT sql FROM sqlite_master WHERE name = 'ext'`)).toMatch(/load_extension/),
  'trigger calling readfile': (path) => expect(one(path, `SELECT sql FROM sqlite_master WHERE name = 'peek'`)).toMatch(/readfile/),
  'trigger calling writefile': (path) => expect(foreignTriggers(path).sort()).toEqual(['drop_file', 'drop_file_2']),
  'trigger calling fts3_tokenizer': (path) =>
    expect(one(path, `SELECT sql FROM sqlite_master WHERE name = 'tok'`)).toMatch(/fts3_tokenizer/),
  'foreign views and a virtual table no Roster statement touches': (path) => {
    expect(foreignTriggers(path)).toEqual([]);
    expect(queryFile(path, `SELECT name FROM sqlite_master WHERE name IN ('Adults', 'Sneaky', 'Notes') ORDER BY name`)).toHaveLength(3);
  },
  'sqlite_master text of a table carrying extra statements': (path) => expect(openError(path)).toMatch(/malformed database schema/),
  'half-upgraded file whose backup holds crafted schema text': (path) => {
    expect(one(path, `SELECT count(*) FROM "_prisma_migrations" WHERE finished_at IS NULL`)).toBe(1);
  },
  'FTS5 config row with version 999': (path) => expect(one(path, `SELECT v FROM "PersonSearch_config" WHERE k = 'version'`)).toBe(999),
  'FTS5 shadow tables with garbage rows': (path) => {
    const db = new Database(path);
    try {
      expect(() => db.exec(`INSERT INTO "PersonSearch" ("PersonSearch") VALUES ('integrity-check')`)).toThrow();
    } finally {
      db.close();
    }
  },
  'a name stored as a BLOB': (path) => expect(one(path, `SELECT count(*) FROM "Person" WHERE typeof("name") = 'blob'`)).toBe(1),
  'createdAt stored as an integer': (path) => {
    expect(one(path, `SELECT typeof("createdAt") FROM "Person" WHERE "name" = 'Ada Lovelace'`)).toBe('integer');
    expect(foreignTriggers(path)).toEqual([]);
  },
  'a 50 MB name': (path) => expect(one<number>(path, 'SELECT max(length("name")) FROM "Person"')).toBeGreaterThanOrEqual(50 * 1024 * 1024),
  'largest page size and thousands of pages': (path) => {
    expect(one(path, 'PRAGMA page_size')).toBe(65536);
    expect(one<number>(path, 'PRAGMA page_count')).toBeGreaterThan(20);
  },
  'a header claiming two billion pages': (path) => {
    const header = readFileSync(path).subarray(0, 100);
    expect(header.readUInt32BE(28)).toBe(0x7fffffff);
    expect(header.readUInt32BE(92)).toBe(header.readUInt32BE(24));
  },
  'a file cut in the middle of a page': (path) => expect(statSync(path).size % 4096).not.toBe(0),
  'a sparse file with a 128 MB hole at its end': (path) => {
    const stat = statSync(path);
    expect(stat.size).toBeGreaterThan(128 * 1024 * 1024);
    expect(stat.blocks * 512).toBeLessThan(stat.size / 4);
  },
  "another workspace's valid -wal beside a sealed file": (path, scratch) => {
    expect(peopleWithWal(path, scratch)).toEqual(['Mallory Lovelace']);
  },
  'its own stale -wal from before its last clean close': (path, scratch) => {
    const replayed = peopleWithWal(path, scratch);
    expect(replayed).toContain('Old Lovelace');
    expect(replayed).not.toContain('New Lovelace');
  },
  "another database's hot -journal beside a sealed file": (path, scratch) => {
    mkdirSync(scratch);
    const copy = join(scratch, 'copy.roster');
    copyFileSync(path, copy);
    copyFileSync(`${path}-journal`, `${copy}-journal`);
    // Read-write, as any program opens it: SQLite rolls the journal back on the first read.
    const db = new Database(copy);
    try {
      expect(db.prepare('SELECT "name" FROM "Person"').pluck().all()).toEqual(['Changed Lovelace', 'Changed Lovelace']);
    } finally {
      db.close();
    }
  },
  'a known workspace emptied to 0 bytes': (path) => expect(statSync(path).size).toBe(0),
  'a text file named .roster': (path) => expect(readFileSync(path).subarray(0, 15).toString()).not.toBe('SQLite format 3'),
  'a file from a newer Roster': (path) => {
    expect(one(path, `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`)).toMatch(/^2099/);
    expect(rollbackJournal(path)).toBe(true);
  },
  'a half-upgraded file with no backup': (path) => {
    expect(one(path, `SELECT count(*) FROM "_prisma_migrations" WHERE finished_at IS NULL`)).toBe(1);
    expect(rollbackJournal(path)).toBe(true);
  },
  "another program's database": (path) => expect(one(path, `SELECT count(*) FROM sqlite_master WHERE name = 'Person'`)).toBe(0),
};

let built: Built;
let context: RosterContext;
let dataDir: string;

beforeAll(async () => {
  const root = makeTempDir('hostile-builders');
  dataDir = join(root, 'data');
  built = buildCases(join(root, 'files'));
  const reference = join(root, 'reference.roster');
  makeCurrentFile(reference, [], foldName);
  rosterTriggers = queryFile<{ name: string }>(reference, `SELECT name FROM sqlite_master WHERE type = 'trigger'`).map((row) => row.name);
  context = createRosterContext({ dataDir, migrationsDir: REPO_MIGRATIONS });
  await registerCases(context, built);
});

afterAll(async () => {
  await context.close();
  removeTempDirs();
});

describe('hostile files', () => {
  it('every case has a check here', () => {
    expect(HOSTILE_CASES.map((hostile) => hostile.name).filter((name) => !(name in CHECKS))).toEqual([]);
  });

  it.each(HOSTILE_CASES.map((hostile, index) => [hostile.name, index] as const))('%s is what it claims', (name, index) => {
    const item = built.cases[index];
    if (!item) throw new Error(`case ${String(index)} was not built`);
    CHECKS[name]?.(item.file.path, join(item.folder, '..', `scratch-${String(index)}`));
  });

  it('the restore case has a backup, taken by an upgrade, whose schema text hides statements after a NUL', () => {
    const backups = readdirSync(join(dataDir, 'backups')).filter((name) => name.endsWith('.roster-backup'));
    const crafted = backups
      .map((name) => queryFile<{ sql: string }>(join(dataDir, 'backups', name), `SELECT sql FROM sqlite_master WHERE name = 'Extra'`)[0])
      .filter((row) => row?.sql.includes('\u0000; COMMIT; ATTACH'));
    expect(crafted).toHaveLength(1);
  });

  it('the sentinel is a genuine workspace', () => {
    expect(existsSync(built.sentinel)).toBe(true);
    expect(queryFile<{ name: string }>(built.sentinel, 'SELECT "name" FROM "Person"').map((row) => row.name)).toEqual([
      'Sentinel Lovelace',
      'Sentinel Hopper',
    ]);
    expect(BASE_PEOPLE).toContain('Ada Lovelace');
  });
});
