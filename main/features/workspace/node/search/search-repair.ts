// Search indexes another program left unreadable, rebuilt when a workspace is prepared
// (prepare.ts) instead of failing every command.
//
// Roster's search indexes are FTS5 tables (EXTERNAL_TABLES). FTS5 keeps its settings in
// a shadow table, <index>_config, and refuses to read, write, rebuild or even drop an
// index whose settings it does not know: one row `version = 999` written by another
// tool made every command fail, quick_check included ("invalid fts5 file format").
// SQLite's defensive mode, on for every Roster connection, keeps shadow tables
// read-only, so the index cannot be mended through FTS5 itself. The repair therefore:
//   1. with defensive mode off for those two statements only, replaces the settings
//      with those a new index of Roster's own definition has (the migrations' SQL, run
//      on an in-memory database; never SQL read from the file). No trigger of another
//      program can fire there: SQLite refuses to load a schema with a trigger on a
//      shadow table ("malformed database schema"), so such a file never gets this far;
//   2. empties the index ('delete-all') and marks every row pending
//      (searchPendingFrom = 0): search scans the rows exactly while Roster's catch-up
//      rebuilds the index in the background, as after any other index repair.
// All in one write transaction; an index that still cannot be read after it is
// reported as WORKSPACE_CORRUPT, and nothing is changed.

import type Database from 'better-sqlite3';
import { RosterError } from '../../../../kernel/common/errors.js';
import { openSqlite } from '../../../../kernel/node/sqlite/driver.js';
import { EXTERNAL_TABLES } from '../migrations/external-tables.js';
import type { MigrationSet } from '../migrations/migration-set.js';
import { referenceSchema } from '../schema-check.js';

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Roster's full-text indexes present in this file (the virtual tables among EXTERNAL_TABLES). */
function searchIndexes(db: Database.Database): string[] {
  const names = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'`)
    .pluck()
    .all() as string[];
  return names.filter((name) => EXTERNAL_TABLES.includes(name));
}

/** Why `index` cannot be read (SQLite's message), or null when a query reads it. */
function faultOf(db: Database.Database, index: string): string | null {
  try {
    db.prepare(`SELECT rowid FROM ${quoted(index)} WHERE ${quoted(index)} MATCH '"abc"' LIMIT 1`).get();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The search indexes of this file that cannot be read, with SQLite's reason for each. */
export function unreadableSearchIndexes(db: Database.Database): Map<string, string> {
  const faults = new Map<string, string>();
  for (const index of searchIndexes(db)) {
    const fault = faultOf(db, index);
    if (fault !== null) faults.set(index, fault);
  }
  return faults;
}

/**
 * PRAGMA quick_check of every table but Roster's search indexes (their shadow tables,
 * ordinary b-trees, are checked): for a file whose index cannot be read, which fails
 * the whole-file check before the index can be rebuilt. 'ok', or the first problem.
 */
export function quickCheckBesideSearch(db: Database.Database): unknown {
  const skipped = new Set(searchIndexes(db));
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
  for (const table of tables.filter((name) => !skipped.has(name))) {
    const result: unknown = db.pragma(`quick_check(${quoted(table)})`, { simple: true });
    if (result !== 'ok') return result;
  }
  return 'ok';
}

/** The settings rows (k, v) a new index made by Roster's own definition of `index` starts with. */
function freshSettings(set: MigrationSet, index: string): [unknown, unknown][] {
  const sql = referenceSchema(set).objects.get(index)?.sql;
  if (!sql) throw new Error(`no definition of ${index} in the migrations`);
  const scratch = openSqlite(':memory:');
  try {
    scratch.exec(sql);
    return scratch
      .prepare(`SELECT k, v FROM ${quoted(`${index}_config`)}`)
      .raw()
      .all() as [unknown, unknown][];
  } finally {
    scratch.close();
  }
}

function cannotRepair(index: string, reason: string): RosterError {
  return new RosterError(
    'WORKSPACE_CORRUPT',
    `This workspace's search index was damaged by another program, and Roster could not rebuild it. ` +
      `Open a backup of the file, or copy its people into a new workspace with another tool.`,
    { reason: `${index}: ${reason}` },
  );
}

/**
 * Rebuilds every search index of this file that cannot be read (see the top of this
 * file). Returns the indexes rebuilt, for the open's report; [] when all read fine.
 */
export function repairUnreadableSearchIndexes(db: Database.Database, set: MigrationSet): string[] {
  const faults = unreadableSearchIndexes(db);
  if (faults.size === 0) return [];
  const indexes = [...faults.keys()];
  const settings = new Map(indexes.map((index) => [index, freshSettings(set, index)]));
  db.transaction(() => {
    for (const index of indexes) {
      const config = quoted(`${index}_config`);
      db.unsafeMode(true);
      try {
        db.prepare(`DELETE FROM ${config}`).run();
        const insert = db.prepare(`INSERT INTO ${config} (k, v) VALUES (?, ?)`);
        for (const [k, v] of settings.get(index) ?? []) insert.run(k, v);
      } finally {
        db.unsafeMode(false);
      }
      try {
        db.exec(`INSERT INTO ${quoted(index)} (${quoted(index)}) VALUES ('delete-all')`);
      } catch (error) {
        throw cannotRepair(index, error instanceof Error ? error.message : String(error));
      }
      const still = faultOf(db, index);
      if (still !== null) throw cannotRepair(index, still);
    }
    db.prepare('UPDATE "RosterState" SET "searchPendingFrom" = 0 WHERE "id" = 1').run();
  }).immediate();
  return indexes;
}
