// Compares a workspace file's schema objects with what this build's migrations create,
// so that damage done by other tools is noticed on open: a dropped index or
// trigger, a retyped column, a trigger someone added that writes to Roster's tables.
//
// "What this build expects" is not written down twice: it is what applying every
// migration to an empty database leaves in sqlite_master, worked out when the bundle is
// built, or once per process otherwise (migrations/reference-schema.ts). The check
// itself reads only sqlite_master and three `table_info`s, so it costs well under a
// millisecond and runs on every open.
//
// Verdicts:
//   - repairable: a missing or altered index, trigger, the search index or Roster's
//     bookkeeping tables/row. `repairSchema` recreates them from the reference, and
//     marks what they derive (search index, keys, times) for recomputation, because
//     writes made while a trigger was missing were not seen by it.
//   - refused (WORKSPACE_SCHEMA_CHANGED): a missing or retyped column, a Person table
//     gone, a new NOT NULL column without a default (Roster's inserts would fail), or
//     an unknown trigger that writes to Roster's tables (it would fight the ones here;
//     its SQL is read token by token, see trigger-writes.ts).
//   - tolerated and logged: extra tables, views, indexes, nullable columns, and
//     triggers that only write elsewhere (an audit log, say).

import type Database from 'better-sqlite3';
import { RosterError } from '../../../kernel/common/errors.js';
import type { MigrationSet } from './migrations/migration-set.js';
import { readColumns, readObjects, referenceData } from './migrations/reference-schema.js';
import type { Column, SchemaObject } from './precomputed.js';
import { identifierKey, writtenTables } from './trigger-writes.js';

/** The shape of a stored time Roster writes (Prisma's): the triggers rewrite anything else. */
const CANONICAL_TIME_GLOB = '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]+00:00';

const SEARCH_TABLE = 'PersonSearch';
/** Both search indexes (the trigram one and the short-term one): emptied and refilled together, as searchPendingFrom covers both. */
const INDEX_TABLES = [SEARCH_TABLE, 'PersonGram'] as const;
/**
 * Tables Roster owns, as SQLite compares names: a trigger written by someone else must
 * not write to them. sqlite_sequence too: lowering it would let ids be reused.
 */
const OWN_TABLE_KEYS = new Set(
  ['Person', ...INDEX_TABLES, 'PersonKeyQueue', 'RosterState', 'PersonTransfer', '_prisma_migrations', 'sqlite_sequence'].map(
    identifierKey,
  ),
);

interface Reference {
  readonly objects: ReadonlyMap<string, SchemaObject>;
  readonly columns: ReadonlyMap<string, readonly Column[]>;
}

function objectsByName(objects: readonly SchemaObject[]): Map<string, SchemaObject> {
  return new Map(objects.map((row) => [row.name, row]));
}

const references = new WeakMap<MigrationSet, Reference>();

/** The schema every migration of `set` produces: built at build time when it can be (reference-schema.ts), else once per process. */
export function referenceSchema(set: MigrationSet): Reference {
  let reference = references.get(set);
  if (!reference) {
    const data = referenceData(set);
    reference = { objects: objectsByName(data.objects), columns: new Map(Object.entries(data.columns)) };
    references.set(set, reference);
  }
  return reference;
}

function normalizedSql(sql: string | null): string {
  return (sql ?? '').replace(/\s+/g, ' ').trim();
}

/** Does this trigger write to one of Roster's tables? (FTS5's own tables behind the index: SQLite refuses that itself.) */
function writesToOwnTables(sql: string): boolean {
  return writtenTables(sql).some((table) => OWN_TABLE_KEYS.has(identifierKey(table)));
}

export interface SchemaReport {
  /** Objects to (re)create from the reference: missing or altered indexes and triggers, bookkeeping tables. */
  readonly recreate: readonly string[];
  /** The search index is missing or broken and must be rebuilt from Person. */
  readonly rebuildSearch: boolean;
  /** Writes may have happened without the triggers: requeue every key, recount, and recheck every time. */
  readonly rederive: boolean;
  /** The RosterState row is missing or was left in a state only a bug or another tool leaves. */
  readonly resetState: boolean;
  /** Things that differ but are tolerated, for the log. */
  readonly notes: readonly string[];
}

