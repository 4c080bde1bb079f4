// In the window, with the keyboard and the mouse: Ctrl+A on a big
// workspace selects "all N" at once and bulk actions run in main by query; Copy to… and
// Move to… from the context menu by keyboard; people dragged from one workspace window
// and dropped on another (two pages: a drag's data carried from one to the other, as
// the system carries it between two Electron windows); and Undo of each.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';
import { countText, createUiFixture, gridNames, numberedNames, rowNamed, type UiFixture } from './ui-fixture.js';

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

/** Workspaces in the catalog, as the launcher made them. */
async function catalogued(fileName: string, name: string, people: readonly string[]): Promise<string> {
  const path = await ui.createWorkspace(fileName, people);
  ui.context.catalog.add(path, name);
  return path;
}

describe('all matching, at any size', () => {
  it(
    'Ctrl+A selects all 120,000 at once without loading them; ' + 'Ctrl+click leaves one out; Delete goes to main by query, with Undo',
    async () => {
      const path = await catalogued('big.roster', 'Big', numberedNames(120_000));
      const { page, close, problems } = await ui.openWorkspacePage(path);
      await expect.poll(() => countText(page)).toBe('120,000 people');
      const grid = page.getByRole('grid', { name: 'People' });
      await grid.focus();
      await page.keyboard.press('Control+a');
      // Everyone, not the 100,000 a range of loaded rows was capped at before.
      await expect.poll(() => selectionText(page)).toBe('All 120,000 selected');
      await expect.poll(() => page.getByRole('button', { name: /^Delete/ }).innerText()).toBe('Delete 120,000');
      await rowNamed(page, 'Person 000002').click({ modifiers: ['Control'] });
      await expect.poll(() => selectionText(page)).toBe('119,999 selected');
      await page.keyboard.press('Delete');
      // So many people: a confirmation names the count first, and Enter confirms it.
      await expect.poll(() => page.getByRole('dialog', { name: 'Delete 119,999 people?' }).isVisible()).toBe(true);
      await page.keyboard.press('Enter');
      await expect.poll(() => countText(page), { timeout: 30_000 }).toBe('1 person');
      expect(names(path)).toEqual(['Person 000002']);
      await expect.poll(() => page.locator('.toast-text').textContent()).toBe('Deleted 119,999 people.');
      await page.keyboard.press('Control+z');
      await expect.poll(() => countText(page), { timeout: 30_000 }).toBe('120,000 people');
      expect(problems).toEqual([]);
      await close();
    },
  );

  it('all matching stays exact when people come and go elsewhere: the toolbar says what Delete will do', async () => {
    const path = await catalogued('exact.roster', 'Exact', numberedNames(10));
    const { page, close, problems } = await ui.openWorkspacePage(path);
    const other = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('10 people');
    await page.getByRole('grid', { name: 'People' }).focus();
    await page.keyboard.press('Control+a');
    await rowNamed(page, 'Person 000003').click({ modifiers: ['Control'] });
    await expect.poll(() => selectionText(page)).toBe('9 selected');
    // Another window deletes the person left out: the selection is everyone again, 9 of them.
    await other.page.getByRole('grid', { name: 'People' }).focus();
    await rowNamed(other.page, 'Person 000003').click();
    await other.page.keyboard.press('Delete');
    await expect.poll(() => countText(page)).toBe('9 people');
    await expect.poll(() => selectionText(page)).toBe('All 9 selected');
    await page.keyboard.press('Delete');
    // Everyone matching is confirmed first, naming the count.
    await expect.poll(() => page.getByRole('dialog', { name: 'Delete 9 people?' }).isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => countText(page)).toBe('0 people');
    await expect.poll(() => page.locator('.toast-text').textContent()).toBe('Deleted 9 people.');
    expect(problems).toEqual([]);
    await other.close();
    await close();
  });

  it('a search, then Ctrl+A and Export selected as CSV: only the people shown are written', async () => {
    const path = await catalogued('export-sel.roster', 'Export', ['Ana Berg', 'Bo Lind', 'Cy Berg', 'Dee Lind']);
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toHaveLength(4);
    await page.getByRole('searchbox', { name: 'Search people' }).fill('berg');
    await expect.poll(() => gridNames(page)).toEqual(['Ana Berg', 'Cy Berg']);
    await page.getByRole('grid', { name: 'People' }).focus();
    await page.keyboard.press('Control+a');
    await expect.poll(() => selectionText(page)).toBe('All 2 selected');
    const out = join(ui.files, 'bergs.csv');
    ui.dialogs.exportFile.push(out);
    await page.keyboard.press('Shift+F10');
    await page.getByRole('menuitem', { name: 'Export all 2 people as CSV…' }).click();
    await expect.poll(() => page.locator('.toast-text').textContent()).toBe('Exported 2 people to bergs.csv.');
    const lines = readFileSync(out, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual(['Ana Berg', 'Cy Berg']);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('Copy to… and Move to…', () => {
  it('by keyboard from the context menu: the dialog lists open workspaces first, the move happens, Ctrl+Z brings them back', async () => {
    const from = await catalogued('from.roster', 'From here', ['Ada Lovelace', 'Grace Hopper', 'Alan Turing']);
    const to = await catalogued('to.roster', 'Over there', ['ALAN TURING']);
    await catalogued('third.roster', 'Third', []);
    const target = await ui.openWorkspacePage(to);
    const { page, close, problems } = await ui.openWorkspacePage(from);
    await expect.poll(() => gridNames(page)).toHaveLength(3);
    const grid = page.getByRole('grid', { name: 'People' });
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(() => selectionText(page)).toBe('2 selected');
    await page.keyboard.press('Shift+F10');
    await page.getByRole('menuitem', { name: 'Move to…' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Move 2 people to…' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const choices = await dialog
      .getByRole('radio')
      .evaluateAll((inputs) => inputs.map((input) => (input.closest('label')?.textContent ?? '').trim()));
    expect(choices[0]).toBe('Over there (open)');
    expect(choices).toContain('Third');
    expect(choices).not.toContain('From here');
    // The first, open workspace is chosen; Enter confirms.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.checked)).toBe(true);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('.toast-text').textContent())
      .toBe('Moved 2 people to “Over there”. 1 of them has the same name as someone already in “Over there”.');
    await expect.poll(() => gridNames(page)).toEqual(['Grace Hopper']);
    await expect.poll(() => gridNames(target.page)).toEqual(['Ada Lovelace', 'ALAN TURING', 'Alan Turing']);
    expect(names(from)).toEqual(['Grace Hopper']);
    // Undo, from the keyboard: back under their old ids.
    await grid.focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
    expect(names(to)).toEqual(['ALAN TURING']);
    expect(problems).toEqual([]);
    expect(target.problems).toEqual([]);
    await close();
    await target.close();
  });
});

/** Starts a drag on a row of `from` and drops what it carries on the grid of `to`. */
async function dragAcross(from: Page, rowName: string, to: Page, options: { shift: boolean }): Promise<void> {
  const data = await rowNamed(from, rowName).evaluate((row) => {
    const transfer = new DataTransfer();
    row.dispatchEvent(new DragEvent('dragstart', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    return Object.fromEntries(transfer.types.map((type) => [type, transfer.getData(type)]));
  });
  await to.locator('main.content').evaluate(
    (grid, { carried, shift }) => {
      const transfer = new DataTransfer();
      for (const [type, value] of Object.entries(carried)) transfer.setData(type, value);
      grid.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer, shiftKey: shift }));
      grid.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer, shiftKey: shift }));
    },
    { carried: data, shift: options.shift },
  );
  await from.locator('body').evaluate(() => window.dispatchEvent(new DragEvent('dragend')));
}

describe('drag and drop between two workspace windows', () => {
  it('a plain drop copies, Shift+drop moves; the drag carries a token, never the people; the target window undoes its drop', async () => {
    const a = await catalogued('drag-a.roster', 'Alpha', ['Ada Lovelace', 'Grace Hopper']);
    const b = await catalogued('drag-b.roster', 'Beta', []);
    const left = await ui.openWorkspacePage(a);
    const right = await ui.openWorkspacePage(b);
    await expect.poll(() => gridNames(left.page)).toHaveLength(2);
    await expect.poll(() => countText(right.page)).toBe('0 people');

    const carried = await rowNamed(left.page, 'Grace Hopper').evaluate((row) => {
      const transfer = new DataTransfer();
      row.dispatchEvent(new DragEvent('dragstart', { bubbles: true, cancelable: true, dataTransfer: transfer }));
      return transfer.getData('application/x-roster-people');
    });
    expect(carried).toMatch(/^[0-9a-f-]{36}$/);

    await dragAcross(left.page, 'Ada Lovelace', right.page, { shift: false });
    await expect.poll(() => right.page.locator('.toast-text').textContent()).toBe('Copied 1 person here from “Alpha”.');
    expect(names(b)).toEqual(['Ada Lovelace']);
    expect(names(a)).toEqual(['Ada Lovelace', 'Grace Hopper']);

    await dragAcross(left.page, 'Grace Hopper', right.page, { shift: true });
    await expect.poll(() => right.page.locator('.toast-text').textContent()).toBe('Moved 1 person here from “Alpha”.');
    await expect.poll(() => gridNames(left.page)).toEqual(['Ada Lovelace']);
    // The window they were dragged from lets go of them: nothing it selects is gone.
    await expect.poll(() => left.page.locator('.toast-text').textContent()).toBe('Moved 1 person to “Beta”.');
    await expect.poll(() => selectionText(left.page)).toBe('');
    expect(names(b)).toEqual(['Ada Lovelace', 'Grace Hopper']);

    // Ctrl+Z in the window the people were dropped on undoes the drop.
    await right.page.getByRole('grid', { name: 'People' }).focus();
    await right.page.keyboard.press('Control+z');
    await expect.poll(() => gridNames(left.page)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(names(b)).toEqual(['Ada Lovelace']);
    // A drag dropped on its own window does nothing.
    await dragAcross(left.page, 'Ada Lovelace', left.page, { shift: false });
    expect(names(a)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(left.problems).toEqual([]);
    expect(right.problems).toEqual([]);
    await left.close();
    await right.close();
  });
});
