// A workspace window's Copy to…, Move to… and drag-and-drop of people into another
// workspace window, and the launcher's Merge into….
//
// The boundary stays where it is: a window names the other workspace only by catalog
// id, from the list main offers (transfer:transferTargets), or by a drag token main made
// for another window (drag-registry.ts). It learns only counts and the other
// workspace's display name. The work is the transfer task (transfer/), on a worker in
// the app; each copy or move is one step in the history of the window it was done in.

import { existsSync } from 'node:fs';
import { RosterError, isRosterError } from '../../../kernel/common/errors.js';
import type { TrashEntry } from '../../catalog/common/catalog-contract.js';
import type { PeopleSelection, TransferMode } from '../../people/common/people-contract.js';
import type { Catalog } from '../../catalog/node/catalog.js';
import { canonicalPath } from '../../../kernel/node/sqlite/sqlite-file.js';
import { selectionQuery, transferBetween } from './transfer-service.js';
import { arrivalNote, transferStep, type WorkspaceAccess } from './transfer-steps.js';
import type { TransferProgress, TransferResult } from './transfer-task.js';
import type { OpenedWorkspace } from '../../workspace/node/opened-workspace.js';
import type { WorkspaceConnections, WorkspaceLease } from '../../workspace/node/workspace-connections.js';
import { isHeldInProcess } from '../../../kernel/node/files/held-files.js';
import type { BulkSlot } from '../../history/node/bulk-slot.js';
import type { DragRegistry } from './drag-registry.js';
import type { FeatureHandlers } from '../../../kernel/common/contract.js';
import type { transferApi } from '../common/transfer-api.js';

/** How long a drop waits for the drag-start of its token (the two come from different windows). */
const DROP_WAIT_MS = 500;

export interface TransferDeps {
  readonly catalog: Catalog;
  readonly connections: WorkspaceConnections;
  readonly drags: DragRegistry;
  /** Display name of a workspace file (catalog name, or the file name). */
  displayName(path: string): string;
  /** Canonical paths shown in a window now. */
  openPaths(): ReadonlySet<string>;
  /** Tells the window people were dragged from that they were moved away (it drops them from its selection). */
  draggedAway(sessionId: number, event: { count: number; workspaceName: string }): void;
}

export interface WindowTransferDeps extends TransferDeps {
  readonly sessionId: number;
  /** The window's workspace now (a reopen may replace it). */
  readonly lease: { readonly path: string; readonly workspace: OpenedWorkspace };
  /** The window's one bulk action at a time (shared with bulk deletes). */
  readonly slot: BulkSlot;
  emitProgress(progress: { done: number; total: number }): void;
}

type TransferChannels = 'transfer:transferTargets' | 'transfer:transfer' | 'transfer:cancelBulk' | 'transfer:dragStart' | 'transfer:drop';

export interface WindowTransferHandlers {
  readonly handlers: Required<Pick<FeatureHandlers<typeof transferApi>, TransferChannels>>;
  /** The window is closing: stop a transfer still copying, forget its drags. */
  close(): Promise<void>;
}

/** Opens a workspace for the length of `task`, sharing it with any window that has it open. */
function workspaceAccess(connections: WorkspaceConnections): WorkspaceAccess {
  return async (path, task) => {
    const lease = await connections.acquire(path);
    try {
      return await task(lease.workspace);
    } finally {
      await lease.release();
    }
  };
}

/** One bar for the whole operation: a move copies, then removes (two halves). */
function overall(progress: TransferProgress, mode: TransferMode): { done: number; total: number } {
  const done = Math.min(progress.done, progress.total);
  if (mode === 'copy') return { done, total: progress.total };
  return { done: progress.stage === 'copying' ? done : progress.total + done, total: progress.total * 2 };
}

function people(count: number): string {
  return count === 1 ? '1 person' : `${count.toLocaleString('en-US')} people`;
}

/** Opens the other workspace, saying which one failed (by its display name) when it cannot be. */
async function withOther<T>(deps: TransferDeps, path: string, task: (workspace: OpenedWorkspace) => Promise<T>): Promise<T> {
  let lease: WorkspaceLease;
  try {
    lease = await deps.connections.acquire(path);
  } catch (error) {
    if (!isRosterError(error)) throw error;
    throw new RosterError(error.code, `“${deps.displayName(path)}” could not be opened: ${error.message}`, { ...error.details, path });
  }
  try {
    return await task(lease.workspace);
  } finally {
    await lease.release();
  }
}

/** The catalog entry a window chose as target, checked: known, not this workspace, still there. */
function chosenTarget(deps: TransferDeps, id: string, own: string): string {
  const entry = deps.catalog.get(id);
  const path = canonicalPath(entry.path);
  if (path === own) throw new RosterError('INVALID_INPUT', 'These people are already in this workspace; choose another one.');
  if (!existsSync(path))
    throw new RosterError(
      'WORKSPACE_NOT_FOUND',
      `The file of “${entry.name}” is missing, so nobody can be copied or moved there. Locate it from the launcher first.`,
      { path },
    );
  return path;
}

