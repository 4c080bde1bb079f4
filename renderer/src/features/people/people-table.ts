// The people grid: a virtualized ARIA grid over any number of rows.
//
// Only the rows in view (plus a few either side) exist in the DOM; they are recycled
// as the list scrolls and drawn from a PageCache that fetches pages by offset. The grid
// itself holds focus and points at the active row with aria-activedescendant, so focus
// survives rows being recycled. Selection is kept by person id, so it survives sorting
// and refreshes.
//
// Selection follows what is shown: a new search or filter clears it, so no action can
// reach people the search or filter hides. The keyboard's selection follows focus: the active row is
// selected when the grid gets focus with nothing selected, when the arrows move, and
// after a delete (once the row that took the deleted one's place has loaded). Delete,
// copy and the context menu act on the selection only, exactly what the toolbar shows.

import type { ColumnWidths } from '../../../../main/features/workspace/common/workspace-contract.js';
import type { PeopleSelection, PersonDto, SortDirection, SortKey } from '../../../../main/features/people/common/people-contract.js';
import { roster, settle } from '../../kernel/api.js';
import { h, uid } from '../../kernel/dom.js';
import type { ColumnLayout } from './columns.js';
import { GridHeader } from './grid-header.js';
import { GridInteractions } from './grid-interactions.js';
import { GridLoader } from './grid-loader.js';
import { GridRows } from './grid-rows.js';
import { GridState, type PeopleQuery } from './grid-state.js';
import { GridViewport, OVERSCAN } from './grid-viewport.js';
import { NameEditor } from './name-editor.js';
import { wireFilter } from './filters.js';
import { visibleRange } from '../../kernel/virtual-list.js';

export type { PeopleQuery } from './grid-state.js';

export interface PeopleTableEvents {
  /** The number of people matching the current query (null while unknown). */
  onCount(count: number | null, query: PeopleQuery): void;
  onSelectionChange(selected: number): void;
  /** Delete or Backspace on the grid: the view runs its delete command. */
  onDeleteKey(): void;
  /** A context menu was asked for (right click, Shift+F10, Menu key), to open at this point. */
  onContextMenu(at: { x: number; y: number }): void;
  /** The person resized a column: remember the widths. */
  onColumnWidths(widths: ColumnWidths): void;
  onSort(sort: SortKey, direction: SortDirection): void;
  onStatus(message: string): void;
  /** Something the person must see (not only hear): a selection that was capped. */
  onNotice(message: string): void;
  /** Rows are being dragged out of the grid (the selection, made to include the dragged row). */
  onDragStart(event: DragEvent): void;
  /** A printable key typed on the grid: the view starts a search with it. */
  onTypeToSearch(text: string): void;
}

/**
 * The grid itself. Its parts share one GridState: the loader (count and page cache),
 * the viewport (scroll geometry), the rows (slots) and the interactions (pointer and
 * keyboard); the table owns them, draws them together and keeps the public API.
 */
export class PeopleTable {
  readonly element: HTMLElement;
  readonly #events: PeopleTableEvents;
  readonly #id = uid('grid');
  readonly #head: GridHeader;
  readonly columns: ColumnLayout;
  readonly #state = new GridState();
  readonly #viewport: GridViewport;
  readonly #loader: GridLoader;
  readonly #rows: GridRows;

  #frame = 0;
  #disposed = false;
  readonly #resizes: ResizeObserver;
  #firstRowsMarked = false;
  #quietFocus = false;
  /** A row to show and select once the count is known (reveal). */
  #revealAt: number | null = null;

