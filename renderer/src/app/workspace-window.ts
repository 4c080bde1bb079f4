// The workspace window: the people of one workspace file. It composes the header with
// Import… and Export… (import-export.ts), the search and sort toolbar, the inline add
// field (add-person.ts), the people list and its grid (people-list.ts), the actions on
// the selection (bulk-actions.ts), the file's health banner, copy and paste
// (workspace-clipboard.ts), undo and redo (workspace-history.ts) and the keys. Every
// change, from this window, another window or the CLI, arrives as `people.onChanged`
// and simply refreshes what is on screen.
//
// Actions go through one command table (commands.ts): the Delete key, the toolbar's
// Delete button and the rows' context menu run the same `delete`, on the selection the
// toolbar shows.
//
// What the window hooks into beyond its own elements (the preload's events, document
// and window listeners, timers) is registered with one owner (disposables.ts), which
// the unmount that mountWorkspace returns disposes.

import type { RosterApi } from '../../../main/app/common/roster-api.js';
import { roster } from '../kernel/api.js';
import { Announcer } from '../kernel/announcer.js';
import { openCommandMenu } from '../kernel/command-menu.js';
import { Commands, type CommandId } from '../kernel/commands.js';
import { closeContextMenu } from '../kernel/context-menu.js';
import { Disposables } from '../kernel/disposables.js';
import { h } from '../kernel/dom.js';
import { installKeyboardHelp } from '../kernel/keyboard-help.js';
import { Toaster } from '../kernel/toast.js';
import { HealthBanner } from '../features/workspace/health-banner.js';
import { shortcutHints } from '../features/workspace/shortcut-hints.js';
import { WorkspaceHeader } from '../features/workspace/workspace-header.js';
import { installWorkspaceKeys } from '../features/workspace/workspace-keys.js';
import { WorkspaceToolbar } from '../features/workspace/workspace-toolbar.js';
import { AddPersonRow } from '../features/people/add-person.js';
import { emptyState } from '../features/people/empty-state.js';
import { registerPeopleCommands } from '../features/people/people-commands.js';
import { PeopleList } from '../features/people/people-list.js';
import { filterName, withFilter, withoutFilter, type DateFilters } from '../features/people/filters.js';
import { chooseFilter } from '../features/people/filters-dialog.js';
import { installClipboard } from '../features/people/workspace-clipboard.js';
import { ImportExport } from '../features/import-export/import-export.js';
import { installHistory } from '../features/history/workspace-history.js';
import { BulkActions } from '../features/transfer/bulk-actions.js';
import { installReveal } from '../features/find/reveal.js';
import { duplicatesButton, installDuplicates } from '../features/duplicates/install-duplicates.js';

/** The rows' context menu. */
const ROW_MENU: readonly CommandId[] = ['rename', 'copy', 'copy-to', 'move-to', 'export-selection', 'delete'];

