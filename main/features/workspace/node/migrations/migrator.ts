// Decides what a file's migration history means, and applies pending migrations the
// way `prisma migrate deploy` records them (in folder-name order, each recorded as
// started, run, then marked finished), but atomically and under SQLite's write lock:
//
//   PRAGMA foreign_keys = OFF      before BEGIN: inside a transaction SQLite ignores it,
//                                  and a table rebuild must not fire ON DELETE actions
//   BEGIN IMMEDIATE                the write lock; a second process waits here, as long
//                                  as the holder shows progress (WriteLock below)
//   read _prisma_migrations        again, inside the lock: another process may have
//                                  upgraded the file while this one waited
//   for each pending migration:    history row, script, data step, row finished
//   PRAGMA foreign_key_check       what PRAGMA foreign_keys=ON would have enforced
//   COMMIT                         all or nothing: a kill or an error leaves the file
//                                  exactly as it was before BEGIN
//
// The caller (main/features/workspace/node/prepare.ts) takes and verifies a backup inside the same lock
// before the first script runs.

import type Database from 'better-sqlite3';
import { RosterError } from '../../../../kernel/common/errors.js';
import { dataStepFor } from './data-steps.js';
import { ensureHistoryTable, readHistory, recordFinished, recordStarted, type HistoryRow } from './migration-history.js';
import { checksumMatches, type Migration, type MigrationSet } from './migration-set.js';

export type SchemaState =
  /** No tables at all: a new or empty SQLite file that may be initialised. */
  | { readonly kind: 'empty'; readonly pending: readonly Migration[] }
  | { readonly kind: 'current'; readonly pending: readonly [] }
  | { readonly kind: 'behind'; readonly pending: readonly Migration[] }
  /**
   * An upgrade started and never finished: a row with neither finished_at nor
   * rolled_back_at. Roster's own upgrades are atomic, so only an older Roster (which
   * ran scripts outside a transaction) or a failed `prisma migrate deploy` leaves
   * this; the file may be half-upgraded and is recovered from its backup.
   */
  | { readonly kind: 'interrupted'; readonly pending: readonly Migration[]; readonly failed: HistoryRow };

function userTables(db: Database.Database): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    .pluck()
    .all() as string[];
}

/**
 * Reads the file's schema and history and says what must happen. Refusals throw a
 * RosterError and only read: nothing has been written when they are thrown.
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
  const applied = live.filter((row) => row.finishedAt !== null);
  const unfinished = live.filter((row) => row.finishedAt === null);

  const unknown = live.filter((row) => !set.byName.has(row.migrationName));
  if (unknown.length > 0) {
    // A history that never applied our first migration is some other Prisma app's.
    const isOurs = first !== undefined && applied.some((row) => row.migrationName === first.name);
    if (!isOurs) {
      throw new RosterError('WORKSPACE_FOREIGN', 'This database belongs to another program: its history is not Roster’s.', {
        migrations: unknown.map((row) => row.migrationName),
      });
    }
    throw new RosterError('WORKSPACE_TOO_NEW', 'This workspace was saved by a newer version of Roster. Update Roster to open it.', {
      unknownMigrations: unknown.map((row) => row.migrationName),
    });
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
  const failed = unfinished[0];
  if (failed) return { kind: 'interrupted', pending, failed };
  return pending.length === 0 ? { kind: 'current', pending: [] } : { kind: 'behind', pending };
}

/**
 * Told before each step of an upgrade (a history row, each statement, a data step,
 * the commit). Production code passes none; the fault tests use it to stop a process
 * between any two steps and prove the file is whole afterwards.
 */
