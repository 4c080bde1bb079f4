// The main process without Electron: windows are sessions, dialogs and windows are
// ports. Everything the Electron glue does beyond creating BrowserWindows and calling
// native APIs lives here, so it runs and is tested under plain Node.
//
// Each workspace window gets a session that holds a lease on its workspace and closes
// over it: its handlers (workspace-session.ts) never take a path or an id from the
// renderer. The launcher's session manages the catalog (launcher-handlers.ts) and
// refers to workspaces by catalog id.

import { existsSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DisplayName } from '../../features/catalog/common/catalog-contract.js';
import { RosterError } from '../../kernel/common/errors.js';
import type { Catalog } from '../../features/catalog/node/catalog.js';
import { nameFromPath } from '../../features/catalog/node/catalog.js';
import { parseInput } from '../../kernel/node/ipc/validate.js';
import type { TaskRunner } from './task-registry.js';
import type { WorkspaceConnections } from '../../features/workspace/node/workspace-connections.js';
import { withWorkspaceExtension } from '../../features/workspace/node/workspace-file.js';
import { defaultPeopleFiles, type PeopleFiles } from '../../features/import-export/node/people-files.js';
import { consoleLogger, type ClipboardPort, type DialogPort, type Logger, type ShellPort, type WindowPort } from '../../kernel/node/ipc/ports.js';
import { prepareUndoFolder } from '../../features/history/node/history-handlers.js';
import { DragRegistry } from '../../features/transfer/node/drag-registry.js';
import type { TransferDeps } from '../../features/transfer/node/transfer-handlers.js';
import { createFindFeature } from '../../features/find/node/find-handlers.js';
import { launcherHandlers, type LauncherDeps } from './launcher-handlers.js';
import { rendererErrorSink } from './renderer-errors.js';
import { FileViewStateStore, MemoryViewStateStore, type ViewStateStore } from '../../features/workspace/node/view-state.js';
import { Session, type WindowSession } from '../../kernel/node/ipc/window-session.js';
import { createWorkspaceSession, type WorkspaceSession, type WorkspaceSessionDeps } from './workspace-session.js';

export type { WorkspaceSession } from './workspace-session.js';

/** What the core needs from the Roster context (see roster-context.ts). */
export interface CoreContext {
  readonly connections: WorkspaceConnections;
  readonly catalog: Catalog;
  /** Roster's data folder; view-state.json (column widths) is kept there. Without it, layouts last for the process. */
  readonly paths?: { readonly root: string };
  /** Closes every open workspace; defaults to connections.closeAll(). */
  close?(): Promise<void>;
  /** Where heavy work runs and which migrations this build knows: the launcher's find needs both. */
  readonly tasks?: TaskRunner;
  readonly migrations?: { readonly dir: string };
}

export interface RosterCoreOptions {
  readonly context: CoreContext;
  readonly dialogs: DialogPort;
  readonly windows: WindowPort;
  readonly files?: PeopleFiles;
  readonly log?: Logger;
  /** "Reveal in file manager"; without it the launcher's Reveal is refused. */
  readonly shell?: ShellPort;
  /** For copies of large selections, which main writes itself; without it they are refused. */
  readonly clipboard?: ClipboardPort;
}

export interface ShutdownReport {
  /** True when the watchdog fired before every workspace had closed. */
  readonly timedOut: boolean;
}

export interface RosterCore {
  /** Opens a session on the workspace at `path` (a lease on its file). Throws RosterError. */
  openWorkspaceSession(path: string): Promise<WorkspaceSession>;
  openLauncherSession(): WindowSession;
  /** Live sessions, in opening order. */
  sessions(): readonly WindowSession[];
  /** Workspace sessions on the file at `canonicalPath`. */
  sessionsFor(canonicalPath: string): readonly WorkspaceSession[];
  /**
   * Creates a workspace file at `path`, lists it under `name` (default: the file's
   * name), shows it in a window and returns its catalog id.
   */
  createWorkspace(path: string, name?: string): Promise<string>;
  /** Display name of a workspace file (catalog name, or the file name). */
  displayName(path: string): string;
  /** Closes every session and workspace; never waits longer than `watchdogMs`. */
  shutdown(watchdogMs?: number): Promise<ShutdownReport>;
}

/** How long quitting waits for workspaces to close before giving up on them. */
export const SHUTDOWN_WATCHDOG_MS = 5000;