export function isIntact(report: SchemaReport): boolean {
  return report.recreate.length === 0 && !report.rebuildSearch && !report.rederive && !report.resetState;
}

function changed(message: string, details: Record<string, unknown>): RosterError {
  return new RosterError(
    'WORKSPACE_SCHEMA_CHANGED',
    `Another program changed this workspace's tables in a way Roster cannot repair safely (${message}). ` +
      `Open a backup, or undo that change.`,
    details,
  );
}

function compareColumns(table: string, expected: readonly Column[], actual: readonly Column[], notes: string[]): void {
  if (actual.length === 0) throw changed(`the ${table} table is missing`, { table });
  for (const column of expected) {
    const found = actual.find((c) => c.name === column.name);
    if (!found) throw changed(`${table}.${column.name} was removed`, { table, column: column.name });
    if (found.type !== column.type || found.notNull !== column.notNull || found.primaryKey !== column.primaryKey) {
      throw changed(`${table}.${column.name} was changed to ${found.type}${found.notNull ? ' NOT NULL' : ''}`, {
        table,
        column: column.name,
      });
    }
    if (found.defaultValue !== column.defaultValue)
      notes.push(`${table}.${column.name} has another default (${String(found.defaultValue)})`);
  }
  for (const extra of actual.filter((c) => !expected.some((e) => e.name === c.name))) {
    if (extra.notNull && extra.defaultValue === null) {
      throw changed(`${table}.${extra.name} was added as a required column without a default`, { table, column: extra.name });
    }
    notes.push(`${table}.${extra.name} was added by another program`);
  }
}

/**
 * Reads the file's schema and says what must be repaired. Throws
 * WORKSPACE_SCHEMA_CHANGED for what cannot be repaired safely. Only reads.
 */
export function checkSchema(db: Database.Database, set: MigrationSet): SchemaReport {
  const reference = referenceSchema(set);
  const actual = objectsByName(readObjects(db));
  const notes: string[] = [];
  const recreate: string[] = [];
  let rebuildSearch = false;
  let rederive = false;
  let resetState = false;

  compareColumns('Person', reference.columns.get('Person') ?? [], readColumns(db, 'Person'), notes);
  for (const table of ['PersonKeyQueue', 'RosterState'] as const) {
    if (!actual.has(table)) {
      recreate.push(table);
      rebuildSearch = true;
      rederive = true;
      resetState = true;
    } else {
      compareColumns(table, reference.columns.get(table) ?? [], readColumns(db, table), notes);
    }
  }
  // The move journal (fourth migration): dropped, it comes back empty. What it held was
  // only moves in flight, whose people are still in their source (see transfer/).
  if ((reference.columns.get('PersonTransfer') ?? []).length > 0) {
    if (!actual.has('PersonTransfer')) recreate.push('PersonTransfer');
    else compareColumns('PersonTransfer', reference.columns.get('PersonTransfer') ?? [], readColumns(db, 'PersonTransfer'), notes);
  }

  for (const object of reference.objects.values()) {
    if (object.type === 'index' && object.sql === null) continue; // automatic indexes come with their table
    const found = actual.get(object.name);
    const index = INDEX_TABLES.find((table) => object.name === table || object.name.startsWith(`${table}_`));
    if (index !== undefined) {
      if (!found || (object.name === index && normalizedSql(found.sql) !== normalizedSql(object.sql))) rebuildSearch = true;
      continue;
    }
    if (object.type !== 'index' && object.type !== 'trigger') continue;
    if (!found || normalizedSql(found.sql) !== normalizedSql(object.sql)) {
      recreate.push(object.name);
      if (object.type === 'trigger') {
        rederive = true;
        rebuildSearch = true;
      }
    }
  }

  for (const object of actual.values()) {
    if (reference.objects.has(object.name)) continue;
    if (object.type === 'trigger') {
      if (writesToOwnTables(object.sql ?? '')) {
        throw changed(`an unknown trigger "${object.name}" writes to Roster's tables`, { trigger: object.name });
      }
      notes.push(`trigger "${object.name}" was added by another program`);
    } else if (!object.name.startsWith('sqlite_')) {
      notes.push(`${object.type} "${object.name}" was added by another program`);
    }
  }

  if (actual.has('RosterState') && !resetState) {
    const state = db.prepare('SELECT "writer" FROM "RosterState" WHERE "id" = 1').get() as { writer: number | bigint } | undefined;
    if (!state || Number(state.writer) !== 0) {
      // A committed writer flag would have hidden other tools' writes from the queue.
      resetState = true;
      rederive = true;
      if (!state) rebuildSearch = true;
    }
  }
  return { recreate, rebuildSearch, rederive, resetState, notes };
}

