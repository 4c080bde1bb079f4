// Issue 12, defect 5: at 200% zoom and in a 480 × 360 window the table never draws
// over the shortcut bar, the page is never taller than the window, and a toast never
// covers the shortcut bar. Measured with bounding boxes in real Chromium; zoom is
// emulated as Chromium zooms (CSS viewport = window / zoom, devicePixelRatio = zoom).

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../support/workspace-fixtures.js';
import { countText, createUiFixture, numberedNames, type UiFixture } from './ui-fixture.js';

let ui: UiFixture;
let path: string;

beforeAll(async () => {
  ui = await createUiFixture();
  path = await ui.createWorkspace('layout.roster', numberedNames(80));
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

async function measure(page: Page): Promise<{ window: { width: number; height: number }; page: { width: number; height: number }; grid: Box; content: Box; hints: Box; toast: Box | null; windowScrolls: boolean }> {
  return page.evaluate(() => {
    const box = (selector: string): Box | null => {
      const element = document.querySelector<HTMLElement>(selector);
      if (!element || element.offsetParent === null) return null;
      const { top, bottom, left, right } = element.getBoundingClientRect();
      return { top, bottom, left, right };
    };
    const frame = document.querySelector<HTMLElement>('.window');
    return {
      window: { width: window.innerWidth, height: window.innerHeight },
      page: { width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight },
      grid: box('[role="grid"]') as Box,
      content: box('main') as Box,
      hints: box('footer[aria-label="Keyboard shortcuts"]') as Box,
      toast: box('.toast'),
      windowScrolls: frame ? frame.scrollHeight > frame.clientHeight + 0.5 : true,
    };
  });
}

const SIZES = [
  // A default-size window (1100 × 760) at 200% zoom.
  { label: '200% zoom', viewport: { width: 550, height: 380 }, zoom: 2 },
  { label: '480 × 360', viewport: { width: 480, height: 360 }, zoom: 1 },
  // Smaller than any window Roster opens: the window scrolls rather than overlap.
  { label: '480 × 360 at 125% zoom', viewport: { width: 384, height: 288 }, zoom: 1.25 },
  { label: '100%', viewport: { width: 1100, height: 760 }, zoom: 1 },
];

describe('layout in small windows and at 200% zoom', () => {
  it.each(SIZES)('$label: the table stays above the shortcut bar, the page fits the window, toasts stay off the bar', async ({ viewport, zoom, label }) => {
    const { page, close, problems } = await ui.openWorkspacePage(path, { viewport, zoom });
    await expect.poll(() => countText(page)).toBe('80 people');
    expect(await page.evaluate(() => window.devicePixelRatio)).toBe(zoom);
    const before = await measure(page);
    // The table ends where the shortcut bar begins (sub-pixel rounding allowed), inside its area.
    expect(before.grid.bottom, label).toBeLessThanOrEqual(before.hints.top + 0.5);
    expect(before.grid.bottom, label).toBeLessThanOrEqual(before.content.bottom + 0.5);
    expect(before.grid.bottom - before.grid.top, label).toBeGreaterThanOrEqual(64);
    // The page is exactly the window: no 1 px overflow, no scrollbar.
    expect(before.page.height, label).toBeLessThanOrEqual(before.window.height);
    expect(before.page.width, label).toBeLessThanOrEqual(before.window.width);
    if (viewport.height >= 360) {
      // At the smallest window Roster allows, at any zoom up to 200%, everything fits
      // without the window's content scrolling either, shortcut bar included.
      expect(before.windowScrolls, label).toBe(false);
      expect(before.hints.bottom, label).toBeLessThanOrEqual(before.window.height + 0.5);
    } else {
      // Smaller still: the window's content scrolls (the page does not), and nothing overlaps.
      expect(before.windowScrolls, label).toBe(true);
    }

    // Delete the first row: its toast appears above the shortcut bar, inside the table's area.
    await page.getByRole('grid', { name: 'People' }).focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await measure(page)).toast).not.toBeNull();
    const after = await measure(page);
    const toast = after.toast as Box;
    expect(toast.bottom, label).toBeLessThanOrEqual(after.hints.top + 0.5);
    expect(toast.top, label).toBeGreaterThanOrEqual(after.content.top - 0.5);
    expect(toast.left, label).toBeGreaterThanOrEqual(-0.5);
    expect(toast.right, label).toBeLessThanOrEqual(after.window.width + 0.5);
    expect(after.page.height, label).toBeLessThanOrEqual(after.window.height);
    // Put the person back for the next size.
    await page.keyboard.press('Control+z');
    await expect.poll(() => countText(page)).toBe('80 people');
    expect(problems).toEqual([]);
    await close();
  });
});
