// The write lock an upgrade (or the recovery of a half-upgraded file) takes, and how
// another Roster process waits for it.
//
// SQLite's own wait (busy_timeout) gives up after a fixed time. Upgrading a large
// workspace on a busy machine holds the lock far longer than that, so a second process
// opening the same file (`roster migrate` twice, the app and the CLI) used to give up
// with WORKSPACE_BUSY while the first was still making progress. A person would wait
// for a long upgrade that is moving, and give up only on one that has stopped. So:
//
//   holder  once it holds the lock (BEGIN IMMEDIATE) and knows it has a backup and an
//           upgrade (or a restore) to do, writes a heartbeat file and keeps rewriting a
//           counter in it (every BEAT_MS) until its transaction has ended; then it
//           removes the file.
//   waiter  tries BEGIN IMMEDIATE in slices of SLICE_MS and reads the heartbeats of
//           the file between slices. While one advances it keeps waiting; when none
//           has advanced for STALLED_AFTER_MS it gives up with WORKSPACE_BUSY, naming
//           the process. With no heartbeat at all (another program holds the lock, an
//           import, a Roster that uses another data folder) it gives up after
//           BUSY_TIMEOUT_MS, like every other write.
//
// The beats come from a thread of their own: one statement of an upgrade (a table of a
// million people rebuilt) runs for many seconds without ever returning to the event
// loop. A beat therefore says the holder is alive and being scheduled, not that its
// statement is about to end; a stopped holder (SIGSTOP, a suspended terminal) beats no
// more, and a killed one neither beats nor holds the lock (the operating system
// releases SQLite's lock with the process, so the waiter simply gets it).
//
// The heartbeat is only a signal, never a lock: it cannot leave a file locked. It lives
// in the backups folder of the data folder, beside what the upgrade writes anyway,
// private to the person, and named after the workspace like its backups
// (backups.ts), so the workspace file's bytes and its folder are never touched by it.
// Whoever next holds the lock removes heartbeats a killed holder left (only the holder
// of the lock writes one, so every other one is stale); pruneBackups removes old ones.
// Initialising a new, empty file publishes none: it takes moments, and needs no backup
// (nor the backups folder).
//
// Where the waiting happens: `prepare` is a task, so in the app it runs on a worker
// thread and the main process's event loop never waits; in the CLI it runs inline,
// and yields between slices all the same.

import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as yieldNow } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { RosterError } from '../../../kernel/common/errors.js';
import type { WriteLock } from './migrations/migrator.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../../../kernel/node/paths/data-folder.js';
import { BUSY_TIMEOUT_MS } from '../../../kernel/node/sqlite/pragmas.js';
import { asRosterError, storageFailureKind } from '../../../kernel/node/sqlite/sqlite-errors.js';
import { backupPrefix, HEARTBEAT_EXTENSION } from './backups.js';

/** How often a holder's heartbeat advances. */
const BEAT_MS = 250;
/** How long a waiter keeps waiting on a holder whose heartbeat stopped advancing. */
export const STALLED_AFTER_MS = 10_000;
/** How long one try at the lock waits inside SQLite before the heartbeats are read again. */
const SLICE_MS = 250;

/** What a waiter reports while it waits (the `waiting` stage of opening a workspace). */
interface UpgradeWait {
  /** Since the first try, by this process's monotonic clock. */
  readonly waitedMs: number;
  /** The process whose heartbeat advanced last, or null when none has. */
  readonly holder: number | null;
}

export interface UpgradeLockOptions {
  readonly workspacePath: string;
  /** The data folder's backups folder, where heartbeats live. */
  readonly backupDir: string;
  readonly onWaiting?: (wait: UpgradeWait) => void;
}

// Runs on the heartbeat's own thread. It only rewrites a file that exists ('r+'), so a
// beat that races with the removal never brings the file back; once it is gone the
// thread stops. Every beat has the same length, so it overwrites the last one in place.
const BEAT_THREAD = `
const { workerData } = require('node:worker_threads');
const { writeFileSync } = require('node:fs');
let beat = 0;
const timer = setInterval(() => {
  beat += 1;
  try {
    writeFileSync(workerData.path, workerData.pid + ' ' + String(beat).padStart(12, '0') + '\\n', { flag: 'r+' });
  } catch {
    clearInterval(timer);
  }
}, workerData.everyMs);
`;

function beatText(beat: number): string {
  return `${process.pid} ${String(beat).padStart(12, '0')}\n`;
}

function heartbeatPrefix(workspacePath: string): string {
  return `.${backupPrefix(workspacePath)}`;
}

