// Rows of one query (sort, direction, search), fetched by page and kept in a small LRU.
//
// Pages are fetched by offset, so any part of a million rows can be read directly (a
// scrollbar dragged to the middle). After a change to the workspace the cache is
// *invalidated*, not emptied: rows already on screen stay until their fresh page
// arrives, so the table never flashes empty. A reply that was asked before the latest
// invalidation is kept only as stale data and is asked for again.

export type PageFetcher<Row> = (offset: number, limit: number) => Promise<readonly Row[]>;

interface Entry<Row> {
  readonly rows: readonly Row[];
  readonly generation: number;
}

export interface PageCacheOptions<Row> {
  readonly fetch: PageFetcher<Row>;
  /** Called after any page lands (or fails), so the view can draw. */
  readonly onUpdate: () => void;
  /** Called when a fetch fails; the page will be asked for again on the next `ensure`. */
  readonly onError?: (error: unknown) => void;
  readonly pageSize?: number;
  readonly maxPages?: number;
}

export class PageCache<Row> {
  readonly pageSize: number;
  readonly #maxPages: number;
  readonly #fetch: PageFetcher<Row>;
  readonly #onUpdate: () => void;
  readonly #onError: (error: unknown) => void;
  readonly #pages = new Map<number, Entry<Row>>();
  /** Page number → generation of the request in flight. */
  readonly #inFlight = new Map<number, number>();
  #generation = 0;
  #disposed = false;
  /** Pages the last `ensure` asked for: never evicted below this many. */
  #span = 0;

  constructor(options: PageCacheOptions<Row>) {
    this.pageSize = options.pageSize ?? 100;
    this.#maxPages = Math.max(4, options.maxPages ?? 60);
    this.#fetch = options.fetch;
    this.#onUpdate = options.onUpdate;
    this.#onError = options.onError ?? (() => undefined);
  }

  /** The row at `index` if its page is here (fresh or stale). */
  get(index: number): Row | undefined {
    return this.#pages.get(Math.floor(index / this.pageSize))?.rows[index % this.pageSize];
  }

  /** True when row `index` is here and no newer data is expected. */
  isFresh(index: number): boolean {
    const entry = this.#pages.get(Math.floor(index / this.pageSize));
    return entry !== undefined && entry.generation === this.#generation;
  }

  get pagesHeld(): number {
    return this.#pages.size;
  }

  get requestsInFlight(): number {
    return this.#inFlight.size;
  }

  /**
   * Makes sure rows first..last are here or on their way, and marks their pages as
   * recently used so they are the last to be evicted.
   */
  ensure(first: number, last: number): void {
    if (this.#disposed || last < first) return;
    const firstPage = Math.floor(Math.max(0, first) / this.pageSize);
    const lastPage = Math.floor(last / this.pageSize);
    for (let page = firstPage; page <= lastPage; page++) {
      const entry = this.#pages.get(page);
      if (entry) {
        this.#pages.delete(page);
        this.#pages.set(page, entry);
      }
      const fresh = entry?.generation === this.#generation;
      if (!fresh && this.#inFlight.get(page) !== this.#generation) void this.#load(page);
    }
    this.#span = lastPage - firstPage + 1;
    this.#evict();
  }

  /** The workspace changed: everything held is now stale but still shown. */
  invalidate(): void {
    this.#generation += 1;
  }

  /** Stops all delivery; replies still in flight are dropped. */
  dispose(): void {
    this.#disposed = true;
    this.#pages.clear();
    this.#inFlight.clear();
  }

  async #load(page: number): Promise<void> {
    const generation = this.#generation;
    this.#inFlight.set(page, generation);
    try {
      const rows = await this.#fetch(page * this.pageSize, this.pageSize);
      if (this.#disposed) return;
      const held = this.#pages.get(page);
      if (!held || held.generation <= generation) {
        this.#pages.delete(page);
        this.#pages.set(page, { rows, generation });
        this.#evict();
      }
    } catch (error) {
      if (this.#disposed) return;
      this.#onError(error);
    } finally {
      if (this.#inFlight.get(page) === generation) this.#inFlight.delete(page);
    }
    if (!this.#disposed) this.#onUpdate();
  }

  #evict(): void {
    const limit = Math.max(this.#maxPages, this.#span);
    for (const page of this.#pages.keys()) {
      if (this.#pages.size <= limit) break;
      this.#pages.delete(page);
    }
  }
}
