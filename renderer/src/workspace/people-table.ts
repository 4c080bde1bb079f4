// The people grid: a virtualized ARIA grid over any number of rows.
//
// Only the rows in view (plus a few either side) exist in the DOM; they are recycled
// as the list scrolls and drawn from a PageCache that fetches pages by offset. The grid
// itself holds focus and points at the active row with aria-activedescendant, so focus
// survives rows being recycled. Selection is kept by person id, so it survives sorting
// and refreshes.
//
// Selection follows what is shown: a new search clears it, so no action can reach
// people the search hides. The keyboard's selection follows focus: the active row is
// selected when the grid gets focus with nothing selected, when the arrows move, and
// after a delete (once the row that took the deleted one's place has loaded). Delete,
// copy and the context menu act on the selection only, exactly what the toolbar shows.

import type { ColumnWidths } from '../../../main/common/ipc-contract.js';
import type { PeopleSelection, PersonDto, SortDirection, SortKey } from '../../../main/common/people-contract.js';
import { roster, settle } from '../shared/api.js';
import { h, isCommand, setAttrs, setText, uid } from '../shared/dom.js';
import { formatDateTime } from '../shared/format.js';
import { isContextMenuKey } from '../shared/context-menu.js';
import type { ColumnLayout } from './columns.js';
import { GridHeader } from './grid-header.js';
import { Selection } from './selection.js';
import { NameEditor } from './name-editor.js';
import { listInput, rowsInRange } from './range-rows.js';
import { PageCache } from './page-cache.js';
import {
  contentOffsetAt,
  geometry,
  offsetToReveal,
  rowTop,
  rowsPerPage,
  scrollTopFor,
  visibleRange,
  type Geometry,
} from './virtual-list.js';

export interface PeopleQuery {
  readonly sort: SortKey;
  readonly direction: SortDirection;
  readonly search: string;
}

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

const PAGE_SIZE = 100;
const OVERSCAN = 8;
/** Rows fetched beyond the view either side, so slow scrolling never shows a gap. */
const PREFETCH = 60;
const SELECT_MAX = 100_000;
/** Chromium's layout limit is near 16.7M device pixels; zooming in multiplies heights. */
const LAYOUT_LIMIT = 15_000_000;

interface Slot {
  readonly row: HTMLElement;
  readonly name: HTMLElement;
  readonly created: HTMLElement;
  readonly updated: HTMLElement;
  index: number;
  personId: number | null;
}

export class PeopleTable {
  readonly element: HTMLElement;
  readonly #events: PeopleTableEvents;
  readonly #id = uid('grid');
  readonly #body: HTMLElement;
  readonly #head: GridHeader;
  readonly #message: HTMLElement;
  readonly #slots: Slot[] = [];
  readonly columns: ColumnLayout;

  #query: PeopleQuery = { sort: 'name', direction: 'asc', search: '' };
  #cache: PageCache<PersonDto>;
  #count: number | null = null;
  #rowHeight = 32;
  #headHeight = 32;
  #geometry: Geometry = geometry(0, 32, 0);
  /** A content offset we set ourselves, kept exact while scrollTop is still where we put it. */
  #pinned: { scrollTop: number; offset: number } | null = null;
  #frame = 0;
  #lastRangeFirst = 0;
  #lastScrollAt = 0;
  #ensureTimer: number | undefined;
  #countInFlight = false;
  #countAgain = false;
  #firstRowsMarked = false;

  #active = -1;
  #anchor = -1;
  readonly #selected = new Selection();
  /** Select the active row as soon as it is loaded (selection follows focus). */
  #selectActivePending = false;
  #quietFocus = false;
  /** Ids just deleted: never selected again while stale rows still show them. */
  #justDeleted = new Set<number>();
  #editor: NameEditor | null = null;
  /** A press on a row of a larger selection: narrowed to that row on click, unless a drag starts. */
  #pendingOnly: number | null = null;
  /** A row to show and select once the count is known (reveal). */
  #revealAt: number | null = null;

