// A workspace window's session: the handlers of every workspace channel, closed over
// the window's lease on its one workspace file (never a path or an id from the
// renderer), plus the events the window hears (people changed, undo history, health).
//
// Reopen (issue 10, §4). When the file at the window's path was replaced underneath
// Roster, the workspace Roster had open stops taking changes and the window says so.
// `workspace:reopen` then takes a lease on the file now at that same path (the
// connection manager opens it afresh, see workspace-connections.ts), moves the window's
// handlers and subscriptions onto it, and only then gives the stale lease back: if the
// file cannot be opened (it is gone, or refused), the window stays as it was and is told
// why.

import { basename } from 'node:path';
import { RosterError } from '../../kernel/common/errors.js';
import { estimatedTotal } from '../../features/import-export/node/import/import-task.js';
import { formatFromPath } from '../../features/import-export/node/import/import-format.js';
import type { ImportFileInput } from '../../features/import-export/node/import/import-request.js';
import { PersonService } from '../../features/people/node/person-service.js';
import { resolveExportTarget } from '../../features/import-export/node/export-target.js';
import { selectionQuery } from '../../features/people/node/selection.js';
import type { OpenedWorkspace } from '../../features/workspace/node/opened-workspace.js';
import type { WorkspaceConnections, WorkspaceLease } from '../../features/workspace/node/workspace-connections.js';
import { bulkHandlers } from '../../features/history/node/bulk-handlers.js';
import { BulkSlot } from '../../features/history/node/bulk-slot.js';
import { checkDroppedFile } from '../../kernel/node/files/dropped-files.js';
import { healthNotice } from '../../features/workspace/node/health-notice.js';
import { historyHandlers, importedStep } from '../../features/history/node/history-handlers.js';
import { ImportFlow } from '../../features/import-export/node/import-flow.js';
import { validPastedLines } from '../../features/people/node/pasted-lines.js';
import type { PeopleFiles } from '../../features/import-export/node/people-files.js';
import type { ClipboardPort, DialogPort, Logger } from '../../kernel/node/ipc/ports.js';
import { windowTransferHandlers, type TransferDeps } from '../../features/transfer/node/transfer-handlers.js';
import { rendererErrorSink } from './renderer-errors.js';
import type { ViewStateStore } from '../../features/workspace/node/view-state.js';
import type { EventChannel, EventPayload } from '../common/ipc-contract.js';
import { Session, type Handlers, type WindowSession } from '../../kernel/node/ipc/window-session.js';

export interface WorkspaceSession extends WindowSession {
  readonly role: 'workspace';
  /** Canonical path of the workspace file. Main-process only: never sent to the renderer. */
  readonly path: string;
  /** The catalog entry's id, or null if the catalog could not record it. */
  readonly workspaceId: string | null;
  /** Display name, for the window title. */
  name(): string;
  /** Sends an event to this window (checked against the contract). */
  emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void;
}

/** What a workspace session needs from the core around it. */
export interface WorkspaceSessionDeps {
  readonly connections: WorkspaceConnections;
  readonly dialogs: DialogPort;
  readonly files: PeopleFiles;
  readonly log: Logger;
  /** Where undo keeps a whole import's rows. */
  readonly undoFolder: string;
  readonly viewState: ViewStateStore;
  displayName(path: string): string;
  isCatalogued(path: string): boolean;
  cataloguedPaths(): string[];
  /** The session is closing: forget it (before its lease is released). */
  forget(session: WorkspaceSession): void;
  /** Its lease was released (the launcher shows which workspaces are open). */
  closed(): void;
  /** What Copy to…, Move to… and drops between windows need (catalog, drags, open workspaces). */
  readonly transfers: TransferDeps;
  /** For copies of large selections, which main writes itself. */
  readonly clipboard: ClipboardPort | undefined;
  /** The person the launcher's find asked this window to show, once (find-handlers.ts). */
  takeReveal(session: WorkspaceSession): { id: number } | null;
}

/** Files that can be dropped on a workspace window to import them (.txt and .tsv: Excel's "Unicode Text", tab-separated). */
const IMPORT_DROP = { extensions: ['.csv', '.tsv', '.txt', '.json'], kinds: 'CSV, text or JSON files' } as const;

