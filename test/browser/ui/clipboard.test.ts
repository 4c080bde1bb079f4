// Copy and paste in the workspace window, in real Chromium with the real clipboard:
// Ctrl+C puts the selected rows on the clipboard as tab-separated text with a header
// (what spreadsheets paste into columns); pasting lines adds one person per line in one
// step, and a bad line refuses the whole paste, naming the line. Spreadsheet columns,
// headers and blank lines: paste-and-names.test.ts.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileState } from '../../support/people-fixtures.js';
import { queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';
import { countText, createUiFixture, gridNames, rowNamed, type UiFixture } from './ui-fixture.js';

let ui: UiFixture;

beforeAll(async () => {
  ui = await createUiFixture();
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

function namesInFile(path: string): string[] {
  return queryFile<{ name: string }>(path, 'SELECT "name" FROM "Person" ORDER BY "nameKey", "id"').map((row) => row.name);
}

function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

function writeClipboard(page: Page, text: string): Promise<void> {
  return page.evaluate((value) => navigator.clipboard.writeText(value), text);
}

/** The local "YYYY-MM-DD HH:MM:SS" of an ISO time, computed in the page (its time zone). */
function localTime(page: Page, iso: string): Promise<string> {
  return page.evaluate((value) => {
    const d = new Date(value);
    const p = (n: number): string => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }, iso);
}

describe('copy', () => {
  it('Ctrl+C copies the selected rows as tab-separated text with a header row', async () => {
    const path = await ui.createWorkspace('copy.roster', ['Ada Lovelace', '=SUM(A1:A9)', 'Grace Hopper', 'Alan Turing']);
    const people = queryFile<{ name: string; createdAt: string; updatedAt: string }>(
      path,
      'SELECT "name", "createdAt", "updatedAt" FROM "Person"',
    );
    const { page, close, problems } = await ui.openWorkspacePage(path, { clipboard: true });
    await expect.poll(() => gridNames(page)).toEqual(['=SUM(A1:A9)', 'Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
    const grid = page.getByRole('grid', { name: 'People' });
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+c');
    const iso = (name: string, field: 'createdAt' | 'updatedAt'): string => {
      const value = people.find((person) => person.name === name)?.[field];
      return new Date(typeof value === 'number' ? value : String(value)).toISOString();
    };
    const line = async (name: string, shown: string): Promise<string> =>
      `${shown}\t${await localTime(page, iso(name, 'createdAt'))}\t${await localTime(page, iso(name, 'updatedAt'))}`;
    const expected =
      [
        'Name\tAdded\tLast changed',
        await line('=SUM(A1:A9)', "'=SUM(A1:A9)"),
        await line('Ada Lovelace', 'Ada Lovelace'),
        await line('Alan Turing', 'Alan Turing'),
      ].join('\n') + '\n';
    await expect.poll(() => readClipboard(page)).toBe(expected);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Copied 3 rows.' }).count()).toBeGreaterThan(0);

    // From the context menu too.
    await writeClipboard(page, 'something else');
    await rowNamed(page, 'Grace Hopper').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Copy', exact: true }).click();
    await expect
      .poll(() => readClipboard(page))
      .toBe(['Name\tAdded\tLast changed', await line('Grace Hopper', 'Grace Hopper')].join('\n') + '\n');
    // Focus went back to the table, not to <body>.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid');

    // In a text field, Ctrl+C copies the field's text as usual.
    const search = page.getByRole('searchbox', { name: 'Search people' });
    await search.fill('hopper');
    await search.selectText();
    await page.keyboard.press('Control+c');
    await expect.poll(() => readClipboard(page)).toBe('hopper');
    expect(problems).toEqual([]);
    await close();
  });
});

describe('paste', () => {
  it('pasting lines on the table adds one person per line, in one step', async () => {
    const path = await ui.createWorkspace('paste-table.roster', ['Existing Person']);
    const { page, close, problems } = await ui.openWorkspacePage(path, { clipboard: true });
    await expect.poll(() => countText(page)).toBe('1 person');
    await writeClipboard(page, 'George Washington\r\nJohn Adams\r\n  Thomas Jefferson  \r\n');
    await page.getByRole('grid', { name: 'People' }).focus();
    await page.keyboard.press('Control+v');
    await expect.poll(() => countText(page)).toBe('4 people');
    expect(namesInFile(path)).toEqual(['Existing Person', 'George Washington', 'John Adams', 'Thomas Jefferson']);
    // One step: the three share one transaction, so one creation instant.
    const stamps = queryFile<{ createdAt: string }>(path, 'SELECT DISTINCT "createdAt" FROM "Person" WHERE "name" <> ?', 'Existing Person');
    expect(stamps).toHaveLength(1);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Added 3 people.' }).count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await close();
  });

  it('pasting several lines into the add field adds them; a single line is just typed', async () => {
    const path = await ui.createWorkspace('paste-field.roster');
    const { page, close } = await ui.openWorkspacePage(path, { clipboard: true });
    await expect.poll(() => countText(page)).toBe('0 people');
    const add = page.getByRole('textbox', { name: 'Add a person' });
    await add.focus();
    await writeClipboard(page, 'Only One Line');
    await page.keyboard.press('Control+v');
    expect(await add.inputValue()).toBe('Only One Line');
    await add.fill('');
    await writeClipboard(page, 'Abigail Adams\nDolley Madison\n');
    await page.keyboard.press('Control+v');
    await expect.poll(() => gridNames(page)).toEqual(['Abigail Adams', 'Dolley Madison']);
    expect(await add.inputValue()).toBe('');
    await close();
  });

  it('a bad line refuses the whole paste, and the message names the line', async () => {
    const path = await ui.createWorkspace('paste-bad.roster', ['Existing Person']);
    const before = fileState(path);
    const { page, close } = await ui.openWorkspacePage(path, { clipboard: true });
    await expect.poll(() => countText(page)).toBe('1 person');
    const add = page.getByRole('textbox', { name: 'Add a person' });
    await add.focus();
    await writeClipboard(page, 'Ana Lima\nBo Diddley\n   \nCy\u2028Young\n');
    await page.keyboard.press('Control+v');
    await expect
      .poll(() =>
        page
          .getByRole('alert')
          .filter({ hasText: 'Line 4: A name cannot contain tabs, line breaks or other control characters.' })
          .isVisible(),
      )
      .toBe(true);
    expect(await add.getAttribute('aria-invalid')).toBe('true');

    // On the table: the same refusal, as an error toast.
    await writeClipboard(page, 'Ana Lima\n' + 'x'.repeat(300) + '\n');
    await page.getByRole('grid', { name: 'People' }).focus();
    await page.keyboard.press('Control+v');
    await expect
      .poll(() => page.getByText('Nothing was pasted. Line 2: A name can have at most 256 characters; this one has 300.').isVisible())
      .toBe(true);
    await writeClipboard(page, '"Line\nbreak"\n');
    await page.keyboard.press('Control+v');
    await expect
      .poll(() =>
        page.getByText('Nothing was pasted. Line 1: A name cannot contain tabs, line breaks or other control characters.').isVisible(),
      )
      .toBe(true);
    expect(fileState(path)).toEqual(before);
    expect(namesInFile(path)).toEqual(['Existing Person']);
    await close();
  });

  it('rows copied from one workspace paste into another (header and formula guard understood)', async () => {
    const from = await ui.createWorkspace('copy-from.roster', ['+1 Caller', 'Plain Name']);
    const to = await ui.createWorkspace('copy-to.roster');
    const source = await ui.openWorkspacePage(from, { clipboard: true });
    await expect.poll(() => gridNames(source.page)).toEqual(['+1 Caller', 'Plain Name']);
    await source.page.getByRole('grid', { name: 'People' }).focus();
    await source.page.keyboard.press('Control+a');
    await source.page.keyboard.press('Control+c');
    await expect.poll(() => readClipboard(source.page)).toMatch(/^Name\tAdded\tLast changed\n'\+1 Caller\t/);
    const copied = await readClipboard(source.page);
    await source.close();
    const target = await ui.openWorkspacePage(to, { clipboard: true });
    await expect.poll(() => countText(target.page)).toBe('0 people');
    await writeClipboard(target.page, copied);
    await target.page.getByRole('textbox', { name: 'Add a person' }).focus();
    await target.page.keyboard.press('Control+v');
    await expect.poll(() => namesInFile(to)).toEqual(['+1 Caller', 'Plain Name']);
    await target.close();
  });
});