  constructor(events: PeopleTableEvents) {
    this.#events = events;
    this.#cache = this.#newCache();

    this.#body = h('div', { role: 'rowgroup', class: 'grid-body' });
    this.#message = h('div', { class: 'grid-message', role: 'presentation', hidden: true });
    this.element = h(
      'div',
      {
        id: this.#id,
        class: 'grid',
        role: 'grid',
        tabindex: '0',
        'aria-label': 'People',
        'aria-multiselectable': 'true',
        'aria-colcount': 3,
        'aria-rowcount': 1,
      },
      this.#body,
      this.#message,
    );
    this.#head = new GridHeader({ grid: this.element, onSort: (key) => this.#toggleSort(key), onColumnWidths: (widths) => this.#events.onColumnWidths(widths) });
    this.element.prepend(this.#head.element);
    this.columns = this.#head.columns;

    this.element.addEventListener('scroll', () => {
      this.#lastScrollAt = performance.now();
      this.#schedule();
    });
    this.element.addEventListener('keydown', (event) => this.#onKey(event));
    this.element.addEventListener('focus', () => this.#onFocus());
    this.element.addEventListener('blur', () => this.#schedule());
    this.#body.addEventListener('mousedown', (event) => this.#onPointer(event));
    this.element.addEventListener('contextmenu', (event) => this.#onContextMenu(event));
    this.#body.addEventListener('dragstart', (event) => this.#onDragStart(event));
    this.#body.addEventListener('click', (event) => this.#onClick(event));
    this.#body.addEventListener('dblclick', (event) => {
      const index = this.#indexFromEvent(event);
      if (index !== null) this.startEdit(index);
    });
    new ResizeObserver(() => this.#schedule()).observe(this.element);
    this.#renderSortState();
  }

  // ---- public API -------------------------------------------------------------------

  get query(): PeopleQuery {
    return this.#query;
  }

  get count(): number | null {
    return this.#count;
  }

  get selectedIds(): number[] {
    return this.#selected.ids();
  }

  /** The selected people (as last loaded), in the order they were selected. */
  get selectedPeople(): PersonDto[] {
    return this.#selected.people();
  }

  get selectionSize(): number {
    return this.#selected.size;
  }

  /** Everyone matching the search is selected (Ctrl+A): actions go to main as a query. */
  get allSelected(): boolean {
    return this.#selected.all;
  }

  /** The selection as main takes it, or null when nothing is selected. */
  get selectionRequest(): PeopleSelection | null {
    return this.#selected.request();
  }

  /** The person on the active row, if loaded. */
  get activePerson(): PersonDto | undefined {
    return this.#active >= 0 ? this.#cache.get(this.#active) : undefined;
  }

  get editing(): boolean {
    return this.#editor !== null;
  }

  setQuery(query: PeopleQuery): void {
    const sameOrder = query.sort === this.#query.sort && query.direction === this.#query.direction;
    if (sameOrder && query.search === this.#query.search) return;
    // A new search shows other people: the selection must not reach the hidden ones.
    if (query.search !== this.#query.search && this.#selected.clear()) this.#events.onSelectionChange(0);
    this.#query = query;
    this.#cache.dispose();
    this.#cache = this.#newCache();
    this.#count = null;
    this.#active = this.#active >= 0 ? 0 : -1;
    this.#anchor = -1;
    this.#editor?.cancel(false);
    this.#pinned = null;
    this.element.scrollTop = 0;
    this.#renderSortState();
    this.refresh();
  }

  /** Re-reads the count and the rows in view (the workspace changed). Coalesced. */
  refresh(): void {
    this.#cache.invalidate();
    this.#loadCount();
    this.#ensureNow();
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
    this.#selectActivePending = false;
    if (this.#selected.clear()) this.#selectionChanged();
  }

  /** Everyone the search shows, instantly, at any size (no rows are fetched). */
  selectAll(): void {
    if ((this.#count ?? 0) === 0) return;
    this.#selectActivePending = false;
    this.#selected.selectAll(this.#query.search, this.#count ?? 0);
    this.#selectionChanged();
  }

  /**
   * These people were deleted: drop them from the selection, and select the row that
   * takes the active one's place once fresh rows have arrived, so the toolbar, the
   * Delete key and the Delete button keep pointing at the same, visible person.
   */
  afterDelete(ids: readonly number[]): void {
    this.#justDeleted = new Set(ids);
    if (this.#selected.all ? this.#selected.clear() : this.#selected.remove(ids)) this.#selectionChanged();
    this.#selectActivePending = this.#selected.size === 0 && this.#active >= 0;
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
    const index = this.#revealAt;
    if (index === null || this.#count === null) return;
    this.#revealAt = null;
    this.#editor?.cancel(false);
    if (this.#selected.clear()) this.#events.onSelectionChange(0);
    this.#setActive(index);
    this.#anchor = this.#active;
    this.#selectActivePending = true;
    this.element.focus();
    this.#schedule();
  }

  /** Where to open a context menu for the active row (below its name), in viewport pixels. */
  menuPointForActive(): { x: number; y: number } {
    const slot = this.#slots.find((candidate) => candidate.index === this.#active && !candidate.row.hidden);
    const box = (slot?.name ?? this.element).getBoundingClientRect();
    return { x: box.left + 12, y: slot ? box.bottom : box.top + this.#headHeight };
  }

  /** Opens the inline editor on the active row. */
  startEditActive(): void {
    if (this.#active >= 0) this.startEdit(this.#active);
  }

  /** Opens the inline editor on row `index` (Enter, F2 or double click). */
  startEdit(index: number): void {
    const person = this.#cache.get(index);
    if (!person) return;
    this.#editor?.cancel(false);
    this.#setActive(index, false);
    this.#editor = new NameEditor({
      person,
      save: (name) => settle(roster().people.update({ id: person.id, name })),
      onDone: (outcome) => {
        this.#editor = null;
        this.#justDeleted.clear();
        if (outcome.saved) {
          this.#events.onStatus(`Renamed to ${outcome.saved.name}.`);
          this.refresh();
        }
        if (outcome.returnFocus) this.element.focus({ preventScroll: true });
        // Take the editor out of the row now, not on the next frame.
        this.#renderNow();
      },
    });
    this.#renderNow();
    this.#editor.focus();
  }

  // ---- data -------------------------------------------------------------------------

  #newCache(): PageCache<PersonDto> {
    const query = this.#query;
    return new PageCache<PersonDto>({
      pageSize: PAGE_SIZE,
      maxPages: 40,
      fetch: async (offset, limit) => {
        const result = await settle(roster().people.list(listInput(query, offset, limit)));
        if (!result.ok) throw new Error(result.error.message);
        if (result.data.items.length < limit && this.#count !== null && offset + result.data.items.length < this.#count) {
          // Fewer rows than the count promised: someone deleted people meanwhile.
          this.#loadCount();
        }
        return result.data.items;
      },
      onUpdate: () => this.#schedule(),
      onError: (error) => this.#events.onStatus(error instanceof Error ? error.message : 'Could not load people.'),
    });
  }

  #loadCount(): void {
    if (this.#countInFlight) {
      this.#countAgain = true;
      return;
    }
    this.#countInFlight = true;
    const query = this.#query;
    void settle(roster().people.count(query.search ? { search: query.search } : {})).then((result) => {
      this.#countInFlight = false;
      if (query === this.#query) {
        if (result.ok) {
          this.#count = result.data;
          this.#refreshAllSelected(query, result.data);
          this.#events.onCount(this.#count, query);
          this.#applyReveal();
          this.#schedule();
        } else {
          this.#events.onStatus(result.error.message);
        }
      }
      if (this.#countAgain) {
        this.#countAgain = false;
        this.#loadCount();
      }
    });
  }

  /** All matching stays exact as people come and go: the count, less those left out who still match (main counts them). */
  #refreshAllSelected(query: PeopleQuery, count: number): void {
    if (!this.#selected.all) return;
    const except = this.#selected.exceptIds();
    if (except.length === 0) {
      this.#selected.setAllSize(count);
      this.#events.onSelectionChange(this.#selected.size);
      return;
    }
    void settle(roster().people.count({ ...(query.search ? { search: query.search } : {}), except })).then((result) => {
      if (result.ok && query === this.#query && this.#selected.all) {
        this.#selected.setAllSize(result.data);
        this.#events.onSelectionChange(this.#selected.size);
      }
    });
  }

  /** The rows to have in the cache for the current scroll position. */
  #wanted(): { first: number; last: number } {
    const count = this.#count ?? PAGE_SIZE;
    const range = visibleRange({ ...this.#geometry, count }, this.#contentOffset(), OVERSCAN);
    return { first: Math.max(0, range.first - PREFETCH), last: Math.min(count - 1, range.last + PREFETCH) };
  }

  #ensureNow(): void {
    if (this.#ensureTimer !== undefined) window.clearTimeout(this.#ensureTimer);
    this.#ensureTimer = undefined;
    const { first, last } = this.#wanted();
    this.#cache.ensure(first, Math.max(first, last));
  }

  /** Fetch at once when scrolling calmly; while the scrollbar flies, wait for it to settle. */
  #ensureSoon(rangeFirst: number): void {
    const jump = Math.abs(rangeFirst - this.#lastRangeFirst);
    this.#lastRangeFirst = rangeFirst;
    const flying = jump > rowsPerPage(this.#geometry) * 3 && performance.now() - this.#lastScrollAt < 50;
    if (!flying) {
      this.#ensureNow();
      return;
    }
    if (this.#ensureTimer !== undefined) window.clearTimeout(this.#ensureTimer);
    this.#ensureTimer = window.setTimeout(() => {
      this.#ensureTimer = undefined;
      this.#ensureNow();
    }, 60);
  }

  // ---- geometry ---------------------------------------------------------------------

  /** Row and header heights as laid out now (they follow zoom and font size). */
  #measure(): void {
    const rowHeight = this.#head.row.getBoundingClientRect().height;
    if (rowHeight > 0) this.#rowHeight = rowHeight;
    const headHeight = this.#head.element.getBoundingClientRect().height;
    if (headHeight > 0) this.#headHeight = headHeight;
  }

  #updateGeometry(): void {
    this.#measure();
    const viewport = Math.max(0, this.element.clientHeight - this.#headHeight);
    const cap = Math.floor(LAYOUT_LIMIT / Math.max(1, window.devicePixelRatio));
    this.#geometry = geometry(this.#count ?? 0, this.#rowHeight, viewport, cap);
  }

  #contentOffset(): number {
    const top = this.element.scrollTop;
    if (this.#pinned && Math.abs(this.#pinned.scrollTop - top) < 1) return this.#pinned.offset;
    this.#pinned = null;
    return contentOffsetAt(this.#geometry, top);
  }

  #scrollToOffset(offset: number): void {
    const target = scrollTopFor(this.#geometry, offset);
    this.element.scrollTop = target;
    // scrollTop rounds; remember the exact offset we meant for the position it took.
    this.#pinned = { scrollTop: this.element.scrollTop, offset: Math.min(Math.max(0, offset), this.#geometry.maxContentOffset) };
  }

  #reveal(index: number): void {
    this.#updateGeometry();
    const offset = offsetToReveal(this.#geometry, index, this.#contentOffset());
    if (offset !== null) this.#scrollToOffset(offset);
  }

  // ---- rendering --------------------------------------------------------------------

  #schedule(): void {
    if (this.#frame !== 0) return;
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
    this.#updateGeometry();
    const g = this.#geometry;
    const count = this.#count ?? 0;
    this.element.setAttribute('aria-rowcount', String(count + 1));
    this.#body.style.height = `${g.scrollHeight}px`;
    // Only once the count is known: while it loads, the active row waits where it is.
    if (this.#count !== null && this.#active >= count) this.#active = count - 1;

    const offset = this.#contentOffset();
    const range = visibleRange(g, offset, OVERSCAN);
    this.#ensureSoon(range.first);

    const needed = range.last - range.first + 1;
    const poolSize = Math.max(this.#slots.length, needed + 2);
    while (this.#slots.length < poolSize) this.#slots.push(this.#newSlot());

    const scrollTop = this.element.scrollTop;
    const used = new Set<Slot>();
    let shownRows = 0;
    for (let index = range.first; index <= range.last; index++) {
      const slot = this.#slots[index % this.#slots.length] as Slot;
      used.add(slot);
      if (this.#fill(slot, index)) shownRows++;
      slot.row.style.transform = `translateY(${rowTop(g, index, scrollTop, offset)}px)`;
    }
    for (const slot of this.#slots) {
      if (used.has(slot)) continue;
      if (!slot.row.hidden) {
        slot.row.hidden = true;
        slot.personId = null;
        slot.index = -1;
      }
    }

    this.#selectPendingActive();
    this.#renderActive(range.first, range.last);
    this.#renderMessage();
    this.element.dataset['state'] = this.#count === null ? 'loading' : 'ready';
    this.element.dataset['search'] = this.#query.search;
    if (shownRows > 0 && !this.#firstRowsMarked) {
      this.#firstRowsMarked = true;
      performance.mark('roster:first-rows');
    }
  }

  #newSlot(): Slot {
    const name = h('div', { role: 'gridcell', class: 'cell cell-name' });
    const created = h('div', { role: 'gridcell', class: 'cell cell-date' });
    const updated = h('div', { role: 'gridcell', class: 'cell cell-date' });
    const row = h('div', { role: 'row', class: 'row', hidden: true }, name, created, updated);
    this.#body.append(row);
    return { row, name, created, updated, index: -1, personId: null };
  }

  /** Draws one row; returns true when it shows a person (not a placeholder). */
  #fill(slot: Slot, index: number): boolean {
    const person = this.#cache.get(index);
    const { row } = slot;
    row.hidden = false;
    if (slot.index !== index) {
      slot.index = index;
      row.setAttribute('aria-rowindex', String(index + 2));
      slot.name.id = `${this.#id}-r${index}`;
    }
    const editing = this.#editor !== null && person !== undefined && person.id === this.#editor.personId;
    slot.personId = person?.id ?? null;
    if (person) this.#selected.refresh(person);
    if (person) {
      if (editing && this.#editor) {
        if (!slot.name.contains(this.#editor.element)) slot.name.replaceChildren(this.#editor.element);
      } else {
        setText(slot.name, person.name);
      }
      setText(slot.created, formatDateTime(person.createdAt));
      setText(slot.updated, formatDateTime(person.updatedAt));
      setAttrs(row, { 'aria-selected': this.#selected.has(person.id) ? 'true' : 'false', 'aria-busy': null, 'data-id': person.id });
      row.classList.remove('placeholder');
      row.draggable = !editing;
      row.classList.toggle('selected', this.#selected.has(person.id));
      row.classList.toggle('editing', editing);
      return true;
    }
    setText(slot.name, 'Loading…');
    setText(slot.created, '');
    setText(slot.updated, '');
    setAttrs(row, { 'aria-selected': 'false', 'aria-busy': 'true', 'data-id': null });
    row.classList.add('placeholder');
    row.draggable = false;
    row.classList.remove('selected', 'editing');
    return false;
  }

  #renderActive(first: number, last: number): void {
    for (const slot of this.#slots) slot.row.classList.toggle('active', slot.index === this.#active && slot.index >= 0);
    const inView = this.#active >= first && this.#active <= last;
    if (inView) this.element.setAttribute('aria-activedescendant', `${this.#id}-r${this.#active}`);
    else this.element.removeAttribute('aria-activedescendant');
  }

  #renderMessage(): void {
    const empty = this.#count === 0;
    this.#message.hidden = !empty;
    this.element.classList.toggle('is-empty', empty);
    if (empty) {
      setText(this.#message, this.#query.search ? `No one matches “${this.#query.search}”.` : 'No people in this workspace yet.');
    }
  }

  #renderSortState(): void {
    this.#head.renderSort(this.#query.sort, this.#query.direction);
  }

  #toggleSort(key: SortKey): void {
    const direction: SortDirection = this.#query.sort === key && this.#query.direction === 'asc' ? 'desc' : 'asc';
    this.#events.onSort(key, key === 'created' && this.#query.sort !== key ? 'desc' : direction);
  }

  // ---- focus, keyboard, pointer -----------------------------------------------------

  #onFocus(): void {
    if (this.#active < 0 && (this.#count ?? 0) > 0) {
      const range = visibleRange(this.#geometry, this.#contentOffset(), 0);
      this.#active = range.firstVisible;
    }
    if (this.#selected.size === 0 && this.#active >= 0 && !this.#quietFocus) this.#selectActivePending = true;
    this.#schedule();
  }

  /** Selection follows focus: select the active row once it has loaded (fresh). */
  #selectPendingActive(): void {
    if (!this.#selectActivePending) return;
    if (this.#selected.size > 0 || (this.#active < 0 && this.#count !== null)) {
      this.#selectActivePending = false;
      return;
    }
    if (this.#active < 0) return;
    if (!this.#cache.isFresh(this.#active)) return;
    const person = this.#cache.get(this.#active);
    if (!person || this.#justDeleted.has(person.id)) return;
    this.#selectActivePending = false;
    this.#selected.only(person);
    this.#anchor = this.#active;
    this.#events.onSelectionChange(this.#selected.size);
    // Drawn by the render that called this.
    for (const slot of this.#slots) {
      if (slot.personId === person.id) {
        slot.row.classList.add('selected');
        slot.row.setAttribute('aria-selected', 'true');
      }
    }
  }

  #setActive(index: number, reveal = true): void {
    const count = this.#count ?? 0;
    if (count === 0) return;
    this.#active = Math.min(Math.max(0, index), count - 1);
    if (reveal) this.#reveal(this.#active);
    this.#renderNow();
  }

  #onKey(event: KeyboardEvent): void {
    if (event.target !== this.element) return;
    const count = this.#count ?? 0;
    const page = rowsPerPage(this.#geometry);
    const command = isCommand(event);
    const move = (to: number): void => {
      event.preventDefault();
      const from = this.#active < 0 ? 0 : this.#active;
      this.#setActive(to);
      if (event.shiftKey) {
        if (this.#anchor < 0) this.#anchor = from;
        void this.#selectRange(this.#anchor, this.#active);
      } else if (!command) {
        this.#anchor = this.#active;
        this.#selectOnly(this.#active);
      }
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(this.#active + 1);
      case 'ArrowUp':
        return move(this.#active < 0 ? 0 : this.#active - 1);
      case 'PageDown':
        return move(this.#active + page);
      case 'PageUp':
        return move(this.#active - page);
      case 'Home':
        return move(0);
      case 'End':
        return move(count - 1);
      case ' ': {
        event.preventDefault();
        const person = this.#cache.get(this.#active);
        if (!person) return;
        this.#selectActivePending = false;
        this.#selected.toggle(person);
        this.#anchor = this.#active;
        this.#selectionChanged();
        return;
      }
      case 'Enter':
      case 'F2':
        event.preventDefault();
        if (this.#active >= 0) this.startEdit(this.#active);
        return;
      case 'Delete':
      case 'Backspace':
        // The same command as the toolbar's button: the selection, nothing else.
        event.preventDefault();
        this.#events.onDeleteKey();
        return;
      case 'Escape':
        if (this.#selected.size > 0) {
          event.preventDefault();
          event.stopPropagation();
          this.clearSelection();
        }
        return;
      default:
        if (isContextMenuKey(event)) {
          event.preventDefault();
          this.#events.onContextMenu(this.menuPointForActive());
          return;
        }
        // Only Ctrl+A (Cmd+A) selects all; a plain "a" is typed into the search like any letter.
        if (command && !event.altKey && (event.key === 'a' || event.key === 'A')) {
          event.preventDefault();
          this.selectAll();
          return;
        }
        if (event.key.length === 1 && event.key !== '/' && !event.ctrlKey && !event.metaKey && !event.altKey) {
          event.preventDefault();
          this.#events.onTypeToSearch(event.key);
        }
        return;
    }
  }

  #indexFromEvent(event: Event): number | null {
    const row = (event.target as Element | null)?.closest('[role="row"]');
    const slot = this.#slots.find((candidate) => candidate.row === row);
    return slot && slot.index >= 0 ? slot.index : null;
  }

  #onPointer(event: MouseEvent): void {
    if (event.button !== 0 || (event.target as Element).closest('.name-editor')) return;
    const index = this.#indexFromEvent(event);
    if (index === null) return;
    // Not for a plain press: its default starts a drag of the rows (to another window).
    if (event.shiftKey) event.preventDefault();
    this.element.focus({ preventScroll: true });
    const person = this.#cache.get(index);
    if (event.shiftKey && this.#anchor >= 0) {
      this.#setActive(index, false);
      void this.#selectRange(this.#anchor, index);
      return;
    }
    this.#anchor = index;
    this.#setActive(index, false);
    this.#selectActivePending = false;
    if (command(event) && person) {
      this.#selected.toggle(person);
      this.#selectionChanged();
    } else if (person && this.#selected.has(person.id) && this.#selected.size > 1) {
      // A press on a selected row may start dragging the whole selection: only a
      // click that is not a drag narrows it to this row.
      this.#pendingOnly = index;
    } else {
      this.#selectOnly(index);
    }
  }

  #onClick(event: MouseEvent): void {
    const pending = this.#pendingOnly;
    this.#pendingOnly = null;
    if (pending !== null && this.#indexFromEvent(event) === pending) this.#selectOnly(pending);
  }

  /** Right click: on a row outside the selection, that row alone becomes the selection. */
  #onContextMenu(event: MouseEvent): void {
    if ((event.target as Element).closest('.name-editor, .grid-head')) return;
    event.preventDefault();
    const index = this.#indexFromEvent(event);
    if (index !== null) {
      const person = this.#cache.get(index);
      this.element.focus({ preventScroll: true });
      this.#setActive(index, false);
      if (person && !this.#selected.has(person.id)) {
        this.#anchor = index;
        this.#selectOnly(index);
      }
    }
    this.#events.onContextMenu({ x: event.clientX, y: event.clientY });
  }

  /** Dragging a row that is not selected drags that row alone, as in a file manager. */
  #onDragStart(event: DragEvent): void {
    this.#pendingOnly = null;
    const index = this.#indexFromEvent(event);
    const person = index === null ? undefined : this.#cache.get(index);
    if (index === null || !person) {
      event.preventDefault();
      return;
    }
    if (!this.#selected.has(person.id)) {
      this.#anchor = index;
      this.#setActive(index, false);
      this.#selectOnly(index);
    }
    this.#events.onDragStart(event);
  }

  // ---- selection --------------------------------------------------------------------

  #selectOnly(index: number): void {
    const person = this.#cache.get(index);
    this.#selected.only(person);
    // A row not loaded yet is selected when it arrives.
    this.#selectActivePending = person === undefined && index === this.#active;
    this.#selectionChanged();
  }

  /** Selects rows a..b, fetching the rows not in the cache (up to 100,000). */
  async #selectRange(a: number, b: number): Promise<void> {
    const first = Math.max(0, Math.min(a, b));
    let last = Math.max(a, b);
    if (last - first + 1 > SELECT_MAX) {
      last = first + SELECT_MAX - 1;
      this.#events.onNotice(`Selected the first ${SELECT_MAX.toLocaleString()} rows of this range. To act on everyone shown, press Ctrl+A.`);
    }
    const query = this.#query;
    const found = await rowsInRange(query, first, last, (index) => this.#cache.get(index), () => query === this.#query);
    if (found === null) return;
    this.#selected.replace(found);
    this.#selectionChanged();
  }

  #selectionChanged(): void {
    this.#events.onSelectionChange(this.#selected.size);
    this.#schedule();
  }
}

function command(event: MouseEvent): boolean {
  return isCommand(event);
}

