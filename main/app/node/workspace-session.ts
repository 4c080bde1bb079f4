// A workspace window's session: the handlers of every workspace channel, closed over
// the window's lease on its one workspace file (never a path or an id from the
// renderer), plus the events the window hears (people changed, undo history, health).
//
// Reopen. When the file at the window's path was replaced underneath
// Roster, the workspace Roster had open stops taking changes and the window says so.
// `workspace:reopen` then takes a lease on the file now at that same path (the
// connection manager opens it afresh, see workspace-connections.ts), moves the window's
// handlers and subscriptions onto it, and only then gives the stale lease back: if the
// file cannot be opened (it is gone, or refused), the window stays as it was and is told
// why.

import { RosterError } from '../../kernel/common/errors.js';
import { PersonService } from '../../features/people/node/person-service.js';
import type { HealthNotice } from '../../features/workspace/common/workspace-contract.js';
import type { z } from 'zod';
import type { OpenedWorkspace } from '../../features/workspace/node/opened-workspace.js';
import type { WorkspaceConnections, WorkspaceLease } from '../../features/workspace/node/workspace-connections.js';
import { bulkHandlers } from '../../features/history/node/bulk-handlers.js';
import { BulkSlot } from '../../features/history/node/bulk-slot.js';
import { healthNotice } from '../../features/workspace/node/health-notice.js';
import { historyHandlers, importedStep, type HistoryHandlers } from '../../features/history/node/history-handlers.js';
import { windowImportExport } from '../../features/import-export/node/import-export-handlers.js';
import { validPastedLines } from '../../features/people/node/pasted-lines.js';
import type { PeopleFiles } from '../../features/import-export/node/people-files.js';
import type { ClipboardPort, DialogPort, Logger } from '../../kernel/node/ipc/ports.js';
import type { ImportFormat } from '../../features/people/common/people-contract.js';
import { windowTransferHandlers, type TransferDeps } from '../../features/transfer/node/transfer-handlers.js';
import { duplicatesHandlers } from '../../features/duplicates/node/duplicates-handlers.js';
import { rendererErrorSink } from './renderer-errors.js';
import type { ViewStateStore } from '../../features/workspace/node/view-state.js';
import { rosterChannels, type EventPayload, type RosterEvents, type RosterHandlers, type RosterInvokes } from '../common/roster-api.js';
import { Session, type WindowSession } from '../../kernel/node/ipc/window-session.js';

export interface WorkspaceSession extends WindowSession<RosterEvents> {
  readonly role: 'workspace';
  /** Canonical path of the workspace file. Main-process only: never sent to the renderer. */
  readonly path: string;
  /** The catalog entry's id, or null if the catalog could not record it. */
  readonly workspaceId: string | null;
  /** Display name, for the window title. */
  name(): string;
}

/** What a workspace session needs from the core around it. */
export interface WorkspaceSessionDeps {
  readonly connections: WorkspaceConnections;
  readonly dialogs: DialogPort<ImportFormat>;
  readonly files: PeopleFiles;
  readonly log: Logger;
  /** Where undo keeps a whole import's rows. */
  readonly undoFolder: string;
  /** The export ledger folder (export-ledger.ts); none: a killed export is cleaned up only by the next export beside it. */
  readonly exportLedger?: string;
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

export function createWorkspaceSession(
  deps: WorkspaceSessionDeps,
  id: number,
  initial: WorkspaceLease,
  workspaceId: string | null,
): WorkspaceSession {
  // Everything bound to the workspace Roster has open; replaced as a whole by reopen.
  const bound = new BoundWorkspace(initial);
  const emit: RosterEmit = (channel, payload) => session.emit(channel, payload);
  const slot = new BulkSlot();
  const emitBulkProgress = (progress: { done: number; total: number }): void => emit('transfer:onBulkProgress', progress);
  const transfers = windowTransferHandlers({ ...deps.transfers, sessionId: id, lease: bound, slot, emitProgress: emitBulkProgress });
  const bulk = bulkHandlers({ lease: bound, slot, undoFolder: deps.undoFolder, clipboard: deps.clipboard, emitProgress: emitBulkProgress });
  const files = windowImportExport({
    lease: () => bound.lease,
    people: () => bound.service,
    dialogs: deps.dialogs,
    files: deps.files,
    displayName: deps.displayName,
    isCatalogued: deps.isCatalogued,
    cataloguedPaths: deps.cataloguedPaths,
    ...(deps.exportLedger ? { exportLedger: deps.exportLedger } : {}),
    emit,
    imported: (lease, result) => lease.workspace.history.record(importedStep(() => lease.workspace, result, deps.undoFolder)),
  });

  const handlers: RosterHandlers = {
    ...workspaceHandlers(deps, bound, emit, () => files.busy() || slot.busy),
    ...peopleHandlers(bound, () => files.importing()),
    'find:takeReveal': () => deps.takeReveal(session),
    'app:reportError': rendererErrorSink(id, deps.log),
    ...files.handlers,
    ...transfers.handlers,
    ...bulk,
    ...duplicatesHandlers(bound),
  };

  class WorkspaceSessionImpl extends Session<RosterInvokes, RosterEvents> implements WorkspaceSession {
    declare readonly role: 'workspace';
    readonly path = initial.path;
    readonly workspaceId = workspaceId;

    name(): string {
      return deps.displayName(this.path);
    }
  }

  const session = new WorkspaceSessionImpl({
    id,
    role: 'workspace',
    channels: rosterChannels,
    handlers,
    log: deps.log,
    knownPaths: () => [bound.lease.path],
    onClose: async () => {
      await files.close();
      await transfers.close();
      bound.unbind();
      deps.forget(session);
      try {
        await bound.lease.release();
      } finally {
        deps.closed();
      }
    },
  });
  bound.bind(initial, emit);
  return session;
}

type RosterEmit = <C extends keyof RosterEvents & string>(channel: C, payload: EventPayload<C>) => void;

/** The window's workspace as it is now: its lease, the service and undo handlers on it, and the events it sends. */
class BoundWorkspace {
  lease: WorkspaceLease;
  service: PersonService;
  recorded: HistoryHandlers;
  #unsubscribe: () => void = () => undefined;

