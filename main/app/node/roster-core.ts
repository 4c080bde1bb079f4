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
import type { TaskRunner } from '../../kernel/node/tasks/task.js';
import type { WorkspaceConnections } from '../../features/workspace/node/workspace-connections.js';
import { withWorkspaceExtension } from '../../features/workspace/node/workspace-file.js';
import { defaultPeopleFiles, type PeopleFiles } from '../../features/import-export/node/people-files.js';
import {
  consoleLogger,
  type ClipboardPort,
  type DialogPort,
  type Logger,
  type ShellPort,
  type WindowPort,
} from '../../kernel/node/ipc/ports.js';
import type { ImportFormat } from '../../features/people/common/people-contract.js';
import { finishInterruptedUndos, prepareUndoFolder } from '../../features/history/node/history-handlers.js';
import { exportLedgerDir } from '../../features/import-export/node/export-ledger.js';
import { DragRegistry } from '../../features/transfer/node/drag-registry.js';
import type { TransferDeps } from '../../features/transfer/node/transfer-handlers.js';
import { createFindFeature } from '../../features/find/node/find-handlers.js';
import { launcherHandlers, type LauncherDeps } from './launcher-handlers.js';
import { rendererErrorSink } from './renderer-errors.js';
import { FileViewStateStore, MemoryViewStateStore, type ViewStateStore } from '../../features/workspace/node/view-state.js';
import { Session, type WindowSession } from '../../kernel/node/ipc/window-session.js';
import { rosterChannels, type RosterEvents, type RosterInvokes } from '../common/roster-api.js';
import { createWorkspaceSession, type WorkspaceSession, type WorkspaceSessionDeps } from './workspace-session.js';

export type { WorkspaceSession } from './workspace-session.js';
/** A window's session, with the app's channels (workspace or launcher). */
export type RosterSession = WindowSession<RosterEvents>;

/** What the core needs from the Roster context (see roster-context.ts). */
interface CoreContext {
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
  readonly dialogs: DialogPort<ImportFormat>;
  /** Where workspaces are shown; may also be connected later (connectWindows), since the window manager needs the core too. */
  readonly windows?: WindowPort;
  readonly files?: PeopleFiles;
  readonly log?: Logger;
  /** "Reveal in file manager"; without it the launcher's Reveal is refused. */
  readonly shell?: ShellPort;
  /** For copies of large selections, which main writes itself; without it they are refused. */
  readonly clipboard?: ClipboardPort;
}

interface ShutdownReport {
  /** True when the watchdog fired before every workspace had closed. */
  readonly timedOut: boolean;
}

/** What a window manager needs from the core: sessions for the windows it creates. */
export interface SessionSource {
  /** Opens a session on the workspace at `path` (a lease on its file). Throws RosterError. */
  openWorkspaceSession(path: string): Promise<WorkspaceSession>;
  openLauncherSession(): RosterSession;
}

export interface RosterCore extends SessionSource {
  /** Where the core shows workspaces from now on (the window manager, built with this core as its SessionSource). */
  connectWindows(windows: WindowPort): void;
  /** Opens a session on the workspace at `path` (a lease on its file). Throws RosterError. */
  openWorkspaceSession(path: string): Promise<WorkspaceSession>;
  openLauncherSession(): RosterSession;
  /** Live sessions, in opening order. */
  sessions(): readonly RosterSession[];
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
  return new Core(options);
}

/** The core: every window's session, the catalog's launchers, and what they share. */
class Core implements RosterCore {
  readonly #options: RosterCoreOptions;
  readonly #catalog: Catalog;
  readonly #connections: WorkspaceConnections;
  readonly #log: Logger;
  #windows: WindowPort | undefined;
  readonly #all = new Set<RosterSession>();
  readonly #launchers = new Set<Session<RosterInvokes, RosterEvents>>();
  readonly #byPath = new Map<string, Set<WorkspaceSession>>();
  #nextId = 1;
  #shutDown = false;
  readonly #find: ReturnType<typeof createFindFeature>;
  readonly #sessionDeps: WorkspaceSessionDeps;
  readonly #launcherDeps: LauncherDeps;

