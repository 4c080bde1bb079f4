// The file at an open workspace's path must stay the file Roster holds. When it stops
// being that one (moved, deleted, or replaced by another program), Roster saves what it
// holds into the recovery folder, lets go of the path, and the workspace refuses writes
// from then on (see opened-workspace.ts).

import { closeSync, openSync, rmSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../../../kernel/node/paths/data-folder.js';
import { fileIdentity, sameFile, type FileIdentity } from '../../../kernel/node/files/file-identity.js';
import type { WorkspaceOpenOptions } from './open-options.js';
import type { HealthState } from './workspace-health.js';

export interface PathWatchInput {
  readonly path: string;
  readonly db: Database.Database;
  /** The identity of the file the connection opened (taken around connecting, see workspace-file.ts). */
  readonly identity: FileIdentity | null;
  readonly health: HealthState;
  readonly options: WorkspaceOpenOptions;
  /** Stops the background work on the connection, before it closes. */
  stopWork(): Promise<void>;
  /** Gives back the process-wide hold on the path. */
  releaseHold(): void;
}

function stamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('.', '');
}

export class PathWatch {
  readonly #input: PathWatchInput;
  // The -wal and -shm beside the file are SQLite's by path, not by file: if the file is
  // moved away or replaced, they stay at the path, and whoever opens the path next would
  // read our WAL frames into another file. Remembered here (they exist once the
  // connection has read), so that on replacement Roster removes its own and only its own.
  readonly #sidecars: { readonly wal: FileIdentity | null; readonly shm: FileIdentity | null };
  #replacedCheck: Promise<void> | undefined;

  constructor(input: PathWatchInput) {
    this.#input = input;
    this.#sidecars = { wal: fileIdentity(`${input.path}-wal`), shm: fileIdentity(`${input.path}-shm`) };
  }

  /** True if the path still names the file Roster holds. On the first "no", retires the connection. */
  check(): boolean {
    const { path, identity, health, options } = this.#input;
    if (health.current.state === 'replaced') return false;
    if (sameFile(identity, fileIdentity(path))) return true;
    this.#replacedCheck ??= (async () => {
      options.log?.('warn', `workspace ${path} was moved, deleted or replaced while open`);
      health.set({ state: 'replaced', recoveryPath: null });
      health.retired(await this.#retire());
    })();
    return false;
  }

  /** Settles once a replaced workspace has let go of its path; at once for one that was not replaced. */
  whenRetired(): Promise<void> {
    return this.#replacedCheck ?? Promise.resolve();
  }

  /** Saves what the connection holds (the file Roster had open) into the recovery folder. */
  async #saveRecoveryCopy(): Promise<string | null> {
    const { path, db, options } = this.#input;
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

  /**
   * The file at the path is no longer ours: save what we hold, fold our WAL into the
   * file we hold (wherever it went), close, and take our -wal/-shm away from the path.
   */
  async #retire(): Promise<string | null> {
    const { path, db, options } = this.#input;
    await this.#input.stopWork();
    const recoveryPath = await this.#saveRecoveryCopy();
    if (db.open) {
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch (error) {
        options.log?.('warn', `could not fold the WAL into the moved file ${path}`, error);
      }
      db.close();
    }
    for (const [suffix, recorded] of [
      ['-wal', this.#sidecars.wal],
      ['-shm', this.#sidecars.shm],
    ] as const) {
      if (recorded && sameFile(recorded, fileIdentity(path + suffix))) rmSync(path + suffix, { force: true });
    }
    this.#input.releaseHold();
    return recoveryPath;
  }
}