  constructor(initial: WorkspaceLease) {
    this.lease = initial;
    this.service = new PersonService(initial);
    this.recorded = historyHandlers(this.service, initial.workspace.history);
  }

  get path(): string {
    return this.lease.path;
  }

  get workspace(): OpenedWorkspace {
    return this.lease.workspace;
  }

  /** Points the window at `next`: its service, its undo history, its events. */
  bind(next: WorkspaceLease, emit: RosterEmit): void {
    this.#unsubscribe();
    this.lease = next;
    this.service = new PersonService(next);
    this.recorded = historyHandlers(this.service, next.workspace.history);
    const workspace = next.workspace;
    const stops = [
      workspace.changes.subscribe((source) => emit('people:onChanged', { source })),
      workspace.history.onChange((state) => emit('history:onHistoryChanged', state)),
      workspace.onHealthChange((health) => emit('workspace:onHealthChanged', healthNotice(health, workspace.recovery, workspace.setAside))),
    ];
    this.#unsubscribe = () => {
      for (const stop of stops) stop();
    };
  }

  unbind(): void {
    this.#unsubscribe();
  }

  notice(): z.output<typeof HealthNotice> {
    return healthNotice(this.lease.workspace.health, this.lease.workspace.recovery, this.lease.workspace.setAside);
  }
}

/** The workspace channels: name, health, reopen after the file was replaced, and the view's column widths. */
function workspaceHandlers(deps: WorkspaceSessionDeps, bound: BoundWorkspace, emit: RosterEmit, busy: () => boolean): RosterHandlers {
  return {
    'workspace:info': () => ({ name: deps.displayName(bound.path) }),
    'workspace:health': () => bound.notice(),
    'workspace:reopen': async () => {
      if (busy())
        throw new RosterError('INVALID_INPUT', 'Wait for the import, export or other change in this window to finish, then reopen.');
      const next = await deps.connections.acquire(bound.path);
      if (next.workspace === bound.workspace) {
        // Not replaced: the workspace open now is the one at the path already.
        await next.release();
        return bound.notice();
      }
      const stale = bound.lease;
      bound.bind(next, emit);
      await stale.release();
      emit('workspace:onHealthChanged', bound.notice());
      emit('history:onHistoryChanged', bound.workspace.history.state());
      emit('people:onChanged', { source: 'external' });
      return bound.notice();
    },
    'workspace:trust': () => settleForeign(deps, bound, emit, busy, 'trust'),
    'workspace:removeForeign': () => settleForeign(deps, bound, emit, busy, 'remove'),
    'workspace:viewState': () => ({ columnWidths: deps.viewState.columnWidths(bound.path) }),
    'workspace:setColumnWidths': ({ columnWidths }) => {
      deps.viewState.setColumnWidths(bound.path, columnWidths);
      return null;
    },
  };
}

/** The people channels, with every change recorded for undo. */
function peopleHandlers(bound: BoundWorkspace, importing: () => boolean): RosterHandlers {
  return {
    'people:list': (input) => bound.service.list(input),
    'people:count': (input) => bound.service.count(input),
    'people:get': (input) => bound.service.get(input),
    'find:position': (input) => bound.service.position(input),
    'people:create': (input) => bound.recorded['people:create'](input),
    'people:update': (input) => bound.recorded['people:update'](input),
    'people:delete': (input) => bound.recorded['people:delete'](input),
    'history:undo': (input) => bound.recorded['history:undo'](input),
    'history:redo': (input) => bound.recorded['history:redo'](input),
    'history:history': (input) => bound.recorded['history:history'](input),
    // A paste: one person per line, all in one transaction, and a bad line refuses
    // them all, named. The bulk insert yields between batches: 100,000 lines take
    // about 0.3 s and never hold the event loop for long (Prisma's createMany held
    // it for 16 s), and only a summary crosses IPC.
    'people:createMany': async ({ names }) => {
      if (importing()) throw new RosterError('INVALID_INPUT', 'An import is running in this window; paste when it has finished.');
      const valid = await validPastedLines(names);
      const count = await bound.recorded.addMany(valid);
      return { count, firstName: valid[0] ?? null };
    },
  };
}

/** Trust or remove the foreign triggers that keep the window's workspace read-only, then show it afresh (workspace-connections.ts). */
async function settleForeign(
  deps: WorkspaceSessionDeps,
  bound: BoundWorkspace,
  emit: RosterEmit,
  busy: () => boolean,
  action: 'trust' | 'remove',
): Promise<z.output<typeof HealthNotice>> {
  if (busy()) {
    throw new RosterError('INVALID_INPUT', 'Wait for the import, export or other change in this window to finish, then try again.');
  }
  const stale = bound.lease;
  const { lease, failure } = await deps.connections.settleForeign(stale, action);
  if (lease !== stale) {
    bound.bind(lease, emit);
    emit('workspace:onHealthChanged', bound.notice());
    emit('history:onHistoryChanged', bound.workspace.history.state());
    emit('people:onChanged', { source: 'external' });
  }
  if (failure) throw failure;
  return bound.notice();
}