  constructor(options: RosterCoreOptions) {
    this.#options = options;
    const { context } = options;
    this.#catalog = context.catalog;
    this.#connections = context.connections;
    this.#log = options.log ?? consoleLogger;
    this.#windows = options.windows;
    const transfers = this.#transferDeps();
    this.#find = createFindFeature({
      catalog: this.#catalog,
      connections: this.#connections,
      tasks: context.tasks,
      migrationsDir: context.migrations?.dir,
      log: this.#log,
      show: (path) => this.#show(path),
      windowsOn: (path) => [...(this.#byPath.get(path) ?? [])],
    });
    this.#sessionDeps = this.#workspaceSessionDeps(transfers);
    this.#launcherDeps = this.#launcherSessionDeps(transfers);
  }

  connectWindows(windows: WindowPort): void {
    this.#windows = windows;
  }

  #transferDeps(): TransferDeps {
    return {
      catalog: this.#catalog,
      connections: this.#connections,
      drags: new DragRegistry(),
      displayName: (path) => this.displayName(path),
      openPaths: () => new Set(this.#byPath.keys()),
      draggedAway: (sessionId, event) => {
        for (const sessions of this.#byPath.values()) {
          for (const window of sessions) if (window.id === sessionId) window.emit('transfer:onDraggedAway', event);
        }
      },
    };
  }

  #workspaceSessionDeps(transfers: TransferDeps): WorkspaceSessionDeps {
    const { context } = this.#options;
    // Undo's side files (a whole import's rows); history is not kept across runs.
    const undoFolder = context.paths ? join(context.paths.root, 'undo') : join(tmpdir(), `roster-undo-${process.pid}-${randomUUID()}`);
    const interrupted = prepareUndoFolder(undoFolder);
    // An import undo a kill cut off between slices is finished now, on a worker.
    if (interrupted.length > 0 && context.tasks) void finishInterruptedUndos(interrupted, context.tasks, this.#log);
    const viewState: ViewStateStore = context.paths
      ? new FileViewStateStore(join(context.paths.root, 'view-state.json'))
      : new MemoryViewStateStore();
    return {
      connections: this.#connections,
      dialogs: this.#options.dialogs,
      files: this.#options.files ?? defaultPeopleFiles,
      log: this.#log,
      undoFolder,
      ...(context.paths ? { exportLedger: exportLedgerDir(context.paths.root) } : {}),
      viewState,
      displayName: (path) => this.displayName(path),
      isCatalogued: (path) => this.#isCatalogued(path),
      cataloguedPaths: () => this.#cataloguedPaths(),
      forget: (session) => {
        this.#all.delete(session);
        const siblings = this.#byPath.get(session.path);
        siblings?.delete(session);
        if (siblings?.size === 0) this.#byPath.delete(session.path);
      },
      closed: () => this.#catalogChanged(),
      transfers,
      clipboard: this.#options.clipboard,
      takeReveal: (session) => this.#find.takeReveal(session),
    };
  }

  #launcherSessionDeps(transfers: TransferDeps): LauncherDeps {
    return {
      catalog: this.#catalog,
      dialogs: this.#options.dialogs,
      windows: {
        showWorkspace: (path) => this.#windowPort().showWorkspace(path),
        openNewWindow: (path) => {
          const windows = this.#windowPort();
          return windows.openNewWindow ? windows.openNewWindow(path) : windows.showWorkspace(path);
        },
        workspaceRenamed: (path, name) => {
          this.#windows?.workspaceRenamed?.(path, name);
          // The windows' own heading and document title (the native title is the window port's).
          for (const window of this.#byPath.get(path) ?? []) window.emit('catalog:onRenamed', { name });
        },
      },
      shell: this.#options.shell,
      log: this.#log,
      transfers,
      isOpen: (path) => this.#byPath.has(path),
      sessionsOn: (path) => [...(this.#byPath.get(path) ?? [])],
      catalogChanged: () => this.#catalogChanged(),
      emitMergeProgress: (progress) => this.#launchers.forEach((launcher) => launcher.emit('transfer:onMergeProgress', progress)),
      show: (path) => this.#show(path),
      createWorkspace: (path, name) => this.createWorkspace(path, name),
    };
  }

  #windowPort(): WindowPort {
    if (!this.#windows) throw new RosterError('INTERNAL', 'No windows are connected to the core yet.');
    return this.#windows;
  }

  #catalogChanged(): void {
    for (const launcher of this.#launchers) launcher.emit('catalog:onChanged', {});
  }

  displayName(path: string): string {
    try {
      return this.#catalog.findByPath(path)?.name ?? nameFromPath(path);
    } catch {
      return nameFromPath(path);
    }
  }

  /** For export targets: a path the catalog lists (an unreadable catalog lists nothing). */
  #isCatalogued(path: string): boolean {
    try {
      return this.#catalog.findByPath(path) !== undefined;
    } catch {
      return false;
    }
  }

  /** The catalog's workspace paths, for an export running off this thread. */
  #cataloguedPaths(): string[] {
    try {
      return this.#catalog.list().map((entry) => entry.path);
    } catch {
      return [];
    }
  }

