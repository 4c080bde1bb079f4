// The people grid's data: how many people the current query matches, and a PageCache
// of its rows, fetched by offset around the scroll position. Counts are coalesced (one
// in flight, at most one more queued), and fetches wait while the scrollbar flies.

import type { PersonDto } from '../../../../main/features/people/common/people-contract.js';
import { roster, settle } from '../../kernel/api.js';
import type { GridState, PeopleQuery } from './grid-state.js';
import { OVERSCAN, type GridViewport } from './grid-viewport.js';
import { PageCache } from '../../kernel/page-cache.js';
import { listInput, matchingFilter } from './range-rows.js';
import { rowsPerPage, visibleRange } from '../../kernel/virtual-list.js';

const PAGE_SIZE = 100;
/** Rows fetched beyond the view either side, so slow scrolling never shows a gap. */
const PREFETCH = 60;

/** What the loader tells the table's owner (a part of PeopleTableEvents). */
interface GridLoaderEvents {
  onCount(count: number | null, query: PeopleQuery): void;
  onSelectionChange(selected: number): void;
  onStatus(message: string): void;
}

export interface GridLoaderOptions {
  readonly state: GridState;
  readonly viewport: GridViewport;
  readonly events: GridLoaderEvents;
  /** A page landed (or failed): draw on the next frame. */
  readonly schedule: () => void;
  /** The count of the current query arrived (and onCount was told): reveal, draw. */
  readonly onCountKnown: () => void;
}

export class GridLoader {
  readonly #options: GridLoaderOptions;
  #cache: PageCache<PersonDto>;
  #count: number | null = null;
  #lastRangeFirst = 0;
  #lastScrollAt = 0;
  #ensureTimer: number | undefined;
  #countInFlight = false;
  #countAgain = false;
  #disposed = false;

  constructor(options: GridLoaderOptions) {
    this.#options = options;
    this.#cache = this.#newCache();
  }

  /** The rows of the current query (replaced when the query changes). */
  get cache(): PageCache<PersonDto> {
    return this.#cache;
  }

  /** How many people the current query matches; null while unknown. */
  get count(): number | null {
    return this.#count;
  }

  /** The query changed (already in the state): new rows, count unknown. */
  reset(): void {
    this.#cache.dispose();
    this.#cache = this.#newCache();
    this.#count = null;
  }

  /** Re-reads the count and the rows in view (the workspace changed). */
  refresh(): void {
    this.#cache.invalidate();
    this.loadCount();
    this.ensureNow();
  }

  /** The grid went away: no more fetches, counts or timers. */
  dispose(): void {
    this.#disposed = true;
    this.#cache.dispose();
    if (this.#ensureTimer !== undefined) window.clearTimeout(this.#ensureTimer);
    this.#ensureTimer = undefined;
  }

  /** The grid scrolled: remembered, so a flying scrollbar is told from calm scrolling. */
  noteScroll(): void {
    this.#lastScrollAt = performance.now();
  }

  #newCache(): PageCache<PersonDto> {
    const query = this.#options.state.query;
    return new PageCache<PersonDto>({
      pageSize: PAGE_SIZE,
      maxPages: 40,
      fetch: async (offset, limit) => {
        const result = await settle(roster().people.list(listInput(query, offset, limit)));
        if (!result.ok) throw new Error(result.error.message);
        if (result.data.items.length < limit && this.#count !== null && offset + result.data.items.length < this.#count) {
          // Fewer rows than the count promised: someone deleted people meanwhile.
          this.loadCount();
        }
        return result.data.items;
      },
      onUpdate: () => this.#options.schedule(),
      onError: (error) => this.#options.events.onStatus(error instanceof Error ? error.message : 'Could not load people.'),
    });
  }

  loadCount(): void {
    if (this.#disposed) return;
    if (this.#countInFlight) {
      this.#countAgain = true;
      return;
    }
    this.#countInFlight = true;
    const { state } = this.#options;
    const query = state.query;
    void settle(roster().people.count({ ...(query.search ? { search: query.search } : {}), ...matchingFilter(query) })).then((result) => {
      this.#countInFlight = false;
      if (this.#disposed) return;
      if (query === state.query) {
        if (result.ok) {
          this.#count = result.data;
          this.#refreshAllSelected(query, result.data);
          this.#options.events.onCount(this.#count, query);
          this.#options.onCountKnown();
        } else {
          this.#options.events.onStatus(result.error.message);
        }
      }
      if (this.#countAgain) {
        this.#countAgain = false;
        this.loadCount();
      }
    });
  }

  /** All matching stays exact as people come and go: the count, less those left out who still match (main counts them). */
  #refreshAllSelected(query: PeopleQuery, count: number): void {
    const { state, events } = this.#options;
    const selected = state.selected;
    if (!selected.all) return;
    const except = selected.exceptIds();
    if (except.length === 0) {
      selected.setAllSize(count);
      events.onSelectionChange(selected.size);
      return;
    }
    void settle(roster().people.count({ ...(query.search ? { search: query.search } : {}), ...matchingFilter(query), except })).then(
      (result) => {
        if (result.ok && query === state.query && selected.all) {
          selected.setAllSize(result.data);
          events.onSelectionChange(selected.size);
        }
      },
    );
  }

  /** The rows to have in the cache for the current scroll position. */
  #wanted(): { first: number; last: number } {
    const { viewport } = this.#options;
    const count = this.#count ?? PAGE_SIZE;
    const range = visibleRange({ ...viewport.geometry, count }, viewport.contentOffset(), OVERSCAN);
    return { first: Math.max(0, range.first - PREFETCH), last: Math.min(count - 1, range.last + PREFETCH) };
  }

  ensureNow(): void {
    if (this.#ensureTimer !== undefined) window.clearTimeout(this.#ensureTimer);
    this.#ensureTimer = undefined;
    const { first, last } = this.#wanted();
    this.#cache.ensure(first, Math.max(first, last));
  }

  /** Fetch at once when scrolling calmly; while the scrollbar flies, wait for it to settle. */
  ensureSoon(rangeFirst: number): void {
    const jump = Math.abs(rangeFirst - this.#lastRangeFirst);
    this.#lastRangeFirst = rangeFirst;
    const flying = jump > rowsPerPage(this.#options.viewport.geometry) * 3 && performance.now() - this.#lastScrollAt < 50;
    if (!flying) {
      this.ensureNow();
      return;
    }
    if (this.#ensureTimer !== undefined) window.clearTimeout(this.#ensureTimer);
    if (this.#disposed) return;
    this.#ensureTimer = window.setTimeout(() => {
      this.#ensureTimer = undefined;
      this.ensureNow();
    }, 60);
  }
}
