// The workspace window's toolbar: the search box, the sort control, the Filter button
// and the filters' chips, what is selected and the Delete button. What a search, a sort
// or a filter does is the window's business; the toolbar says when the person asked for
// one. A chip is one button: clicking it, or Delete or Backspace on it, removes its filter.

import type { SortDirection, SortKey } from '../../../../main/features/people/common/people-contract.js';
import type { Disposables } from '../../kernel/disposables.js';
import { h, setText, throttle } from '../../kernel/dom.js';

// A keystroke after a pause searches at once; while someone types fast, one search per
// 40 ms window goes to main (the last text typed), so a slow 1–2 letter scan at a
// million people does not queue a search for every key.
const SEARCH_THROTTLE_MS = 40;

const SORTS: readonly { value: string; label: string; sort: SortKey; direction: SortDirection }[] = [
  { value: 'name-asc', label: 'Name, A to Z', sort: 'name', direction: 'asc' },
  { value: 'name-desc', label: 'Name, Z to A', sort: 'name', direction: 'desc' },
  { value: 'created-desc', label: 'Newest first', sort: 'created', direction: 'desc' },
  { value: 'created-asc', label: 'Oldest first', sort: 'created', direction: 'asc' },
  { value: 'updated-desc', label: 'Recently changed first', sort: 'updated', direction: 'desc' },
  { value: 'updated-asc', label: 'Least recently changed first', sort: 'updated', direction: 'asc' },
];

export interface WorkspaceToolbarOptions {
  readonly owner: Disposables;
  /** The search text changed (trimmed; throttled while typing). */
  search(text: string): void;
  sort(sort: SortKey, direction: SortDirection): void;
  /** Down or Enter in the search box: on to the results. */
  leaveSearch(): void;
  /** The Filter button: ask for a filter. */
  openFilter(): void;
  /** A chip's filter is to go (its index in the names last shown). */
  removeFilter(index: number): void;
  delete(): void;
  /** More of the window's tools, after the filters (the Duplicates… button). */
  readonly tools?: readonly HTMLElement[];
}

export interface SelectionShown {
  readonly count: number;
  /** Everyone matching is selected. */
  readonly all: boolean;
  readonly canDelete: boolean;
}

export class WorkspaceToolbar {
  readonly element: HTMLElement;
  readonly search = h('input', {
    type: 'search',
    class: 'search-input',
    placeholder: 'Search people',
    'aria-label': 'Search people',
    'aria-keyshortcuts': 'Control+F',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-controls': '',
  });
  readonly sortSelect = h('select', { class: 'sort-select', 'aria-label': 'Sort people' });
  readonly #selection = h('span', { class: 'selection-label', 'aria-live': 'polite', 'data-testid': 'selection' });
  readonly #delete = h('button', { type: 'button', class: 'danger-quiet', disabled: true, 'aria-keyshortcuts': 'Delete' }, 'Delete');
  readonly filterButton = h('button', { type: 'button', class: 'filter-button', 'aria-haspopup': 'dialog' }, 'Filter…');
  readonly #chips = h('ul', { class: 'filter-chips', 'aria-label': 'Filters', hidden: true });
  readonly #options: WorkspaceToolbarOptions;
  readonly #runSearch: ReturnType<typeof throttle<[]>>;

  constructor(options: WorkspaceToolbarOptions) {
    this.#options = options;
    for (const option of SORTS) this.sortSelect.append(h('option', { value: option.value }, option.label));
    this.element = h(
      'section',
      { class: 'toolbar', 'aria-label': 'Search and selection' },
      h('div', { class: 'search-box' }, this.search),
      this.sortSelect,
      this.filterButton,
      this.#chips,
      ...(options.tools ?? []),
      // One item, so what is selected and Delete wrap together and keep to the right.
      h('div', { class: 'toolbar-selection' }, this.#selection, this.#delete),
    );
    const runSearch = throttle(SEARCH_THROTTLE_MS, () => options.search(this.search.value.trim()));
    this.#runSearch = runSearch;
    options.owner.add(() => runSearch.cancel());
    this.search.addEventListener('input', runSearch);
    this.search.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown' || (event.key === 'Enter' && !event.isComposing)) {
        event.preventDefault();
        runSearch.flush();
        options.leaveSearch();
      }
    });
    this.sortSelect.addEventListener('change', () => {
      const choice = SORTS.find((option) => option.value === this.sortSelect.value);
      if (choice) options.sort(choice.sort, choice.direction);
    });
    this.#delete.addEventListener('click', () => options.delete());
    this.filterButton.addEventListener('click', () => options.openFilter());
  }

  /** The filters in force, by name ("Added: this week"), each as a chip that removes it. */
  showFilters(names: readonly string[]): void {
    const chips = names.map((name, index) => {
      const chip = h(
        'button',
        { type: 'button', class: 'filter-chip', 'aria-label': `Remove filter ${name}`, 'aria-keyshortcuts': 'Delete Backspace' },
        name,
        h('span', { class: 'filter-chip-remove', 'aria-hidden': 'true' }, '×'),
      );
      const remove = (): void => this.#removeChip(index, names.length);
      chip.addEventListener('click', remove);
      chip.addEventListener('keydown', (event) => {
        if (event.key !== 'Delete' && event.key !== 'Backspace') return;
        event.preventDefault();
        remove();
      });
      return h('li', {}, chip);
    });
    this.#chips.replaceChildren(...chips);
    this.#chips.hidden = names.length === 0;
  }

  /** Removes a chip's filter; focus goes to the chip that takes its place, else the one before, else the Filter button. */
  #removeChip(index: number, count: number): void {
    const hadFocus = this.#chips.contains(document.activeElement);
    this.#options.removeFilter(index);
    if (!hadFocus) return;
    const buttons = this.#chips.querySelectorAll('button');
    const next = count - 1 === 0 ? null : (buttons[Math.min(index, buttons.length - 1)] ?? null);
    (next ?? this.filterButton).focus();
  }

  /** The element the search box filters (aria-controls). */
  controls(id: string): void {
    this.search.setAttribute('aria-controls', id);
  }

  /** The sort was changed elsewhere (a column header): the control follows. */
  showSort(sort: SortKey, direction: SortDirection): void {
    this.sortSelect.value = `${sort}-${direction}`;
  }

  focusSearch(select = false): void {
    this.search.focus();
    if (select) this.search.select();
  }

  /** A printable key typed on the grid starts a search with it. */
  typeToSearch(text: string): void {
    this.search.focus();
    this.search.value += text;
    this.#runSearch();
  }

  /** Empties the search box (a search still waiting to run is dropped). */
  clearSearch(): void {
    this.#runSearch.cancel();
    this.search.value = '';
  }

  showSelection({ count, all, canDelete }: SelectionShown): void {
    setText(this.#selection, count === 0 ? '' : all ? `All ${count.toLocaleString()} selected` : `${count.toLocaleString()} selected`);
    this.#delete.disabled = !canDelete;
    setText(this.#delete, count > 1 ? `Delete ${count.toLocaleString()}` : 'Delete');
  }
}
