// The geometry of a virtual list of fixed-height rows, as pure functions.
//
// Browsers cap an element's height (Chromium near 16.7 million CSS pixels once zoom is
// counted, Firefox lower), and a million rows of 32 px is 32 million. So the scrollable
// height is capped at `maxScrollHeight`, and scroll positions are mapped linearly onto
// the real content: when the content fits, the mapping is the identity; when it does
// not, one pixel of scrollbar moves `ratio` pixels of content. Rows are then placed
// relative to the scroll position, so they always land where the viewport is.

export interface Geometry {
  readonly count: number;
  readonly rowHeight: number;
  readonly viewportHeight: number;
  /** Height of the scrollable spacer, never above the cap. */
  readonly scrollHeight: number;
  /** Largest content offset: how far the real content can scroll. */
  readonly maxContentOffset: number;
  /** Largest scrollTop the spacer allows. */
  readonly maxScrollTop: number;
}

/** Stays inside every engine's limit at ordinary zoom; the table lowers it when zoomed in. */
const DEFAULT_MAX_SCROLL_HEIGHT = 8_000_000;

export function geometry(count: number, rowHeight: number, viewportHeight: number, maxScrollHeight = DEFAULT_MAX_SCROLL_HEIGHT): Geometry {
  const contentHeight = Math.max(0, count) * rowHeight;
  const scrollHeight = Math.min(contentHeight, Math.max(maxScrollHeight, viewportHeight));
  return {
    count: Math.max(0, count),
    rowHeight,
    viewportHeight,
    scrollHeight,
    maxContentOffset: Math.max(0, contentHeight - viewportHeight),
    maxScrollTop: Math.max(0, scrollHeight - viewportHeight),
  };
}

/** True when scroll pixels and content pixels differ (the list is taller than the cap). */
export function isScaled(g: Geometry): boolean {
  return g.maxContentOffset !== g.maxScrollTop;
}

/** The content offset shown at a scroll position. */
export function contentOffsetAt(g: Geometry, scrollTop: number): number {
  if (g.maxScrollTop <= 0) return 0;
  const top = Math.min(Math.max(0, scrollTop), g.maxScrollTop);
  if (!isScaled(g)) return top;
  return (top / g.maxScrollTop) * g.maxContentOffset;
}

/** The scroll position that shows a content offset. */
export function scrollTopFor(g: Geometry, contentOffset: number): number {
  const offset = Math.min(Math.max(0, contentOffset), g.maxContentOffset);
  if (g.maxContentOffset <= 0) return 0;
  if (!isScaled(g)) return offset;
  return (offset / g.maxContentOffset) * g.maxScrollTop;
}

export interface VisibleRange {
  /** First and last row index to render, overscan included; last < first when empty. */
  readonly first: number;
  readonly last: number;
  /** First and last row index actually inside the viewport. */
  readonly firstVisible: number;
  readonly lastVisible: number;
}

export function visibleRange(g: Geometry, contentOffset: number, overscan: number): VisibleRange {
  if (g.count === 0 || g.rowHeight <= 0) return { first: 0, last: -1, firstVisible: 0, lastVisible: -1 };
  const firstVisible = Math.min(g.count - 1, Math.floor(contentOffset / g.rowHeight));
  const lastVisible = Math.min(g.count - 1, Math.max(firstVisible, Math.ceil((contentOffset + g.viewportHeight) / g.rowHeight) - 1));
  return {
    first: Math.max(0, firstVisible - overscan),
    last: Math.min(g.count - 1, lastVisible + overscan),
    firstVisible,
    lastVisible,
  };
}

/**
 * Where to draw row `index` inside the scroll content (the spacer), given the current
 * scroll position and the content offset it shows.
 */
export function rowTop(g: Geometry, index: number, scrollTop: number, contentOffset: number): number {
  return scrollTop + index * g.rowHeight - contentOffset;
}

/** Rows whose whole height fits in the viewport: the step of PageUp/PageDown. */
export function rowsPerPage(g: Geometry): number {
  return Math.max(1, Math.floor(g.viewportHeight / g.rowHeight));
}

/**
 * The content offset after bringing row `index` fully into view with the least
 * movement, or null if it is already fully visible.
 */
export function offsetToReveal(g: Geometry, index: number, contentOffset: number): number | null {
  const top = index * g.rowHeight;
  const bottom = top + g.rowHeight;
  if (top < contentOffset) return top;
  if (bottom > contentOffset + g.viewportHeight) return Math.min(g.maxContentOffset, bottom - g.viewportHeight);
  return null;
}
