// The people table as a spreadsheet user reads it: dates never cut off at 480 px or at
// 200% zoom (a shorter form when the column is narrow), every column header reachable,
// a cut-off name whole on hover (title) and on keyboard focus (a tooltip under the active
// row), dates to the second in their title, a search's matches marked in the names
// (accents ignored), and toasts that never cover a progress panel.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../support/workspace-fixtures.js';
import { expectNoSeriousViolations } from './axe-check.js';
import { countText, createUiFixture, numberedNames, type UiFixture } from './ui-fixture.js';

let ui: UiFixture;

beforeAll(async () => {
  ui = await createUiFixture();
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

/** Each drawn date cell: whether its text is cut off, and its title. */
function dateCells(page: Page): Promise<{ clipped: boolean; title: string }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.grid-body [role="row"]:not([hidden]):not([aria-busy="true"]) .cell-date')].map((cell) => ({
      clipped: cell.scrollWidth > cell.clientWidth,
      title: cell.title,
    })),
  );
}

const SIZES = [
  { label: '200% zoom', viewport: { width: 550, height: 380 }, zoom: 2 },
  { label: '480 × 360', viewport: { width: 480, height: 360 }, zoom: 1 },
  { label: '100%', viewport: { width: 1100, height: 760 }, zoom: 1 },
];

describe('dates and columns in small windows and at 200% zoom', () => {
  it.each(SIZES)(
    '$label: no date is cut off, each has its seconds in a title, every header is reachable',
    async ({ viewport, zoom, label }) => {
      const path = await ui.createWorkspace(`dates-${viewport.width}-${zoom}.roster`, numberedNames(30));
      const { page, close, problems } = await ui.openWorkspacePage(path, { viewport, zoom });
      await expect.poll(() => countText(page)).toBe('30 people');
      await expect.poll(() => dateCells(page).then((cells) => cells.length)).toBeGreaterThan(0);
      const cells = await dateCells(page);
      expect(
        cells.filter((cell) => cell.clipped),
        label,
      ).toEqual([]);
      for (const cell of cells) expect(cell.title, label).toMatch(/\d{1,2}[:.]\d{2}[:.]\d{2}/);

      const grid = page.getByRole('grid', { name: 'People' });
      const gridBox = await grid.boundingBox();
      for (const name of ['Name', 'Added', 'Last changed']) {
        const header = page.getByRole('columnheader', { name: new RegExp(name) });
        await header.scrollIntoViewIfNeeded();
        const box = await header.boundingBox();
        expect(box, `${label}: ${name}`).not.toBeNull();
        if (!box || !gridBox) continue;
        expect(box.x, `${label}: ${name}`).toBeGreaterThanOrEqual(gridBox.x - 0.5);
        expect(box.x + box.width, `${label}: ${name}`).toBeLessThanOrEqual(gridBox.x + gridBox.width + 0.5);
      }
      expect(problems).toEqual([]);
      await close();
    },
  );
});