  #refuseIfShutDown(): void {
    if (this.#shutDown) throw new RosterError('WORKSPACE_CLOSED', 'Roster is shutting down.');
  }

  /** Lists (or finds) the file in the catalog and marks it opened. Never fails the open. */
  #recordOpened(path: string): string | null {
    try {
      const entry = this.#catalog.findByPath(path) ?? this.#catalog.add(path);
      this.#catalog.touch(entry.id);
      return entry.id;
    } catch (error) {
      this.#log('warn', 'could not record the workspace in the catalog', error);
      return null;
    }
  }

  async #show(path: string): Promise<string> {
    await this.#windowPort().showWorkspace(path);
    const entry = this.#catalog.findByPath(path);
    if (!entry) throw new RosterError('INTERNAL', 'The workspace opened but is not in the catalog.');
    this.#catalogChanged();
    return entry.id;
  }

  async createWorkspace(path: string, name?: string): Promise<string> {
    this.#refuseIfShutDown();
    const chosen = name === undefined ? undefined : parseInput(DisplayName, name);
    // The catalog first: if it cannot be written, no file is created at all.
    this.#catalog.list();
    const createdHere = !existsSync(withWorkspaceExtension(path));
    const lease = await this.#connections.create(path);
    try {
      try {
        const existing = this.#catalog.findByPath(lease.path);
        if (existing && chosen !== undefined) this.#catalog.rename(existing.id, chosen);
        else if (!existing) this.#catalog.add(lease.path, chosen);
      } catch (error) {
        // A new workspace the launcher cannot list would be lost: take it back.
        if (createdHere) {
          await lease.release();
          for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${lease.path}${suffix}`, { force: true });
        }
        throw error;
      }
      return await this.#show(lease.path);
    } finally {
      await lease.release();
    }
  }

  async openWorkspaceSession(path: string): Promise<WorkspaceSession> {
    this.#refuseIfShutDown();
    const lease = await this.#connections.acquire(path);
    if (this.#shutDown) {
      await lease.release();
      this.#refuseIfShutDown();
    }
    const session = createWorkspaceSession(this.#sessionDeps, this.#nextId++, lease, this.#recordOpened(lease.path));
    this.#all.add(session);
    let siblings = this.#byPath.get(lease.path);
    if (!siblings) this.#byPath.set(lease.path, (siblings = new Set()));
    siblings.add(session);
    this.#catalogChanged();
    return session;
  }

  openLauncherSession(): RosterSession {
    this.#refuseIfShutDown();
    const id = this.#nextId++;
    const finder = this.#find.launcher((channel, payload) => session.emit(channel, payload));
    const session: Session<RosterInvokes, RosterEvents> = new Session({
      id,
      role: 'launcher',
      channels: rosterChannels,
      handlers: { ...launcherHandlers(this.#launcherDeps), ...finder.handlers, 'app:reportError': rendererErrorSink(id, this.#log) },
      log: this.#log,
      knownPaths: () => this.#catalog.list().map((entry) => entry.path),
      onClose: async () => {
        finder.close();
        this.#all.delete(session);
        this.#launchers.delete(session);
      },
    });
    this.#all.add(session);
    this.#launchers.add(session);
    return session;
  }

  sessions(): readonly RosterSession[] {
    return [...this.#all];
  }

  sessionsFor(canonicalPath: string): readonly WorkspaceSession[] {
    return [...(this.#byPath.get(canonicalPath) ?? [])];
  }

  async shutdown(watchdogMs = SHUTDOWN_WATCHDOG_MS): Promise<ShutdownReport> {
    this.#shutDown = true;
    const { context } = this.#options;
    const work = (async () => {
      await Promise.allSettled([...this.#all].map((session) => session.close()));
      await (context.close ? context.close() : this.#connections.closeAll());
    })();
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), watchdogMs);
    });
    const outcome = await Promise.race([work.then(() => 'done' as const), watchdog]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.#log('warn', `quit did not wait for workspaces still closing after ${watchdogMs} ms`);
    return { timedOut: outcome === 'timeout' };
  }
}
