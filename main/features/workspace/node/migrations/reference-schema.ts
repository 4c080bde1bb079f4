// What this build's migrations create (the schema check's reference) and the fold id
// this runtime records, worked out once at build time instead of in every process
// that needs them: applying every migration to an in-memory database costs the first
// open in each process its time on the main thread, and the fold's fingerprint
// (keys/fold-id.ts) a tenth of a second of CPU in every CLI run and worker thread that
// records or compares keys.
//
// scripts/build.mjs calls `buildTimeValues` and embeds the result (precomputed.ts);
// the reference is taken from it only when it was made from the migrations this
// process loaded (their names and checksums), so a bundle run with another migrations
// folder, or built before a migration was added, computes its own.
// test/node/migrations/reference-schema.test.ts holds what is embedded to what
// applying the migrations and folding compute.

import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { openSqlite } from '../../../../kernel/node/sqlite/driver.js';
import { applyInTransaction } from './migrator.js';
import { loadMigrationSet, type MigrationSet } from './migration-set.js';
import { embeddedValues, foldRuntimeKey, type Column, type Precomputed, type ReferenceData, type SchemaObject } from '../precomputed.js';
import { foldFingerprint } from '../keys/fold-id.js';
import { FOLD_VERSION } from '../../common/name-fold.js';

/** Tables whose columns Roster relies on (schema-check.ts compares them). */
export const CHECKED_TABLES = ['Person', 'PersonKeyQueue', 'RosterState', 'PersonTransfer'] as const;

export function readObjects(db: Database.Database): SchemaObject[] {
  return db.prepare('SELECT type, name, tbl_name AS tableName, sql FROM sqlite_master').all() as SchemaObject[];
}

export function readColumns(db: Database.Database, table: string): Column[] {
  const rows = db.prepare(`SELECT name, type, "notnull" AS nn, dflt_value AS dflt, pk FROM pragma_table_info(?)`).all(table) as {
    name: string;
    type: string;
    nn: number | bigint;
    dflt: string | null;
    pk: number | bigint;
  }[];
  return rows.map((row) => ({
    name: row.name,
    type: row.type.toUpperCase(),
    notNull: Number(row.nn) === 1,
    defaultValue: row.dflt,
    primaryKey: Number(row.pk),
  }));
}

/** Names every migration of `set` and its script's checksum: equal keys, equal reference. */
export function migrationsKey(set: MigrationSet): string {
  const hash = createHash('sha256');
  for (const migration of set.migrations) hash.update(`${migration.name}\t${migration.checksum}\n`);
  return hash.digest('hex');
}

/** Applies every migration of `set` to an in-memory database and reads what they made. */
export function computeReference(set: MigrationSet): ReferenceData {
  const db = openSqlite(':memory:');
  try {
    db.exec('BEGIN');
    // Data steps fill rows; only the schema is read here.
    applyInTransaction(db, set.migrations, undefined, undefined, { dataSteps: false });
    db.exec('COMMIT');
    const columns = Object.fromEntries(CHECKED_TABLES.map((table) => [table, readColumns(db, table)]));
    return { objects: readObjects(db), columns };
  } finally {
    db.close();
  }
}

/** The reference for `set`: the embedded one when it was made from these migrations. */
export function referenceData(set: MigrationSet, embedded: Precomputed | null = embeddedValues()): ReferenceData {
  if (embedded !== null && embedded.reference.migrations === migrationsKey(set)) return embedded.reference.data;
  return computeReference(set);
}

/** What scripts/build.mjs embeds: computed here, by the Node running the build. */
export function buildTimeValues(migrationsDir: string): Precomputed {
  const set = loadMigrationSet(migrationsDir);
  return {
    reference: { migrations: migrationsKey(set), data: computeReference(set) },
    fold: { runtime: foldRuntimeKey(FOLD_VERSION), fingerprint: foldFingerprint() },
  };
}