describe('names', () => {
  const LONG = 'Maria Antonia Josepha Johanna von Habsburg-Lothringen, Archduchess of Austria and Queen of France';

  it('a cut-off name shows whole in its title, and under the active row while the grid has focus', async () => {
    const path = await ui.createWorkspace('long-names.roster', [LONG, 'Ada Lovelace']);
    const { page, close, problems } = await ui.openWorkspacePage(path, { viewport: { width: 700, height: 500 } });
    await expect.poll(() => countText(page)).toBe('2 people');
    const cell = page.locator('.grid-body .cell-name', { hasText: LONG });
    expect(await cell.getAttribute('title')).toBe(LONG);
    expect(await cell.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);

    await page.getByRole('grid', { name: 'People' }).focus();
    await page.keyboard.press('Home');
    const tooltip = (): Promise<string> =>
      page.evaluate(() => {
        const row = document.querySelector('.grid-body .row.active');
        return row ? getComputedStyle(row, '::after').content : 'none';
      });
    // The first row by name is Ada Lovelace (fits: no tooltip); the long one is next.
    await expect.poll(tooltip).toBe('none');
    await page.keyboard.press('ArrowDown');
    await expect.poll(tooltip).toBe(JSON.stringify(LONG));
    await expectNoSeriousViolations(page, 'a long name whole under the active row');
    // Away from the grid, the tooltip goes.
    await page.getByRole('searchbox', { name: 'Search people' }).focus();
    await expect.poll(tooltip).toBe('none');
    expect(problems).toEqual([]);
    await close();
  });

  it('on the last row in view, the tooltip opens above the row, inside the grid', async () => {
    const path = await ui.createWorkspace('long-last.roster', [...numberedNames(40), `Zz ${LONG}`]);
    const { page, close, problems } = await ui.openWorkspacePage(path, { viewport: { width: 700, height: 500 } });
    await expect.poll(() => countText(page)).toBe('41 people');
    await page.getByRole('grid', { name: 'People' }).focus();
    await page.keyboard.press('End');
    const placed = (): Promise<{ content: string; inside: boolean }> =>
      page.evaluate(() => {
        const row = document.querySelector('.grid-body .row.active');
        const grid = document.querySelector('[role="grid"]');
        if (!row || !grid) return { content: 'none', inside: false };
        const style = getComputedStyle(row, '::after');
        // A positioned box's top resolves to pixels from the row's top.
        const tipBottom = row.getBoundingClientRect().top + Number.parseFloat(style.top) + Number.parseFloat(style.height);
        return { content: style.content, inside: tipBottom <= grid.getBoundingClientRect().bottom + 0.5 };
      });
    await expect.poll(placed).toEqual({ content: JSON.stringify(`Zz ${LONG}`), inside: true });
    expect(problems).toEqual([]);
    await close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`${colorScheme}: a search marks what it matched in each name, accents and case ignored`, async () => {
      const path = await ui.createWorkspace(`marks-${colorScheme}.roster`, ['Émilie du Châtelet', 'Emil Post', 'Alan Turing']);
      const { page, close, problems } = await ui.openWorkspacePage(path, { colorScheme });
      await expect.poll(() => countText(page)).toBe('3 people');
      expect(await page.locator('.grid-body mark').count()).toBe(0);
      await page.getByRole('searchbox', { name: 'Search people' }).fill('EMI');
      await expect.poll(() => countText(page)).toBe('2 of 3 people match');
      await expect.poll(() => page.locator('.grid-body [role="row"]:not([hidden]) mark').allInnerTexts()).toEqual(['Emi', 'Émi']);
      // The cell still reads as the whole name.
      expect(await page.locator('.grid-body .cell-name', { has: page.locator('mark') }).allInnerTexts()).toEqual([
        'Emil Post',
        'Émilie du Châtelet',
      ]);
      await expectNoSeriousViolations(page, `marked search matches, ${colorScheme}`);
      // On a selected, active row too.
      await page.getByRole('grid', { name: 'People' }).focus();
      await page.keyboard.press('Home');
      await expect.poll(() => page.locator('.grid-body [role="row"][aria-selected="true"] mark').count()).toBe(1);
      await expectNoSeriousViolations(page, `marked match on a selected row, ${colorScheme}`);
      await page.getByRole('searchbox', { name: 'Search people' }).fill('');
      await expect.poll(() => countText(page)).toBe('3 people');
      await expect.poll(() => page.locator('.grid-body mark').count()).toBe(0);
      expect(problems).toEqual([]);
      await close();
    });
  }
});

describe('toasts and progress panels', () => {
  it.each([
    { width: 1100, height: 760 },
    { width: 480, height: 360 },
  ])('$width × $height: a toast shown while a progress panel is up sits above it, never over it', async (viewport) => {
    const path = await ui.createWorkspace(`toast-progress-${viewport.width}.roster`, numberedNames(40));
    const { page, close, problems } = await ui.openWorkspacePage(path, { viewport });
    await expect.poll(() => countText(page)).toBe('40 people');
    // A long import or export: its panel is up (shown here as it would be mid-run).
    await page.evaluate(() => {
      const panel = document.querySelector<HTMLElement>('.import-progress:not(.bulk-progress)');
      if (panel) panel.hidden = false;
    });
    await page.getByRole('grid', { name: 'People' }).focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.toast').isVisible()).toBe(true);
    const boxes = await page.evaluate(() => {
      const rect = (element: Element) => {
        const { top, bottom, left, right } = element.getBoundingClientRect();
        return { top, bottom, left, right };
      };
      const toast = document.querySelector('.toast');
      return {
        toast: toast ? rect(toast) : null,
        panels: [...document.querySelectorAll<HTMLElement>('.import-progress')].filter((panel) => !panel.hidden).map(rect),
        grid: rect(document.querySelector('[role="grid"]') as Element),
      };
    });
    const toast = boxes.toast;
    expect(toast).not.toBeNull();
    expect(boxes.panels).toHaveLength(1);
    if (!toast) return;
    for (const panel of boxes.panels) {
      const overlap = toast.top < panel.bottom && panel.top < toast.bottom && toast.left < panel.right && panel.left < toast.right;
      expect(overlap, JSON.stringify({ toast, panel })).toBe(false);
      expect(toast.bottom).toBeLessThanOrEqual(panel.top + 0.5);
    }
    // Over the table's lower rows instead, inside it.
    expect(toast.top).toBeGreaterThanOrEqual(boxes.grid.top - 0.5);
    expect(problems).toEqual([]);
    await close();
  });
});
