// The `_prisma_migrations` table, kept exactly as Prisma's schema engine keeps it on
// SQLite (same DDL, same value formats), so that `prisma migrate status` and the
// schema engine's diagnoseMigrationHistory see a Roster file as up to date. The
// formats were read off a file migrated by @prisma/schema-engine-wasm; the test
// test/node/migrations/prisma-compat.test.ts keeps us honest.

import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Migration } from './migration-set.js';

const HISTORY_TABLE = '_prisma_migrations';

// Byte-for-byte the statement Prisma's engine runs (whitespace included), so the
// stored `sql` in sqlite_master matches a file migrated by Prisma itself.
export const HISTORY_TABLE_DDL = `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export interface HistoryRow {
  readonly id: string;
  readonly checksum: string;
  readonly migrationName: string;
  readonly finishedAt: string | null;
  readonly rolledBackAt: string | null;
  readonly logs: string | null;
}

/** Prisma writes timestamps as RFC 3339 with milliseconds and an explicit +00:00. */
export function prismaTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace('Z', '+00:00');
}

/** A schema name to put in SQL: "main", or the plain name a backup was attached under. */
function schemaName(schema: string): string {
  if (!/^[a-z_]+$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
  return schema;
}

/** `schema` is "main", or the name a backup was attached under (recovery reads a backup's history that way). */
function hasHistoryTable(db: Database.Database, schema = 'main'): boolean {
  return (
    db
      .prepare(`SELECT 1 FROM "${schemaName(schema)}".sqlite_master WHERE type = 'table' AND name = ?`)
      .pluck()
      .get(HISTORY_TABLE) !== undefined
  );
}

export function readHistory(db: Database.Database, schema = 'main'): HistoryRow[] {
  if (!hasHistoryTable(db, schema)) return [];
  const rows = db
    .prepare(
      `SELECT id, checksum, migration_name, finished_at, rolled_back_at, logs
         FROM "${schemaName(schema)}"."_prisma_migrations" ORDER BY started_at, migration_name`,
    )
    .all() as {
    id: string;
    checksum: string;
    migration_name: string;
    finished_at: unknown;
    rolled_back_at: unknown;
    logs: string | null;
  }[];
  return rows.map((row) => ({
    id: row.id,
    checksum: row.checksum,
    migrationName: row.migration_name,
    finishedAt: row.finished_at === null ? null : String(row.finished_at),
    rolledBackAt: row.rolled_back_at === null ? null : String(row.rolled_back_at),
    logs: row.logs,
  }));
}

export function ensureHistoryTable(db: Database.Database): void {
  if (!hasHistoryTable(db)) db.exec(HISTORY_TABLE_DDL);
}

/** Step 1 of applying a migration: the row exists, unfinished, before the script runs. */
export function recordStarted(db: Database.Database, migration: Migration, now: Date = new Date()): string {
  const id = randomUUID();
  db.prepare(
    `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
     VALUES (?, ?, NULL, ?, NULL, NULL, ?, 0)`,
  ).run(id, migration.checksum, migration.name, prismaTimestamp(now));
  return id;
}

/** Step 2: only after the whole script (and any data step) succeeded. */
export function recordFinished(db: Database.Database, id: string, now: Date = new Date()): void {
  db.prepare(`UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = applied_steps_count + 1 WHERE id = ?`).run(
    prismaTimestamp(now),
    id,
  );
}
