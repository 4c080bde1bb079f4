// A workspace file once it is open: its one connection, its Prisma client (made on
// first use: a workspace that is only listed never pays for one), the queue that keeps
// work on the connection in order, its health, and its background upkeep.
//
// Health. A workspace stops accepting writes, and says why, when:
//   - it was opened read-only (a read-only file, folder or disk): WORKSPACE_READ_ONLY;
//   - it holds triggers another program added, found on open or before a write, that the
//     person has not trusted (foreign-objects.ts): WORKSPACE_UNTRUSTED;
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

import type { SqlDriverAdapter, SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type Database from 'better-sqlite3';
import { RosterError } from '../../../kernel/common/errors.js';
import { PrismaClient } from '../../../generated/prisma/client.js';
import type { TaskRunner } from '../../../kernel/node/tasks/task.js';
import { WorkspaceHistory } from '../../../kernel/node/undo-history.js';
import type { ConnectionStore } from '../../../kernel/node/sqlite/connection-store.js';
import { ChangeFeed } from './change-feed.js';
import { fileIdentity, hasSidecars, sameFile, type FileIdentity } from '../../../kernel/node/files/file-identity.js';
import type { RecoveryReport } from './recovery.js';
import type { SetAsideSidecar } from './sidecars.js';
import { WorkspaceUpkeep } from './upkeep.js';
import type { SettledMoves, WorkspaceOpenOptions } from './open-options.js';
import { PathWatch } from './path-watch.js';
import type { TrustStore } from './seals.js';
import { foreignGuard, untrustedReason, type ForeignTrigger } from './foreign-objects.js';
import { HealthState, replacedWriteError, type WorkspaceHealth } from './workspace-health.js';
import { WorkQueue } from './work-queue.js';

export type { WorkspaceHealth } from './workspace-health.js';

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
  /** Moves out of this file that an earlier run left unsettled, finished or forgotten now (open-options.ts: SettlePort). */
  readonly settledMoves: SettledMoves | null;
  /**
   * Triggers on Roster's tables that its migrations did not create (foreign-objects.ts),
   * and whether the person trusts them here. Untrusted ones keep the workspace read-only.
   */
  readonly foreign: { readonly triggers: readonly ForeignTrigger[]; readonly trusted: boolean };
  /** Files beside the workspace that could not be its own, set aside before SQLite read them (sidecars.ts). */
  readonly setAside?: readonly SetAsideSidecar[];
}

