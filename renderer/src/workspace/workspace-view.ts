// The workspace window: the people of one workspace file. Composes the search and sort
// bar, the inline add field, the grid, import/export with progress, and Undo toasts.
// Every change (from this window, another window or the CLI) arrives as
// `people.onChanged` and simply refreshes what is on screen.

import type { SortDirection, SortKey } from '../../../main/common/people-contract.js';
import { roster, settle } from '../shared/api.js';
import { debounce, h, isCommand, setText } from '../shared/dom.js';
import { Field } from '../shared/field.js';
import { people } from '../shared/format.js';
import { nameErrorMessage, unsendableName } from '../shared/names.js';
import { Toaster } from '../shared/toast.js';
import { ImportExport } from './import-export.js';
import { PeopleTable, type PeopleQuery } from './people-table.js';

const SEARCH_DEBOUNCE_MS = 40;

const SORTS: readonly { value: string; label: string; sort: SortKey; direction: SortDirection }[] = [
  { value: 'name-asc', label: 'Name, A to Z', sort: 'name', direction: 'asc' },
  { value: 'name-desc', label: 'Name, Z to A', sort: 'name', direction: 'desc' },
  { value: 'created-desc', label: 'Newest first', sort: 'created', direction: 'desc' },
  { value: 'created-asc', label: 'Oldest first', sort: 'created', direction: 'asc' },
];