/**
 * Repairs what `checkSchema` reported, in one write transaction. Writes made while
 * triggers were missing are caught up by queueing every key for refolding, rewriting
 * non-canonical times through the (recreated) time trigger, and rebuilding the search
 * index in the background (searchPendingFrom = 0: search scans every row meanwhile).
 */
export function repairSchema(db: Database.Database, set: MigrationSet, report: SchemaReport): void {
  const reference = referenceSchema(set);
  const run = db.transaction(() => {
    const ordered = [...report.recreate].sort((a, b) => order(reference, a) - order(reference, b));
    for (const name of ordered) {
      const object = reference.objects.get(name);
      if (!object?.sql) continue;
      const kind = object.type === 'table' ? 'TABLE' : object.type === 'index' ? 'INDEX' : 'TRIGGER';
      db.exec(`DROP ${kind} IF EXISTS "${name}"`);
      db.exec(object.sql);
    }
    if (report.resetState) {
      db.prepare('DELETE FROM "RosterState"').run();
      db.prepare(
        `INSERT INTO "RosterState" ("id", "writer", "searchPendingFrom", "foldVersion", "personCount") ` +
          `VALUES (1, 0, 0, '', (SELECT count(*) FROM "Person"))`,
      ).run();
    }
    if (report.rebuildSearch) {
      for (const table of INDEX_TABLES) {
        const search = reference.objects.get(table);
        const present = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).get(table) !== undefined;
        if (present) {
          try {
            db.exec(`INSERT INTO "${table}" ("${table}") VALUES ('delete-all')`);
          } catch {
            db.exec(`DROP TABLE "${table}"`);
          }
        }
        const stillThere = db.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).pluck().get(table) as string | undefined;
        if (stillThere === undefined || normalizedSql(stillThere) !== normalizedSql(search?.sql ?? null)) {
          if (stillThere !== undefined) db.exec(`DROP TABLE "${table}"`);
          if (search?.sql) db.exec(search.sql);
        }
      }
      db.prepare('UPDATE "RosterState" SET "searchPendingFrom" = 0 WHERE "id" = 1').run();
    }
    if (report.rederive) {
      db.prepare('INSERT OR IGNORE INTO "PersonKeyQueue" ("personId") SELECT "id" FROM "Person"').run();
      db.prepare('UPDATE "RosterState" SET "personCount" = (SELECT count(*) FROM "Person") WHERE "id" = 1').run();
      // Rewritten by the time trigger, which turns any other form into Prisma's.
      db.prepare(
        `UPDATE "Person" SET "createdAt" = "createdAt"
          WHERE typeof("createdAt") != 'text' OR typeof("updatedAt") != 'text'
             OR "createdAt" NOT GLOB ? OR "updatedAt" NOT GLOB ?`,
      ).run(CANONICAL_TIME_GLOB, CANONICAL_TIME_GLOB);
    }
  });
  run.immediate();
}

/** Tables before indexes before triggers, so each finds what it refers to. */
function order(reference: Reference, name: string): number {
  const type = reference.objects.get(name)?.type;
  return type === 'table' ? 0 : type === 'index' ? 1 : 2;
}
