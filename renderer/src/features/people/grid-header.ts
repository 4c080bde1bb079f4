// The people grid's header row: sortable column headers (buttons: click, Enter or
// Space sorts; aria-sort and an arrow say how) and the column resizers (columns.ts).

import type { ColumnWidths } from '../../../../main/features/workspace/common/workspace-contract.js';
import type { SortDirection, SortKey } from '../../../../main/features/people/common/people-contract.js';
import { h, setAttrs, setText } from '../../kernel/dom.js';
import { ColumnLayout, type ColumnKey } from './columns.js';

export interface GridHeaderOptions {
  /** The grid element: column widths are set on it for every row to read. */
  readonly grid: HTMLElement;
  readonly onSort: (key: SortKey) => void;
  readonly onColumnWidths: (widths: ColumnWidths) => void;
}

export class GridHeader {
  /** The header's rowgroup, sticky at the top of the grid. */
  readonly element: HTMLElement;
  /** The header row (its height is the rows' height). */
  readonly row: HTMLElement;
  readonly columns: ColumnLayout;
  readonly #sortCells: Record<SortKey, HTMLElement>;

  constructor(options: GridHeaderOptions) {
    const cell = (key: SortKey, label: string): HTMLElement => {
      const element = h('div', { role: 'columnheader', class: 'cell' });
      const button = h(
        'button',
        { type: 'button', class: 'sort-button' },
        label,
        h('span', { class: 'sort-indicator', 'aria-hidden': 'true' }),
      );
      button.addEventListener('click', () => options.onSort(key));
      element.append(button);
      return element;
    };
    const cells: Record<ColumnKey, HTMLElement> = {
      name: cell('name', 'Name'),
      created: cell('created', 'Added'),
      updated: cell('updated', 'Last changed'),
    };
    this.#sortCells = cells;
    this.row = h('div', { role: 'row', class: 'row head-row', 'aria-rowindex': 1 }, cells.name, cells.created, cells.updated);
    this.element = h('div', { role: 'rowgroup', class: 'grid-head' }, this.row);
    this.columns = new ColumnLayout({
      grid: options.grid,
      headers: cells,
      labels: { name: 'Name', created: 'Added', updated: 'Last changed' },
      onCommit: options.onColumnWidths,
    });
    for (const key of Object.keys(cells) as ColumnKey[]) cells[key].append(this.columns.separators[key]);
  }

  /** Shows which column sorts and which way. */
  renderSort(sort: SortKey, direction: SortDirection): void {
    for (const key of ['name', 'created', 'updated'] as const) {
      const active = sort === key;
      setAttrs(this.#sortCells[key], { 'aria-sort': active ? (direction === 'asc' ? 'ascending' : 'descending') : 'none' });
      const indicator = this.#sortCells[key].querySelector('.sort-indicator');
      if (indicator) setText(indicator, active ? (direction === 'asc' ? '▲' : '▼') : '');
    }
  }
}
