// A workspace file once it is open: its one connection, its Prisma client (made on
// first use: a workspace that is only listed never pays for one), the queue that keeps
// work on the connection in order, its health, and its background upkeep.
//
// Health. A workspace stops accepting writes, and says why, when:
//   - it was opened read-only (a read-only file, folder or disk): WORKSPACE_READ_ONLY;
//   - the background whole-file check found damage: WORKSPACE_CORRUPT;
//   - the file at its path is no longer the file Roster holds (moved, deleted, or
//     replaced by another program): WORKSPACE_REPLACED. What Roster holds is copied to
//     <data folder>/recovered first, so no confirmed write is lost.
// From then on the connection is also put in query_only mode, so no path through
// Prisma or SQL can write to the file by mistake. Listeners (the windows) are told.
//
// Closing: background work is stopped and awaited, then the connection closes (SQLite
// folds the WAL in and removes -wal/-shm when it is the last one), and the file's
// identity is recorded as its seal if everything went well (seals.ts).

import { closeSync, openSync, rmSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type Database from 'better-sqlite3';
import { RosterError } from '../../../kernel/common/errors.js';
import { PrismaClient } from '../../../generated/prisma/client.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../../../kernel/node/paths/data-folder.js';
import type { TaskRunner } from '../../../app/node/task-registry.js';
import type { SettleResult } from '../../transfer/node/transfer-settle.js';
import { WorkspaceHistory } from '../../../kernel/node/undo-history.js';
import { preparedOnce } from '../../../kernel/node/sqlite/statements.js';
import { ChangeFeed } from './change-feed.js';
import { fileIdentity, hasSidecars, sameFile, type FileIdentity } from '../../../kernel/node/files/file-identity.js';
import type { RecoveryReport } from './recovery.js';
import { WorkspaceUpkeep } from './upkeep.js';
import type { WorkspaceOpenOptions } from './workspace-file.js';

export type WorkspaceHealth =
  | { readonly state: 'ok' }
  | { readonly state: 'read-only'; readonly reason: string }
  | { readonly state: 'damaged'; readonly reason: string }
  | { readonly state: 'replaced'; readonly recoveryPath: string | null };

export interface OpenReport {
  /** Migrations applied by this open, oldest first (empty when it was up to date). */
  readonly applied: readonly string[];
  /** The verified backup taken before upgrading, if one was. */
  readonly backupPath: string | null;
  /** The backup a half-upgraded file was restored from, if it was (tell the person). */
  readonly recoveredFrom: string | null;
  /** What that recovery did: the backup, when it was taken, newer ones that were passed over. */
  readonly recovery: RecoveryReport | null;
  /** Schema objects recreated after another program damaged them. */
  readonly repaired: readonly string[];
  /** What a writable open would have repaired, left as it is because the file is read-only here (reads go around it). */
  readonly unrepaired: readonly string[];
  /** quick_check ran before the first rows. */
  readonly checked: boolean;
  /** Moves out of this file that an earlier run left unsettled, finished or forgotten now (transfer-settle.ts). */
  readonly settledMoves: SettleResult | null;
}

export interface OpenedWorkspace extends OpenReport {
  /** Canonical absolute path: the workspace's identity within this process. */
  readonly path: string;
  /** The one SQLite connection this process uses for the file (worker tasks aside). */
  readonly db: Database.Database;
  /** Prisma client over that same connection, made on first use. */
  readonly prisma: PrismaClient;
  readonly isClosed: boolean;
  readonly health: WorkspaceHealth;
  /** How a separate read connection (an export's snapshot) must open the file. */
  readonly readMode: 'normal' | 'immutable';
  /** Told when health changes (windows show it). Returns the unsubscribe function. */
  onHealthChange(listener: (health: WorkspaceHealth) => void): () => void;
  /**
   * Settles once a workspace found replaced has let go of its path (recovery copy
   * saved, connection closed, its -wal/-shm removed), so the file now at the path can
   * be opened; at once for a workspace that was not replaced.
   */
  whenRetired(): Promise<void>;
  /**
   * Runs `task` when every earlier task on this workspace has finished. All work on
   * the shared connection goes through here, so nothing runs inside another task's
   * open transaction (Prisma's interactive transactions span awaits).
   */
  exclusive<T>(task: () => Promise<T> | T): Promise<T>;
  /** Throws why writes are refused (read-only, damaged, replaced), if they are. Checks the path first. */
  assertWritable(): void;
  /**
   * After a write committed: if the file at the path stopped being this one meanwhile,
   * the write went to the file Roster holds, which is then saved to the recovery folder,
   * and WORKSPACE_REPLACED is thrown so the write is not reported as saved in place.
   */
  confirmWrite(): Promise<void>;
  /** Counts commits seen on the connection (its own and other processes'): a cache key. */
  generation(): number;
  /** Change notifications for this file, shared by everyone who has it open. */
  readonly changes: ChangeFeed;
  /** Undo and redo for this file, shared by every window showing it (issue 12). */
  readonly history: WorkspaceHistory;
  /** Background upkeep: search index, keys, the whole-file check. */
  readonly upkeep: WorkspaceUpkeep;
  /** Where this workspace's heavy work runs (worker threads in the app). */
  readonly tasks: TaskRunner;
  /**
   * Runs a bulk write that works on a connection of its own (an import in a worker):
   * reads go on meanwhile, and this process's other writes wait for it (`whenBulkDone`)
   * instead of failing on SQLite's lock.
   */
  bulk<T>(task: () => Promise<T>): Promise<T>;
  /** Settles when no bulk write is running. */
  whenBulkDone(): Promise<void>;
  /** Closes the Prisma client and the connection. Idempotent. */
  close(): Promise<void>;
}

/**
 * Gives Prisma the adapter we already connected (and checked) instead of letting it
 * open a second connection. After close it refuses to reconnect: Prisma 7 clients
 * reconnect silently on the next query, and a released workspace must fail loudly.
 */
function singleConnectionFactory(adapter: SqlDriverAdapter, isClosed: () => boolean): SqlDriverAdapterFactory {
  let handedOut = false;
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    connect: async () => {
      if (isClosed() || handedOut) throw new RosterError('WORKSPACE_CLOSED', 'This workspace has been closed.');
      handedOut = true;
      return adapter;
    },
  };
}

