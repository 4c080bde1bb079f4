// Four faults the workspace window once had, in real Chromium: the selection follows
// what is shown, a lowercase "a" is typed into the search, the Delete key and the Delete button always
// agree, and the inline editor never drops focus to <body> (so Ctrl+Z never reaches
// the browser's own text undo). Each test failed on the code before the fix.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../support/people-fixtures.js';
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

function namesInFile(path: string): string[] {
  return queryFile<{ name: string }>(path, 'SELECT "name" FROM "Person" ORDER BY "nameKey", "id"').map((row) => row.name);
}

function selectionText(page: Page): Promise<string> {
  return page.getByTestId('selection').innerText();
}

function activeElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    return element.getAttribute('aria-label') ?? element.getAttribute('role') ?? element.tagName;
  });
}

describe('the selection follows what is shown', () => {
  it('a new search clears the selection: the toolbar never claims hidden people, and Delete only reaches the shown one', async () => {
    const path = await ui.createWorkspace('hidden-selection.roster', numberedNames(12));
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('12 people');
    const grid = page.getByRole('grid', { name: 'People' });
    await grid.focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(() => selectionText(page)).toBe('5 selected');

    // Ctrl+F, type a search that shows none of the five, Enter.
    await page.keyboard.press('Control+f');
    await page.keyboard.type('Person 000010');
    await page.keyboard.press('Enter');
    await expect.poll(() => gridNames(page)).toEqual(['Person 000010']);
    // The toolbar says what Delete will do: the one person shown (focus selects it), not five hidden ones.
    await expect.poll(() => selectionText(page)).toBe('1 selected');
    expect(await page.getByRole('button', { name: 'Delete', exact: true }).isEnabled()).toBe(true);

    await page.keyboard.press('Delete');
    await expect.poll(() => countRows(path)).toBe(11);
    const left = namesInFile(path);
    expect(left).not.toContain('Person 000010');
    for (const name of numberedNames(5)) expect(left).toContain(name);
    expect(problems).toEqual([]);
    await close();
  });

  it('typing a search with the selection made by the mouse clears it too (toolbar, button and context menu)', async () => {
    const path = await ui.createWorkspace('hidden-selection-mouse.roster', ['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toHaveLength(3);
    await rowNamed(page, 'Ada Lovelace').click();
    await rowNamed(page, 'Alan Turing').click({ modifiers: ['Control'] });
    await expect.poll(() => selectionText(page)).toBe('2 selected');
    await page.getByRole('searchbox', { name: 'Search people' }).fill('grace');
    await expect.poll(() => gridNames(page)).toEqual(['Grace Hopper']);
    expect(await selectionText(page)).toBe('');
    expect(await page.getByRole('button', { name: /^Delete/ }).isDisabled()).toBe(true);
    // The context menu acts on what is shown and selected: the row it was opened on.
    await rowNamed(page, 'Grace Hopper').click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Actions for the selected people' });
    await expect.poll(() => menu.isVisible()).toBe(true);
    expect(await menu.getByRole('menuitem').allInnerTexts()).toEqual([
      'Rename\nF2',
      'Copy\nCtrl+C',
      'Copy to…',
      'Move to…',
      'Export “Grace Hopper” as CSV…',
      'Delete “Grace Hopper”\nDel',
    ]);
    await page.keyboard.press('Escape');
    expect(namesInFile(path)).toHaveLength(3);
    await close();
  });
});

describe('a lowercase "a" on the table is typed, not swallowed', () => {
  it('"a" starts a search; only Ctrl+A selects all', async () => {
    const path = await ui.createWorkspace('letter-a.roster', ['Ada Lovelace', 'Grace Hopper', 'Alan Turing']);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toHaveLength(3);
    const search = page.getByRole('searchbox', { name: 'Search people' });
    await page.getByRole('grid', { name: 'People' }).focus();
    await page.keyboard.press('a');
    await expect.poll(() => search.inputValue()).toBe('a');
    expect(await activeElement(page)).toBe('Search people');
    await page.keyboard.type('da');
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace']);
    await search.fill('');
    await expect.poll(() => gridNames(page)).toHaveLength(3);
    await page.getByRole('grid', { name: 'People' }).focus();
    await page.keyboard.press('Control+a');
    await expect.poll(() => selectionText(page)).toBe('All 3 selected');
    expect(await search.inputValue()).toBe('');
    await close();
  });
});

describe('the Delete key and the Delete button agree, always', () => {
  it('after a delete, the key deletes exactly what the enabled button names, and nothing when the button is disabled', async () => {
    const path = await ui.createWorkspace('key-and-button.roster', ['Abigail Adams', 'Dolley Madison', 'Martha Washington']);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toHaveLength(3);
    const grid = page.getByRole('grid', { name: 'People' });
    const button = page.getByRole('button', { name: /^Delete/ });
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Delete');
    await expect.poll(() => gridNames(page)).toEqual(['Dolley Madison', 'Martha Washington']);
    // The row that took its place is what the toolbar and the button now point at...
    await expect.poll(() => selectionText(page)).toBe('1 selected');
    expect(await button.isEnabled()).toBe(true);
    const selectedRow = page.locator('[role="row"][aria-selected="true"] .cell-name');
    expect(await selectedRow.allInnerTexts()).toEqual(['Dolley Madison']);
    // ...and what the key deletes.
    await page.keyboard.press('Delete');
    await expect.poll(() => gridNames(page)).toEqual(['Martha Washington']);
    expect(namesInFile(path)).toEqual(['Martha Washington']);

    // With nothing selected (Escape), the button is disabled and the key deletes nothing.
    await expect.poll(() => selectionText(page)).toBe('1 selected');
    await page.keyboard.press('Escape');
    await expect.poll(() => selectionText(page)).toBe('');
    expect(await button.isDisabled()).toBe(true);
    await page.keyboard.press('Delete');
    await page.keyboard.press('Backspace');
    await page.waitForTimeout(300);
    expect(namesInFile(path)).toEqual(['Martha Washington']);
    await close();
  });
});

describe('focus never falls to <body> from the inline editor', () => {
  it('Tab with a valid name saves and moves focus to the table', async () => {
    const path = await ui.createWorkspace('tab-valid.roster', ['John Adams', 'Thomas Jefferson']);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toHaveLength(2);
    await rowNamed(page, 'John Adams').dblclick();
    const editor = page.getByRole('textbox', { name: 'Name of John Adams' });
    await editor.fill('John Quincy Adams');
    await page.keyboard.press('Tab');
    await expect.poll(() => namesInFile(path)).toEqual(['John Quincy Adams', 'Thomas Jefferson']);
    await expect.poll(() => activeElement(page)).toBe('People');
    await expect.poll(() => editor.count()).toBe(0);
    await close();
  });

  it(
    'Tab with an invalid name keeps the editor open, focused, with the error; ' + 'Ctrl+Z then never runs the browser’s text undo',
    async () => {
      const path = await ui.createWorkspace('tab-invalid.roster', ['Dolley Madison']);
      const { page, close } = await ui.openWorkspacePage(path);
      await expect.poll(() => gridNames(page)).toEqual(['Dolley Madison']);
      await rowNamed(page, 'Dolley Madison').dblclick();
      const editor = page.getByRole('textbox', { name: 'Name of Dolley Madison' });
      await editor.fill('   ');
      await page.keyboard.press('Tab');
      await expect.poll(() => page.getByRole('alert').filter({ hasText: 'A name cannot be empty.' }).isVisible()).toBe(true);
      expect(await activeElement(page)).toBe('Name of Dolley Madison');
      expect(await editor.inputValue()).toBe('   ');
      // Shift+Tab too.
      await page.keyboard.press('Shift+Tab');
      await page.waitForTimeout(200);
      expect(await activeElement(page)).toBe('Name of Dolley Madison');

      // Escape gives up; focus is on the grid. Ctrl+Z there must not undo typing in a
      // field nobody sees (the browser's text undo would put "   " back into the editor
      // or the add field).
      await page.keyboard.press('Escape');
      await expect.poll(() => activeElement(page)).toBe('People');
      const add = page.getByRole('textbox', { name: 'Add a person' });
      await add.fill('Typed then left');
      await page.getByRole('grid', { name: 'People' }).focus();
      await page.keyboard.press('Control+z');
      expect(await add.inputValue()).toBe('Typed then left');
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      expect(await activeElement(page)).toBe('body');
      await page.keyboard.press('Control+z');
      expect(await add.inputValue()).toBe('Typed then left');
      expect(namesInFile(path)).toEqual(['Dolley Madison']);
      await close();
    },
  );

  it('a refused name after a click on nothing keeps focus in the editor', async () => {
    const path = await ui.createWorkspace('blur-invalid.roster', ['Paul Revere']);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toEqual(['Paul Revere']);
    await rowNamed(page, 'Paul Revere').dblclick();
    const editor = page.getByRole('textbox', { name: 'Name of Paul Revere' });
    await editor.fill('x'.repeat(300));
    // A click on the page's empty margin takes focus to <body> in Chromium.
    await page.mouse.click(5, 5);
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'at most 256 characters' }).isVisible()).toBe(true);
    await expect.poll(() => activeElement(page)).toBe('Name of Paul Revere');
    await close();
  });
});
