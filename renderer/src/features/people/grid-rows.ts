// The people grid's rows: a pool of row elements (slots), recycled as the list
// scrolls. Only the rows in view (plus a few either side) exist in the DOM; each slot
// is drawn from the page cache, as a person or as a "Loading…" placeholder until its
// page arrives. Each row's name cell has an id, for the grid's aria-activedescendant.
//
// A name cut off by its column shows whole in its title (hover) and, on the active row
// while the grid has focus, in a tooltip under it (keyboard). A date cell holds the
// date twice, long and short; CSS shows the short one when the column is too narrow for
// the long one (app.css), and its title gives the date and time to the second. While
// a search is on, what it matched in each name is marked (highlight.ts).

import { h, setAttrs, setText } from '../../kernel/dom.js';
import { formatDateTime, formatDateTimeFull, formatDateTimeShort } from '../../kernel/format.js';
import { highlighted } from '../../kernel/highlight.js';
import type { GridLoader } from './grid-loader.js';
import type { GridState } from './grid-state.js';
import { rowTop, type Geometry, type VisibleRange } from '../../kernel/virtual-list.js';

/** A date cell: its long and short texts, and the moment they show (formatted once per change). */
interface DateCell {
  readonly cell: HTMLElement;
  readonly long: HTMLElement;
  readonly short: HTMLElement;
  iso: string | null;
}

interface Slot {
  readonly row: HTMLElement;
  readonly name: HTMLElement;
  readonly created: DateCell;
  readonly updated: DateCell;
  /** The name and search the name cell was last drawn with (null: something else is in it). */
  drawn: { readonly name: string; readonly search: string } | null;
  index: number;
  personId: number | null;
}

function dateCell(): DateCell {
  const long = h('span', { class: 'date-long' });
  const short = h('span', { class: 'date-short' });
  return { cell: h('div', { role: 'gridcell', class: 'cell cell-date' }, long, short), long, short, iso: null };
}

/** Shows `iso` in the cell (or nothing); formats only when the moment changed. */
function drawDate(date: DateCell, iso: string | null): void {
  if (date.iso === iso) return;
  date.iso = iso;
  setText(date.long, iso === null ? '' : formatDateTime(iso));
  setText(date.short, iso === null ? '' : formatDateTimeShort(iso));
  setAttrs(date.cell, { title: iso === null ? null : formatDateTimeFull(iso) });
}

export class GridRows {
  /** The rowgroup that holds the rows; its height is the scrollable height. */
  readonly body: HTMLElement;
  /** "No people…" over an empty grid. */
  readonly message: HTMLElement;
  readonly #gridId: string;
  readonly #state: GridState;
  readonly #loader: GridLoader;
  readonly #slots: Slot[] = [];

  constructor(gridId: string, state: GridState, loader: GridLoader) {
    this.#gridId = gridId;
    this.#state = state;
    this.#loader = loader;
    this.body = h('div', { role: 'rowgroup', class: 'grid-body' });
    this.message = h('div', { class: 'grid-message', role: 'presentation', hidden: true });
  }

