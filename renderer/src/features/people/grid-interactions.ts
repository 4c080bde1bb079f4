// Pointer and keyboard on the people grid: moving the active row, and the selection
// that follows it. The anchor is where a Shift range starts (Shift+arrows, Shift+click);
// Ctrl+click and Space toggle one person; a press on a row of a larger selection waits
// for the click before narrowing to that row, because it may start dragging them all.
// Right click and dragging act on the selection, made to include the row under the
// pointer first, as in a file manager.

import type { PersonDto } from '../../../../main/features/people/common/people-contract.js';
import { isContextMenuKey } from '../../kernel/context-menu.js';
import { isCommand } from '../../kernel/dom.js';
import type { GridLoader } from './grid-loader.js';
import type { GridRows } from './grid-rows.js';
import type { GridState } from './grid-state.js';
import type { GridViewport } from './grid-viewport.js';
import { rowsInRange } from './range-rows.js';
import { rowsPerPage } from '../../kernel/virtual-list.js';

const SELECT_MAX = 100_000;

/** What the interactions tell the table's owner (a part of PeopleTableEvents). */
interface GridInteractionEvents {
  onDeleteKey(): void;
  onContextMenu(at: { x: number; y: number }): void;
  onNotice(message: string): void;
  onDragStart(event: DragEvent): void;
  onTypeToSearch(text: string): void;
}

/** The table's parts and operations the interactions use. */
export interface GridInteractionsHost {
  readonly grid: HTMLElement;
  readonly state: GridState;
  readonly loader: GridLoader;
  readonly rows: GridRows;
  readonly viewport: GridViewport;
  readonly events: GridInteractionEvents;
  /** Makes row `index` the active row (scrolled into view unless `reveal` is false) and draws. */
  setActive(index: number, reveal?: boolean): void;
  startEdit(index: number): void;
  selectAll(): void;
  clearSelection(): void;
  menuPointForActive(): { x: number; y: number };
  /** The selection changed: tell the owner, draw. */
  selectionChanged(): void;
}

export class GridInteractions {
  readonly #host: GridInteractionsHost;
  /** A press on a row of a larger selection: narrowed to that row on click, unless a drag starts. */
  #pendingOnly: number | null = null;

