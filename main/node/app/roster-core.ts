// The main process without Electron: windows are sessions, dialogs and windows are
// ports. Everything the Electron glue does beyond creating BrowserWindows and calling
// native APIs lives here, so it runs and is tested under plain Node.
//
// Each workspace window gets a session that holds a lease on its workspace and closes
// over it: the handlers below never take a path or an id from the renderer. The
// launcher's session manages the catalog and refers to workspaces by catalog id.

import { existsSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { CatalogEntry, WorkspaceSummary } from '../../common/catalog-contract.js';
import { DisplayName } from '../../common/catalog-contract.js';
import { isRosterError, RosterError, INTERNAL_MESSAGE } from '../../common/errors.js';
import type { Catalog } from '../catalog/catalog.js';
import { nameFromPath } from '../catalog/catalog.js';
import { parseInput } from '../people/validate.js';
import { openSqlite } from '../sqlite/driver.js';
import { fileKind, hasOpenableExtension, OPENABLE_EXTENSIONS } from '../sqlite/sqlite-file.js';
import type { TaskRunner } from '../tasks/task-registry.js';
import type { WorkspaceConnections } from '../workspace/workspace-connections.js';
import { isHeldInProcess, withWorkspaceExtension } from '../workspace/workspace-file.js';
import { defaultPeopleFiles, type PeopleFiles } from './people-files.js';
import { checkDroppedFile } from './dropped-files.js';
import { consoleLogger, type ClipboardPort, type DialogPort, type Logger, type ShellPort, type WindowPort } from './ports.js';
import { prepareUndoFolder } from './history-handlers.js';
import { DragRegistry } from './drag-registry.js';
import { mergeWorkspaces, type TransferDeps } from './transfer-handlers.js';
import { createFindFeature } from './find-handlers.js';
import { rendererErrorSink } from './renderer-errors.js';
import { scrubPaths } from './scrub.js';
import { FileViewStateStore, MemoryViewStateStore, type ViewStateStore } from './view-state.js';
import { Session, type Handlers, type WindowSession } from './window-session.js';
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

/** Files that can be dropped on the launcher to open them. */
const OPEN_DROP = { extensions: OPENABLE_EXTENSIONS, kinds: 'Roster workspace files' } as const;

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

/**
 * Counts people in a workspace no window has open; null if it cannot be read as a
 * workspace. The connection is read-write with `query_only` on, not `readonly`: SQLite
 * cannot remove a WAL file's -wal/-shm when the last connection to close is read-only,
 * and leftovers would make the file look open elsewhere (the catalog then refuses to
 * delete it). `query_only` still refuses every write statement.
 */
export function peekPeopleCount(path: string): number | null {
  try {
    if (!hasOpenableExtension(path) || fileKind(path) !== 'sqlite') return null;
  } catch {
    return null;
  }
  let db: Database.Database | undefined;
  try {
    db = openSqlite(path, { fileMustExist: true, timeout: 250 });
    db.pragma('query_only = ON');
    const count: unknown = db.prepare('SELECT count(*) FROM "Person"').pluck().get();
    return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? count : null;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

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

  async function peopleCount(path: string): Promise<number | null> {
    const open = byPath.get(path);
    const first = open ? [...open].find((session) => !session.closed) : undefined;
    if (first) {
      const result = await first.invoke('people:count', {});
      return result.ok ? (result.data as number) : null;
    }
    // Never a second connection on a file this process holds (another window opening it).
    if (isHeldInProcess(path)) return null;
    return peekPeopleCount(path);
  }

  async function summary(entry: CatalogEntry): Promise<WorkspaceSummary> {
    const missing = !existsSync(entry.path);
    return {
      id: entry.id,
      name: entry.name,
      location: dirname(entry.path),
      fileName: basename(entry.path),
      createdAt: entry.createdAt,
      lastOpenedAt: entry.lastOpenedAt,
      missing,
      peopleCount: missing ? null : await peopleCount(entry.path),
      open: byPath.has(entry.path),
    };
  }

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

  function launcherHandlers(): Handlers {
    return {
      'catalog:list': async () => Promise.all(catalog.list().map(summary)),
      'catalog:create': async ({ name }) => {
        const chosen = parseInput(DisplayName, name);
        const path = await dialogs.chooseNewWorkspacePath(chosen);
        if (path === null) return { status: 'dismissed' as const };
        return { status: 'opened' as const, id: await createWorkspace(path, chosen) };
      },
      'catalog:open-existing': async () => {
        const path = await dialogs.chooseExistingWorkspace();
        if (path === null) return { status: 'dismissed' as const };
        return { status: 'opened' as const, id: await show(path) };
      },
      'catalog:open': async ({ id }) => {
        const entry = catalog.get(id);
        await show(entry.path);
        return { status: 'opened' as const, id: entry.id };
      },
      'catalog:rename': ({ id, name }) => {
        const entry = catalog.rename(id, name);
        windows.workspaceRenamed?.(entry.path, entry.name);
        catalogChanged();
        return null;
      },
      'catalog:forget': ({ id }) => {
        catalog.forget(id);
        catalogChanged();
        return null;
      },
      'catalog:delete': ({ id }) => {
        const entry = catalog.get(id);
        if (byPath.has(entry.path) || isHeldInProcess(entry.path)) {
          throw new RosterError('WORKSPACE_BUSY', `“${entry.name}” is open in a window. Close it before deleting it.`);
        }
        const trashed = catalog.moveToTrash(id);
        catalogChanged();
        return trashed;
      },
      'catalog:trash': () => catalog.listTrash(),
      'catalog:restore': ({ trashId }) => {
        const entry = catalog.restoreFromTrash(trashId);
        catalogChanged();
        return entry.id;
      },
      'catalog:open-new-window': async ({ id }) => {
        const entry = catalog.get(id);
        if (windows.openNewWindow) await windows.openNewWindow(entry.path);
        else await windows.showWorkspace(entry.path);
        catalogChanged();
        return { status: 'opened' as const, id: entry.id };
      },
      'catalog:reveal': ({ id }) => {
        const entry = catalog.get(id);
        if (!existsSync(entry.path)) throw new RosterError('NOT_FOUND', `The file of “${entry.name}” is missing. Use Locate… to find it.`);
        if (!options.shell) throw new RosterError('INTERNAL', 'Roster cannot show files here.');
        options.shell.showItemInFolder(entry.path);
        return null;
      },
      'catalog:locate': async ({ id }) => {
        const entry = catalog.get(id);
        if (!dialogs.locateWorkspace) throw new RosterError('INTERNAL', 'Roster cannot ask for a file here.');
        const path = await dialogs.locateWorkspace(entry.name, basename(entry.path));
        if (path === null) return { status: 'dismissed' as const };
        if (!hasOpenableExtension(path) || fileKind(path) !== 'sqlite') {
          throw new RosterError('BAD_PATH', `${basename(path)} is not a Roster workspace.`, { path });
        }
        if (byPath.has(entry.path)) throw new RosterError('WORKSPACE_BUSY', `“${entry.name}” is open in a window. Close it first.`);
        catalog.relocate(id, path);
        catalogChanged();
        return { status: 'located' as const, id };
      },
      'catalog:merge': async (request) => {
        try {
          return await mergeWorkspaces({ ...transferDeps, emitProgress: (progress) => launchers.forEach((launcher) => launcher.emit('catalog:merge-progress', progress)) }, request);
        } finally {
          catalogChanged();
        }
      },
      'catalog:open-dropped': async ({ paths }) => {
        const results = [];
        for (const dropped of paths) {
          try {
            const real = checkDroppedFile(dropped, OPEN_DROP);
            results.push({ status: 'opened' as const, id: await show(real) });
          } catch (error) {
            if (!isRosterError(error)) log('error', 'could not open a dropped workspace', error);
            const message = isRosterError(error) ? error.message : INTERNAL_MESSAGE;
            results.push({ status: 'failed' as const, fileName: basename(dropped) || 'A file', message: scrubPaths(message, [dropped]) });
          }
        }
        return results;
      },
    };
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
        handlers: { ...launcherHandlers(), ...finder.handlers, 'app:report-error': rendererErrorSink(id, log) },
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
