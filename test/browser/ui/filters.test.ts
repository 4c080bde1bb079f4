// Date filters in the workspace window, by keyboard: the Filter dialog adds "Added:
// today", a chip shows it (a button named "Remove filter Added: today"), the count and
// rows follow and combine with search; Ctrl+A then Export writes exactly the people
// shown, Ctrl+A then Delete deletes exactly them (Ctrl+Z brings them back), and Delete
// on the focused chip removes the filter. Axe checks the dialog and the chip, light and dark.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';
import { expectNoSeriousViolations } from './axe-check.js';
import { countText, createUiFixture, gridNames, type UiFixture } from './ui-fixture.js';

let ui: UiFixture;

beforeAll(async () => {
  ui = await createUiFixture();
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

function selectionText(page: Page): Promise<string> {
  return page.getByTestId('selection').innerText();
}

function names(path: string): string[] {
  return queryFile<{ name: string }>(path, 'SELECT name FROM "Person" ORDER BY id').map((row) => row.name);
}

/** Four people added now, three added (and last changed) in 2020, as another tool might have written them. */
async function workspaceWithOldPeople(fileName: string): Promise<string> {
  const path = await ui.createWorkspace(fileName, ['Old Ada', 'New Ana', 'Old Bo', 'New Ben', 'Old Cy', 'New Cid', 'New Dee']);
  const db = new Database(path, { timeout: 5000 });
  try {
    db.prepare(`UPDATE "Person" SET "createdAt" = ?, "updatedAt" = ? WHERE "name" LIKE 'Old %'`).run(
      '2020-01-02T10:00:00.000+00:00',
      '2020-01-03T10:00:00.000+00:00',
    );
  } finally {
    db.close();
  }
  return path;
}

/** Opens the Filter dialog from the keyboard and applies "`column`, `when`". */
async function addFilterByKeyboard(page: Page, column: string, when: string): Promise<void> {
  await page.getByRole('button', { name: 'Filter…' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Filter people' });
  await expect.poll(() => dialog.isVisible()).toBe(true);
  await dialog.getByLabel('Column').selectOption({ label: column });
  await dialog.getByLabel('When').selectOption({ label: when });
  await dialog.getByRole('button', { name: 'Apply filter' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => dialog.count()).toBe(0);
}

/** Ctrl+A then Export writes exactly the four shown; Ctrl+A then Delete deletes exactly them; Ctrl+Z brings them back. */
async function exportThenDeleteAllMatching(page: Page, path: string): Promise<void> {
  // Ctrl+A, then Export: exactly the four.
  const grid = page.getByRole('grid', { name: 'People' });
  await grid.focus();
  await page.keyboard.press('Control+a');
  await expect.poll(() => selectionText(page)).toBe('All 4 selected');
  const out = join(ui.files, 'today.csv');
  ui.dialogs.exportFile.push(out);
  await page.keyboard.press('Shift+F10');
  await page.getByRole('menuitem', { name: 'Export all 4 people as CSV…' }).click();
  await expect.poll(() => page.locator('.toast-text').textContent()).toBe('Exported 4 people to today.csv.');
  const lines = readFileSync(out, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual(['New Ana', 'New Ben', 'New Cid', 'New Dee']);

  // Ctrl+A, then Delete: exactly the four; Ctrl+Z brings them back.
  await grid.focus();
  await page.keyboard.press('Control+a');
  await expect.poll(() => selectionText(page)).toBe('All 4 selected');
  await page.keyboard.press('Delete');
  await expect.poll(() => page.getByRole('dialog', { name: 'Delete 4 people?' }).isVisible()).toBe(true);
  await page.keyboard.press('Enter');
  await expect.poll(() => names(path)).toEqual(['Old Ada', 'Old Bo', 'Old Cy']);
  await expect.poll(() => countText(page)).toBe('0 of 3 people match');
  // The filter hides the three left: the grid says so, never that the workspace is empty.
  await expect.poll(() => page.getByText('No one matches these filters.').isVisible()).toBe(true);
  await grid.focus();
  await page.keyboard.press('Control+z');
  await expect.poll(() => names(path).sort()).toEqual(['New Ana', 'New Ben', 'New Cid', 'New Dee', 'Old Ada', 'Old Bo', 'Old Cy']);
  await expect.poll(() => countText(page)).toBe('4 of 7 people match');
}

describe('date filters', () => {
  it('added today: chip, count, search, Export and Delete of all matching, Undo, chip removed by Delete', async () => {
    const path = await workspaceWithOldPeople('filters.roster');
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('7 people');

    // The dialog, checked by axe while it is open.
    await page.getByRole('button', { name: 'Filter…' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('dialog', { name: 'Filter people' }).isVisible()).toBe(true);
    await expectNoSeriousViolations(page, 'filter dialog', '.filter-dialog');
    // Between, with the first day after the last: refused with a reason, nothing applied.
    const dialog = page.getByRole('dialog', { name: 'Filter people' });
    await dialog.getByLabel('When').selectOption({ label: 'Between…' });
    await dialog.getByLabel('First day').fill('2020-01-05');
    await dialog.getByLabel('Last day').fill('2020-01-01');
    await dialog.getByRole('button', { name: 'Apply filter' }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toBe('The first day must not be after the last day.');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => page.locator('.filter-chip').count()).toBe(0);

    await addFilterByKeyboard(page, 'Added', 'Today');
    const chip = page.getByRole('button', { name: 'Remove filter Added: today' });
    await expect.poll(() => chip.isVisible()).toBe(true);
    await expect.poll(() => countText(page)).toBe('4 of 7 people match');
    await expect.poll(() => gridNames(page)).toEqual(['New Ana', 'New Ben', 'New Cid', 'New Dee']);
    await expectNoSeriousViolations(page, 'a filter chip, light', '.filter-chip');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectNoSeriousViolations(page, 'a filter chip, dark', '.filter-chip');
    await page.emulateMedia({ colorScheme: 'light' });

    // With a search as well.
    await page.getByRole('searchbox', { name: 'Search people' }).fill('an');
    await expect.poll(() => gridNames(page)).toEqual(['New Ana']);
    await expect.poll(() => countText(page)).toBe('1 of 7 people match');
    await page.getByRole('searchbox', { name: 'Search people' }).fill('');
    await expect.poll(() => countText(page)).toBe('4 of 7 people match');

    await exportThenDeleteAllMatching(page, path);

    // Delete on the focused chip removes the filter; focus goes back to the Filter button.
    await chip.focus();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.filter-chip').count()).toBe(0);
    await expect.poll(() => countText(page)).toBe('7 people');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Filter…');
    expect(problems).toEqual([]);
    await close();
  });

  it('last changed this week, then added this month: two chips, both apply, a click removes one', async () => {
    const path = await workspaceWithOldPeople('filters-two.roster');
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('7 people');
    await page.evaluate(() =>
      (window as unknown as { roster: { people: { update(input: object): Promise<unknown> } } }).roster.people.update({
        id: 1,
        name: 'Old Ada renamed',
      }),
    );
    await addFilterByKeyboard(page, 'Last changed', 'This week');
    await expect.poll(() => countText(page)).toBe('5 of 7 people match');
    await expect.poll(() => gridNames(page)).toEqual(['New Ana', 'New Ben', 'New Cid', 'New Dee', 'Old Ada renamed']);
    await addFilterByKeyboard(page, 'Added', 'This month');
    await expect.poll(() => page.locator('.filter-chip').count()).toBe(2);
    await expect.poll(() => countText(page)).toBe('4 of 7 people match');
    // A 480 px window at 200% zoom (a 240 px layout): the toolbar wraps, both chips stay whole and in view.
    await page.setViewportSize({ width: 480, height: 720 });
    await page.evaluate(() => document.documentElement.style.setProperty('zoom', '2'));
    for (const chip of await page.locator('.filter-chip').all()) {
      await chip.scrollIntoViewIfNeeded();
      const box = await chip.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 480, `${await chip.innerText()} in view`).toBe(true);
    }
    await page.evaluate(() => document.documentElement.style.removeProperty('zoom'));
    await page.getByRole('button', { name: 'Remove filter Last changed: this week' }).click();
    await expect.poll(() => countText(page)).toBe('4 of 7 people match');
    await expect.poll(() => page.locator('.filter-chip').count()).toBe(1);
    await page.getByRole('button', { name: 'Remove filter Added: this month' }).press('Backspace');
    await expect.poll(() => countText(page)).toBe('7 people');
    expect(problems).toEqual([]);
    await close();
  });
});
