// One open workspace (one SQLite connection, one Prisma client) per file, shared by
// every user of that file in this process and reference-counted. The last release
// closes it; shutdown closes them all.
//
// Users hold a lease, not the workspace: a lease can be released once, and a
// released lease refuses to hand the workspace out again, so code that kept a stale
// reference fails with WORKSPACE_CLOSED instead of quietly reopening the file.

import { RosterError } from '../../common/errors.js';
import { canonicalPath } from '../sqlite/sqlite-file.js';
import { createWorkspaceFile, openWorkspaceFile, type OpenedWorkspace, type WorkspaceOpenOptions } from './workspace-file.js';

export interface WorkspaceLease {
  readonly path: string;
  /** The shared workspace. Throws WORKSPACE_CLOSED once this lease is released. */
  readonly workspace: OpenedWorkspace;
  readonly released: boolean;
  /** Gives the lease back. The second and later calls do nothing. */
  release(): Promise<void>;
}

interface Entry {
  readonly opening: Promise<OpenedWorkspace>;
  users: number;
}

export class WorkspaceConnections {
  readonly #options: WorkspaceOpenOptions;
  readonly #entries = new Map<string, Entry>();
  /** Closes in progress, so a reopen waits for the old connection to be gone. */
  readonly #closing = new Map<string, Promise<void>>();
  #shutDown = false;

  constructor(options: WorkspaceOpenOptions) {
    this.#options = options;
  }

  /** Opens the workspace at `path`, or shares the one already open. */
  acquire(path: string): Promise<WorkspaceLease> {
    return this.#lease(canonicalPath(path), (canonical) => openWorkspaceFile(canonical, this.#options));
  }

  /** Creates a new workspace file and returns a lease on it. */
  create(path: string): Promise<WorkspaceLease> {
    return this.#lease(null, async () => createWorkspaceFile(path, this.#options));
  }

  /**
   * A lease on the workspace at `path` (canonical) if this process has it open or is
   * opening it; null otherwise, or when that open fails. Never opens a file itself, so
   * a reader can keep the workspace (and its read-write connection) open while it
   * reads the file with a connection of its own.
   */
  async acquireIfOpen(path: string): Promise<WorkspaceLease | null> {
    const entry = this.#entries.get(path);
    if (!entry || this.#shutDown) return null;
    entry.users++;
    try {
      return this.#makeLease(path, entry, await entry.opening);
    } catch {
      entry.users--;
      return null;
    }
  }

  isOpen(path: string): boolean {
    return this.#entries.has(canonicalPath(path));
  }

  users(path: string): number {
    return this.#entries.get(canonicalPath(path))?.users ?? 0;
  }

  openPaths(): string[] {
    return [...this.#entries.keys()];
  }

  /** Closes every workspace. Leases still held become unusable. Later acquires fail. */
  async closeAll(): Promise<void> {
    this.#shutDown = true;
    const entries = [...this.#entries.entries()];
    this.#entries.clear();
    await Promise.allSettled([
      ...entries.map(([path, entry]) => this.#close(path, entry)),
      ...this.#closing.values(),
    ]);
  }

  async #lease(path: string | null, open: (path: string) => Promise<OpenedWorkspace>): Promise<WorkspaceLease> {
    if (this.#shutDown) throw new RosterError('WORKSPACE_CLOSED', 'Roster is shutting down.');
    let entry: Entry;
    let key: string;
    if (path === null) {
      // Create: the canonical path is only known once the file exists.
      const opened = await open('');
      key = opened.path;
      entry = { opening: Promise.resolve(opened), users: 0 };
      this.#entries.set(key, entry);
    } else {
      key = path;
      await this.#closing.get(key);
      const existing = this.#entries.get(key);
      if (existing) {
        entry = existing;
      } else {
        entry = { opening: open(key), users: 0 };
        this.#entries.set(key, entry);
        entry.opening.catch(() => {
          if (this.#entries.get(key) === entry) this.#entries.delete(key);
        });
      }
    }
    entry.users++;
    let workspace: OpenedWorkspace;
    try {
      workspace = await entry.opening;
    } catch (error) {
      entry.users--;
      throw error;
    }
    return this.#makeLease(key, entry, workspace);
  }

  #makeLease(path: string, entry: Entry, workspace: OpenedWorkspace): WorkspaceLease {
    let released = false;
    const release = async (): Promise<void> => {
      if (released) return;
      released = true;
      entry.users--;
      if (entry.users === 0 && this.#entries.get(path) === entry) {
        this.#entries.delete(path);
        await this.#close(path, entry);
      } else {
        await this.#closing.get(path);
      }
    };
    return {
      path,
      get workspace() {
        if (released || workspace.isClosed) throw new RosterError('WORKSPACE_CLOSED', 'This workspace has been closed.');
        return workspace;
      },
      get released() {
        return released;
      },
      release,
    };
  }

  #close(path: string, entry: Entry): Promise<void> {
    const closing = entry.opening
      .then((workspace) => workspace.close())
      .catch(() => undefined)
      .finally(() => {
        if (this.#closing.get(path) === closing) this.#closing.delete(path);
      });
    this.#closing.set(path, closing);
    return closing;
  }
}