export interface OpenedWorkspace extends OpenReport {
  /** Canonical absolute path: the workspace's identity within this process. */
  readonly path: string;
  /** The one SQLite connection this process uses for the file (worker tasks aside). */
  readonly db: Database.Database;
  /** That connection's prepared statements and per-feature state (connection-store.ts). */
  readonly store: ConnectionStore;
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
  /** Undo and redo for this file, shared by every window showing it. */
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

/** A workspace's page cache: small, so a hundred open workspaces stay small in memory. */
const CACHE_KIB = 1024;

export interface MakeOpenedInput {
  readonly path: string;
  readonly adapter: SqlDriverAdapter;
  /** The connection the adapter holds, with its store (made where it was opened). */
  readonly store: ConnectionStore;
  readonly report: OpenReport;
  readonly readOnly: string | null;
  /** The foreign triggers that made it read-only (empty when none did). */
  readonly untrusted: readonly ForeignTrigger[];
  /** The fingerprint of foreign triggers the person trusts here, renewed with the seal on a clean close; null when none. */
  readonly trusted: string | null;
  readonly readMode: 'normal' | 'immutable';
  /** The identity of the file the connection opened (taken around connecting, see workspace-file.ts). */
  readonly identity: FileIdentity | null;
  readonly tasks: TaskRunner;
  readonly options: WorkspaceOpenOptions;
  /** Forget the file in the process-wide registry of held files. */
  release(): void;
}

/**
 * Sealed only when this close left the file whole and alone: healthy, written by us or
 * not at all, and SQLite removed its WAL (no other connection has it). A read-only open
 * changed nothing, so an earlier seal still holds. Trust in the file's foreign triggers
 * moves on with the seal; a close that cannot seal leaves it behind, so the file is asked
 * about again.
 */
function recordSeal(input: MakeOpenedInput, health: WorkspaceHealth): void {
  const { path, identity, trusted } = input;
  const { seals, trust } = input.options;
  if (health.state === 'read-only') return;
  const now = fileIdentity(path);
  const whole = health.state === 'ok' && sameFile(identity, now) && !hasSidecars(path) && now !== null;
  if (whole && trusted !== null) renewTrust(trust, path, trusted, now);
  if (!seals) return;
  if (whole) seals.set(path, now);
  else seals.delete(path);
}

function renewTrust(trust: TrustStore | undefined, path: string, fingerprint: string, identity: FileIdentity): void {
  try {
    trust?.set(path, { fingerprint, identity });
  } catch {
    // Not renewed: the person is asked again on the next open. Nothing runs untrusted.
  }
}

/** The background upkeep of a workspace; rows another program writes are queued for their key and folded within the second. */
function startUpkeep(input: MakeOpenedInput, health: HealthState, changes: ChangeFeed): WorkspaceUpkeep {
  const { options } = input;
  const upkeep = new WorkspaceUpkeep({
    path: input.path,
    store: input.store,
    tasks: input.tasks,
    enabled: options.background === true && input.readOnly === null,
    checkNeeded: !input.report.checked,
    log: options.log,
    onDamage: (reason) => health.set({ state: 'damaged', reason }),
    onDerivedChange: () => changes.emit('external'),
  });
  if (upkeep.enabled)
    changes.subscribe((source) => {
      if (source === 'external') upkeep.scheduleKeyDrain();
    });
  return upkeep;
}

interface ClosingParts {
  readonly input: MakeOpenedInput;
  readonly work: WorkQueue;
  readonly upkeep: WorkspaceUpkeep;
  readonly changes: ChangeFeed;
  readonly history: WorkspaceHistory;
  readonly watch: PathWatch;
  readonly health: HealthState;
  prisma(): PrismaClient | undefined;
  releaseHold(): void;
}

/** Closes a workspace: queued work finishes first, new work is refused, then the connection closes and the seal is recorded. */
async function closeOpened(parts: ClosingParts): Promise<void> {
  const { input } = parts;
  const { store } = input;
  await parts.work.close();
  await parts.upkeep.stop();
  parts.changes.stop();
  parts.history.clear();
  await parts.watch.whenRetired();
  try {
    await parts.prisma()?.$disconnect();
  } finally {
    if (store.db.open) store.db.close();
    parts.releaseHold();
  }
  recordSeal(input, parts.health.current);
}

export function makeOpenedWorkspace(input: MakeOpenedInput): OpenedWorkspace {
  const { path, adapter, store, report, options } = input;
  store.db.pragma(`cache_size = -${CACHE_KIB}`);
  // The process-wide hold on the path, given back once: when a replaced workspace lets go
  // of the path (so the file now there can be opened), or on close.
  let holding = true;
  const releaseHold = (): void => {
    if (!holding) return;
    holding = false;
    input.release();
  };
  const work = new WorkQueue();
  let closing: Promise<void> | undefined;
  let prisma: PrismaClient | undefined;
  let ownCommits = 0;
  const health = new HealthState(store.db, input.readOnly, options.log, input.untrusted);
  const watch = new PathWatch({
    path,
    db: store.db,
    identity: input.identity,
    health,
    options,
    stopWork: () => upkeep.stop(),
    releaseHold,
  });

  // A trigger another program adds while the file is open stops writes too (foreign-objects.ts).
  const newForeign = health.current.state === 'ok' ? foreignGuard(store.db, options.migrations, input.trusted) : () => null;
  const changes = new ChangeFeed(store.db, { onPoll: () => void watch.check() });
  const history = new WorkspaceHistory();
  const upkeep = startUpkeep(input, health, changes);

  const workspace: OpenedWorkspace = {
    path,
    db: store.db,
    store,
    ...report,
    get prisma() {
      // Made on first use; after close, one made now refuses to connect (singleConnectionFactory).
      prisma ??= new PrismaClient({ adapter: singleConnectionFactory(adapter, () => work.closed) });
      return prisma;
    },
    changes,
    history,
    upkeep,
    tasks: input.tasks,
    readMode: input.readMode,
    bulk: (task) => work.bulk(task),
    whenBulkDone: () => work.whenBulkDone(),
    get isClosed() {
      return work.closed;
    },
    get health() {
      return health.current;
    },
    whenRetired: () => watch.whenRetired(),
    onHealthChange: (listener) => health.onChange(listener),
    exclusive: (task) =>
      work.run(task, () => {
        if (health.current.state === 'replaced') throw health.refusal();
      }),
    assertWritable() {
      watch.check();
      const untrusted = health.current.state === 'ok' ? newForeign() : null;
      if (untrusted) health.set({ state: 'read-only', reason: untrustedReason(untrusted), untrusted });
      const error = health.refusal();
      if (error) throw error;
    },
    async confirmWrite() {
      ownCommits++;
      if (watch.check()) return;
      await watch.whenRetired();
      throw replacedWriteError(health.current);
    },
    generation() {
      return ownCommits * 2 ** 32 + (store.statement('PRAGMA data_version').pluck().get() as number);
    },
    close() {
      closing ??= closeOpened({ input, work, upkeep, changes, history, watch, health, prisma: () => prisma, releaseHold });
      return closing;
    },
  };
  upkeep.start();
  return workspace;
}