export function windowTransferHandlers(deps: WindowTransferDeps): WindowTransferHandlers {
  const { lease } = deps;
  const access = workspaceAccess(deps.connections);
  const slot = deps.slot;

  /** One bulk action at a time per window, with progress to this window and cancel from it. */
  function run(source: OpenedWorkspace, target: OpenedWorkspace, mode: TransferMode, choice: PeopleSelection): Promise<TransferResult> {
    return slot.run((signal) =>
      transferBetween(
        source,
        target,
        { mode, selection: selectionQuery(choice) },
        { signal, onProgress: (progress) => deps.emitProgress(overall(progress, mode)) },
      ),
    );
  }

  function record(mode: TransferMode, source: string, target: string, label: string, result: TransferResult): void {
    if (result.copied === 0) return;
    lease.workspace.history.record(transferStep(access, { mode, sourcePath: source, targetPath: target, label, result }));
  }

  const verb = (mode: TransferMode): string => (mode === 'copy' ? 'Copy' : 'Move');

  return {
    handlers: {
      'transfer:transferTargets': () => {
        const open = deps.openPaths();
        return deps.catalog
          .list()
          .filter((entry) => canonicalPath(entry.path) !== lease.path)
          .map((entry) => ({ entry, open: open.has(canonicalPath(entry.path)) }))
          .sort(
            (a, b) =>
              Number(b.open) - Number(a.open) ||
              (b.entry.lastOpenedAt ?? b.entry.createdAt).localeCompare(a.entry.lastOpenedAt ?? a.entry.createdAt) ||
              a.entry.name.localeCompare(b.entry.name),
          )
          .map(({ entry, open: isOpen }) => ({ id: entry.id, name: entry.name, open: isOpen, missing: !existsSync(entry.path) }));
      },
      'transfer:transfer': async ({ targetId, mode, selection }) => {
        const targetPath = chosenTarget(deps, targetId, lease.path);
        const name = deps.displayName(targetPath);
        const result = await withOther(deps, targetPath, async (target) => {
          const moved = await run(lease.workspace, target, mode, selection);
          // The target's own history says where this move can be undone (transfer-steps.ts).
          if (mode === 'move' && moved.copied > 0)
            target.history.record(arrivalNote(access, { targetPath, sourceName: deps.displayName(lease.path), result: moved }));
          return moved;
        });
        record(mode, lease.path, targetPath, `${verb(mode)} ${people(result.copied)} to “${name}”`, result);
        return { count: result.copied, duplicates: result.duplicates, workspaceName: name };
      },
      'transfer:cancelBulk': () => slot.cancel(),
      'transfer:dragStart': ({ token, selection }) => {
        if (!deps.drags.start(token, { sessionId: deps.sessionId, path: lease.path, selection }))
          throw new RosterError('INVALID_INPUT', 'That drag token is in use.');
        return null;
      },
      'transfer:drop': async ({ token, mode }) => {
        // The drag's own message may still be on its way from the other window.
        for (let waited = 0; !deps.drags.has(token) && waited < DROP_WAIT_MS; waited += 20)
          await new Promise((resolve) => setTimeout(resolve, 20));
        const drag = deps.drags.take(token);
        if (!drag) throw new RosterError('NOT_FOUND', 'That drag is over, or its window was closed. Drag the people again.');
        if (drag.path === lease.path) throw new RosterError('INVALID_INPUT', 'These people are already in this workspace.');
        const name = deps.displayName(drag.path);
        const result = await withOther(deps, drag.path, (source) => run(source, lease.workspace, mode, drag.selection));
        record(mode, drag.path, lease.path, `${verb(mode)} ${people(result.copied)} from “${name}”`, result);
        if (mode === 'move' && result.copied > 0)
          deps.draggedAway(drag.sessionId, { count: result.copied, workspaceName: deps.displayName(lease.path) });
        return { count: result.copied, duplicates: result.duplicates, workspaceName: name };
      },
    },
    async close() {
      deps.drags.forgetSession(deps.sessionId);
      await slot.close();
    },
  };
}

export interface MergeDeps extends TransferDeps {
  emitProgress(progress: { done: number; total: number }): void;
}

/** The launcher's Merge into…: everyone in `id` moves into `intoId`; the emptied workspace goes to the trash. */
export async function mergeWorkspaces(
  deps: MergeDeps,
  request: { id: string; intoId: string; skipDuplicates: boolean },
): Promise<{ moved: number; skipped: number; duplicates: number; trashed: TrashEntry | null }> {
  if (request.id === request.intoId)
    throw new RosterError('INVALID_INPUT', 'A workspace cannot be merged into itself; choose another one.');
  const source = deps.catalog.get(request.id);
  const sourcePath = canonicalPath(source.path);
  const targetPath = chosenTarget(deps, request.intoId, sourcePath);
  if (!existsSync(sourcePath))
    throw new RosterError('WORKSPACE_NOT_FOUND', `The file of “${source.name}” is missing. Locate it first.`, { path: sourcePath });
  if (deps.openPaths().has(sourcePath) || isHeldInProcess(sourcePath)) {
    throw new RosterError('WORKSPACE_BUSY', `“${source.name}” is open in a window. Close it before merging it into another workspace.`);
  }
  const result = await withOther(deps, sourcePath, (from) =>
    withOther(deps, targetPath, (to) =>
      transferBetween(
        from,
        to,
        { mode: 'move', selection: { matching: '', except: [] }, skipDuplicates: request.skipDuplicates },
        {
          onProgress: (progress) => deps.emitProgress(overall(progress, 'move')),
        },
      ),
    ),
  );
  // Both leases are released: the emptied file is closed, and can go to the trash. If it
  // cannot (another program has it open), the merge still happened: it stays, empty.
  let trashed: TrashEntry | null = null;
  if (result.sourceRemaining === 0) {
    try {
      trashed = deps.catalog.moveToTrash(source.id);
    } catch (error) {
      if (!isRosterError(error)) throw error;
    }
  }
  return { moved: result.copied, skipped: result.skipped, duplicates: result.duplicates, trashed };
}
