// The launcher's channels on the catalog: list (with each workspace's people count),
// create, open, rename, forget, delete to Roster's trash and restore, reveal, locate a
// missing file, merge one workspace into another, and open dropped workspace files.
// The launcher names workspaces by catalog id only; the paths stay here.

import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { CatalogEntry, WorkspaceSummary } from '../../features/catalog/common/catalog-contract.js';
import { DisplayName } from '../../features/catalog/common/catalog-contract.js';
import { isRosterError, RosterError, INTERNAL_MESSAGE } from '../../kernel/common/errors.js';
import type { EventPayload, RosterHandlers } from '../common/roster-api.js';
import type { Catalog } from '../../features/catalog/node/catalog.js';
import { parseInput } from '../../kernel/node/ipc/validate.js';
import { fileKind, hasOpenableExtension, OPENABLE_EXTENSIONS } from '../../kernel/node/sqlite/sqlite-file.js';
import { isHeldInProcess } from '../../features/workspace/node/workspace-file.js';
import { checkDroppedFile } from '../../kernel/node/files/dropped-files.js';
import { peekPeopleCount } from '../../features/catalog/node/peek-people-count.js';
import type { DialogPort, Logger, ShellPort, WindowPort } from '../../kernel/node/ipc/ports.js';
import type { ImportFormat } from '../../features/people/common/people-contract.js';
import { scrubPaths } from '../../kernel/node/log/scrub.js';
import { mergeWorkspaces, type TransferDeps } from '../../features/transfer/node/transfer-handlers.js';
import type { WorkspaceSession } from './workspace-session.js';

/** What the launcher's handlers need from the core. */
export interface LauncherDeps {
  readonly catalog: Catalog;
  readonly dialogs: DialogPort<ImportFormat>;
  readonly windows: WindowPort;
  /** "Reveal in file manager"; without it Reveal is refused. */
  readonly shell: ShellPort | undefined;
  readonly log: Logger;
  readonly transfers: TransferDeps;
  /** True while a window shows the workspace at `path`. */
  isOpen(path: string): boolean;
  /** The workspace sessions on the file at `path`, in opening order. */
  sessionsOn(path: string): readonly WorkspaceSession[];
  /** Tells every launcher window that the catalog changed. */
  catalogChanged(): void;
  emitMergeProgress(progress: EventPayload<'transfer:onMergeProgress'>): void;
  /** Shows the workspace at `path` in a window; its catalog id. */
  show(path: string): Promise<string>;
  /** Creates, lists and shows a workspace file; its catalog id. */
  createWorkspace(path: string, name?: string): Promise<string>;
}

/** Files that can be dropped on the launcher to open them. */
const OPEN_DROP = { extensions: OPENABLE_EXTENSIONS, kinds: 'Roster workspace files' } as const;

async function peopleCount(deps: LauncherDeps, path: string): Promise<number | null> {
  const first = deps.sessionsOn(path).find((session) => !session.closed);
  if (first) {
    const result = await first.invoke('people:count', {});
    return result.ok ? (result.data as number) : null;
  }
  // Never a second connection on a file this process holds (another window opening it).
  if (isHeldInProcess(path)) return null;
  return peekPeopleCount(path);
}

async function summary(deps: LauncherDeps, entry: CatalogEntry): Promise<WorkspaceSummary> {
  const missing = !existsSync(entry.path);
  return {
    id: entry.id,
    name: entry.name,
    location: dirname(entry.path),
    fileName: basename(entry.path),
    createdAt: entry.createdAt,
    lastOpenedAt: entry.lastOpenedAt,
    missing,
    peopleCount: missing ? null : await peopleCount(deps, entry.path),
    open: deps.isOpen(entry.path),
  };
}

export function launcherHandlers(deps: LauncherDeps): RosterHandlers {
  const { catalog, dialogs, windows, log, catalogChanged, show, createWorkspace } = deps;
  return {
    'catalog:list': async () => Promise.all(catalog.list().map((entry) => summary(deps, entry))),
    'catalog:create': async ({ name }) => {
      const chosen = parseInput(DisplayName, name);
      const path = await dialogs.chooseNewWorkspacePath(chosen);
      if (path === null) return { status: 'dismissed' as const };
      return { status: 'opened' as const, id: await createWorkspace(path, chosen) };
    },
    'catalog:openExisting': async () => {
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
      if (deps.isOpen(entry.path) || isHeldInProcess(entry.path)) {
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
    'catalog:openInNewWindow': async ({ id }) => {
      const entry = catalog.get(id);
      if (windows.openNewWindow) await windows.openNewWindow(entry.path);
      else await windows.showWorkspace(entry.path);
      catalogChanged();
      return { status: 'opened' as const, id: entry.id };
    },
    'catalog:reveal': ({ id }) => {
      const entry = catalog.get(id);
      if (!existsSync(entry.path))
        throw new RosterError('WORKSPACE_NOT_FOUND', `The file of “${entry.name}” is missing. Use Locate… to find it.`);
      if (!deps.shell) throw new RosterError('INTERNAL', 'Roster cannot show files here.');
      deps.shell.showItemInFolder(entry.path);
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
      if (deps.isOpen(entry.path)) throw new RosterError('WORKSPACE_BUSY', `“${entry.name}” is open in a window. Close it first.`);
      catalog.relocate(id, path);
      catalogChanged();
      return { status: 'located' as const, id };
    },
    'transfer:merge': async (request) => {
      try {
        return await mergeWorkspaces({ ...deps.transfers, emitProgress: deps.emitMergeProgress }, request);
      } finally {
        catalogChanged();
      }
    },
    'catalog:openFiles': async ({ paths }) => {
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
