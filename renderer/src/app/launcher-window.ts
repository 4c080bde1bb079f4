// The launcher: the workspaces Roster knows, most recent first. Create, open, rename,
// remove from the list, and delete to Roster's trash (with confirmation, Undo and a
// Trash section to restore from). Each entry's actions are in its "⋯" menu and in its
// context menu (right click, Shift+F10, the Menu key); a missing file can be located.
// Dropping workspace files on the window opens them. "New workspace…" is
// create-panel.ts, "Find a person in all workspaces" is find-panel.ts. It talks to main
// only through `window.roster.catalog`.

import type { TrashEntry, WorkspaceSummary } from '../../../main/features/catalog/common/catalog-contract.js';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { roster, settle } from '../kernel/api.js';
import { confirmDialog } from '../kernel/confirm.js';
import { h, isCommand, setText } from '../kernel/dom.js';
import { installFileDrop } from '../kernel/file-drop.js';
import { Field } from '../kernel/field.js';
import { Toaster } from '../kernel/toast.js';
import { FindPanel } from '../features/find/find-panel.js';
import { mergeInto } from '../features/transfer/launcher-merge.js';
import { trashItem, workspaceItem, type EntryActions } from '../features/catalog/launcher-items.js';
import { CreatePanel } from '../features/catalog/create-panel.js';

interface Renaming {
  readonly id: string;
  readonly field: Field;
}

