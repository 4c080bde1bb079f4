// One open workspace (one SQLite connection, one Prisma client) per file, shared by
// every user of that file in this process and reference-counted. The last release
// closes it; shutdown closes them all.
//
// Users hold a lease, not the workspace: a lease can be released once, and a
// released lease refuses to hand the workspace out again, so code that kept a stale
// reference fails with WORKSPACE_CLOSED instead of quietly reopening the file.
//
// A workspace whose file was replaced underneath it (health "replaced") is never handed
// out again: the next acquire of its path waits for it to have let go of the path (its
// -wal/-shm removed), then opens the file now there, while leases on the old one stay
// valid (they keep reporting WORKSPACE_REPLACED) until they are released. This is how a
// window reopens its workspace.

import { RosterError } from '../../../kernel/common/errors.js';
import { canonicalPath } from '../../../kernel/node/sqlite/sqlite-file.js';
import type { WorkspaceOpenOptions } from './open-options.js';
import { createWorkspaceFile, openWorkspaceFile, type OpenedWorkspace } from './workspace-file.js';
import { removeForeignTriggers, trustFile } from './foreign-objects.js';
import { asRosterError } from '../../../kernel/node/sqlite/sqlite-errors.js';

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
  /** Set once opening succeeded. */
  opened?: OpenedWorkspace;
}

export class WorkspaceConnections {
  readonly #options: WorkspaceOpenOptions;
  readonly #entries = new Map<string, Entry>();
  /** Closes in progress, so a reopen waits for the old connection to be gone. */
  readonly #closing = new Map<string, Promise<void>>();
  /** Replaced workspaces still leased by someone, no longer under their path. */
  readonly #detached = new Set<Entry>();
  readonly #detachedClosing = new Set<Promise<void>>();
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

  /**
   * The two ways on for a workspace that is read-only because of foreign triggers
   * (foreign-objects.ts): gives `lease` back so the workspace closes, trusts or removes
   * exactly the triggers it showed, and opens the file afresh. Refused while anyone else
   * holds the workspace. The new lease comes back even when the step failed (`failure`),
   * so the window always has its workspace; `lease` itself when there was nothing to do.
   */
  async settleForeign(lease: WorkspaceLease, action: 'trust' | 'remove'): Promise<{ lease: WorkspaceLease; failure: unknown }> {
    const health = lease.workspace.health;
    const shown = health.state === 'read-only' ? (health.untrusted ?? []) : [];
    if (shown.length === 0) return { lease, failure: null };
    if (this.users(lease.path) !== 1) {
      throw new RosterError(
        'WORKSPACE_BUSY',
        'This workspace is in use elsewhere in Roster (another window, or a find); close it there first.',
      );
    }
    const { migrations, trust } = this.#options;
    await lease.release();
    let failure: unknown = null;
    try {
      const names = shown.map((t) => t.name);
      if (action === 'remove') removeForeignTriggers(lease.path, migrations, names);
      else if (trust) trustFile(lease.path, migrations, trust, shown);
      else throw new RosterError('INTERNAL', 'Roster cannot remember trust here.');
    } catch (error) {
      failure = asRosterError(error);
    }
    return { lease: await this.acquire(lease.path), failure };
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
    const detached = [...this.#detached];
    this.#detached.clear();
    await Promise.allSettled([
      ...entries.map(([path, entry]) => this.#close(path, entry)),
      ...detached.map((entry) => this.#closeDetached(entry)),
      ...this.#closing.values(),
      ...this.#detachedClosing,
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
      entry = { opening: Promise.resolve(opened), users: 0, opened };
      this.#entries.set(key, entry);
    } else {
      key = path;
      await this.#closing.get(key);
      await this.#detachIfReplaced(key);
      const existing = this.#entries.get(key);
      if (existing) {
        entry = existing;
      } else {
        const created: Entry = { opening: open(key), users: 0 };
        entry = created;
        this.#entries.set(key, created);
        created.opening.then(
          (workspace) => {
            created.opened = workspace;
          },
          () => {
            if (this.#entries.get(key) === created) this.#entries.delete(key);
          },
        );
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
      } else if (entry.users === 0 && this.#detached.delete(entry)) {
        await this.#closeDetached(entry);
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

  /**
   * If the workspace open at `path` was replaced underneath, takes it out from under the
   * path (its leases keep it until released) once it has let go of the path.
   */
  async #detachIfReplaced(path: string): Promise<void> {
    const entry = this.#entries.get(path);
    if (!entry?.opened || entry.opened.health.state !== 'replaced') return;
    await entry.opened.whenRetired();
    if (this.#entries.get(path) !== entry) return;
    this.#entries.delete(path);
    if (entry.users > 0) this.#detached.add(entry);
    else await this.#closeDetached(entry);
  }

  #closeDetached(entry: Entry): Promise<void> {
    const closing: Promise<void> = entry.opening
      .then((workspace) => workspace.close())
      .catch(() => undefined)
      .finally(() => this.#detachedClosing.delete(closing));
    this.#detachedClosing.add(closing);
    return closing;
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