  constructor(events: PeopleTableEvents) {
    this.#events = events;
    this.element = h('div', {
      id: this.#id,
      class: 'grid',
      role: 'grid',
      tabindex: '0',
      'aria-label': 'People',
      'aria-multiselectable': 'true',
      'aria-colcount': 3,
      'aria-rowcount': 1,
    });
    this.#head = new GridHeader({
      grid: this.element,
      onSort: (key) => this.#toggleSort(key),
      onColumnWidths: (widths) => this.#events.onColumnWidths(widths),
    });
    this.columns = this.#head.columns;
    this.#viewport = new GridViewport(this.element, this.#head);
    this.#loader = new GridLoader({
      state: this.#state,
      viewport: this.#viewport,
      events,
      schedule: () => this.#schedule(),
      onCountKnown: () => {
        this.#applyReveal();
        this.#schedule();
      },
    });
    this.#rows = new GridRows(this.#id, this.#state, this.#loader);
    this.element.append(this.#head.element, this.#rows.body, this.#rows.message);

    this.element.addEventListener('scroll', () => {
      this.#loader.noteScroll();
      this.#schedule();
    });
    this.element.addEventListener('focus', () => this.#onFocus());
    this.element.addEventListener('blur', () => this.#schedule());
    new GridInteractions({
      grid: this.element,
      state: this.#state,
      loader: this.#loader,
      rows: this.#rows,
      viewport: this.#viewport,
      events,
      setActive: (index, reveal) => this.#setActive(index, reveal),
      startEdit: (index) => this.startEdit(index),
      selectAll: () => this.selectAll(),
      clearSelection: () => this.clearSelection(),
      menuPointForActive: () => this.menuPointForActive(),
      selectionChanged: () => this.#selectionChanged(),
    });
    this.#resizes = new ResizeObserver(() => this.#schedule());
    this.#resizes.observe(this.element);
    this.#renderSortState();
  }

  /** The window's view closed: no more frames, fetches or observing. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#resizes.disconnect();
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#loader.dispose();
  }

  // ---- public API -------------------------------------------------------------------

  get query(): PeopleQuery {
    return this.#state.query;
  }

  get count(): number | null {
    return this.#loader.count;
  }

  get selectedIds(): number[] {
    return this.#state.selected.ids();
  }

  /** The selected people (as last loaded), in the order they were selected. */
  get selectedPeople(): PersonDto[] {
    return this.#state.selected.people();
  }

  get selectionSize(): number {
    return this.#state.selected.size;
  }

  /** Everyone matching the search is selected (Ctrl+A): actions go to main as a query. */
  get allSelected(): boolean {
    return this.#state.selected.all;
  }

  /** The selection as main takes it, or null when nothing is selected. */
  get selectionRequest(): PeopleSelection | null {
    return this.#state.selected.request();
  }

  /** The person on the active row, if loaded. */
  get activePerson(): PersonDto | undefined {
    const { active } = this.#state;
    return active >= 0 ? this.#loader.cache.get(active) : undefined;
  }

  get editing(): boolean {
    return this.#state.editor !== null;
  }

  setQuery(query: PeopleQuery): void {
    const state = this.#state;
    const sameOrder = query.sort === state.query.sort && query.direction === state.query.direction;
    const sameRows = query.search === state.query.search && query.filters === state.query.filters;
    if (sameOrder && sameRows) return;
    // A new search or filter shows other people: the selection must not reach the hidden ones.
    if (!sameRows && state.selected.clear()) this.#events.onSelectionChange(0);
    state.query = query;
    this.#loader.reset();
    state.active = state.active >= 0 ? 0 : -1;
    state.anchor = -1;
    state.editor?.cancel(false);
    this.#viewport.scrollToTop();
    this.#renderSortState();
    this.refresh();
  }

  /** Re-reads the count and the rows in view (the workspace changed). Coalesced. */
  refresh(): void {
    this.#loader.refresh();
    this.#schedule();
  }

  /**
   * Focuses the grid. `select: false` (the window opening) leaves the selection empty;
   * otherwise, with nothing selected, the active row becomes the selection.
   */
  focus(options: { select?: boolean } = {}): void {
    this.#quietFocus = options.select === false;
    this.element.focus();
    this.#quietFocus = false;
  }

  clearSelection(): void {
    this.#state.selectActivePending = false;
    if (this.#state.selected.clear()) this.#selectionChanged();
  }

  /** Everyone the search shows, instantly, at any size (no rows are fetched). */
  selectAll(): void {
    const count = this.#loader.count;
    if ((count ?? 0) === 0) return;
    this.#state.selectActivePending = false;
    // The filter ends now (endedBy in filters.ts): the next millisecond's people were not shown.
    const until = new Date(Date.now() + 1);
    this.#state.selected.selectAll(this.#state.query.search, wireFilter(this.#state.query.filters, until), count ?? 0);
    this.#selectionChanged();
  }

  /**
   * These people were deleted: drop them from the selection, and select the row that
   * takes the active one's place once fresh rows have arrived, so the toolbar, the
   * Delete key and the Delete button keep pointing at the same, visible person.
   */
  afterDelete(ids: readonly number[]): void {
    const state = this.#state;
    state.justDeleted = new Set(ids);
    if (state.selected.all ? state.selected.clear() : state.selected.remove(ids)) this.#selectionChanged();
    state.selectActivePending = state.selected.size === 0 && state.active >= 0;
    this.refresh();
  }

  /**
   * Scrolls to row `index` of the current order, makes it the active row and, once it
   * has loaded, the only selection, and focuses the grid: a person opened from the
   * launcher's find. Waits for the count when it is not known yet.
   */
  reveal(index: number): void {
    this.#revealAt = index;
    this.#applyReveal();
  }

  #applyReveal(): void {
    const state = this.#state;
    const index = this.#revealAt;
    if (index === null || this.#loader.count === null) return;
    this.#revealAt = null;
    state.editor?.cancel(false);
    if (state.selected.clear()) this.#events.onSelectionChange(0);
    this.#setActive(index);
    state.anchor = state.active;
    state.selectActivePending = true;
    this.element.focus();
    this.#schedule();
  }

  /** Where to open a context menu for the active row (below its name), in viewport pixels. */
  menuPointForActive(): { x: number; y: number } {
    const cell = this.#rows.nameCell(this.#state.active);
    const box = (cell ?? this.element).getBoundingClientRect();
    return { x: box.left + 12, y: cell ? box.bottom : box.top + this.#viewport.headHeight };
  }

  /** Opens the inline editor on the active row. */
  startEditActive(): void {
    if (this.#state.active >= 0) this.startEdit(this.#state.active);
  }

  /** Opens the inline editor on row `index` (Enter, F2 or double click). */
  startEdit(index: number): void {
    const state = this.#state;
    const person = this.#loader.cache.get(index);
    if (!person) return;
    state.editor?.cancel(false);
    this.#setActive(index, false);
    const editor = new NameEditor({
      person,
      save: (name) => settle(roster().people.update({ id: person.id, name })),
      onDone: (outcome) => {
        state.editor = null;
        state.justDeleted.clear();
        if (outcome.saved) {
          this.#events.onStatus(`Renamed to ${outcome.saved.name}.`);
          this.refresh();
        }
        if (outcome.returnFocus) this.element.focus({ preventScroll: true });
        // Take the editor out of the row now, not on the next frame.
        this.#renderNow();
      },
    });
    state.editor = editor;
    this.#renderNow();
    editor.focus();
  }

  // ---- rendering --------------------------------------------------------------------

  #schedule(): void {
    if (this.#frame !== 0 || this.#disposed) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#renderNow();
    });
  }

  #renderNow(): void {
    if (this.#frame !== 0) {
      cancelAnimationFrame(this.#frame);
      this.#frame = 0;
    }
    const state = this.#state;
    const known = this.#loader.count;
    const count = known ?? 0;
    const g = this.#viewport.update(count);
    this.element.setAttribute('aria-rowcount', String(count + 1));
    this.#rows.body.style.height = `${g.scrollHeight}px`;
    // Only once the count is known: while it loads, the active row waits where it is.
    if (known !== null && state.active >= count) state.active = count - 1;

    const offset = this.#viewport.contentOffset();
    const range = visibleRange(g, offset, OVERSCAN);
    this.#loader.ensureSoon(range.first);
    const shownRows = this.#rows.draw(g, range, this.element.scrollTop, offset);

    this.#selectPendingActive();
    this.#rows.drawActive(this.element, range.first, range.last);
    this.#rows.drawMessage(this.element);
    this.element.dataset['state'] = known === null ? 'loading' : 'ready';
    this.element.dataset['search'] = state.query.search;
    if (shownRows > 0 && !this.#firstRowsMarked) {
      this.#firstRowsMarked = true;
      performance.mark('roster:first-rows');
    }
  }

  #renderSortState(): void {
    this.#head.renderSort(this.#state.query.sort, this.#state.query.direction);
  }

  #toggleSort(key: SortKey): void {
    const { query } = this.#state;
    const direction: SortDirection = query.sort === key && query.direction === 'asc' ? 'desc' : 'asc';
    // A date column starts newest first, as people look for what they just added or changed.
    this.#events.onSort(key, key !== 'name' && query.sort !== key ? 'desc' : direction);
  }

  // ---- focus and the active row -----------------------------------------------------

  #onFocus(): void {
    const state = this.#state;
    if (state.active < 0 && (this.#loader.count ?? 0) > 0) {
      const range = visibleRange(this.#viewport.geometry, this.#viewport.contentOffset(), 0);
      state.active = range.firstVisible;
    }
    if (state.selected.size === 0 && state.active >= 0 && !this.#quietFocus) state.selectActivePending = true;
    this.#schedule();
  }

  /** Selection follows focus: select the active row once it has loaded (fresh). */
  #selectPendingActive(): void {
    const state = this.#state;
    if (!state.selectActivePending) return;
    if (state.selected.size > 0 || (state.active < 0 && this.#loader.count !== null)) {
      state.selectActivePending = false;
      return;
    }
    if (state.active < 0) return;
    const cache = this.#loader.cache;
    if (!cache.isFresh(state.active)) return;
    const person = cache.get(state.active);
    if (!person || state.justDeleted.has(person.id)) return;
    state.selectActivePending = false;
    state.selected.only(person);
    state.anchor = state.active;
    this.#events.onSelectionChange(state.selected.size);
    // Drawn by the render that called this.
    this.#rows.markSelected(person.id);
  }

  #setActive(index: number, reveal = true): void {
    const count = this.#loader.count ?? 0;
    if (count === 0) return;
    this.#state.active = Math.min(Math.max(0, index), count - 1);
    if (reveal) this.#viewport.reveal(this.#state.active, count);
    this.#renderNow();
  }

  #selectionChanged(): void {
    this.#events.onSelectionChange(this.#state.selected.size);
    this.#schedule();
  }
}