/** Shows the workspace window's view in `root`; returns what unmounts it. */
export function mountWorkspace(root: HTMLElement): () => void {
  const shell = createShell();
  const { owner, api, toaster, commands, announcer, announce } = shell;

  const importExport = new ImportExport({ owner, toaster, announce });
  const duplicates = duplicatesButton();
  const header = new WorkspaceHeader([importExport.importMenu.element, importExport.exportMenu.element]);
  const toolbar = new WorkspaceToolbar({
    owner,
    search: (text) => list.search(text),
    sort: (sort, direction) => list.setQuery({ sort, direction }),
    leaveSearch: () => list.table.focus(),
    delete: () => void commands.run('delete'),
    openFilter: () => void addFilter(list, toolbar),
    removeFilter: (index) => setFilters(list, toolbar, withoutFilter(list.table.query.filters, index)),
    tools: [duplicates],
  });
  const addRow = new AddPersonRow({ api, announce, refresh: () => list.refreshSoon(), undo: () => void history.step('undo') });
  const list: PeopleList = new PeopleList({
    api,
    owner,
    events: {
      onDeleteKey: () => void commands.run('delete'),
      onContextMenu: (at) =>
        openCommandMenu(commands, { label: 'Actions for the selected people', at, returnFocus: list.table.element, ids: ROW_MENU }),
      onStatus: announce,
      onNotice: (message) => toaster.show({ message, timeout: 8000 }),
      onDragStart: (event) => bulk.dragStart(event),
      onTypeToSearch: (text) => toolbar.typeToSearch(text),
    },
    focusAdd: () => addRow.focus(),
    showSort: (sort, direction) => toolbar.showSort(sort, direction),
    onChange: () => showCounts({ header, toolbar, list, empty, commands }),
  });
  const table = list.table;
  toolbar.controls(table.element.id);
  const empty = emptyState({ add: () => addRow.focus(), import: () => importExport.importMenu.open(0) });
  // Toasts live at the bottom of the content area, so they never cover the shortcut bar.
  const content = h('main', { class: 'content' }, table.element, empty, importExport.progress, toaster.element);
  const bulk = new BulkActions({
    api,
    owner,
    table,
    dropZone: content,
    commands,
    toaster,
    announce,
    refresh: () => list.refreshSoon(),
    describe: () => list.describeSelection(),
    exportSelection: (format, selection) => void importExport.runExport(format, selection),
    syncHistory: () => history.sync(),
  });
  content.insertBefore(bulk.progress, toaster.element);

  const healthBanner = createHealthBanner(shell, list);
  const frame = h(
    'div',
    { class: 'window workspace-window' },
    header.element,
    healthBanner.element,
    toolbar.element,
    addRow.element,
    content,
    shortcutHints(),
  );
  root.replaceChildren(frame, announcer.element);

  registerPeopleCommands(commands, { table, findPeople: () => toolbar.focusSearch(true), addPerson: () => addRow.focus() });
  const history = installHistory({ api, owner, commands, toaster, refresh: () => list.refreshSoon(), follower: bulk });
  installClipboard({ api, owner, table, commands, addField: addRow.field, toaster, announce, refresh: () => list.refreshSoon() });
  installWorkspaceKeys({
    owner,
    commands,
    focusSearch: () => toolbar.focusSearch(),
    ownsSlash: toolbar.sortSelect,
    jobs: [importExport, bulk],
  });
  installKeyboardHelp(owner, 'workspace');
  owner.listen(document, 'roster:toast-closed', () => table.focus());
  importExport.acceptDrops(owner);

  void header.loadName(api, owner);
  void list.loadColumnWidths();
  table.refresh();
  showCounts({ header, toolbar, list, empty, commands });
  const clearSearch = (): void => {
    toolbar.clearSearch();
    list.clearSearch();
    // Revealing a person needs the whole list (its position ignores filters): they go too.
    if (list.table.query.filters.length > 0) setFilters(list, toolbar, []);
  };
  installReveal({ owner, table, clearSearch, notify: (message) => toaster.show({ message }) });
  installDuplicates(shell, { button: duplicates, table, addField: addRow.field, history, refresh: () => list.refreshSoon(), clearSearch });
  return () => {
    owner.dispose();
    root.replaceChildren();
  };
}

/** The date filters: the dialog makes one (filters-dialog.ts), the toolbar shows them as chips. */
function setFilters(list: PeopleList, toolbar: WorkspaceToolbar, filters: DateFilters): void {
  list.setFilters(filters);
  toolbar.showFilters(filters.map(filterName));
}

async function addFilter(list: PeopleList, toolbar: WorkspaceToolbar): Promise<void> {
  const filter = await chooseFilter();
  if (filter) setFilters(list, toolbar, withFilter(list.table.query.filters, filter));
}

/** What every part of the window shares. */
interface Shell {
  readonly owner: Disposables;
  readonly api: RosterApi;
  readonly toaster: Toaster;
  readonly commands: Commands;
  readonly announcer: Announcer;
  readonly announce: (message: string) => void;
}

function createShell(): Shell {
  const owner = new Disposables();
  const toaster = new Toaster();
  owner.add(() => toaster.dispose());
  owner.add(closeContextMenu);
  const announcer = new Announcer(owner);
  return { owner, api: roster(), toaster, commands: new Commands(), announcer, announce: (message) => announcer.say(message) };
}

/**
 * The file's health: damage found by the background check, a read-only file, a file
 * replaced underneath (Reopen), a file restored from a backup. Shown above the table
 * until it changes; main refuses the writes, so what the person typed stays in its
 * field with the reason.
 */
function createHealthBanner({ api, owner, toaster, announce }: Shell, list: PeopleList): HealthBanner {
  return new HealthBanner({
    api,
    owner,
    tell: (message, tone) => {
      toaster.show(tone ? { message, tone } : { message, timeout: 4000 });
      announce(message);
    },
    onReopened: () => list.reopened(),
  });
}

/** The count line, the selection and Delete in the toolbar, and the empty state, as the list now is. */
function showCounts(view: {
  header: WorkspaceHeader;
  toolbar: WorkspaceToolbar;
  list: PeopleList;
  empty: HTMLElement;
  commands: Commands;
}): void {
  const { list, commands } = view;
  const table = list.table;
  view.header.showCount(list.countText);
  const selected = table.selectionSize;
  view.toolbar.showSelection({
    count: selected,
    all: table.allSelected && selected === table.count,
    canDelete: commands.enabled('delete'),
  });
  const showEmpty = list.empty;
  view.empty.hidden = !showEmpty;
  table.element.hidden = showEmpty;
  commands.changed();
}