export type StepHook = (label: string) => void;

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
 * Applies `pending` inside the caller's open write transaction: for each, the history
 * row (unfinished), the script, the migration's data step, the row finished — exactly
 * the rows `prisma migrate deploy` leaves. Throws MigrationFailure; the caller rolls
 * back, so a failure leaves no row and no half-applied script.
 * `dataSteps: false` is only for a throwaway database whose schema is all that is read
 * (schema-check.ts's reference): the steps fill data, and one of them computes the
 * fold's fingerprint, a tenth of a second of CPU that every command would pay.
 */
export function applyInTransaction(
  db: Database.Database,
  pending: readonly Migration[],
  onApplied?: (migration: Migration) => void,
  onStep?: StepHook,
  options: { readonly dataSteps?: boolean } = {},
): void {
  if (!db.inTransaction) throw new Error('applyInTransaction needs an open write transaction');
  ensureHistoryTable(db);
  for (const migration of pending) {
    try {
      onStep?.(`${migration.name}: history row`);
      const id = recordStarted(db, migration);
      for (const [index, statement] of migration.statements.entries()) {
        onStep?.(`${migration.name}: statement ${index + 1} of ${migration.statements.length}`);
        db.exec(statement);
      }
      onStep?.(`${migration.name}: data step`);
      if (options.dataSteps !== false) dataStepFor(migration.name)?.(db);
      onStep?.(`${migration.name}: finished`);
      recordFinished(db, id);
    } catch (error) {
      throw new MigrationFailure(migration.name, error);
    }
    onApplied?.(migration);
  }
  const violations = db.pragma('foreign_key_check') as unknown[];
  if (violations.length > 0) {
    throw new MigrationFailure(pending.at(-1)?.name ?? 'unknown', new Error(`${violations.length} foreign key violations`));
  }
}

/**
 * How an upgrade takes SQLite's write lock and gives it back. The default is a plain
 * BEGIN IMMEDIATE, waiting as long as the connection's busy_timeout; workspaces being
 * opened use main/features/workspace/node/upgrade-lock.ts, which keeps waiting while the holder shows
 * progress and publishes progress of its own while it holds the lock.
 */
export interface WriteLock {
  /** Starts the write transaction (BEGIN IMMEDIATE); throws (busy) when it gives up waiting. */
  take(db: Database.Database): Promise<void> | void;
  /** Told, inside the lock, that work that may take long follows (a backup and an upgrade, a restore). */
  working(): void;
  /** Told once the transaction has ended (COMMIT or ROLLBACK), or was never started. */
  released(): void;
}

export const PLAIN_WRITE_LOCK: WriteLock = {
  take: (db) => void db.exec('BEGIN IMMEDIATE'),
  working: () => undefined,
  released: () => undefined,
};

/**
 * Whole upgrade on a connection nothing else uses: foreign keys off, BEGIN IMMEDIATE,
 * re-inspect inside the lock, apply, COMMIT (or ROLLBACK on any error). `beforeApply`
 * runs inside the lock once pending migrations are confirmed (the backup). Returns the
 * migrations applied by this call: none if another process got there first.
 */
export async function migrateLocked(
  db: Database.Database,
  set: MigrationSet,
  options: {
    readonly beforeApply?: (state: SchemaState) => Promise<void> | void;
    readonly onApplied?: (migration: Migration) => void;
    readonly onStep?: StepHook;
    readonly lock?: WriteLock;
  } = {},
): Promise<string[]> {
  const lock = options.lock ?? PLAIN_WRITE_LOCK;
  db.pragma('foreign_keys = OFF');
  try {
    await lock.take(db);
    options.onStep?.('locked');
    const state = inspectSchema(db, set);
    if (state.kind === 'interrupted') {
      throw new RosterError('WORKSPACE_MIGRATION_FAILED', 'An earlier upgrade of this workspace did not finish.', {
        migration: state.failed.migrationName,
      });
    }
    const applied: string[] = [];
    if (state.pending.length > 0) {
      // Initialising an empty file is a few CREATE statements: nobody waits long for it.
      if (state.kind !== 'empty') lock.working();
      await options.beforeApply?.(state);
      applyInTransaction(
        db,
        state.pending,
        (migration) => {
          applied.push(migration.name);
          options.onApplied?.(migration);
        },
        options.onStep,
      );
    }
    options.onStep?.('commit');
    db.exec('COMMIT');
    return applied;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  } finally {
    lock.released();
    db.pragma('foreign_keys = ON');
  }
}

/**
 * Applies `pending` in one transaction of its own, foreign keys off around it, on a
 * file nothing else is using (tests and tools that build files; workspaces in use go
 * through migrateLocked).
 */
export function applyMigrations(db: Database.Database, pending: readonly Migration[], onApplied?: (migration: Migration) => void): void {
  db.pragma('foreign_keys = OFF');
  db.exec('BEGIN IMMEDIATE');
  try {
    applyInTransaction(db, pending, onApplied);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  } finally {
    db.pragma('foreign_keys = ON');
  }
}