/** Every heartbeat of this workspace now: file name → content (a file removed meanwhile is left out). */
function readHeartbeats(options: UpgradeLockOptions): Map<string, string> {
  const prefix = heartbeatPrefix(options.workspacePath);
  const beats = new Map<string, string>();
  let names: string[];
  try {
    names = readdirSync(options.backupDir);
  } catch {
    return beats;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(HEARTBEAT_EXTENSION)) continue;
    try {
      beats.set(name, readFileSync(join(options.backupDir, name), 'utf8'));
    } catch {
      // Removed between the listing and the read: its holder has finished.
    }
  }
  return beats;
}

/** The process whose heartbeat appeared or advanced between two readings, or null. */
function advancedHolder(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): number | null {
  for (const [name, text] of after) {
    if (before.get(name) === text) continue;
    const pid = Number(text.split(' ', 1)[0]);
    if (Number.isSafeInteger(pid) && pid > 0) return pid;
  }
  return null;
}

function stalledHolder(holder: number, waitedMs: number, cause: unknown): RosterError {
  return new RosterError(
    'WORKSPACE_BUSY',
    `Another Roster process (process ${holder}) is upgrading this workspace, ` +
      `but it has shown no progress for ${STALLED_AFTER_MS / 1000} seconds: it may have been stopped or be stuck. ` +
      `Nothing was changed; try again when it has finished, or end that process.`,
    { holder, waitedMs },
    { cause },
  );
}

/**
 * BEGIN IMMEDIATE on `db`, waiting while another Roster process holding the lock shows
 * progress (see the top of this file). Throws WORKSPACE_BUSY when it gives up; any
 * other failure as SQLite reported it.
 */
async function beginWhenFree(db: Database.Database, options: UpgradeLockOptions): Promise<void> {
  const saved = Number(db.pragma('busy_timeout', { simple: true }));
  const started = performance.now();
  let lastProgress = started;
  let holder: number | null = null;
  let beats = readHeartbeats(options);
  db.pragma(`busy_timeout = ${SLICE_MS}`);
  try {
    for (;;) {
      try {
        db.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if (storageFailureKind(error) !== 'busy') throw error;
        const now = performance.now();
        const seen = readHeartbeats(options);
        const advanced = advancedHolder(beats, seen);
        beats = seen;
        if (advanced !== null) {
          holder = advanced;
          lastProgress = now;
        }
        const waitedMs = Math.round(now - started);
        options.onWaiting?.({ waitedMs, holder });
        if (holder === null && waitedMs >= BUSY_TIMEOUT_MS) throw asRosterError(error);
        if (holder !== null && now - lastProgress >= STALLED_AFTER_MS) throw stalledHolder(holder, waitedMs, error);
      }
      // Between slices: a worker's messages, or the CLI's Ctrl-C, are not held up.
      await yieldNow();
    }
  } finally {
    db.pragma(`busy_timeout = ${saved}`);
  }
}

/** Removes every heartbeat of the workspace: called by the lock's holder, so all are dead holders'. */
function removeHeartbeats(options: UpgradeLockOptions): void {
  for (const name of readHeartbeats(options).keys()) rmSync(join(options.backupDir, name), { force: true });
}

/**
 * Publishes this process's heartbeat for the workspace until the returned function is
 * called. Best effort: when the file or the thread cannot be made, the upgrade goes on
 * without one, and a waiter gives up as it would on any other program.
 */
function startHeartbeat(options: UpgradeLockOptions): () => void {
  const prefix = heartbeatPrefix(options.workspacePath);
  const path = join(options.backupDir, `${prefix}${process.pid}-${randomBytes(3).toString('hex')}${HEARTBEAT_EXTENSION}`);
  try {
    ensurePrivateDir(options.backupDir);
    writeFileSync(path, beatText(0), { mode: PRIVATE_FILE_MODE });
  } catch {
    return () => undefined;
  }
  let thread: Worker | undefined;
  try {
    thread = new Worker(BEAT_THREAD, { eval: true, workerData: { path, pid: process.pid, everyMs: BEAT_MS } });
    thread.on('error', () => undefined);
    thread.unref();
  } catch {
    // No thread: the first beat alone, which a waiter sees stall.
  }
  return () => {
    void thread?.terminate().catch(() => undefined);
    rmSync(path, { force: true });
  };
}

/** The write lock for upgrading or recovering one workspace file; take it at most once at a time. */
export function upgradeLock(options: UpgradeLockOptions): WriteLock {
  let held = false;
  let stopBeating: (() => void) | null = null;
  return {
    async take(db) {
      await beginWhenFree(db, options);
      held = true;
      removeHeartbeats(options);
    },
    working() {
      if (held && stopBeating === null) stopBeating = startHeartbeat(options);
    },
    released() {
      held = false;
      stopBeating?.();
      stopBeating = null;
    },
  };
}
