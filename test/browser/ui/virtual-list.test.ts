// The virtual list's geometry: a million rows must stay reachable, row by row, under
// the browser's height cap.
import { describe, expect, it } from 'vitest';
import {
  contentOffsetAt,
  geometry,
  isScaled,
  offsetToReveal,
  rowTop,
  rowsPerPage,
  scrollTopFor,
  visibleRange,
} from '../../../renderer/src/kernel/virtual-list.js';

describe('virtual list geometry', () => {
  it('maps scroll pixels one to one when the content fits under the cap', () => {
    const g = geometry(1000, 32, 320, 1_000_000);
    expect(isScaled(g)).toBe(false);
    expect(g.scrollHeight).toBe(32_000);
    expect(contentOffsetAt(g, 640)).toBe(640);
    expect(scrollTopFor(g, 640)).toBe(640);
    const range = visibleRange(g, 640, 0);
    expect([range.firstVisible, range.lastVisible]).toEqual([20, 29]);
  });

  it('caps the scroll height for a million rows and still reaches the first and last row', () => {
    const g = geometry(1_000_000, 32, 640, 8_000_000);
    expect(isScaled(g)).toBe(true);
    expect(g.scrollHeight).toBe(8_000_000);
    const top = visibleRange(g, contentOffsetAt(g, 0), 0);
    expect(top.firstVisible).toBe(0);
    const bottom = visibleRange(g, contentOffsetAt(g, g.maxScrollTop), 0);
    expect(bottom.lastVisible).toBe(999_999);
    // The last row is drawn inside the viewport, ending exactly at its bottom edge.
    const offset = contentOffsetAt(g, g.maxScrollTop);
    expect(rowTop(g, 999_999, g.maxScrollTop, offset) + 32).toBeCloseTo(g.maxScrollTop + 640, 6);
  });

  it('round-trips offsets and scroll positions, and clamps out-of-range values', () => {
    const g = geometry(1_000_000, 32, 640, 8_000_000);
    for (const offset of [0, 123_456, 16_000_000, g.maxContentOffset]) {
      expect(contentOffsetAt(g, scrollTopFor(g, offset))).toBeCloseTo(offset, 3);
    }
    expect(contentOffsetAt(g, -50)).toBe(0);
    expect(contentOffsetAt(g, g.maxScrollTop + 1e6)).toBe(g.maxContentOffset);
    expect(scrollTopFor(g, -1)).toBe(0);
  });

  it('adds overscan without leaving the list', () => {
    const g = geometry(50, 32, 320, 1_000_000);
    const range = visibleRange(g, 0, 8);
    expect(range.first).toBe(0);
    expect(range.last).toBe(9 + 8);
    const end = visibleRange(g, g.maxContentOffset, 8);
    expect(end.last).toBe(49);
    expect(end.first).toBe(40 - 8);
  });

  it('renders nothing for an empty list', () => {
    const range = visibleRange(geometry(0, 32, 320), 0, 8);
    expect(range.last).toBeLessThan(range.first);
  });

  it('reveals a row with the least movement', () => {
    const g = geometry(1000, 32, 320, 1_000_000);
    expect(offsetToReveal(g, 5, 0)).toBeNull();
    expect(offsetToReveal(g, 10, 0)).toBe(11 * 32 - 320);
    expect(offsetToReveal(g, 3, 500)).toBe(96);
    expect(offsetToReveal(g, 999, 0)).toBe(g.maxContentOffset);
    expect(rowsPerPage(g)).toBe(10);
  });
});
