// Big workspaces in the real page: 100,000 people scroll to the last row (by keyboard
// and by dragging the scrollbar to the bottom), and an import cancelled halfway leaves
// the workspace exactly as it was.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';
import { countText, createUiFixture, gridNames, numberedNames, type UiFixture } from './ui-fixture.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

// Real Chromium over 100,000 people and imports of 2,000,000 rows: see test/support/loaded-machine.ts.
heavyTestFile();

const BIG = 100_000;
let ui: UiFixture;
let big: string;

beforeAll(async () => {
  ui = await createUiFixture();
  big = await ui.createWorkspace('hundred-thousand.roster', numberedNames(BIG));
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

/** Data rows fully inside the grid's visible area, top to bottom. */
function rowsInView(page: Page): Promise<{ name: string; rowIndex: number }[]> {
  return page.evaluate(() => {
    const grid = document.querySelector('[role="grid"]') as HTMLElement;
    const head = grid.querySelector('.grid-head') as HTMLElement;
    const top = head.getBoundingClientRect().bottom;
    const bottom = grid.getBoundingClientRect().top + grid.clientTop + grid.clientHeight;
    return [...grid.querySelectorAll<HTMLElement>('.grid-body [role="row"]:not([hidden]):not([aria-busy="true"])')]
      .filter((row) => {
        const box = row.getBoundingClientRect();
        return box.top >= top - 0.5 && box.bottom <= bottom + 0.5;
      })
      .map((row) => ({ name: row.querySelector('.cell-name')?.textContent ?? '', rowIndex: Number(row.getAttribute('aria-rowindex')) }))
      .sort((a, b) => a.rowIndex - b.rowIndex);
  });
}

describe('a 100,000-person workspace', () => {
  it('scrolls to its last row by keyboard and by the scrollbar, fetching pages as needed', async () => {
    const { page, close, problems } = await ui.openWorkspacePage(big);
    await expect.poll(() => countText(page)).toBe('100,000 people');
    const grid = page.getByRole('grid', { name: 'People' });
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(BIG + 1));
    // Only a window of rows exists in the DOM.
    expect(await page.locator('.grid-body [role="row"]').count()).toBeLessThan(120);
    await expect.poll(async () => (await rowsInView(page))[0]).toEqual({ name: 'Person 000001', rowIndex: 2 });

    await grid.focus();
    await page.keyboard.press('End');
    await expect.poll(async () => (await rowsInView(page)).at(-1)).toEqual({ name: 'Person 100000', rowIndex: BIG + 1 });
    const active = await grid.getAttribute('aria-activedescendant');
    expect(await page.locator(`[id="${active}"]`).innerText()).toBe('Person 100000');

    await page.keyboard.press('Home');
    await expect.poll(async () => (await rowsInView(page))[0]).toEqual({ name: 'Person 000001', rowIndex: 2 });

    // The scrollbar dragged to the middle, then to the very bottom.
    await grid.evaluate((element) => (element.scrollTop = element.scrollHeight / 2));
    await expect
      .poll(async () => {
        const rows = await rowsInView(page);
        return (
          rows.length > 5 &&
          rows.every(
            (row, i) =>
              row.name === `Person ${String(row.rowIndex - 1).padStart(6, '0')}` &&
              (i === 0 || row.rowIndex === (rows[i - 1]?.rowIndex ?? 0) + 1),
          )
        );
      })
      .toBe(true);
    await grid.evaluate((element) => (element.scrollTop = element.scrollHeight));
    await expect.poll(async () => (await rowsInView(page)).at(-1)).toEqual({ name: 'Person 100000', rowIndex: BIG + 1 });

    // PageUp from the end moves by a screenful, rows stay contiguous and in order.
    await page.keyboard.press('PageUp');
    await expect
      .poll(async () => {
        const rows = await rowsInView(page);
        return (
          rows.length > 5 &&
          (rows.at(-1)?.rowIndex ?? BIG) < BIG + 1 &&
          rows.every((row) => row.name === `Person ${String(row.rowIndex - 1).padStart(6, '0')}`)
        );
      })
      .toBe(true);
    expect(problems).toEqual([]);
    await close();
  });
});

/** Every person as stored, in id order. */
function readAll(path: string) {
  return queryFile<{ id: number; name: string; createdAt: string; updatedAt: string }>(
    path,
    'SELECT "id", "name", "createdAt", "updatedAt" FROM "Person" ORDER BY "id"',
  );
}

describe('import', () => {
  it('shows progress, and a cancelled import leaves the workspace unchanged', async () => {
    const path = await ui.createWorkspace('import-cancel.roster', ['Mercy Otis Warren', 'Phillis Wheatley', 'Crispus Attucks']);
    const dir = makeTempDir('import');
    const file = join(dir, 'many.csv');
    writeFileSync(file, `name\n${numberedNames(2_000_000, 'Imported').join('\n')}\n`); // streamed: long enough to cancel halfway
    const before = readAll(path);
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('3 people');

    ui.dialogs.importFile.push(file);
    await page.getByRole('button', { name: 'Import people' }).click();
    await page.getByRole('menuitem', { name: 'From CSV file…' }).click();
    // The preview reads the first part of a big file and estimates the rest.
    const preview = page.getByRole('dialog', { name: 'Import “many.csv”' });
    const confirm = preview.getByRole('button', { name: /^Import about [\d,]+ people$/ });
    await expect.poll(() => confirm.isEnabled()).toBe(true);
    expect(await preview.getByText('This preview read the first part of the file').isVisible()).toBe(true);
    await confirm.click();
    const progress = page.getByRole('group', { name: 'Import' });
    await expect.poll(() => progress.innerText()).toMatch(/Importing [\d,]+ of (about )?[\d,]+ people/);
    const bar = progress.getByRole('progressbar', { name: 'Import progress' });
    expect(Number(await bar.getAttribute('value'))).toBeGreaterThan(0);
    await progress.getByRole('button', { name: 'Cancel import' }).click();

    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Import cancelled. Nothing was added.' }).isVisible()).toBe(true);
    expect(await progress.isVisible()).toBe(false);
    expect(readAll(path)).toEqual(before);
    // Nothing was committed, so no change can reach the window after this; and the
    // import's progress messages all came before its answer, which the status shows.
    expect(await countText(page)).toBe('3 people');
    expect(await gridNames(page)).toEqual(['Crispus Attucks', 'Mercy Otis Warren', 'Phillis Wheatley']);
    expect(problems).toEqual([]);
    await close();
  });

  it('an export shows its progress, and Cancel leaves the earlier file at the target as it was', async () => {
    const path = await ui.createWorkspace('export-cancel.roster', numberedNames(600_000));
    const dir = makeTempDir('export');
    const file = join(dir, 'everyone.csv');
    writeFileSync(file, 'earlier\n');
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('600,000 people');

    ui.dialogs.exportFile.push(file);
    await page.getByRole('button', { name: 'Export people' }).click();
    await page.getByRole('menuitem', { name: 'As CSV file…' }).click();
    const progress = page.getByRole('group', { name: 'Export' });
    await expect.poll(() => progress.innerText()).toMatch(/Exporting [\d,]+ of 600,000 people/);
    await progress.getByRole('button', { name: 'Cancel export' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Export cancelled. No file was written.' }).isVisible()).toBe(true);
    expect(await progress.isVisible()).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('earlier\n');
    expect(problems).toEqual([]);
    await close();
  });
});

describe('import: finished imports and invalid files', () => {
  it('a finished import shows its count and the new people at once', async () => {
    const path = await ui.createWorkspace('import-done.roster', ['Crispus Attucks']);
    const dir = makeTempDir('import');
    const file = join(dir, 'few.json');
    writeFileSync(file, JSON.stringify(['Deborah Sampson', { name: 'Haym Salomon' }]));
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('1 person');
    ui.dialogs.importFile.push(file);
    await page.getByRole('button', { name: 'Import people' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    // The preview takes the focus to its Import button once it has read the file: Enter confirms.
    const confirm = page.getByRole('dialog', { name: 'Import “few.json”' }).getByRole('button', { name: 'Import 2 people' });
    await expect.poll(() => confirm.evaluate((button) => button === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Imported 2 people.' }).isVisible()).toBe(true);
    await expect.poll(() => gridNames(page)).toEqual(['Crispus Attucks', 'Deborah Sampson', 'Haym Salomon']);
    expect(ui.dialogs.asked.at(-1)).toBe('import:json');
    await close();
  });

  it('an invalid file is explained in plain words in its preview, cannot be confirmed and writes nothing', async () => {
    const path = await ui.createWorkspace('import-bad.roster', ['Crispus Attucks']);
    const dir = makeTempDir('import');
    const file = join(dir, 'bad.csv');
    writeFileSync(file, `name\nGood Name\n${'z'.repeat(300)}\n`);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('1 person');
    ui.dialogs.importFile.push(file);
    await page.getByRole('button', { name: 'Import people' }).click();
    await page.getByRole('menuitem', { name: 'From CSV file…' }).click();
    const preview = page.getByRole('dialog', { name: 'Import “bad.csv”' });
    const problems = preview.getByRole('region', { name: 'Problems' });
    await expect.poll(() => problems.isVisible()).toBe(true);
    expect(await problems.getByRole('listitem').allInnerTexts()).toEqual([
      'Line 3: A name can have at most 256 characters; this one has 300.',
    ]);
    expect(await preview.getByRole('status').innerText()).toBe('Nothing can be imported until this problem is fixed.');
    expect(await preview.getByRole('button', { name: /^Import/ }).isDisabled()).toBe(true);
    // Enter confirms only what can be imported.
    await preview.getByLabel('Encoding').focus();
    // The dialog answers Enter in its keydown handler, which has run when the press
    // returns: a confirm would already have closed it.
    await page.keyboard.press('Enter');
    expect(await preview.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => preview.count()).toBe(0);
    expect(readAll(path).map((row) => row.name)).toEqual(['Crispus Attucks']);
    await close();
  });
});