  /** The id of row `index`'s name cell (what aria-activedescendant names). */
  #cellId(index: number): string {
    return `${this.#gridId}-r${index}`;
  }

  /** Draws the rows in `range` and hides the others; returns how many show a person. */
  draw(g: Geometry, range: VisibleRange, scrollTop: number, offset: number): number {
    const needed = range.last - range.first + 1;
    const poolSize = Math.max(this.#slots.length, needed + 2);
    while (this.#slots.length < poolSize) this.#slots.push(this.#newSlot());

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
    return shownRows;
  }

  #newSlot(): Slot {
    const name = h('div', { role: 'gridcell', class: 'cell cell-name' });
    const created = dateCell();
    const updated = dateCell();
    const row = h('div', { role: 'row', class: 'row', hidden: true }, name, created.cell, updated.cell);
    this.body.append(row);
    return { row, name, created, updated, drawn: null, index: -1, personId: null };
  }

  /** Draws one row; returns true when it shows a person (not a placeholder). */
  #fill(slot: Slot, index: number): boolean {
    const { selected, editor } = this.#state;
    const person = this.#loader.cache.get(index);
    const { row } = slot;
    row.hidden = false;
    if (slot.index !== index) {
      slot.index = index;
      row.setAttribute('aria-rowindex', String(index + 2));
      slot.name.id = this.#cellId(index);
    }
    const editing = editor !== null && person !== undefined && person.id === editor.personId;
    slot.personId = person?.id ?? null;
    if (person) selected.refresh(person);
    if (person) {
      if (editing && editor) {
        if (!slot.name.contains(editor.element)) slot.name.replaceChildren(editor.element);
        slot.drawn = null;
      } else {
        this.#drawName(slot, person.name);
      }
      setAttrs(slot.name, { title: editing ? null : person.name });
      drawDate(slot.created, person.createdAt);
      drawDate(slot.updated, person.updatedAt);
      setAttrs(row, { 'aria-selected': selected.has(person.id) ? 'true' : 'false', 'aria-busy': null, 'data-id': person.id });
      row.classList.remove('placeholder');
      row.draggable = !editing;
      row.classList.toggle('selected', selected.has(person.id));
      row.classList.toggle('editing', editing);
      return true;
    }
    setText(slot.name, 'Loading…');
    slot.drawn = null;
    setAttrs(slot.name, { title: null });
    drawDate(slot.created, null);
    drawDate(slot.updated, null);
    setAttrs(row, { 'aria-selected': 'false', 'aria-busy': 'true', 'data-id': null });
    row.classList.add('placeholder');
    row.draggable = false;
    row.classList.remove('selected', 'editing');
    return false;
  }

  /** The name, with what the search matched marked; drawn again only when the name or the search changed. */
  #drawName(slot: Slot, name: string): void {
    const search = this.#state.query.search;
    if (slot.drawn?.name === name && slot.drawn.search === search) return;
    slot.drawn = { name, search };
    // replaceChildren, not setText: the same text may still carry the last search's marks.
    slot.name.replaceChildren(...(search.trim() === '' ? [name] : highlighted(name, search)));
  }

  /** Marks the active row, and points the grid at it while it is among the rows drawn (first..last). */
  drawActive(grid: HTMLElement, first: number, last: number): void {
    const active = this.#state.active;
    // Only while the grid has focus: the one cell measured, for the keyboard's tooltip.
    const focused = document.activeElement === grid;
    for (const slot of this.#slots) {
      const isActive = slot.index === active && slot.index >= 0;
      slot.row.classList.toggle('active', isActive);
      const clipped = isActive && focused && !slot.row.hidden && slot.name.scrollWidth > slot.name.clientWidth;
      setAttrs(slot.row, {
        'data-full-name': clipped ? (slot.name.getAttribute('title') ?? null) : null,
        // Near the grid's foot the tooltip opens above the row, inside the grid.
        'data-tip-above':
          clipped && slot.row.getBoundingClientRect().bottom > grid.getBoundingClientRect().bottom - 3 * slot.row.offsetHeight,
      });
    }
    const inView = active >= first && active <= last;
    if (inView) grid.setAttribute('aria-activedescendant', this.#cellId(active));
    else grid.removeAttribute('aria-activedescendant');
  }

  /** Shows this person's rows as selected at once, without drawing them again. */
  markSelected(personId: number): void {
    for (const slot of this.#slots) {
      if (slot.personId === personId) {
        slot.row.classList.add('selected');
        slot.row.setAttribute('aria-selected', 'true');
      }
    }
  }

  /** The empty grid's message: no people at all, or no one matching the search or the filters. */
  drawMessage(grid: HTMLElement): void {
    const empty = this.#loader.count === 0;
    this.message.hidden = !empty;
    grid.classList.toggle('is-empty', empty);
    const { search, filters } = this.#state.query;
    if (empty) setText(this.message, emptyMessage(search, filters.length > 0));
  }

  /** The name cell of row `index`, if that row is shown. */
  nameCell(index: number): HTMLElement | undefined {
    return this.#slots.find((candidate) => candidate.index === index && !candidate.row.hidden)?.name;
  }

  /** The row an event happened on, or null (not on a row, or on a hidden one). */
  indexFromEvent(event: Event): number | null {
    const row = (event.target as Element | null)?.closest('[role="row"]');
    const slot = this.#slots.find((candidate) => candidate.row === row);
    return slot && slot.index >= 0 ? slot.index : null;
  }
}

/** Never "no people" while a search or a filter hides them: that would read as lost data. */
function emptyMessage(search: string, filtered: boolean): string {
  if (search && filtered) return `No one matches “${search}” with these filters.`;
  if (search) return `No one matches “${search}”.`;
  if (filtered) return 'No one matches these filters.';
  return 'No people in this workspace yet.';
}