export function mountWorkspace(root: HTMLElement): void {
  const api = roster();
  const toaster = new Toaster();
  const status = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const announce = (message: string): void => {
    setText(status, '');
    window.setTimeout(() => setText(status, message), 30);
  };

  let total: number | null = null;
  let matching: number | null = null;
  let selected = 0;
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
  const selectionLabel = h('span', { class: 'selection-label', 'aria-live': 'polite' });
  const deleteButton = h('button', { type: 'button', class: 'danger-quiet', disabled: true, 'aria-keyshortcuts': 'Delete' }, 'Delete');
  const toolbar = h(
    'div',
    { class: 'toolbar' },
    h('div', { class: 'search-box' }, search),
    sortSelect,
    h('div', { class: 'toolbar-spacer' }),
    selectionLabel,
    deleteButton,
  );

  // ---- add --------------------------------------------------------------------------
  const addField = new Field({
    label: 'Add a person',
    placeholder: 'Add a person — type a name and press Enter',
    className: 'add-field',
    inputAttrs: { 'aria-keyshortcuts': 'Control+N', enterkeyhint: 'done' },
  });
  const addButton = h('button', { type: 'button', class: 'primary' }, 'Add');
  const addRow = h('div', { class: 'add-row' }, addField.element, addButton);

  // ---- table and empty state ----------------------------------------------------------
  const table = new PeopleTable({
    onCount: (count, query) => {
      if (firstCount && query.search === '') {
        firstCount = false;
        if (document.activeElement === document.body || document.activeElement === null) {
          if (count === 0) addField.input.focus();
          else table.focus();
        }
      }
      if (query.search === '') total = count;
      else matching = count;
      if (query.search !== '' && total === null) void loadTotal();
      renderCounts();
    },
    onSelectionChange: (size) => {
      selected = size;
      renderCounts();
    },
    onDelete: (ids) => void deletePeople(ids),
    onSort: (sort, direction) => {
      sortSelect.value = `${sort}-${direction}`;
      setQuery({ sort, direction });
    },
    onStatus: announce,
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
    h('p', {}, 'Type a name in the field above and press Enter to add someone. To bring in many people at once, import a CSV or JSON file.'),
    h('div', { class: 'empty-actions' }, emptyAdd, emptyImport),
  );
  const content = h('main', { class: 'content' }, table.element, empty, importExport.progress);

  const hints = h(
    'footer',
    { class: 'hints', 'aria-label': 'Keyboard shortcuts' },
    hint('↑ ↓', 'move'),
    hint('Shift ↑ ↓', 'select'),
    hint('Enter', 'rename'),
    hint('Delete', 'delete'),
    hint('Ctrl Z', 'undo'),
    hint('Ctrl F', 'search'),
    hint('Ctrl N', 'add'),
  );

  root.replaceChildren(h('div', { class: 'window workspace-window' }, header, toolbar, addRow, content, hints), toaster.element, status);

  // ---- behaviour --------------------------------------------------------------------

  function renderCounts(): void {
    let text: string;
    if (total === null) text = 'Counting…';
    else if (table.query.search === '') text = people(total);
    else if (matching === null) text = `Searching ${people(total)}…`;
    else text = `${matching.toLocaleString()} of ${people(total)} match`;
    setText(countLine, text);
    setText(selectionLabel, selected > 0 ? `${selected.toLocaleString()} selected` : '');
    deleteButton.disabled = selected === 0;
    setText(deleteButton, selected > 1 ? `Delete ${selected.toLocaleString()}` : 'Delete');
    const showEmpty = total === 0 && table.query.search === '';
    empty.hidden = !showEmpty;
    table.element.hidden = showEmpty;
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

  const runSearch = debounce(SEARCH_DEBOUNCE_MS, () => {
    matching = null;
    setQuery({ search: search.value.trim() });
  });
  search.addEventListener('input', runSearch);
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

  async function addPerson(): Promise<void> {
    const raw = addField.value;
    const local = unsendableName(raw);
    if (local) {
      addField.showError(local);
      return;
    }
    addButton.disabled = true;
    const result = await settle(api.people.create({ name: raw }));
    addButton.disabled = false;
    if (!result.ok) {
      addField.showError(nameErrorMessage(result.error, raw));
      addField.input.focus();
      return;
    }
    // Only clear what was sent: the person may have typed more while it was saved.
    if (addField.value === raw) addField.value = '';
    addField.clearError();
    announce(`Added ${result.data.name}.`);
    refreshSoon();
  }
  addField.input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      void addPerson();
    }
  });
  addField.input.addEventListener('input', () => addField.clearError());
  addButton.addEventListener('click', () => void addPerson());

  async function deletePeople(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    const result = await settle(api.people.delete({ ids }));
    if (!result.ok) {
      toaster.show({ message: result.error.message, tone: 'error' });
      return;
    }
    const deleted = result.data;
    table.forgetIds(ids);
    refreshSoon();
    const first = deleted[0];
    const message = deleted.length === 1 && first ? `Deleted ${first.name}.` : `Deleted ${people(deleted.length)}.`;
    toaster.show({
      message,
      timeout: 6000,
      action: {
        label: 'Undo',
        run: () => {
          void settle(api.people.restore({ people: deleted })).then((restored) => {
            if (restored.ok) announce(restored.data === 1 ? 'Restored 1 person.' : `Restored ${people(restored.data)}.`);
            else toaster.show({ message: restored.error.message, tone: 'error' });
            refreshSoon();
          });
          table.focus();
        },
      },
    });
  }
  deleteButton.addEventListener('click', () => void deletePeople(table.deleteTargets));

  emptyAdd.addEventListener('click', () => addField.input.focus());
  emptyImport.addEventListener('click', () => importExport.importMenu.open(0));
  document.addEventListener('roster:toast-closed', () => table.focus());

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented) return;
    const inText = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
    if (isCommand(event) && !event.shiftKey && !event.altKey) {
      const key = event.key.toLowerCase();
      if (key === 'f') {
        event.preventDefault();
        search.focus();
        search.select();
      } else if (key === 'n') {
        event.preventDefault();
        addField.input.focus();
      } else if (key === 'z' && !inText && toaster.runAction()) {
        event.preventDefault();
      }
    } else if (event.key === '/' && !inText && event.target !== sortSelect) {
      event.preventDefault();
      search.focus();
    } else if (event.key === 'Escape' && importExport.importing) {
      importExport.cancel();
    }
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
  table.refresh();
  renderCounts();
}

function hint(keys: string, action: string): HTMLElement {
  return h('span', { class: 'hint' }, h('kbd', {}, keys), ` ${action}`);
}
