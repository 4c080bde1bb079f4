// One launcher list entry (a workspace) and one trash entry, as DOM, with the entry's
// actions in its "⋯" menu and in its context menu (right click, Shift+F10, Menu key).
// The launcher view owns the state and does the work; these only build and wire.

import type { TrashEntry, WorkspaceSummary } from '../../../../main/features/catalog/common/catalog-contract.js';
import { isContextMenuKey, openContextMenu, type ContextMenuItem } from '../../kernel/context-menu.js';
import { h, setText } from '../../kernel/dom.js';
import { formatDateTime, formatRelative, people } from '../../kernel/format.js';
import { MenuButton } from '../../kernel/menu.js';

/** What a person can do with a listed workspace; the view implements each. */
export interface EntryActions {
  open(workspace: WorkspaceSummary): void;
  openInNewWindow(workspace: WorkspaceSummary): void;
  rename(workspace: WorkspaceSummary): void;
  reveal(workspace: WorkspaceSummary): void;
  forget(workspace: WorkspaceSummary): void;
  moveToTrash(workspace: WorkspaceSummary): void;
  locate(workspace: WorkspaceSummary): void;
  merge(workspace: WorkspaceSummary): void;
}

const REVEAL_LABEL = navigator.platform.startsWith('Mac')
  ? 'Reveal in Finder'
  : navigator.platform.startsWith('Win')
    ? 'Show in Explorer'
    : 'Show in file manager';

/** F2 on a focused entry renames it too (workspace-list.ts). */
const RENAME_KEYS = { label: 'F2', aria: 'F2' };

/** The "⋯" menu and the context menu show the same list. A missing file can only be located, renamed or removed. */
function entryMenuItems(workspace: WorkspaceSummary, actions: EntryActions): ContextMenuItem[] {
  if (workspace.missing) {
    return [
      { label: 'Locate…', run: () => actions.locate(workspace) },
      { label: 'Rename', run: () => actions.rename(workspace), keys: RENAME_KEYS },
      { label: 'Remove from list', run: () => actions.forget(workspace) },
    ];
  }
  return [
    { label: 'Open', run: () => actions.open(workspace) },
    { label: 'Open in new window', run: () => actions.openInNewWindow(workspace) },
    { label: 'Rename', run: () => actions.rename(workspace), keys: RENAME_KEYS },
    { label: REVEAL_LABEL, run: () => actions.reveal(workspace) },
    { label: 'Remove from list', run: () => actions.forget(workspace) },
    {
      label: workspace.open ? 'Merge into… (close it first)' : 'Merge into…',
      run: () => actions.merge(workspace),
      disabled: workspace.open,
    },
    {
      label: workspace.open ? 'Move to trash… (close it first)' : 'Move to trash…',
      run: () => actions.moveToTrash(workspace),
      disabled: workspace.open,
    },
  ];
}

export interface WorkspaceItemOptions {
  readonly actions: EntryActions;
  /** The rename field, while this workspace is being renamed. */
  readonly renameField: HTMLElement | null;
  /** The last error about this workspace (open, reveal, locate...). */
  readonly error: string | undefined;
}

/** An entry's people count, shown again in place when only the count changed (live-counts.ts). */
export function showCount(element: HTMLElement, count: number | null): HTMLElement {
  setText(element, count === null ? '' : people(count));
  element.hidden = count === null;
  return element;
}

export function workspaceItem(workspace: WorkspaceSummary, options: WorkspaceItemOptions): HTMLElement {
  const { actions } = options;
  const separator = workspace.location.endsWith('/') || workspace.location.endsWith('\\') ? '' : '/';
  const where = `${workspace.location}${separator}${workspace.fileName}`;
  const badges = h(
    'span',
    { class: 'badges' },
    workspace.missing ? h('span', { class: 'badge badge-warning' }, 'File missing') : null,
    workspace.open ? h('span', { class: 'badge' }, 'Open') : null,
  );
  let primary: HTMLElement;
  if (options.renameField) {
    primary = options.renameField;
  } else {
    const open = h(
      'button',
      {
        type: 'button',
        class: 'workspace-open',
        'data-focus-key': `open:${workspace.id}`,
        'aria-describedby': `meta-${workspace.id}`,
        disabled: workspace.missing,
      },
      workspace.name,
    );
    open.addEventListener('click', () => actions.open(workspace));
    primary = open;
  }
  const opened = workspace.lastOpenedAt
    ? h('span', { title: formatDateTime(workspace.lastOpenedAt) }, `Opened ${formatRelative(workspace.lastOpenedAt)}`)
    : h('span', {}, 'Never opened');
  const meta = h(
    'div',
    { class: 'workspace-meta', id: `meta-${workspace.id}` },
    h('span', { class: 'workspace-path', title: where }, workspace.missing ? `Not found at ${where}` : where),
    h('span', { class: 'workspace-facts' }, showCount(h('span', { class: 'workspace-count' }), workspace.peopleCount), opened),
  );
  const menu = new MenuButton({
    label: '⋯',
    ariaLabel: `More actions for ${workspace.name}`,
    className: 'icon-button',
    items: () => entryMenuItems(workspace, actions),
  });
  menu.button.dataset['focusKey'] = `menu:${workspace.id}`;
  const entry = h(
    'li',
    { class: `workspace-item${workspace.missing ? ' is-missing' : ''}`, 'data-id': workspace.id },
    h(
      'div',
      { class: 'workspace-main' },
      h('div', { class: 'workspace-title' }, primary, badges),
      meta,
      options.error ? h('div', { class: 'field-error', role: 'alert' }, options.error) : null,
    ),
    menu.element,
  );
  const openMenu = (at: { x: number; y: number }, returnFocus: HTMLElement): void => {
    openContextMenu({ label: `Actions for ${workspace.name}`, items: entryMenuItems(workspace, actions), at, returnFocus });
  };
  entry.addEventListener('contextmenu', (event) => {
    if ((event.target as Element).closest('input')) return;
    event.preventDefault();
    const focusable = (event.target as Element).closest<HTMLElement>('button') ?? menu.button;
    openMenu({ x: event.clientX, y: event.clientY }, focusable);
  });
  entry.addEventListener('keydown', (event) => {
    if (!isContextMenuKey(event) || (event.target as Element).closest('input')) return;
    event.preventDefault();
    const from = event.target as HTMLElement;
    const box = from.getBoundingClientRect();
    openMenu({ x: box.left, y: box.bottom + 2 }, from);
  });
  return entry;
}

export function trashItem(entry: TrashEntry, onRestore: (entry: TrashEntry) => void): HTMLElement {
  const restore = h(
    'button',
    { type: 'button', 'data-focus-key': `restore:${entry.trashId}`, 'aria-label': `Restore ${entry.name}` },
    'Restore',
  );
  restore.addEventListener('click', () => onRestore(entry));
  return h(
    'li',
    { class: 'trash-item' },
    h(
      'div',
      { class: 'workspace-main' },
      h('span', { class: 'trash-name' }, entry.name),
      h(
        'div',
        { class: 'workspace-meta' },
        h('span', { title: formatDateTime(entry.deletedAt) }, `Deleted ${formatRelative(entry.deletedAt)}`),
        h('span', { class: 'workspace-path' }, entry.originalPath),
      ),
    ),
    restore,
  );
}
