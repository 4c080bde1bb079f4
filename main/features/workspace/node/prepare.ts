// The heavy part of opening a workspace file, kept apart so it can run off the main
// thread (a worker in the app, inline in the CLI): the whole-file integrity check,
// recovery of a file an older Roster left half-upgraded, the upgrade itself (backup
// included), and repair of schema damage. It works on a connection of its own and
// closes it before returning; the caller then opens the file for use.
//
// Order matters, and every refusal comes before any write. The file keeps the journal
// mode it came with (WAL, or a rollback journal for a file another tool made) until it
// has been accepted: a restore or an upgrade is one transaction either way, and a
// refusal after it began (no backup to restore, a migration that failed) rolls back to
// the very bytes it started from. Switching to WAL rewrites the header, so it is the
// last step, once nothing is left to refuse.
//
//   1. quick_check when asked (the file was not closed cleanly by Roster; see
//      seals.ts), always before a migration or a restore;
//   2. history: foreign, newer, gaps → refused; interrupted → restored from its newest
//      verified backup under the write lock (recovery.ts), then carried on as a file of
//      that version;
//   3. pending migrations → one locked, verified-backup, all-or-nothing upgrade (waiting
//      for the lock while another Roster process that holds it shows progress:
//      upgrade-lock.ts);
//   4. schema damage → repaired in one transaction, or refused;
//   5. keys computed by another fold → queued again (refolded in the background).