/** A workspace's page cache: small, so a hundred open workspaces stay small (issue 8). */
const CACHE_KIB = 1024;

export interface MakeOpenedInput {
  readonly path: string;
  readonly adapter: SqlDriverAdapter;
  readonly db: Database.Database;
  readonly report: OpenReport;
  readonly readOnly: string | null;
  readonly readMode: 'normal' | 'immutable';
  /** The identity of the file the connection opened (taken around connecting, see workspace-file.ts). */
  readonly identity: FileIdentity | null;
  readonly tasks: TaskRunner;
  readonly options: WorkspaceOpenOptions;
  /** Forget the file in the process-wide registry of held files. */
  release(): void;
}

function stamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('.', '');
}

export function makeOpenedWorkspace(input: MakeOpenedInput): OpenedWorkspace {
  const { path, adapter, db, report, options } = input;
  db.pragma(`cache_size = -${CACHE_KIB}`);
  const identity = input.identity;
  // The process-wide hold on the path, given back once: when a replaced workspace lets go
  // of the path (so the file now there can be opened), or on close.
  let holding = true;
  const releaseHold = (): void => {
    if (!holding) return;
    holding = false;
    input.release();
  };
  let closed = false;
  let closing: Promise<void> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let prisma: PrismaClient | undefined;
  let ownCommits = 0;
  let bulkQueue: Promise<unknown> = Promise.resolve();
  let health: WorkspaceHealth = input.readOnly === null ? { state: 'ok' } : { state: 'read-only', reason: input.readOnly };
  const healthListeners = new Set<(health: WorkspaceHealth) => void>();
  if (health.state !== 'ok') db.pragma('query_only = ON');

  function setHealth(next: WorkspaceHealth): void {
    if (health.state === 'replaced') return; // the worst news stays
    health = next;
    try {
      if (db.open) db.pragma('query_only = ON');
    } catch {
      // A connection inside a transaction cannot change it; the write checks still refuse.
    }
    for (const listener of [...healthListeners]) {
      try {
        listener(health);
      } catch (error) {
        options.log?.('warn', 'a health listener failed', error);
      }
    }
  }

  /** Saves what the connection holds (the file Roster had open) into the recovery folder. */
  async function saveRecoveryCopy(): Promise<string | null> {
    if (!options.recoveryDir || !db.open) return null;
    try {
      ensurePrivateDir(options.recoveryDir);
      const target = join(options.recoveryDir, `${basename(path, extname(path))}-${stamp()}.roster`);
      // Created owner-only first: the backup API keeps an existing file's mode.
      closeSync(openSync(target, 'wx', PRIVATE_FILE_MODE));
      await db.backup(target);
      return target;
    } catch (error) {
      options.log?.('error', `could not save a recovery copy of ${path}`, error);
      return null;
    }
  }

  // The -wal and -shm beside the file are SQLite's by path, not by file: if the file is
  // moved away or replaced, they stay at the path, and whoever opens the path next would
  // read our WAL frames into another file. Remembered here (they exist once the
  // connection has read), so that on replacement Roster removes its own and only its own.
  const sidecars = { wal: fileIdentity(`${path}-wal`), shm: fileIdentity(`${path}-shm`) };

  /**
   * The file at the path is no longer ours: save what we hold, fold our WAL into the
   * file we hold (wherever it went), close, and take our -wal/-shm away from the path.
   */
  async function retire(): Promise<string | null> {
    await upkeep.stop();
    const recoveryPath = await saveRecoveryCopy();
    if (db.open) {
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch (error) {
        options.log?.('warn', `could not fold the WAL into the moved file ${path}`, error);
      }
      db.close();
    }
    for (const [suffix, recorded] of [['-wal', sidecars.wal], ['-shm', sidecars.shm]] as const) {
      if (recorded && sameFile(recorded, fileIdentity(path + suffix))) rmSync(path + suffix, { force: true });
    }
    releaseHold();
    return recoveryPath;
  }

  let replacedCheck: Promise<void> | undefined;
  /** True if the path still names the file Roster holds. On the first "no", retires the connection. */
  function checkIdentity(): boolean {
    if (health.state === 'replaced') return false;
    if (sameFile(identity, fileIdentity(path))) return true;
    replacedCheck ??= (async () => {
      options.log?.('warn', `workspace ${path} was moved, deleted or replaced while open`);
      setHealth({ state: 'replaced', recoveryPath: null });
      const recoveryPath = await retire();
      health = { state: 'replaced', recoveryPath };
      for (const listener of [...healthListeners]) listener(health);
    })();
    return false;
  }

  const changes = new ChangeFeed(db, { onPoll: () => void checkIdentity() });
  const history = new WorkspaceHistory();
  const upkeep = new WorkspaceUpkeep({
    path,
    db,
    tasks: input.tasks,
    enabled: options.background === true && input.readOnly === null,
    checkNeeded: !report.checked,
    log: options.log,
    onDamage: (reason) => setHealth({ state: 'damaged', reason }),
    onDerivedChange: () => changes.emit('external'),
  });
  // Rows another program writes are queued for their key: fold them within the second.
  if (upkeep.enabled) changes.subscribe((source) => {
    if (source === 'external') upkeep.scheduleKeyDrain();
  });

  function refusal(): RosterError | null {
    // (Declared as a function so the queue above can use it before this line runs.)
    switch (health.state) {
      case 'ok':
        return null;
      case 'read-only':
        return new RosterError('WORKSPACE_READ_ONLY', `This workspace is read-only here (${health.reason}), so nothing can be changed in it.`);
      case 'damaged':
        return new RosterError(
          'WORKSPACE_CORRUPT',
          'Roster found damage in this workspace file and stopped saving changes to it, so nothing more is lost. Export what you can, or open a backup.',
          { reason: health.reason },
        );
      case 'replaced':
        return new RosterError(
          'WORKSPACE_REPLACED',
          health.recoveryPath
            ? `This workspace file was moved, deleted or replaced by another program while it was open, so Roster stopped using it. What it held is saved in ${health.recoveryPath}. Reopen the workspace to continue.`
            : 'This workspace file was moved, deleted or replaced by another program while it was open, so Roster stopped using it. Reopen the workspace to continue.',
          { recoveryPath: health.recoveryPath },
        );
    }
  }

  const workspace: OpenedWorkspace = {
    path,
    db,
    ...report,
    get prisma() {
      // Made on first use; after close, one made now refuses to connect (singleConnectionFactory).
      prisma ??= new PrismaClient({ adapter: singleConnectionFactory(adapter, () => closed) });
      return prisma;
    },
    changes,
    history,
    upkeep,
    tasks: input.tasks,
    readMode: input.readMode,
    bulk<T>(task: () => Promise<T>): Promise<T> {
      const run = bulkQueue.then(task);
      bulkQueue = run.catch(() => undefined);
      return run;
    },
    whenBulkDone() {
      return bulkQueue.then(() => undefined);
    },
    get isClosed() {
      return closed;
    },
    get health() {
      return health;
    },
    whenRetired() {
      return replacedCheck ?? Promise.resolve();
    },
    onHealthChange(listener) {
      healthListeners.add(listener);
      return () => {
        healthListeners.delete(listener);
      };
    },
    exclusive<T>(task: () => Promise<T> | T): Promise<T> {
      if (closed) return Promise.reject(new RosterError('WORKSPACE_CLOSED', 'This workspace has been closed.'));
      const run = queue.then(() => {
        if (health.state === 'replaced') throw refusal();
        return task();
      });
      queue = run.catch(() => undefined);
      return run;
    },
    assertWritable() {
      checkIdentity();
      const error = refusal();
      if (error) throw error;
    },
    async confirmWrite() {
      ownCommits++;
      if (checkIdentity()) return;
      await replacedCheck;
      const recoveryPath = health.state === 'replaced' ? health.recoveryPath : null;
      throw new RosterError(
        'WORKSPACE_REPLACED',
        recoveryPath
          ? `This workspace file was moved, deleted or replaced by another program while it was open. Your change was saved in a recovery copy: ${recoveryPath}`
          : 'This workspace file was moved, deleted or replaced by another program while it was open, so your change is not in the file at its place. Reopen it to continue.',
        { recoveryPath },
      );
    },
    generation() {
      return ownCommits * 2 ** 32 + (preparedOnce(db, 'PRAGMA data_version').pluck().get() as number);
    },
    close() {
      closing ??= (async () => {
        // Let work already queued finish; new work is refused from here on.
        const drained = queue;
        closed = true;
        await drained;
        await bulkQueue;
        await upkeep.stop();
        changes.stop();
        history.clear();
        await replacedCheck;
        try {
          if (prisma) await prisma.$disconnect();
        } finally {
          if (db.open) db.close();
          releaseHold();
        }
        // Sealed only when this close left the file whole and alone: healthy, written
        // by us or not at all, and SQLite removed its WAL (no other connection has it).
        // A read-only open changed nothing, so an earlier seal still holds.
        if (options.seals && health.state !== 'read-only') {
          const now = fileIdentity(path);
          if (health.state === 'ok' && sameFile(identity, now) && !hasSidecars(path) && now) options.seals.set(path, now);
          else options.seals.delete(path);
        }
      })();
      return closing;
    },
  };
  upkeep.start();
  return workspace;
}