export function mountLauncher(root: HTMLElement): void {
  const api = roster().catalog;
  const toaster = new Toaster();
  let workspaces: WorkspaceSummary[] = [];
  let trash: TrashEntry[] = [];
  let loaded = false;
  let renaming: Renaming | null = null;
  const rowErrors = new Map<string, string>();

  // ---- header and create ----------------------------------------------------------
  const createPanel = new CreatePanel({ onCreated: () => reload() });
  const newButton = createPanel.button;
  const openButton = h('button', { type: 'button' }, 'Open…');
  const header = h(
    'header',
    { class: 'topbar' },
    h('div', { class: 'title-block' }, h('h1', { class: 'title' }, 'Roster'), h('p', { class: 'count' }, 'Your workspaces')),
    h('div', { class: 'topbar-actions' }, openButton, newButton),
  );

  // ---- filter, list, trash --------------------------------------------------------
  const filter = h('input', { type: 'search', class: 'search-input', placeholder: 'Filter workspaces', 'aria-label': 'Filter workspaces', autocomplete: 'off', spellcheck: 'false' });
  const toolbar = h('div', { class: 'toolbar', role: 'search', 'aria-label': 'Filter workspaces' }, h('div', { class: 'search-box' }, filter));
  const list = h('ul', { class: 'workspace-list', 'aria-label': 'Recent workspaces' });
  const listMessage = h('div', { class: 'list-message', role: 'status' });
  const trashList = h('ul', { class: 'trash-list', 'aria-label': 'Deleted workspaces' });
  const trashSection = h('section', { class: 'trash', hidden: true, 'aria-labelledby': 'trash-title' }, h('h2', { id: 'trash-title' }, 'Trash'), h('p', { class: 'muted' }, 'Deleted workspaces stay here until you restore them.'), trashList);
  const finder = new FindPanel({ order: () => workspaces.map((workspace) => workspace.id), onError: (message) => toaster.show({ message, tone: 'error', timeout: 10000 }) });
  const content = h('main', { class: 'content launcher-content' }, finder.results, list, listMessage, trashSection);

  root.replaceChildren(h('div', { class: 'window launcher-window' }, header, createPanel.element, finder.element, toolbar, content), toaster.element);
  document.title = 'Roster';

  // ---- rendering ------------------------------------------------------------------

  function matches(workspace: WorkspaceSummary, text: string): boolean {
    if (text === '') return true;
    return foldName(`${workspace.name} ${workspace.location} ${workspace.fileName}`).includes(text);
  }

  function render(): void {
    const focusKey = (document.activeElement as HTMLElement | null)?.dataset['focusKey'];
    const text = foldName(filter.value.trim());
    const shown = workspaces.filter((workspace) => matches(workspace, text));
    list.replaceChildren(...shown.map(item));
    if (!loaded) setText(listMessage, 'Loading…');
    else if (workspaces.length === 0) setText(listMessage, 'No workspaces yet. Create one with “New workspace…”, or open an existing workspace file with “Open…”.');
    else if (shown.length === 0) setText(listMessage, `No workspace matches “${filter.value.trim()}”.`);
    else setText(listMessage, '');
    listMessage.hidden = listMessage.textContent === '';

    trashSection.hidden = trash.length === 0;
    trashList.replaceChildren(...trash.map((entry) => trashItem(entry, (restored) => void restoreFromTrash(restored))));

    if (renaming) {
      if (!renaming.field.input.isConnected) renaming = null;
      else if (focusKey === `rename:${renaming.id}` || focusKey === undefined) renaming.field.input.focus();
    }
    if (focusKey) root.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
  }

  const entryActions: EntryActions = {
    open: (workspace) => void openWorkspace(workspace),
    openInNewWindow: (workspace) => void openInNewWindow(workspace),
    rename: (workspace) => startRename(workspace),
    reveal: (workspace) => void reveal(workspace),
    forget: (workspace) => void forget(workspace),
    moveToTrash: (workspace) => void remove(workspace),
    locate: (workspace) => void locate(workspace),
    merge: (workspace) => void mergeInto(workspace, { workspaces: () => workspaces, toaster, reload, restore: (entry) => void restoreFromTrash(entry), focusEntry }),
  };

  function item(workspace: WorkspaceSummary): HTMLElement {
    return workspaceItem(workspace, {
      actions: entryActions,
      renameField: renaming?.id === workspace.id ? renaming.field.element : null,
      error: rowErrors.get(workspace.id),
    });
  }

  // ---- data -----------------------------------------------------------------------

  let loading: Promise<void> | null = null;
  let loadAgain = false;
  function reload(): Promise<void> {
    if (loading) {
      loadAgain = true;
      return loading;
    }
    loading = (async () => {
      const [listed, trashed] = await Promise.all([settle(api.list()), settle(api.trash())]);
      if (listed.ok) workspaces = [...listed.data].sort(byRecent);
      else toaster.show({ message: listed.error.message, tone: 'error' });
      if (trashed.ok) trash = [...trashed.data].sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
      loaded = true;
      render();
    })().finally(() => {
      loading = null;
      if (loadAgain) {
        loadAgain = false;
        void reload();
      }
    });
    return loading;
  }

  async function openWorkspace(workspace: WorkspaceSummary): Promise<void> {
    rowErrors.delete(workspace.id);
    const result = await settle(api.open({ id: workspace.id }));
    if (!result.ok) {
      rowErrors.set(workspace.id, result.error.message);
      render();
      return;
    }
    await reload();
  }

  async function openInNewWindow(workspace: WorkspaceSummary): Promise<void> {
    rowErrors.delete(workspace.id);
    const result = await settle(api.openInNewWindow({ id: workspace.id }));
    if (!result.ok) rowErrors.set(workspace.id, result.error.message);
    await reload();
  }

  async function reveal(workspace: WorkspaceSummary): Promise<void> {
    const result = await settle(api.reveal({ id: workspace.id }));
    if (!result.ok) {
      rowErrors.set(workspace.id, result.error.message);
      render();
    }
  }

  async function locate(workspace: WorkspaceSummary): Promise<void> {
    rowErrors.delete(workspace.id);
    const result = await settle(api.locate({ id: workspace.id }));
    if (!result.ok) {
      rowErrors.set(workspace.id, result.error.message);
      render();
      return;
    }
    if (result.data.status === 'dismissed') return;
    toaster.show({ message: `Found ${workspace.name}.` });
    await reload();
    focusEntry(workspace.id);
  }

  /** Focus on the entry's Open button, or its "⋯" button when it cannot be opened. */
  function focusEntry(id: string): boolean {
    const target = root.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(`open:${id}`)}"]:not(:disabled), [data-focus-key="${CSS.escape(`menu:${id}`)}"]`);
    target?.focus();
    return target !== null;
  }

  async function openDroppedFiles(files: File[]): Promise<void> {
    const result = await settle(api.openFiles(files));
    if (!result.ok) {
      toaster.show({ message: result.error.message, tone: 'error', timeout: 10000 });
      return;
    }
    const failed = result.data.flatMap((outcome) => (outcome.status === 'failed' ? [`${outcome.fileName}: ${outcome.message}`] : []));
    if (failed.length > 0) toaster.show({ message: `Could not open ${failed.join(' ')}`, tone: 'error', timeout: 12000 });
    await reload();
  }

  function startRename(workspace: WorkspaceSummary): void {
    const field = new Field({ label: `New name for ${workspace.name}`, className: 'rename-field' });
    field.value = workspace.name;
    field.input.dataset['focusKey'] = `rename:${workspace.id}`;
    field.input.addEventListener('input', () => field.clearError());
    field.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.isComposing) {
        event.preventDefault();
        void commitRename(workspace, field);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        endRename(workspace.id);
      }
    });
    renaming = { id: workspace.id, field };
    render();
    field.input.focus();
    field.input.select();
  }

  function endRename(id: string): void {
    renaming = null;
    render();
    root.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(`open:${id}`)}"], [data-focus-key="${CSS.escape(`menu:${id}`)}"]`)?.focus();
  }

  async function commitRename(workspace: WorkspaceSummary, field: Field): Promise<void> {
    const name = field.value;
    if (name === workspace.name) {
      endRename(workspace.id);
      return;
    }
    const result = await settle(api.rename({ id: workspace.id, name }));
    if (!result.ok) {
      field.showError(result.error.message);
      return;
    }
    await reload();
    endRename(workspace.id);
  }

  async function forget(workspace: WorkspaceSummary): Promise<void> {
    const result = await settle(api.forget({ id: workspace.id }));
    if (!result.ok) {
      toaster.show({ message: result.error.message, tone: 'error' });
      return;
    }
    toaster.show({ message: `Removed ${workspace.name} from the list. The file was not touched.` });
    await reload();
    filter.focus();
  }

  async function remove(workspace: WorkspaceSummary): Promise<void> {
    const sure = await confirmDialog({
      title: `Move “${workspace.name}” to the trash?`,
      message: `The file ${workspace.fileName} moves to Roster's trash and leaves this list. You can restore it from the Trash section below.`,
      confirmLabel: 'Move to trash',
      danger: true,
    });
    if (!sure) return;
    const result = await settle(api.delete({ id: workspace.id }));
    if (!result.ok) {
      rowErrors.set(workspace.id, result.error.message);
      render();
      return;
    }
    const entry = result.data;
    toaster.show({
      message: `Moved ${entry.name} to the trash.`,
      action: { label: 'Undo', run: () => void restoreFromTrash(entry) },
      timeout: 8000,
    });
    await reload();
    filter.focus();
  }

  async function restoreFromTrash(entry: TrashEntry): Promise<void> {
    const result = await settle(api.restore({ trashId: entry.trashId }));
    if (!result.ok) {
      toaster.show({ message: result.error.message, tone: 'error' });
      return;
    }
    toaster.show({ message: `Restored ${entry.name}.` });
    // The Restore button goes away with the trash entry: focus moves to the workspace
    // it brought back (or, if the filter hides it, to the next thing in the trash).
    const hadFocus = document.activeElement === document.body || document.activeElement?.closest('.trash, .toast') != null;
    await reload();
    if (hadFocus || document.activeElement === document.body) {
      if (!focusEntry(result.data)) (root.querySelector<HTMLElement>('.trash-item button') ?? filter).focus();
    }
  }

  // ---- events ---------------------------------------------------------------------

  openButton.addEventListener('click', async () => {
    const result = await settle(api.openExisting());
    if (!result.ok) toaster.show({ message: result.error.message, tone: 'error', timeout: 10000 });
    else await reload();
  });
  filter.addEventListener('input', render);
  filter.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      list.querySelector<HTMLElement>('.workspace-open:not(:disabled), .menu-button')?.focus();
    }
  });
  // Up and Down move between workspaces, keeping the same kind of control.
  list.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const target = event.target as HTMLElement;
    if (!target.matches('.workspace-open, .menu-button')) return;
    const selector = target.matches('.workspace-open') ? '.workspace-open:not(:disabled)' : '.menu-button';
    const all = [...list.querySelectorAll<HTMLElement>(selector)];
    const next = all[all.indexOf(target) + (event.key === 'ArrowDown' ? 1 : -1)];
    event.preventDefault();
    if (next) next.focus();
    else if (event.key === 'ArrowUp') filter.focus();
  });
  // Edit ▸ Undo from the application menu: as Ctrl+Z (a field's own undo inside a field).
  roster().app.onMenuCommand(({ command }) => {
    const focused = document.activeElement;
    if (focused instanceof HTMLInputElement || focused instanceof HTMLTextAreaElement) document.execCommand(command);
    else if (command === 'undo') toaster.runAction();
  });
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || !isCommand(event) || event.altKey) return;
    const key = event.key.toLowerCase();
    const inText = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
    if (key === 'z' && !event.shiftKey) {
      // Undo "Move to trash", as its toast offers; never the browser's text undo outside a field.
      if (inText) return;
      event.preventDefault();
      toaster.runAction();
    } else if (key === 'n') {
      event.preventDefault();
      createPanel.toggle(true);
    } else if (key === 'o') {
      event.preventDefault();
      openButton.click();
    } else if (key === 'f') {
      event.preventDefault();
      if (event.shiftKey) finder.focus();
      else filter.focus();
    }
  });

  installFileDrop({ hint: 'Drop Roster workspace files to open them', onFiles: (files) => void openDroppedFiles(files) });

  api.onChanged(() => void reload());
  render();
  void reload().then(() => {
    if (document.activeElement === document.body) (workspaces.length > 0 ? filter : newButton).focus();
  });
}

function byRecent(a: WorkspaceSummary, b: WorkspaceSummary): number {
  const at = a.lastOpenedAt ?? a.createdAt;
  const bt = b.lastOpenedAt ?? b.createdAt;
  return bt.localeCompare(at);
}
