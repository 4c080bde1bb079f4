// Where the people grid is scrolled to: its geometry (virtual-list.ts) as laid out
// now, and the content offset the scroll position shows. The grid element is the
// scroller; its sticky header takes the top of the viewport.

import type { GridHeader } from './grid-header.js';
import { contentOffsetAt, geometry, offsetToReveal, scrollTopFor, type Geometry } from '../../kernel/virtual-list.js';

/** Rows drawn beyond the view either side. */
export const OVERSCAN = 8;
/** Chromium's layout limit is near 16.7M device pixels; zooming in multiplies heights. */
const LAYOUT_LIMIT = 15_000_000;

export class GridViewport {
  readonly #element: HTMLElement;
  readonly #head: GridHeader;
  #rowHeight = 32;
  #headHeight = 32;
  #geometry: Geometry = geometry(0, 32, 0);
  /** A content offset we set ourselves, kept exact while scrollTop is still where we put it. */
  #pinned: { scrollTop: number; offset: number } | null = null;

  constructor(element: HTMLElement, head: GridHeader) {
    this.#element = element;
    this.#head = head;
  }

  /** The geometry as last updated. */
  get geometry(): Geometry {
    return this.#geometry;
  }

  get headHeight(): number {
    return this.#headHeight;
  }

  /** Row and header heights as laid out now (they follow zoom and font size). */
  #measure(): void {
    const rowHeight = this.#head.row.getBoundingClientRect().height;
    if (rowHeight > 0) this.#rowHeight = rowHeight;
    const headHeight = this.#head.element.getBoundingClientRect().height;
    if (headHeight > 0) this.#headHeight = headHeight;
  }

  /** Measures again and recomputes the geometry for `count` rows. */
  update(count: number): Geometry {
    this.#measure();
    const viewport = Math.max(0, this.#element.clientHeight - this.#headHeight);
    const cap = Math.floor(LAYOUT_LIMIT / Math.max(1, window.devicePixelRatio));
    this.#geometry = geometry(count, this.#rowHeight, viewport, cap);
    return this.#geometry;
  }

  contentOffset(): number {
    const top = this.#element.scrollTop;
    if (this.#pinned && Math.abs(this.#pinned.scrollTop - top) < 1) return this.#pinned.offset;
    this.#pinned = null;
    return contentOffsetAt(this.#geometry, top);
  }

  #scrollToOffset(offset: number): void {
    const target = scrollTopFor(this.#geometry, offset);
    this.#element.scrollTop = target;
    // scrollTop rounds; remember the exact offset we meant for the position it took.
    this.#pinned = { scrollTop: this.#element.scrollTop, offset: Math.min(Math.max(0, offset), this.#geometry.maxContentOffset) };
  }

  /** Scrolls as little as needed to show row `index` of `count` whole. */
  reveal(index: number, count: number): void {
    this.update(count);
    const offset = offsetToReveal(this.#geometry, index, this.contentOffset());
    if (offset !== null) this.#scrollToOffset(offset);
  }

  /** Back to the top (a new query). */
  scrollToTop(): void {
    this.#pinned = null;
    this.#element.scrollTop = 0;
  }
}
