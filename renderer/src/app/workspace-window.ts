// The workspace window: the people of one workspace file. Composes the search and sort
// bar, the inline add field (add-person.ts), the grid, import/export with progress, and
// Undo toasts. Every change (from this window, another window or the CLI) arrives as
// `people.onChanged` and simply refreshes what is on screen.
//
// Actions go through one command table (commands.ts): the Delete key, the toolbar's
// Delete button and the rows' context menu run the same `delete`, on the selection the
// toolbar shows. Clipboard and paste are in workspace-clipboard.ts, undo and redo in
// workspace-history.ts.

import type { SortDirection, SortKey } from '../../../main/features/people/common/people-contract.js';
import { roster, settle } from '../kernel/api.js';
import { openContextMenu, type ContextMenuItem } from '../kernel/context-menu.js';
import { h, isCommand, isInDialog, setText, throttle } from '../kernel/dom.js';
import { installFileDrop } from '../kernel/file-drop.js';
import { people } from '../kernel/format.js';
import { Toaster } from '../kernel/toast.js';
import { AddPersonRow } from '../features/people/add-person.js';
import { Commands, type CommandId } from '../kernel/commands.js';
import { HealthBanner } from '../features/workspace/health-banner.js';
import { ImportExport } from '../features/import-export/import-export.js';
import { PeopleTable, type PeopleQuery } from '../features/people/people-table.js';
import { BulkActions } from '../features/transfer/bulk-actions.js';
import { installReveal } from '../features/find/reveal.js';
import { installClipboard } from '../features/people/workspace-clipboard.js';
import { installHistory } from '../features/history/workspace-history.js';

// A keystroke after a pause searches at once; while someone types fast, one search per
// 40 ms window goes to main (the last text typed), so a slow 1–2 letter scan at a
// million people does not queue a search for every key.
const SEARCH_THROTTLE_MS = 40;

const SORTS: readonly { value: string; label: string; sort: SortKey; direction: SortDirection }[] = [
  { value: 'name-asc', label: 'Name, A to Z', sort: 'name', direction: 'asc' },
  { value: 'name-desc', label: 'Name, Z to A', sort: 'name', direction: 'desc' },
  { value: 'created-desc', label: 'Newest first', sort: 'created', direction: 'desc' },
  { value: 'created-asc', label: 'Oldest first', sort: 'created', direction: 'asc' },
];