export function createRosterCore(options: RosterCoreOptions): RosterCore {
  const { context, dialogs, windows } = options;
  const { catalog, connections } = context;
  const files = options.files ?? defaultPeopleFiles;
  const log = options.log ?? consoleLogger;
  // Undo's side files (a whole import's rows); history is not kept across runs.
  const undoFolder = context.paths ? join(context.paths.root, 'undo') : join(tmpdir(), `roster-undo-${process.pid}-${randomUUID()}`);
  prepareUndoFolder(undoFolder);
  const viewState: ViewStateStore = context.paths ? new FileViewStateStore(join(context.paths.root, 'view-state.json')) : new MemoryViewStateStore();
  const all = new Set<WindowSession>();
  const launchers = new Set<Session>();
  const byPath = new Map<string, Set<WorkspaceSession>>();
  let nextId = 1;
  let shutDown = false;
  const drags = new DragRegistry();
  const transferDeps: TransferDeps = {
    catalog,
    connections,
    drags,
    displayName: (path) => displayName(path),
    openPaths: () => new Set(byPath.keys()),
    draggedAway: (sessionId, event) => {
      for (const session of byPath.values()) for (const window of session) if (window.id === sessionId) window.emit('people:dragged-away', event);
    },
  };
  const find = createFindFeature({ catalog, connections, tasks: context.tasks, migrationsDir: context.migrations?.dir, log, show, windowsOn: (path) => [...(byPath.get(path) ?? [])] });

  function catalogChanged(): void {
    for (const launcher of launchers) launcher.emit('catalog:changed', {});
  }

  function displayName(path: string): string {
    try {
      return catalog.findByPath(path)?.name ?? nameFromPath(path);
    } catch {
      return nameFromPath(path);
    }
  }

  /** For export targets: a path the catalog lists (an unreadable catalog lists nothing). */
  function isCatalogued(path: string): boolean {
    try {
      return catalog.findByPath(path) !== undefined;
    } catch {
      return false;
    }
  }

  /** The catalog's workspace paths, for an export running off this thread. */
  function cataloguedPaths(): string[] {
    try {
      return catalog.list().map((entry) => entry.path);
    } catch {
      return [];
    }
  }

  function refuseIfShutDown(): void {
    if (shutDown) throw new RosterError('WORKSPACE_CLOSED', 'Roster is shutting down.');
  }

  /** Lists (or finds) the file in the catalog and marks it opened. Never fails the open. */
  function recordOpened(path: string): string | null {
    try {
      const entry = catalog.findByPath(path) ?? catalog.add(path);
      catalog.touch(entry.id);
      return entry.id;
    } catch (error) {
      log('warn', 'could not record the workspace in the catalog', error);
      return null;
    }
  }

  const sessionDeps: WorkspaceSessionDeps = {
    connections,
    dialogs,
    files,
    log,
    undoFolder,
    viewState,
    displayName,
    isCatalogued,
    cataloguedPaths,
    forget(session) {
      all.delete(session);
      const siblings = byPath.get(session.path);
      siblings?.delete(session);
      if (siblings?.size === 0) byPath.delete(session.path);
    },
    closed: catalogChanged,
    transfers: transferDeps,
    clipboard: options.clipboard,
    takeReveal: (session) => find.takeReveal(session),
  };

  const launcherDeps: LauncherDeps = {
    catalog,
    dialogs,
    windows,
    shell: options.shell,
    log,
    transfers: transferDeps,
    isOpen: (path) => byPath.has(path),
    sessionsOn: (path) => [...(byPath.get(path) ?? [])],
    catalogChanged,
    emitMergeProgress: (progress) => launchers.forEach((launcher) => launcher.emit('catalog:merge-progress', progress)),
    show,
    createWorkspace,
  };

  async function show(path: string): Promise<string> {
    await windows.showWorkspace(path);
    const entry = catalog.findByPath(path);
    if (!entry) throw new RosterError('INTERNAL', 'The workspace opened but is not in the catalog.');
    catalogChanged();
    return entry.id;
  }

  async function createWorkspace(path: string, name?: string): Promise<string> {
    refuseIfShutDown();
    const chosen = name === undefined ? undefined : parseInput(DisplayName, name);
    // The catalog first: if it cannot be written, no file is created at all.
    catalog.list();
    const createdHere = !existsSync(withWorkspaceExtension(path));
    const lease = await connections.create(path);
    try {
      try {
        const existing = catalog.findByPath(lease.path);
        if (existing && chosen !== undefined) catalog.rename(existing.id, chosen);
        else if (!existing) catalog.add(lease.path, chosen);
      } catch (error) {
        // A new workspace the launcher cannot list would be lost: take it back.
        if (createdHere) {
          await lease.release();
          for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${lease.path}${suffix}`, { force: true });
        }
        throw error;
      }
      return await show(lease.path);
    } finally {
      await lease.release();
    }
  }

  return {
    async openWorkspaceSession(path) {
      refuseIfShutDown();
      const lease = await connections.acquire(path);
      if (shutDown) {
        await lease.release();
        refuseIfShutDown();
      }
      const session = createWorkspaceSession(sessionDeps, nextId++, lease, recordOpened(lease.path));
      all.add(session);
      let siblings = byPath.get(lease.path);
      if (!siblings) byPath.set(lease.path, (siblings = new Set()));
      siblings.add(session);
      catalogChanged();
      return session;
    },

    openLauncherSession() {
      refuseIfShutDown();
      const id = nextId++;
      const finder = find.launcher((channel, payload) => session.emit(channel, payload));
      const session: Session = new Session({
        id,
        role: 'launcher',
        handlers: { ...launcherHandlers(launcherDeps), ...finder.handlers, 'app:report-error': rendererErrorSink(id, log) },
        log,
        knownPaths: () => catalog.list().map((entry) => entry.path),
        onClose: async () => {
          finder.close();
          all.delete(session);
          launchers.delete(session);
        },
      });
      all.add(session);
      launchers.add(session);
      return session;
    },

    createWorkspace,
    sessions: () => [...all],
    sessionsFor: (canonicalPath) => [...(byPath.get(canonicalPath) ?? [])],
    displayName,

    async shutdown(watchdogMs = SHUTDOWN_WATCHDOG_MS) {
      shutDown = true;
      const work = (async () => {
        await Promise.allSettled([...all].map((session) => session.close()));
        await (context.close ? context.close() : connections.closeAll());
      })();
      let timer: NodeJS.Timeout | undefined;
      const watchdog = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), watchdogMs);
      });
      const outcome = await Promise.race([work.then(() => 'done' as const), watchdog]);
      clearTimeout(timer);
      if (outcome === 'timeout') log('warn', `quit did not wait for workspaces still closing after ${watchdogMs} ms`);
      return { timedOut: outcome === 'timeout' };
    },
  };
}