import { rmSync, statSync, truncateSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { RosterError } from '../../../kernel/common/errors.js';
import { readHistory } from './migrations/migration-history.js';
import { inspectSchema, migrateLocked, MigrationFailure, type StepHook } from './migrations/migrator.js';
import { loadMigrationSet, type MigrationSet } from './migrations/migration-set.js';
import { requeueIfFoldChanged } from './keys/key-upkeep.js';
import { openSqlite } from '../../../kernel/node/sqlite/driver.js';
import { asRosterError, storageFailureKind } from '../../../kernel/node/sqlite/sqlite-errors.js';
import { applyWorkspacePragmas, BUSY_TIMEOUT_MS } from '../../../kernel/node/sqlite/pragmas.js';
import { defineTask } from '../../../kernel/node/tasks/task.js';
import { pruneBackups, takeBackup } from './backups.js';
import { recoverInterrupted, type RecoveryReport } from './recovery.js';
import { checkSchema, isIntact, repairSchema } from './schema-check.js';
import { upgradeLock } from './upgrade-lock.js';
import { quickCheckBesideSearch, repairUnreadableSearchIndexes, unreadableSearchIndexes } from './search/search-repair.js';

export interface PrepareInput {
  readonly path: string;
  readonly migrationsDir: string;
  readonly backupDir: string;
  /** Run quick_check before anything else (the file was not closed cleanly by Roster). */
  readonly checkIntegrity: boolean;
}

export interface PrepareResult {
  /** Migrations applied, oldest first. */
  readonly applied: readonly string[];
  /** The verified backup taken before upgrading, if one was. */
  readonly backupPath: string | null;
  /** The backup a half-upgraded file was restored from, if it was. */
  readonly recoveredFrom: string | null;
  /** What that recovery did (which backup, from when, which newer ones were passed over). */
  readonly recovery: RecoveryReport | null;
  /** Schema objects recreated. */
  readonly repaired: readonly string[];
  /** Tolerated differences, for the log. */
  readonly notes: readonly string[];
  /** quick_check ran (and passed). */
  readonly checked: boolean;
}

export type PrepareProgress =
  | { readonly stage: 'checking' | 'restoring' | 'backing-up' | 'upgrading' | 'repairing'; readonly migration?: string }
  /** Another process holds the write lock; `holder` is the Roster process whose heartbeat advanced last (upgrade-lock.ts). */
  | { readonly stage: 'waiting'; readonly waitedMs: number; readonly holder: number | null };

const migrationSets = new Map<string, MigrationSet>();

function migrationsFrom(dir: string): MigrationSet {
  let set = migrationSets.get(dir);
  if (!set) migrationSets.set(dir, (set = loadMigrationSet(dir)));
  return set;
}

export function corrupt(reason: string): RosterError {
  return new RosterError('WORKSPACE_CORRUPT', 'This file is damaged or is not a Roster workspace (SQLite could not read it).', { reason });
}

/** PRAGMA quick_check over the whole file; WORKSPACE_CORRUPT unless it says ok. */
function quickCheck(db: Database.Database): void {
  let result: unknown;
  try {
    result = db.pragma('quick_check', { simple: true });
  } catch (error) {
    const mapped = asRosterError(error);
    if (mapped.code === 'WORKSPACE_CORRUPT') throw mapped;
    // A search index another program left unreadable fails the whole check: the rest of
    // the file is checked without it, and the index is rebuilt (search/search-repair.ts).
    if (unreadableSearchIndexes(db).size === 0) throw error;
    result = quickCheckBesideSearch(db);
  }
  if (result !== 'ok') throw corrupt(String(result));
}

/**
 * What a restore or an upgrade writes with, before the file is accepted: commits on disk
 * when they return, foreign keys as Prisma's schema expects. The journal mode is left as
 * the file has it (see the top of this file).
 */
function durableWrites(db: Database.Database): void {
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}

/** A migration that failed because of its storage (a full disk...) is reported as that, not as a bad migration. */
function upgradeFailure(error: unknown, backupPath: string | null): RosterError | null {
  const cause = error instanceof MigrationFailure ? error.cause : error;
  const kind = storageFailureKind(cause);
  if (kind === 'full') {
    return new RosterError(
      'DISK_FULL',
      'The disk is full, so Roster could not upgrade this workspace. ' +
        'Nothing was changed: the file is exactly as it was. Free some space and try again.',
      { reason: cause instanceof Error ? cause.message : String(cause), backupPath },
      { cause: error },
    );
  }
  if (kind === 'busy' || kind === 'read-only') return asRosterError(cause);
  if (!(error instanceof MigrationFailure)) return null;
  return new RosterError(
    'WORKSPACE_MIGRATION_FAILED',
    'Upgrading this workspace failed, so nothing was changed: the file is exactly as it was. Nothing was lost.',
    { migration: error.migration, reason: error.message, backupPath },
    { cause: error },
  );
}

export async function prepareWorkspace(
  input: PrepareInput,
  onProgress: (progress: PrepareProgress) => void = () => undefined,
  onStep?: StepHook,
): Promise<PrepareResult> {
  const set = migrationsFrom(input.migrationsDir);
  // A 0-byte file is a workspace being created: if that fails it goes back to 0 bytes.
  const wasEmpty = statSync(input.path).size === 0;
  let db = openSqlite(input.path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  let applied: string[] = [];
  let backupPath: string | null = null;
  let recovery: RecoveryReport | null = null;
  let repaired: string[] = [];
  let notes: string[];
  const lock = upgradeLock({
    workspacePath: input.path,
    backupDir: input.backupDir,
    onWaiting: (wait) => onProgress({ stage: 'waiting', ...wait }),
  });
  try {
    if (input.checkIntegrity) {
      onProgress({ stage: 'checking' });
      quickCheck(db);
    }
    let state = inspectSchema(db, set);
    if (state.kind === 'interrupted' || state.pending.length > 0) {
      if (!input.checkIntegrity) {
        // Never restore, upgrade (or back up) a file that has not been checked whole.
        onProgress({ stage: 'checking' });
        quickCheck(db);
      }
      durableWrites(db);
    }
    if (state.kind === 'interrupted') {
      recovery = await recoverInterrupted(db, set, input, () => onProgress({ stage: 'restoring' }), onStep, lock);
      if (recovery) {
        // A fresh connection for the upgrade: nothing cached from the replaced schema.
        db.close();
        db = openSqlite(input.path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
        durableWrites(db);
      }
      state = inspectSchema(db, set);
    }
    // Before a migration reads or writes an index FTS5 cannot read (search/search-repair.ts).
    const rebuiltIndexes = repairUnreadableSearchIndexes(db, set);
    if (state.pending.length > 0) {
      try {
        applied = await migrateLocked(db, set, {
          onStep,
          lock,
          beforeApply: async (locked) => {
            if (locked.kind === 'empty') return;
            onProgress({ stage: 'backing-up' });
            backupPath = await takeBackup(input.path, input.backupDir, readHistory(db));
            onStep?.('backup taken');
            onProgress({ stage: 'upgrading', migration: locked.pending[0]?.name });
          },
        });
      } catch (error) {
        throw upgradeFailure(error, backupPath) ?? error;
      } finally {
        pruneBackups(input.path, input.backupDir);
      }
    } else if (recovery) {
      pruneBackups(input.path, input.backupDir);
    }
    const report = checkSchema(db, set);
    notes = [...report.notes];
    if (!isIntact(report)) {
      onProgress({ stage: 'repairing' });
      repairSchema(db, set, report);
      repaired = [...report.recreate];
      if (report.rebuildSearch) repaired.push('search index (rebuilt in the background)');
      if (report.rederive) repaired.push('keys and times of every row (rechecked)');
    }
    for (const index of rebuiltIndexes) repaired.push(`search index ${index} (its settings were unreadable; rebuilt in the background)`);
    requeueIfFoldChanged(db);
    // Only now, with nothing left to refuse, may the header say WAL (a refused file keeps its bytes).
    applyWorkspacePragmas(db);
    return {
      applied,
      backupPath,
      recoveredFrom: recovery?.backupPath ?? null,
      recovery,
      repaired,
      notes,
      checked: input.checkIntegrity || applied.length > 0 || recovery !== null,
    };
  } catch (error) {
    if (wasEmpty) {
      if (db.open) db.close();
      truncateSync(input.path, 0);
      for (const suffix of ['-wal', '-shm', '-journal']) rmSync(input.path + suffix, { force: true });
    }
    throw asRosterError(error);
  } finally {
    if (db.open) db.close();
  }
}

export const prepareTask = defineTask<PrepareInput, PrepareResult, PrepareProgress>('prepare', (input, context) =>
  prepareWorkspace(input, (progress) => context.progress(progress)),
);