export function createWorkspaceSession(deps: WorkspaceSessionDeps, id: number, initial: WorkspaceLease, workspaceId: string | null): WorkspaceSession {
  const { dialogs, files, undoFolder, viewState, displayName } = deps;
  // Everything bound to the workspace Roster has open; replaced as a whole by reopen.
  let lease = initial;
  let service = new PersonService(lease);
  let recorded = historyHandlers(service, lease.workspace.history);
  let importing: AbortController | null = null;
  // Exports in flight, so closing the window can stop them and wait for their
  // read-only connections to close before the workspace's own connection does
  // (the last connection to close must be read-write, or -wal/-shm stay behind).
  const exporting = new Map<AbortController, Promise<unknown>>();
  let unsubscribe: () => void = () => undefined;
  const notice = () => healthNotice(lease.workspace.health, lease.workspace.recovery);
  // The window's workspace as it is now (reopen replaces the lease): what bulk actions work on.
  const current: { readonly path: string; readonly workspace: OpenedWorkspace } = {
    get path() {
      return lease.path;
    },
    get workspace() {
      return lease.workspace;
    },
  };
  const slot = new BulkSlot();
  const emitBulkProgress = (progress: { done: number; total: number }): void => session.emit('people:bulk-progress', progress);
  const transfers = windowTransferHandlers({ ...deps.transfers, sessionId: id, lease: current, slot, emitProgress: emitBulkProgress });
  const bulk = bulkHandlers({ lease: current, slot, undoFolder, clipboard: deps.clipboard, emitProgress: emitBulkProgress });
  // The file waiting for its preview, behind a token (the renderer never sees its path).
  const imports = new ImportFlow({ tasks: () => lease.workspace.tasks });
  const refuseIfImporting = (): void => {
    if (importing) throw new RosterError('INVALID_INPUT', 'An import is already running in this window.');
  };

  /** Reads and adds every person in the file, with progress; the one way an import runs. */
  const importFile = async (request: ImportFileInput): Promise<{ status: 'imported'; count: number }> => {
    refuseIfImporting();
    const controller = new AbortController();
    importing = controller;
    const bound = lease;
    try {
      const count = await service.importFile(request, {
        signal: controller.signal,
        onProgress: (progress) => session.emit('people:import-progress', { done: progress.rows, total: estimatedTotal(progress) }),
        onImported: (result) => bound.workspace.history.record(importedStep(() => bound.workspace, result, undoFolder)),
      });
      return { status: 'imported' as const, count };
    } finally {
      if (importing === controller) importing = null;
    }
  };

  const handlers: Handlers = {
    'workspace:info': () => ({ name: displayName(lease.path) }),
    'workspace:health': () => notice(),
    'workspace:reopen': async () => {
      if (importing || exporting.size > 0 || slot.busy) throw new RosterError('INVALID_INPUT', 'Wait for the import, export or other change in this window to finish, then reopen.');
      const next = await deps.connections.acquire(lease.path);
      if (next.workspace === lease.workspace) {
        // Not replaced: the workspace open now is the one at the path already.
        await next.release();
        return notice();
      }
      const stale = lease;
      bind(next);
      await stale.release();
      session.emit('workspace:health-changed', notice());
      session.emit('people:history-changed', lease.workspace.history.state());
      session.emit('people:changed', { source: 'external' });
      return notice();
    },
    'people:list': (input) => service.list(input),
    'people:count': (input) => service.count(input),
    'people:get': (input) => service.get(input),
    'people:position': (input) => service.position(input),
    'people:take-reveal': () => deps.takeReveal(session),
    'people:create': (input) => recorded['people:create'](input),
    'people:update': (input) => recorded['people:update'](input),
    'people:delete': (input) => recorded['people:delete'](input),
    'people:undo': (input) => recorded['people:undo'](input),
    'people:redo': (input) => recorded['people:redo'](input),
    'people:history': (input) => recorded['people:history'](input),
    'people:import-choose': async ({ format }) => {
      const file = await dialogs.chooseImportFile(format);
      if (file === null) return { status: 'dismissed' as const };
      return imports.choose(file, formatFromPath(file) ?? format);
    },
    'people:import-dropped': ({ paths }) => {
      if (paths.length !== 1) throw new RosterError('INVALID_INPUT', 'Drop one file at a time to import it.');
      const file = checkDroppedFile(paths[0] as string, IMPORT_DROP);
      return imports.choose(file, formatFromPath(file) ?? 'csv');
    },
    'people:import-preview': (request) => imports.preview(request),
    'people:import-confirm': async ({ token }) => {
      refuseIfImporting();
      return importFile(await imports.confirm(token));
    },
    'people:import-discard': ({ token }) => imports.discard(token),
    // A paste: one person per line, all in one transaction, and a bad line refuses
    // them all, named. The bulk insert yields between batches: 100,000 lines take
    // about 0.3 s and never hold the event loop for long (Prisma's createMany held
    // it for 16 s), and only a summary crosses IPC.
    'people:create-many': async ({ names }) => {
      if (importing) throw new RosterError('INVALID_INPUT', 'An import is running in this window; paste when it has finished.');
      const valid = await validPastedLines(names);
      const count = await recorded.addMany(valid);
      return { count, firstName: valid[0] ?? null };
    },
    'workspace:view-state': () => ({ columnWidths: viewState.columnWidths(lease.path) }),
    'workspace:set-column-widths': ({ columnWidths }) => {
      viewState.setColumnWidths(lease.path, columnWidths);
      return null;
    },
    'app:report-error': rendererErrorSink(id, deps.log),
    ...transfers.handlers,
    ...bulk,
    'people:import-cancel': () => {
      if (!importing) return false;
      importing.abort();
      return true;
    },
    'people:export-cancel': () => {
      for (const controller of exporting.keys()) controller.abort();
      return exporting.size > 0;
    },
    'people:export': async ({ format, selection }) => {
      const file = await dialogs.chooseExportFile(format, `${displayName(lease.path)}.${format}`);
      if (file === null) return { status: 'dismissed' as const };
      // The same refusals as the CLI: never over a workspace or any database. The
      // people come from one read transaction on a separate read-only connection.
      const controller = new AbortController();
      const request = {
        workspace: lease.path,
        out: resolveExportTarget(file, { isCatalogued: deps.isCatalogued }).path,
        format,
        readMode: lease.workspace.readMode,
        catalogued: deps.cataloguedPaths(),
        ...(selection ? { selection: selectionQuery(selection) } : {}),
      };
      const total = selection?.kind === 'ids' ? selection.ids.length : await service.count(selection?.kind === 'matching' && selection.search ? { search: selection.search } : {});
      session.emit('people:export-progress', { done: 0, total });
      const writing = files.export(request, {
        signal: controller.signal,
        tasks: lease.workspace.tasks,
        onProgress: (done) => session.emit('people:export-progress', { done: Math.min(done, total), total: Math.max(done, total) }),
      });
      exporting.set(controller, writing.catch(() => undefined));
      try {
        const count = await writing;
        return { status: 'exported' as const, count, fileName: basename(file) };
      } finally {
        exporting.delete(controller);
      }
    },
  };

  class WorkspaceSessionImpl extends Session implements WorkspaceSession {
    declare readonly role: 'workspace';
    readonly path = initial.path;
    readonly workspaceId = workspaceId;

    name(): string {
      return displayName(this.path);
    }
  }

  const session = new WorkspaceSessionImpl({
    id,
    role: 'workspace',
    handlers,
    log: deps.log,
    knownPaths: () => [lease.path],
    onClose: async () => {
      imports.close();
      importing?.abort();
      for (const controller of exporting.keys()) controller.abort();
      await Promise.all(exporting.values());
      await transfers.close();
      unsubscribe();
      deps.forget(session);
      try {
        await lease.release();
      } finally {
        deps.closed();
      }
    },
  });

  /** Points the window at `next`: its service, its undo history, its events. */
  function bind(next: WorkspaceLease): void {
    unsubscribe();
    lease = next;
    service = new PersonService(next);
    recorded = historyHandlers(service, next.workspace.history);
    const workspace = next.workspace;
    const stops = [
      workspace.changes.subscribe((source) => session.emit('people:changed', { source })),
      workspace.history.onChange((state) => session.emit('people:history-changed', state)),
      workspace.onHealthChange((health) => session.emit('workspace:health-changed', healthNotice(health, workspace.recovery))),
    ];
    unsubscribe = () => {
      for (const stop of stops) stop();
    };
  }
  bind(initial);
  return session;
}
