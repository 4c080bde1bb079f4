// Deleting many people asks first: Ctrl+A then Delete (or the toolbar's button, or the
// rows' context menu) on 1,000 people or more, or on everyone a search matches, opens a
// confirmation that names the count; Escape cancels, Enter confirms. Fewer than 1,000
// picked by hand stay one keystroke with Undo. Undo puts focus back on the grid, on the
// first row that came back. Light and dark, checked with axe.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';
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

function peopleInFile(path: string): number {
  return queryFile<{ n: number }>(path, 'SELECT count(*) AS n FROM "Person"')[0]?.n ?? -1;
}

/** What has focus, and the name on the grid's active row when it is the grid. */
function focusState(page: Page): Promise<{ focused: string; active: string | null; activeSelected: boolean; activeInView: boolean }> {
  return page.evaluate(() => {
    const focused = document.activeElement;
    const grid = document.querySelector<HTMLElement>('[role="grid"]');
    const id = grid?.getAttribute('aria-activedescendant');
    const cell = id ? document.getElementById(id) : null;
    const row = cell?.closest('[role="row"]');
    const gridBox = grid?.getBoundingClientRect();
    const rowBox = row?.getBoundingClientRect();
    return {
      focused: focused === grid ? 'grid' : (focused?.tagName ?? 'none'),
      active: cell?.textContent ?? null,
      activeSelected: row?.getAttribute('aria-selected') === 'true',
      activeInView: !!gridBox && !!rowBox && rowBox.top >= gridBox.top && rowBox.bottom <= gridBox.bottom + 0.5,
    };
  });
}

describe('deleting many people asks first', () => {
  it('Ctrl+A, Delete on 1,000 people: the dialog names the count; Escape cancels, Enter deletes; Undo focuses the first row', async () => {
    const path = await ui.createWorkspace('thousand.roster', numberedNames(1000));
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('1,000 people');
    const grid = page.getByRole('grid', { name: 'People' });
    await grid.focus();
    await page.keyboard.press('Control+a');
    await expect.poll(() => page.getByTestId('selection').innerText()).toBe('All 1,000 selected');

    await page.keyboard.press('Delete');
    const dialog = page.getByRole('dialog', { name: 'Delete 1,000 people?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Delete 1,000');
    await expectNoSeriousViolations(page, 'delete confirmation, light', '.confirm-dialog');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => focusState(page).then((state) => state.focused)).toBe('grid');
    expect(peopleInFile(path)).toBe(1000);
    expect(await countText(page)).toBe('1,000 people');

    // The selection is still everyone: Delete again, Enter confirms.
    await page.keyboard.press('Delete');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => countText(page)).toBe('0 people');
    expect(peopleInFile(path)).toBe(0);
    await expect.poll(() => page.locator('.toast-text').textContent()).toBe('Deleted 1,000 people.');

    // Undo from the toast: everyone is back, and focus is on the grid, on the first row, selected and in view.
    await page.locator('.toast-action').click();
    await expect.poll(() => countText(page)).toBe('1,000 people');
    await expect
      .poll(() => focusState(page))
      .toEqual({ focused: 'grid', active: 'Person 000001', activeSelected: true, activeInView: true });
    expect(problems).toEqual([]);
    await close();
  });
});

describe('every way to delete asks the same', () => {
  it('the toolbar button and the context menu ask too; Cancel and the Delete button answer by click', async () => {
    const path = await ui.createWorkspace('thousand-menu.roster', numberedNames(1200));
    const { page, close, problems } = await ui.openWorkspacePage(path, { colorScheme: 'dark' });
    await expect.poll(() => countText(page)).toBe('1,200 people');
    await page.getByRole('grid', { name: 'People' }).focus();
    await page.keyboard.press('Control+a');
    await expect.poll(() => page.getByTestId('selection').innerText()).toBe('All 1,200 selected');

    await page.getByRole('button', { name: 'Delete 1,200' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete 1,200 people?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expectNoSeriousViolations(page, 'delete confirmation, dark', '.confirm-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(peopleInFile(path)).toBe(1200);

    // Enter on the toolbar's button, held: its repeats land on the dialog's focused
    // Delete button and must not answer for the person.
    await page.getByRole('button', { name: 'Delete 1,200' }).focus();
    await page.keyboard.down('Enter');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Delete 1,200');
    await page.keyboard.down('Enter');
    await page.keyboard.down('Enter');
    await page.keyboard.up('Enter');
    expect(await dialog.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(peopleInFile(path)).toBe(1200);

    await page.getByRole('grid', { name: 'People' }).focus();
    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu', { name: 'Actions for the selected people' });
    await menu.getByRole('menuitem', { name: /^Delete/ }).click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Delete 1,200' }).click();
    await expect.poll(() => countText(page)).toBe('0 people');
    expect(peopleInFile(path)).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('what asks and what does not', () => {
  it('everyone a search matches asks, even when they are few', async () => {
    const path = await ui.createWorkspace('matching.roster', ['Ada Lovelace', 'Ada Byron', 'Alan Turing']);
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('3 people');
    await page.getByRole('searchbox', { name: 'Search people' }).fill('ada');
    await expect.poll(() => countText(page)).toBe('2 of 3 people match');
    await page.getByRole('grid', { name: 'People' }).focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    const dialog = page.getByRole('dialog', { name: 'Delete 2 people?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.innerText()).toContain('Everyone matching “ada” is deleted');
    await page.keyboard.press('Enter');
    await expect.poll(() => peopleInFile(path)).toBe(1);
    expect(problems).toEqual([]);
    await close();
  });

  it('999 people picked by hand: Delete is one keystroke with Undo, and Undo focuses the first row back', async () => {
    const path = await ui.createWorkspace('just-under.roster', numberedNames(999));
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('999 people');
    await page.getByRole('grid', { name: 'People' }).focus();
    await page.keyboard.press('End');
    // The last row is loaded and selected before the range starts from it.
    await expect.poll(() => page.getByTestId('selection').innerText()).toBe('1 selected');
    await page.keyboard.press('Shift+Home');
    await expect.poll(() => page.getByTestId('selection').innerText()).toBe('999 selected');
    await page.keyboard.press('Delete');
    await expect.poll(() => countText(page)).toBe('0 people');
    expect(await page.locator('dialog').count()).toBe(0);
    expect(peopleInFile(path)).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => countText(page)).toBe('999 people');
    await expect
      .poll(() => focusState(page))
      .toEqual({ focused: 'grid', active: 'Person 000001', activeSelected: true, activeInView: true });
    expect(problems).toEqual([]);
    await close();
  });
});
