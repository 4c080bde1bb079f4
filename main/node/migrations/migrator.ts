// Decides what a file's migration history means, and applies pending migrations the
// way `prisma migrate deploy` does: in folder-name order, each recorded as started,
// run as one script, then marked finished.
//
// Scripts are NOT wrapped in a transaction. Prisma's table-rebuild migrations turn
// foreign keys off with a PRAGMA, which SQLite ignores inside a transaction; wrapping
// them would silently run the rebuild with foreign-key actions live. A failed script
// can therefore leave a half-applied file, which is why the caller takes a backup
// first and restores it on failure (see workspace/workspace-file.ts).

import type Database from 'better-sqlite3';
import { RosterError } from '../../common/errors.js';
import { ensureHistoryTable, readHistory, recordFailed, recordFinished, recordStarted, type HistoryRow } from './migration-history.js';
import { checksumMatches, type Migration, type MigrationSet } from './migration-set.js';
import { dataStepFor } from './data-steps.js';

export type SchemaState =
  /** No tables at all: a new or empty SQLite file that may be initialised. */
  | { readonly kind: 'empty'; readonly pending: readonly Migration[] }
  | { readonly kind: 'current'; readonly pending: readonly [] }
  | { readonly kind: 'behind'; readonly pending: readonly Migration[] };

function userTables(db: Database.Database): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    .pluck()
    .all() as string[];
}

/**
 * Reads the file's schema and history and says what must happen. Refusals throw a
 * RosterError and read only: the caller has written nothing yet.
 */
export function inspectSchema(db: Database.Database, set: MigrationSet): SchemaState {
  const tables = userTables(db);
  if (tables.length === 0) return { kind: 'empty', pending: set.migrations };

  if (!tables.includes('_prisma_migrations')) {
    throw new RosterError('WORKSPACE_FOREIGN', 'This database belongs to another program: it has tables but no Roster workspace in it.', {
      tables,
    });
  }

  const history = readHistory(db);
  const first = set.migrations[0];
  const live = history.filter((row) => row.rolledBackAt === null);

  const failed = live.find((row) => row.finishedAt === null);
  if (failed) {
    throw new RosterError(
      'WORKSPACE_MIGRATION_FAILED',
      `An earlier upgrade of this workspace ("${failed.migrationName}") did not finish. Restore the workspace from a backup before opening it.`,
      { migration: failed.migrationName, logs: failed.logs },
    );
  }

  const applied = live.filter((row) => row.finishedAt !== null);
  const unknown = applied.filter((row) => !set.byName.has(row.migrationName));
  if (unknown.length > 0) {
    // A history that never applied our first migration is some other Prisma app's.
    const isOurs = first !== undefined && applied.some((row) => row.migrationName === first.name);
    if (!isOurs) {
      throw new RosterError('WORKSPACE_FOREIGN', 'This database belongs to another program: its history is not Roster’s.', {
        migrations: unknown.map((row) => row.migrationName),
      });
    }
    throw new RosterError(
      'WORKSPACE_TOO_NEW',
      'This workspace was saved by a newer version of Roster. Update Roster to open it.',
      { unknownMigrations: unknown.map((row) => row.migrationName) },
    );
  }

  const edited = applied.filter((row) => {
    const migration = set.byName.get(row.migrationName);
    return migration === undefined || !checksumMatches(migration, row.checksum);
  });
  if (edited.length > 0) {
    throw new RosterError(
      'WORKSPACE_FOREIGN',
      'This workspace’s upgrade history does not match this version of Roster, so it will not be changed.',
      { editedMigrations: edited.map((row: HistoryRow) => row.migrationName) },
    );
  }

  const done = new Set(applied.map((row) => row.migrationName));
  const pending = set.migrations.filter((migration) => !done.has(migration.name));
  // Prisma applies in order and never fills gaps; a file missing an early migration
  // but holding a later one was not made by a Roster we shipped.
  const firstPending = pending[0];
  if (firstPending && set.migrations.slice(set.migrations.indexOf(firstPending)).some((m) => done.has(m.name))) {
    throw new RosterError('WORKSPACE_FOREIGN', 'This workspace’s upgrade history has gaps, so it will not be changed.', {
      pending: pending.map((m) => m.name),
    });
  }
  return pending.length === 0 ? { kind: 'current', pending: [] } : { kind: 'behind', pending };
}

export class MigrationFailure extends Error {
  override readonly name = 'MigrationFailure';
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    super(`migration ${migration} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * Applies migrations in order. Each one: history row inserted unfinished, script run,
 * the migration's data step (if any) run, row marked finished. On failure the row
 * keeps `finished_at` empty and the error in `logs`, exactly Prisma's failed state,
 * and MigrationFailure is thrown.
 */
export function applyMigrations(
  db: Database.Database,
  pending: readonly Migration[],
  onApplied?: (migration: Migration) => void,
): void {
  ensureHistoryTable(db);
  for (const migration of pending) {
    const id = recordStarted(db, migration);
    try {
      db.exec(migration.sql);
      dataStepFor(migration.name)?.(db);
    } catch (error) {
      try {
        recordFailed(db, id, error instanceof Error ? error.message : String(error));
      } catch {
        // The file may be unusable now; the caller restores the backup either way.
      }
      throw new MigrationFailure(migration.name, error);
    }
    recordFinished(db, id);
    onApplied?.(migration);
  }
}
