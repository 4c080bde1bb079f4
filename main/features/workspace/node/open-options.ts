// How a workspace file is opened: where backups and recovery copies go, where heavy
// steps run, who is told what, and the steps features above the workspace add to an
// open. Its own module so that opening (workspace-file.ts) and the open workspace
// (opened-workspace.ts) can both use it without importing each other.

import type Database from 'better-sqlite3';
import type { TaskRunner } from '../../../kernel/node/tasks/task.js';
import type { MigrationSet } from './migrations/migration-set.js';
import type { PrepareProgress } from './prepare.js';
import type { RecoveryReport } from './recovery.js';
import type { SealStore, TrustStore } from './seals.js';

/** What settling a file's unfinished moves did (the open report carries it). */
export interface SettledMoves {
  /** Moves finished: their people removed here, since the target holds them. */
  readonly finished: number;
  /** People removed by finishing them. */
  readonly removed: number;
  /** People of finished moves kept here, because their copies were gone from the target. */
  readonly kept: number;
  /** Moves forgotten: nothing had been copied. */
  readonly forgotten: number;
  /** Moves left for later: the target could not be read, or the move is still running. */
  readonly pending: number;
}

/**
 * Moves out of a file that an earlier run left unsettled are finished or forgotten as
 * the file opens, before anyone lists its people. Moves belong to a feature above the
 * workspace, so the workspace only says when this happens; the composition root hands
 * in how.
 */
export interface SettlePort {
  /** Whether the file has anything to settle: a cheap query on the open connection. */
  pending(db: Database.Database): boolean;
  /** Settles the file at `path` through `tasks` (on a worker in the app). */
  settle(path: string, tasks: TaskRunner): Promise<SettledMoves>;
}

export interface WorkspaceOpenOptions {
  readonly migrations: MigrationSet;
  /** Where pre-migration backups go (normally <data folder>/backups). */
  readonly backupDir: string;
  /** Where a copy of a workspace replaced underneath Roster is saved (normally <data folder>/recovered). */
  readonly recoveryDir?: string;
  /** Runs the heavy steps (checks, upgrades, background upkeep). Default: inline. */
  readonly tasks?: TaskRunner;
  /** Seals of cleanly closed files (normally in the catalog). Default: none, so every open is checked. */
  readonly seals?: SealStore;
  /**
   * Files whose foreign triggers the person trusts (foreign-objects.ts). Default: none,
   * so a file with foreign triggers always opens read-only.
   */
  readonly trust?: TrustStore;
  /** Keep derived data (search index, keys) and the whole-file check going in the background (the app). */
  readonly background?: boolean;
  /** Settles unfinished moves out of a writable file as it opens. Default: none are looked for. */
  readonly settle?: SettlePort;
  /**
   * Told when opening restored a half-upgraded file from a backup: the person must hear
   * which backup, since what was added after it is not in the file (the CLI prints it
   * on stderr; the app shows it in the window).
   */
  readonly onRecovered?: (path: string, recovery: RecoveryReport) => void;
  /** Called after each migration applied while opening (CLI progress, logs). */
  readonly onMigrationApplied?: (name: string) => void;
  /** Told what opening is doing when it takes a while (checking, upgrading...). */
  readonly onProgress?: (progress: PrepareProgress) => void;
  /** For what the person is never shown: repairs, tolerated schema differences. */
  readonly log?: (level: 'info' | 'warn' | 'error', message: string, details?: unknown) => void;
}
