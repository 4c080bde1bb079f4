// Column headers sort on click, Enter and Space (aria-sort says how); column widths
// change with the mouse and with the keyboard, and are remembered per workspace by main.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../support/workspace-fixtures.js';
import { createUiFixture, gridNames, type UiFixture } from './ui-fixture.js';

let ui: UiFixture;

beforeAll(async () => {
  ui = await createUiFixture();
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

/** Widths of the header cells and of the first row's cells, in CSS pixels. */
function widths(page: Page): Promise<{ head: number[]; row: number[] }> {
  return page.evaluate(() => {
    const cells = (selector: string) =>
      [...document.querySelectorAll<HTMLElement>(selector)].map((cell) => Math.round(cell.getBoundingClientRect().width));
    return {
      head: cells('.grid-head [role="columnheader"]'),
      row: cells('.grid-body [role="row"]:not([hidden]) [role="gridcell"]').slice(0, 3),
    };
  });
}

describe('column headers', () => {
  it('sort on Enter and Space as well as on click, with aria-sort', async () => {
    const path = await ui.createWorkspace('sorting.roster', ['Charlie', 'Alice', 'Bob']);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toEqual(['Alice', 'Bob', 'Charlie']);
    const nameHeader = page.getByRole('columnheader', { name: /Name/ });
    const addedHeader = page.getByRole('columnheader', { name: /Added/ });
    await nameHeader.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => nameHeader.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => gridNames(page)).toEqual(['Charlie', 'Bob', 'Alice']);
    await page.keyboard.press('Space');
    await expect.poll(() => nameHeader.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => gridNames(page)).toEqual(['Alice', 'Bob', 'Charlie']);
    await addedHeader.getByRole('button').click();
    await expect.poll(() => addedHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await nameHeader.getAttribute('aria-sort')).toBe('none');
    expect(await page.getByRole('combobox', { name: 'Sort people' }).inputValue()).toBe('created-desc');
    await close();
  });
});

describe('column widths', () => {
  it('resize with the keyboard and the mouse, every row follows, and the widths come back for this workspace only', async () => {
    const path = await ui.createWorkspace('widths.roster', ['Ada Lovelace', 'Grace Hopper']);
    const other = await ui.createWorkspace('widths-other.roster', ['Alan Turing']);
    const first = await ui.openWorkspacePage(path);
    const page = first.page;
    await expect.poll(() => gridNames(page)).toHaveLength(2);
    const initial = await widths(page);

    // Keyboard: the separator is a focusable slider-like control.
    const nameResizer = page.getByRole('separator', { name: 'Resize the Name column' });
    await nameResizer.focus();
    expect(await nameResizer.getAttribute('aria-valuenow')).toBe(String(initial.head[0]));
    await page.keyboard.press('Home');
    await expect.poll(async () => (await widths(page)).head[0]).toBe(64);
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await widths(page)).head[0]).toBe(64 + 160);
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(async () => (await widths(page)).head[0]).toBe(288);
    expect(await nameResizer.getAttribute('aria-valuenow')).toBe('288');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await widths(page)).head[0]).toBe(272);
    expect((await widths(page)).row[0]).toBe(272);

    // Mouse: drag the Added column's edge 60 px to the right.
    const addedResizer = page.getByRole('separator', { name: 'Resize the Added column' });
    const box = await addedResizer.boundingBox();
    if (!box) throw new Error('no resizer');
    const before = (await widths(page)).head[1] ?? 0;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2, { steps: 3 });
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 3 });
    await page.mouse.up();
    await expect.poll(async () => (await widths(page)).head[1]).toBe(before + 60);
    expect((await widths(page)).row[1]).toBe(before + 60);
    // No row was selected by the drag.
    expect(await page.locator('[role="row"][aria-selected="true"]').count()).toBe(0);
    const resized = await widths(page);
    await first.close();

    // Reopened: the same widths. Another workspace: the defaults.
    const again = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(again.page)).toHaveLength(2);
    await expect.poll(() => widths(again.page)).toEqual(resized);
    const second = await ui.openWorkspacePage(other);
    await expect.poll(() => gridNames(second.page)).toHaveLength(1);
    expect(await widths(second.page)).toEqual(initial);

    // Enter on a separator (or a double click) puts that column back to its default.
    await again.page.getByRole('separator', { name: 'Resize the Added column' }).dblclick();
    await expect.poll(async () => (await widths(again.page)).head[1]).toBe(initial.head[1]);
    await again.close();
    await second.close();
  });
});