export function mountWorkspace(root: HTMLElement): void {
  const api = roster();
  const toaster = new Toaster();
  const commands = new Commands();
  const status = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const announce = (message: string): void => {
    setText(status, '');
    window.setTimeout(() => setText(status, message), 30);
  };

  let total: number | null = null;
  let matching: number | null = null;
  let firstCount = true;

  // ---- header -----------------------------------------------------------------------
  const title = h('h1', { class: 'title' }, 'Workspace');
  const countLine = h('p', { class: 'count', 'aria-live': 'polite', 'data-testid': 'count' }, 'Counting…');
  const importExport = new ImportExport({ toaster, announce });
  const header = h(
    'header',
    { class: 'topbar' },
    h('div', { class: 'title-block' }, title, countLine),
    h('div', { class: 'topbar-actions' }, importExport.importMenu.element, importExport.exportMenu.element),
  );

  // ---- search, sort, selection --------------------------------------------------------
  const search = h('input', {
    type: 'search',
    class: 'search-input',
    placeholder: 'Search people',
    'aria-label': 'Search people',
    'aria-keyshortcuts': 'Control+F',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-controls': '',
  });
  const sortSelect = h('select', { class: 'sort-select', 'aria-label': 'Sort people' });
  for (const option of SORTS) sortSelect.append(h('option', { value: option.value }, option.label));
  const selectionLabel = h('span', { class: 'selection-label', 'aria-live': 'polite', 'data-testid': 'selection' });
  const deleteButton = h('button', { type: 'button', class: 'danger-quiet', disabled: true, 'aria-keyshortcuts': 'Delete' }, 'Delete');
  const toolbar = h(
    'section',
    { class: 'toolbar', 'aria-label': 'Search and selection' },
    h('div', { class: 'search-box' }, search),
    sortSelect,
    h('div', { class: 'toolbar-spacer' }),
    selectionLabel,
    deleteButton,
  );

  // ---- add --------------------------------------------------------------------------
  const addRow = new AddPersonRow({ api, announce, refresh: () => refreshSoon() });

  // ---- table and empty state ----------------------------------------------------------
  const table = new PeopleTable({
    onCount: (count, query) => {
      if (firstCount && query.search === '') {
        firstCount = false;
        if (document.activeElement === document.body || document.activeElement === null) {
          if (count === 0) addRow.focus();
          else table.focus({ select: false });
        }
      }
      if (query.search === '') total = count;
      else matching = count;
      if (query.search !== '' && total === null) void loadTotal();
      renderCounts();
    },
    onSelectionChange: () => renderCounts(),
    onDeleteKey: () => void commands.run('delete'),
    onContextMenu: (at) => openRowMenu(at),
    onColumnWidths: (columnWidths) => void settle(api.workspace.setColumnWidths({ columnWidths })),
    onSort: (sort, direction) => {
      sortSelect.value = `${sort}-${direction}`;
      setQuery({ sort, direction });
    },
    onStatus: announce,
    onNotice: (message) => toaster.show({ message, timeout: 8000 }),
    onDragStart: (event) => bulk.dragStart(event),
    onTypeToSearch: (text) => {
      search.focus();
      search.value += text;
      runSearch();
    },
  });
  search.setAttribute('aria-controls', table.element.id);

  const emptyAdd = h('button', { type: 'button', class: 'primary' }, 'Add a person');
  const emptyImport = h('button', { type: 'button' }, 'Import a file…');
  const empty = h(
    'section',
    { class: 'empty-state', hidden: true, 'aria-labelledby': 'empty-title' },
    h('h2', { id: 'empty-title' }, 'No people yet'),
    h('p', {}, 'Type a name in the field above and press Enter to add someone. To bring in many people at once, import a CSV or JSON file, drop one here, or paste a list of names.'),
    h('div', { class: 'empty-actions' }, emptyAdd, emptyImport),
  );
  // Toasts live at the bottom of the content area, so they never cover the shortcut bar.
  const selectionText = (): string => {
    if (table.allSelected) return table.selectionSize === table.count ? `all ${people(table.selectionSize)}` : people(table.selectionSize);
    const selected = table.selectedPeople;
    const only = selected[0];
    return selected.length === 1 && only ? `“${only.name}”` : people(selected.length);
  };
  const content = h('main', { class: 'content' }, table.element, empty, importExport.progress, toaster.element);
  const bulk = new BulkActions({
    api,
    table,
    dropZone: content,
    commands,
    toaster,
    announce,
    refresh: () => refreshSoon(),
    describe: selectionText,
    exportSelection: (format, selection) => void importExport.runExport(format, selection),
    syncHistory: () => history.sync(),
  });
  content.insertBefore(bulk.progress, toaster.element);

  const hints = h(
    'footer',
    { class: 'hints', 'aria-label': 'Keyboard shortcuts' },
    hint('↑ ↓', 'move'),
    hint('Shift ↑ ↓', 'select'),
    hint('Enter', 'rename'),
    hint('Delete', 'delete'),
    hint('Ctrl C', 'copy'),
    hint('Ctrl Z', 'undo'),
    hint('Ctrl F', 'search'),
    hint('Ctrl N', 'add'),
    hint('Shift F10', 'menu'),
  );

  // The file's health (issues 8 and 10): damage found by the background check, a
  // read-only file, a file replaced underneath (Reopen), a file restored from a backup.
  // Shown above the table until it changes; main refuses the writes, so what the person
  // typed stays in its field with the reason.
  const healthBanner = new HealthBanner({
    api,
    tell: (message, tone) => {
      toaster.show(tone ? { message, tone } : { message, timeout: 4000 });
      announce(message);
    },
    onReopened: () => {
      total = null;
      matching = null;
      void loadTotal();
      table.clearSelection();
      refreshSoon();
    },
  });
  root.replaceChildren(h('div', { class: 'window workspace-window' }, header, healthBanner.element, toolbar, addRow.element, content, hints), status);

  // ---- commands ---------------------------------------------------------------------

  const register = (id: CommandId, command: Parameters<Commands['register']>[1]): void => commands.register(id, command);
  register('rename', {
    label: () => 'Rename',
    keys: { label: 'F2', aria: 'F2' },
    enabled: () => table.activePerson !== undefined && !table.editing,
    run: () => table.startEditActive(),
  });
  register('select-all', { label: () => 'Select all', keys: { label: 'Ctrl+A', aria: 'Control+A' }, enabled: () => (table.count ?? 0) > 0, run: () => table.selectAll() });
  register('clear-selection', { label: () => 'Clear selection', enabled: () => table.selectionSize > 0, run: () => table.clearSelection() });
  register('find', {
    label: () => 'Find',
    keys: { label: 'Ctrl+F', aria: 'Control+F' },
    enabled: () => true,
    run: () => {
      search.focus();
      search.select();
    },
  });
  register('add', { label: () => 'Add a person', keys: { label: 'Ctrl+N', aria: 'Control+N' }, enabled: () => true, run: () => addRow.focus() });
  const history = installHistory({ api, commands, toaster, refresh: () => refreshSoon() });
  installClipboard({ api, table, commands, addField: addRow.field, toaster, announce, refresh: () => refreshSoon() });

  function openRowMenu(at: { x: number; y: number }): void {
    const item = (id: CommandId): ContextMenuItem => {
      const command = commands.get(id);
      return {
        label: command?.label() ?? id,
        disabled: !commands.enabled(id),
        run: () => commands.run(id),
        ...(command?.keys ? { keys: command.keys } : {}),
      };
    };
    openContextMenu({
      label: 'Actions for the selected people',
      at,
      returnFocus: table.element,
      items: [item('rename'), item('copy'), item('copy-to'), item('move-to'), item('export-selection'), item('delete')],
    });
  }

  // ---- behaviour --------------------------------------------------------------------

  function renderCounts(): void {
    let text: string;
    if (total === null) text = 'Counting…';
    else if (table.query.search === '') text = people(total);
    else if (matching === null) text = `Searching ${people(total)}…`;
    else text = `${matching.toLocaleString()} of ${people(total)} match`;
    setText(countLine, text);
    const selected = table.selectionSize;
    setText(selectionLabel, selected === 0 ? '' : table.allSelected && selected === table.count ? `All ${selected.toLocaleString()} selected` : `${selected.toLocaleString()} selected`);
    deleteButton.disabled = !commands.enabled('delete');
    setText(deleteButton, selected > 1 ? `Delete ${selected.toLocaleString()}` : 'Delete');
    const showEmpty = total === 0 && table.query.search === '';
    empty.hidden = !showEmpty;
    table.element.hidden = showEmpty;
    commands.changed();
  }

  async function loadTotal(): Promise<void> {
    const result = await settle(api.people.count({}));
    if (result.ok) {
      total = result.data;
      renderCounts();
    }
  }

  function setQuery(change: Partial<PeopleQuery>): void {
    table.setQuery({ ...table.query, ...change });
    renderCounts();
  }

  const runSearch = throttle(SEARCH_THROTTLE_MS, () => {
    matching = null;
    setQuery({ search: search.value.trim() });
  });
  search.addEventListener('input', runSearch);
  const clearSearch = (): void => {
    runSearch.cancel();
    search.value = '';
    if (table.query.search !== '') {
      matching = null;
      setQuery({ search: '' });
    }
  };
  search.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || (event.key === 'Enter' && !event.isComposing)) {
      event.preventDefault();
      runSearch.flush();
      table.focus();
    }
  });
  sortSelect.addEventListener('change', () => {
    const choice = SORTS.find((option) => option.value === sortSelect.value);
    if (choice) setQuery({ sort: choice.sort, direction: choice.direction });
  });

  deleteButton.addEventListener('click', () => void commands.run('delete'));

  emptyAdd.addEventListener('click', () => addRow.focus());
  emptyImport.addEventListener('click', () => importExport.importMenu.open(0));
  document.addEventListener('roster:toast-closed', () => table.focus());

  document.addEventListener('keydown', (event) => {
    // A modal dialog (the import preview) handles its own keys; nothing behind it runs.
    if (event.defaultPrevented || isInDialog(event.target)) return;
    const target = event.target;
    const inText = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
    const key = event.key.toLowerCase();
    if (isCommand(event) && !event.altKey && (key === 'z' || key === 'y')) {
      // In a text field, Ctrl+Z is that field's own undo. Anywhere else it is Roster's,
      // and never the browser's text undo, which would edit a field nobody is looking at.
      if (inText) return;
      event.preventDefault();
      // Straight to main, whose history decides: the window's copy of it may be a moment
      // behind a change just made in another window, and a key must not be dropped.
      void history.step(key === 'y' || event.shiftKey ? 'redo' : 'undo');
      return;
    }
    if (isCommand(event) && !event.shiftKey && !event.altKey) {
      if (key === 'f') {
        event.preventDefault();
        commands.run('find');
      } else if (key === 'n') {
        event.preventDefault();
        commands.run('add');
      }
    } else if (event.key === '/' && !inText && target !== sortSelect) {
      event.preventDefault();
      search.focus();
    } else if (event.key === 'Escape' && importExport.running) {
      importExport.cancel();
    } else if (event.key === 'Escape' && bulk.running) {
      bulk.cancel();
    }
  });

  installFileDrop({
    hint: 'Drop a CSV or JSON file to import its people',
    onFiles: (files) => {
      const [file] = files;
      if (files.length > 1 || !file) toaster.show({ message: 'Drop one file at a time to import it.', tone: 'error' });
      else void importExport.importDroppedFile(file);
    },
  });

  // Changes from anywhere: coalesce bursts into one refresh.
  let refreshTimer: number | undefined;
  function refreshSoon(): void {
    if (refreshTimer !== undefined) return;
    refreshTimer = window.setTimeout(() => {
      refreshTimer = undefined;
      if (table.query.search !== '') void loadTotal();
      table.refresh();
    }, 0);
  }
  api.people.onChanged(() => refreshSoon());

  void settle(api.workspace.info()).then((result) => {
    const name = result.ok ? result.data.name : 'Workspace';
    setText(title, name);
    document.title = `${name} — Roster`;
  });
  void settle(api.workspace.viewState()).then((result) => {
    if (result.ok) table.columns.set(result.data.columnWidths);
  });
  table.refresh();
  renderCounts();
  installReveal({ table, clearSearch, notify: (message) => toaster.show({ message }) });
}

function hint(keys: string, action: string): HTMLElement {
  return h('span', { class: 'hint' }, h('kbd', {}, keys), ` ${action}`);
}