  constructor(host: GridInteractionsHost) {
    this.#host = host;
    const { grid, rows } = host;
    grid.addEventListener('keydown', (event) => this.#onKey(event));
    rows.body.addEventListener('mousedown', (event) => this.#onPointer(event));
    grid.addEventListener('contextmenu', (event) => this.#onContextMenu(event));
    rows.body.addEventListener('dragstart', (event) => this.#onDragStart(event));
    rows.body.addEventListener('click', (event) => this.#onClick(event));
    rows.body.addEventListener('dblclick', (event) => {
      const index = rows.indexFromEvent(event);
      if (index !== null) host.startEdit(index);
    });
  }

  #person(index: number): PersonDto | undefined {
    return this.#host.loader.cache.get(index);
  }

  #onKey(event: KeyboardEvent): void {
    const host = this.#host;
    const { state } = host;
    if (event.target !== host.grid) return;
    const count = host.loader.count ?? 0;
    const page = rowsPerPage(host.viewport.geometry);
    const command = isCommand(event);
    const move = (to: number): void => {
      event.preventDefault();
      const from = state.active < 0 ? 0 : state.active;
      host.setActive(to);
      if (event.shiftKey) {
        if (state.anchor < 0) state.anchor = from;
        void this.#selectRange(state.anchor, state.active);
      } else if (!command) {
        state.anchor = state.active;
        this.#selectOnly(state.active);
      }
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(state.active + 1);
      case 'ArrowUp':
        return move(state.active < 0 ? 0 : state.active - 1);
      case 'PageDown':
        return move(state.active + page);
      case 'PageUp':
        return move(state.active - page);
      case 'Home':
        return move(0);
      case 'End':
        return move(count - 1);
      case ' ': {
        event.preventDefault();
        const person = this.#person(state.active);
        if (!person) return;
        state.selectActivePending = false;
        state.selected.toggle(person);
        state.anchor = state.active;
        host.selectionChanged();
        return;
      }
      case 'Enter':
      case 'F2':
        event.preventDefault();
        if (state.active >= 0) host.startEdit(state.active);
        return;
      case 'Delete':
      case 'Backspace':
        // The same command as the toolbar's button: the selection, nothing else.
        event.preventDefault();
        host.events.onDeleteKey();
        return;
      case 'Escape':
        if (state.selected.size > 0) {
          event.preventDefault();
          event.stopPropagation();
          host.clearSelection();
        }
        return;
      default:
        if (isContextMenuKey(event)) {
          event.preventDefault();
          host.events.onContextMenu(host.menuPointForActive());
          return;
        }
        // Only Ctrl+A (Cmd+A) selects all; a plain "a" is typed into the search like any letter.
        if (command && !event.altKey && (event.key === 'a' || event.key === 'A')) {
          event.preventDefault();
          host.selectAll();
          return;
        }
        if (event.key.length === 1 && event.key !== '/' && !event.ctrlKey && !event.metaKey && !event.altKey) {
          event.preventDefault();
          host.events.onTypeToSearch(event.key);
        }
        return;
    }
  }

  #onPointer(event: MouseEvent): void {
    const host = this.#host;
    const { state } = host;
    if (event.button !== 0 || (event.target as Element).closest('.name-editor')) return;
    const index = host.rows.indexFromEvent(event);
    if (index === null) return;
    // Not for a plain press: its default starts a drag of the rows (to another window).
    if (event.shiftKey) event.preventDefault();
    host.grid.focus({ preventScroll: true });
    const person = this.#person(index);
    if (event.shiftKey && state.anchor >= 0) {
      host.setActive(index, false);
      void this.#selectRange(state.anchor, index);
      return;
    }
    state.anchor = index;
    host.setActive(index, false);
    state.selectActivePending = false;
    if (isCommand(event) && person) {
      state.selected.toggle(person);
      host.selectionChanged();
    } else if (person && state.selected.has(person.id) && state.selected.size > 1) {
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
    if (pending !== null && this.#host.rows.indexFromEvent(event) === pending) this.#selectOnly(pending);
  }

  /** Right click: on a row outside the selection, that row alone becomes the selection. */
  #onContextMenu(event: MouseEvent): void {
    const host = this.#host;
    if ((event.target as Element).closest('.name-editor, .grid-head')) return;
    event.preventDefault();
    const index = host.rows.indexFromEvent(event);
    if (index !== null) {
      const person = this.#person(index);
      host.grid.focus({ preventScroll: true });
      host.setActive(index, false);
      if (person && !host.state.selected.has(person.id)) {
        host.state.anchor = index;
        this.#selectOnly(index);
      }
    }
    host.events.onContextMenu({ x: event.clientX, y: event.clientY });
  }

  /** Dragging a row that is not selected drags that row alone, as in a file manager. */
  #onDragStart(event: DragEvent): void {
    const host = this.#host;
    this.#pendingOnly = null;
    const index = host.rows.indexFromEvent(event);
    const person = index === null ? undefined : this.#person(index);
    if (index === null || !person) {
      event.preventDefault();
      return;
    }
    if (!host.state.selected.has(person.id)) {
      host.state.anchor = index;
      host.setActive(index, false);
      this.#selectOnly(index);
    }
    host.events.onDragStart(event);
  }

  #selectOnly(index: number): void {
    const { state } = this.#host;
    const person = this.#person(index);
    state.selected.only(person);
    // A row not loaded yet is selected when it arrives.
    state.selectActivePending = person === undefined && index === state.active;
    this.#host.selectionChanged();
  }

  /** Selects rows a..b, fetching the rows not in the cache (up to 100,000). */
  async #selectRange(a: number, b: number): Promise<void> {
    const { state } = this.#host;
    const first = Math.max(0, Math.min(a, b));
    let last = Math.max(a, b);
    if (last - first + 1 > SELECT_MAX) {
      last = first + SELECT_MAX - 1;
      this.#host.events.onNotice(
        `Selected the first ${SELECT_MAX.toLocaleString()} rows of this range. To act on everyone shown, press Ctrl+A.`,
      );
    }
    const query = state.query;
    const found = await rowsInRange(
      query,
      first,
      last,
      (index) => this.#person(index),
      () => query === state.query,
    );
    if (found === null) return;
    state.selected.replace(found);
    this.#host.selectionChanged();
  }
}
