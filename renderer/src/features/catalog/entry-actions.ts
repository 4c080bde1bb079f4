// What a launcher entry's actions do (its "⋯" menu, its context menu, its Open
// button): each asks main's catalog, then shows the outcome on the entry (an error
// under its name) or in a toast, and the list is read again.

import type { TrashEntry, WorkspaceSummary } from '../../../../main/features/catalog/common/catalog-contract.js';
import { roster, settle } from '../../kernel/api.js';
import { confirmDialog } from '../../kernel/confirm.js';
import type { Toaster } from '../../kernel/toast.js';
import type { EntryActions } from './launcher-items.js';

/** The list the actions work on (workspace-list.ts). */
export interface ListHost {
  readonly root: HTMLElement;
  readonly filter: HTMLInputElement;
  readonly toaster: Toaster;
  reload(): Promise<void>;
  render(): void;
  setError(id: string, message: string): void;
  clearError(id: string): void;
  focusEntry(id: string): boolean;
}

/** Every entry action but renaming (the list's own) and merging (the transfer feature's). */
export function workspaceActions(list: ListHost): Omit<EntryActions, 'rename' | 'merge'> {
  return {
    open: (workspace) => void open(list, workspace),
    openInNewWindow: (workspace) => void openInNewWindow(list, workspace),
    reveal: (workspace) => void reveal(list, workspace),
    forget: (workspace) => void forget(list, workspace),
    moveToTrash: (workspace) => void moveToTrash(list, workspace),
    locate: (workspace) => void locate(list, workspace),
  };
}

async function open(list: ListHost, workspace: WorkspaceSummary): Promise<void> {
  list.clearError(workspace.id);
  const result = await settle(roster().catalog.open({ id: workspace.id }));
  if (!result.ok) {
    list.setError(workspace.id, result.error.message);
    list.render();
    return;
  }
  await list.reload();
}

async function openInNewWindow(list: ListHost, workspace: WorkspaceSummary): Promise<void> {
  list.clearError(workspace.id);
  const result = await settle(roster().catalog.openInNewWindow({ id: workspace.id }));
  if (!result.ok) list.setError(workspace.id, result.error.message);
  await list.reload();
}

async function reveal(list: ListHost, workspace: WorkspaceSummary): Promise<void> {
  const result = await settle(roster().catalog.reveal({ id: workspace.id }));
  if (!result.ok) {
    list.setError(workspace.id, result.error.message);
    list.render();
  }
}

async function locate(list: ListHost, workspace: WorkspaceSummary): Promise<void> {
  list.clearError(workspace.id);
  const result = await settle(roster().catalog.locate({ id: workspace.id }));
  if (!result.ok) {
    list.setError(workspace.id, result.error.message);
    list.render();
    return;
  }
  if (result.data.status === 'dismissed') return;
  list.toaster.show({ message: `Found ${workspace.name}.` });
  await list.reload();
  list.focusEntry(workspace.id);
}

async function forget(list: ListHost, workspace: WorkspaceSummary): Promise<void> {
  const result = await settle(roster().catalog.forget({ id: workspace.id }));
  if (!result.ok) {
    list.toaster.show({ message: result.error.message, tone: 'error' });
    return;
  }
  list.toaster.show({ message: `Removed ${workspace.name} from the list. The file was not touched.` });
  await list.reload();
  list.filter.focus();
}

async function moveToTrash(list: ListHost, workspace: WorkspaceSummary): Promise<void> {
  const sure = await confirmDialog({
    title: `Move “${workspace.name}” to the trash?`,
    message:
      `The file ${workspace.fileName} moves to Roster's trash and leaves this list. ` + `You can restore it from the Trash section below.`,
    confirmLabel: 'Move to trash',
    danger: true,
  });
  if (!sure) return;
  const result = await settle(roster().catalog.delete({ id: workspace.id }));
  if (!result.ok) {
    list.setError(workspace.id, result.error.message);
    list.render();
    return;
  }
  const entry = result.data;
  list.toaster.show({
    message: `Moved ${entry.name} to the trash.`,
    action: { label: 'Undo', run: () => void restoreFromTrash(list, entry) },
    timeout: 8000,
  });
  await list.reload();
  list.filter.focus();
}

export async function restoreFromTrash(list: ListHost, entry: TrashEntry): Promise<void> {
  const result = await settle(roster().catalog.restore({ trashId: entry.trashId }));
  if (!result.ok) {
    list.toaster.show({ message: result.error.message, tone: 'error' });
    return;
  }
  list.toaster.show({ message: `Restored ${entry.name}.` });
  // The Restore button goes away with the trash entry: focus moves to the workspace
  // it brought back (or, if the filter hides it, to the next thing in the trash).
  const hadFocus = document.activeElement === document.body || document.activeElement?.closest('.trash, .toast') != null;
  await list.reload();
  if (hadFocus || document.activeElement === document.body) {
    if (!list.focusEntry(result.data)) (list.root.querySelector<HTMLElement>('.trash-item button') ?? list.filter).focus();
  }
}
