// The people the workspace window lists: the grid (people-table.ts), the search and
// sort it shows, the counts the header says ("1 of 3 people match"), and a refresh
// whenever the workspace changes, from this window, another one or the CLI
// (people:onChanged); a burst of changes makes one refresh.

import type { RosterApi } from '../../../../main/app/common/roster-api.js';
import type { SortDirection, SortKey } from '../../../../main/features/people/common/people-contract.js';
import { settle } from '../../kernel/api.js';
import type { Disposables } from '../../kernel/disposables.js';
import { people } from '../../kernel/format.js';
import { PeopleTable, type PeopleQuery, type PeopleTableEvents } from './people-table.js';
import { narrowed } from './grid-state.js';
import type { DateFilters } from './filters.js';

export interface PeopleListOptions {
  readonly api: RosterApi;
  /** The window's owner: the subscription, the timer and the grid go when it closes. */
  readonly owner: Disposables;
  /** The grid's events the window handles itself. */
  readonly events: Pick<PeopleTableEvents, 'onDeleteKey' | 'onContextMenu' | 'onStatus' | 'onNotice' | 'onDragStart' | 'onTypeToSearch'>;
  /** Where focus starts in an empty workspace (the add field). */
  focusAdd(): void;
  /** A column header changed the sort: the sort control follows. */
  showSort(sort: SortKey, direction: SortDirection): void;
  /** The counts, the query or the selection changed: redraw what depends on them. */
  onChange(): void;
}

export class PeopleList {
  readonly table: PeopleTable;
  readonly #options: PeopleListOptions;
  /** Everyone in the workspace; null until counted. */
  #total: number | null = null;
  /** How many match the search and filters; null while it is counted. */
  #matching: number | null = null;
  #firstCount = true;
  #refreshPending = false;

  constructor(options: PeopleListOptions) {
    this.#options = options;
    const { api, owner } = options;
    this.table = new PeopleTable({
      ...options.events,
      onCount: (count, query) => this.#counted(count, query),
      onSelectionChange: () => options.onChange(),
      onColumnWidths: (columnWidths) => void settle(api.workspace.setColumnWidths({ columnWidths })),
      onSort: (sort, direction) => {
        options.showSort(sort, direction);
        this.setQuery({ sort, direction });
      },
    });
    owner.add(() => this.table.dispose());
    owner.add(api.people.onChanged(() => this.refreshSoon()));
  }

  /** The count line: "Counting…", "3 people", "Searching 3 people…", "1 of 3 people match". */
  get countText(): string {
    const total = this.#total;
    if (total === null) return 'Counting…';
    if (!narrowed(this.table.query)) return people(total);
    if (this.#matching === null) return `Searching ${people(total)}…`;
    return `${this.#matching.toLocaleString()} of ${people(total)} match`;
  }

  /** Nobody in the workspace (and no search or filter): the empty state shows instead of the grid. */
  get empty(): boolean {
    return this.#total === 0 && !narrowed(this.table.query);
  }

  /** "“Ada Lovelace”" or "5 people": what the selection is called in labels. */
  describeSelection(): string {
    const table = this.table;
    if (table.allSelected) return table.selectionSize === table.count ? `all ${people(table.selectionSize)}` : people(table.selectionSize);
    const selected = table.selectedPeople;
    const only = selected[0];
    return selected.length === 1 && only ? `“${only.name}”` : people(selected.length);
  }

  setQuery(change: Partial<PeopleQuery>): void {
    this.table.setQuery({ ...this.table.query, ...change });
    this.#options.onChange();
  }

  search(text: string): void {
    this.#matching = null;
    this.setQuery({ search: text });
  }

  /** Only the people these date filters keep (chips added or removed). */
  setFilters(filters: DateFilters): void {
    this.#matching = null;
    this.setQuery({ filters });
  }

  /** Back to everyone (the search box was emptied). */
  clearSearch(): void {
    if (this.table.query.search === '') return;
    this.#matching = null;
    this.setQuery({ search: '' });
  }

  /** The workspace changed: the count and the rows in view are read again, once for a burst. */
  refreshSoon(): void {
    if (this.#refreshPending) return;
    this.#refreshPending = true;
    this.#options.owner.timeout(() => {
      this.#refreshPending = false;
      if (narrowed(this.table.query)) void this.#loadTotal();
      this.table.refresh();
    }, 0);
  }

  /** The file under the window was opened again: everything is counted and read anew. */
  reopened(): void {
    this.#total = null;
    this.#matching = null;
    void this.#loadTotal();
    this.table.clearSelection();
    this.refreshSoon();
  }

  /** The column widths saved with the workspace. */
  async loadColumnWidths(): Promise<void> {
    const result = await settle(this.#options.api.workspace.viewState());
    if (result.ok) this.table.columns.set(result.data.columnWidths);
  }

  #counted(count: number | null, query: PeopleQuery): void {
    if (this.#firstCount && !narrowed(query)) {
      this.#firstCount = false;
      if (document.activeElement === document.body || document.activeElement === null) {
        if (count === 0) this.#options.focusAdd();
        else this.table.focus({ select: false });
      }
    }
    if (!narrowed(query)) this.#total = count;
    else this.#matching = count;
    if (narrowed(query) && this.#total === null) void this.#loadTotal();
    this.#options.onChange();
  }

  async #loadTotal(): Promise<void> {
    const result = await settle(this.#options.api.people.count({}));
    if (result.ok) {
      this.#total = result.data;
      this.#options.onChange();
    }
  }
}
