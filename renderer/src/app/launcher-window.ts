// The launcher: the workspaces Roster knows, most recent first, their people counts
// kept current (live-counts.ts). Create, open, rename, remove from the list, and
// delete to Roster's trash (with confirmation, Undo and a Trash section to restore
// from). Each entry's actions are in its "⋯" menu and in its
// context menu (right click, Shift+F10, the Menu key); a missing file can be located.
// Dropping workspace files on the window opens them. The list is workspace-list.ts,
// "New workspace…" create-panel.ts, "Find a person in all workspaces" find-panel.ts
// and "Merge into…" launcher-merge.ts. It talks to main only through `window.roster`.
//
// What the launcher hooks into beyond its own elements (the preload's events, document
// and window listeners, timers) is registered with one owner (disposables.ts), which
// the unmount that mountLauncher returns disposes.

import { roster } from '../kernel/api.js';
import { closeContextMenu } from '../kernel/context-menu.js';
import { Disposables } from '../kernel/disposables.js';
import { h } from '../kernel/dom.js';
import { installFileDrop } from '../kernel/file-drop.js';
import { installKeyboardHelp } from '../kernel/keyboard-help.js';
import { Toaster } from '../kernel/toast.js';
import { CreatePanel } from '../features/catalog/create-panel.js';
import { installLauncherKeys } from '../features/catalog/launcher-keys.js';
import { installLiveCounts } from '../features/catalog/live-counts.js';
import { openDroppedFiles, openExistingButton } from '../features/catalog/open-workspaces.js';
import { WorkspaceList } from '../features/catalog/workspace-list.js';
import { installToastUndo } from '../features/history/toast-undo.js';
import { mergeInto } from '../features/transfer/launcher-merge.js';
import { FindPanel } from '../features/find/find-panel.js';

/** Shows the launcher in `root`; returns what unmounts it. */
export function mountLauncher(root: HTMLElement): () => void {
  const owner = new Disposables();
  const api = roster();
  const toaster = new Toaster();
  owner.add(() => toaster.dispose());
  owner.add(closeContextMenu);
  const list: WorkspaceList = new WorkspaceList({
    root,
    toaster,
    merge: (workspace) =>
      void mergeInto(workspace, {
        workspaces: () => list.workspaces,
        toaster,
        reload: () => list.reload(),
        restore: (entry) => list.restore(entry),
        focusEntry: (id) => list.focusEntry(id),
      }),
  });
  const reload = (): Promise<void> => list.reload();

  const createPanel = new CreatePanel({ onCreated: reload });
  const openButton = openExistingButton({ toaster, reload });
  const header = h(
    'header',
    { class: 'topbar' },
    h('div', { class: 'title-block' }, h('h1', { class: 'title' }, 'Roster'), h('p', { class: 'count' }, 'Your workspaces')),
    h('div', { class: 'topbar-actions' }, openButton, createPanel.button),
  );
  const finder = new FindPanel({
    owner,
    order: () => list.workspaces.map((workspace) => workspace.id),
    onError: (message) => toaster.show({ message, tone: 'error', timeout: 10000 }),
  });
  const content = h('main', { class: 'content launcher-content' }, finder.results, list.list, list.message, list.trashSection);
  root.replaceChildren(
    h('div', { class: 'window launcher-window' }, header, createPanel.element, finder.element, list.toolbar, content),
    toaster.element,
  );
  document.title = 'Roster';

  installToastUndo({ api, owner, toaster });
  installLauncherKeys(owner, {
    create: () => createPanel.toggle(true),
    open: () => openButton.click(),
    filter: () => list.filter.focus(),
    find: () => finder.focus(),
  });
  installKeyboardHelp(owner, 'launcher');
  installFileDrop({
    owner,
    hint: 'Drop Roster workspace files to open them',
    onFiles: (files) => void openDroppedFiles(files, { toaster, reload }),
  });
  owner.add(api.catalog.onChanged(() => void reload()));
  installLiveCounts(owner, list);

  list.render();
  void reload().then(() => {
    if (document.activeElement === document.body) (list.workspaces.length > 0 ? list.filter : createPanel.button).focus();
  });
  return () => {
    owner.dispose();
    root.replaceChildren();
  };
}
