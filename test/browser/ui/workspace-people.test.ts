// The workspace window in real Chromium against real workspace files: the seed
// scenario, add, edit, delete, Undo, bulk delete, search, sort and the bad-input
// messages, all driven through the page as a person would (mostly by keyboard).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { countRows, fileState } from '../../support/people-fixtures.js';
import { queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';
import { addThroughUi, countText, createUiFixture, gridNames, rowNamed, type UiFixture } from './ui-fixture.js';

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

describe('workspace window: the seed scenario', () => {
  it('two pages on two workspaces each show only their own person', async () => {
    const first = await ui.createWorkspace('presidents-1.roster');
    const second = await ui.createWorkspace('presidents-2.roster');
    const a = await ui.openWorkspacePage(first);
    const b = await ui.openWorkspacePage(second);

    await expect.poll(() => countText(a.page)).toBe('0 people');
    await addThroughUi(a.page, 'George Washington');
    await addThroughUi(b.page, 'Thomas Jefferson');

    await expect.poll(() => gridNames(a.page)).toEqual(['George Washington']);
    await expect.poll(() => gridNames(b.page)).toEqual(['Thomas Jefferson']);
    expect(await countText(a.page)).toBe('1 person');
    expect(await countText(b.page)).toBe('1 person');
    // Give a stray change event time to arrive: neither page may pick up the other's person.
    await a.page.waitForTimeout(300);
    expect(await gridNames(a.page)).toEqual(['George Washington']);
    expect(await gridNames(b.page)).toEqual(['Thomas Jefferson']);
    expect(namesInFile(first)).toEqual(['George Washington']);
    expect(namesInFile(second)).toEqual(['Thomas Jefferson']);
    expect(await a.page.title()).toBe('presidents-1 — Roster');

    // What was written is what a fresh page reads back.
    await a.page.reload();
    await expect.poll(() => gridNames(a.page)).toEqual(['George Washington']);
    expect([...a.problems, ...b.problems]).toEqual([]);
    await a.close();
    await b.close();
  });
});

describe('workspace window: editing people', () => {
  it('shows an empty state that says what to do, with the add field focused', async () => {
    const path = await ui.createWorkspace('empty.roster');
    const { page, close } = await ui.openWorkspacePage(path);
    const empty = page.getByRole('region', { name: 'No people yet' });
    await expect.poll(() => empty.isVisible()).toBe(true);
    expect(await empty.innerText()).toMatch(/press Enter to add someone/);
    expect(await empty.innerText()).toMatch(/import a CSV or JSON file/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Add a person');
    await addThroughUi(page, 'Abigail Adams');
    await expect.poll(() => empty.isVisible()).toBe(false);
    await expect.poll(() => gridNames(page)).toEqual(['Abigail Adams']);
    await close();
  });

  it('adds with Enter, renames inline, deletes with Undo, and bulk deletes with Undo', async () => {
    const path = await ui.createWorkspace('editing.roster');
    const { page, close, problems } = await ui.openWorkspacePage(path);
    const add = page.getByRole('textbox', { name: 'Add a person' });

    for (const name of ['John Adams', 'George Washington', 'Thomas Jefferson', 'James Madison']) await addThroughUi(page, name);
    await expect.poll(() => gridNames(page)).toEqual(['George Washington', 'James Madison', 'John Adams', 'Thomas Jefferson']);
    expect(await add.inputValue()).toBe('');
    expect(await countText(page)).toBe('4 people');

    // Rename by keyboard: into the grid, down to John Adams, Enter, type, Enter.
    const grid = page.getByRole('grid', { name: 'People' });
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const editor = page.getByRole('textbox', { name: 'Name of John Adams' });
    await expect.poll(() => editor.isVisible()).toBe(true);
    await editor.fill('John Quincy Adams');
    await editor.press('Enter');
    await expect.poll(() => gridNames(page)).toEqual(['George Washington', 'James Madison', 'John Quincy Adams', 'Thomas Jefferson']);
    expect(namesInFile(path)).toContain('John Quincy Adams');
    // Focus came back to the grid, on the same row.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid');

    // Delete the active row with the Delete key; Undo puts the same person back.
    const before = queryFile<{ id: number; createdAt: string }>(
      path,
      'SELECT "id", "createdAt" FROM "Person" WHERE "name" = ?',
      'John Quincy Adams',
    );
    await page.keyboard.press('Delete');
    await expect.poll(() => gridNames(page)).toEqual(['George Washington', 'James Madison', 'Thomas Jefferson']);
    const toast = page.getByRole('status').filter({ hasText: 'Deleted John Quincy Adams.' });
    await expect.poll(() => toast.isVisible()).toBe(true);
    expect(countRows(path)).toBe(3);
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => gridNames(page)).toEqual(['George Washington', 'James Madison', 'John Quincy Adams', 'Thomas Jefferson']);
    expect(queryFile(path, 'SELECT "id", "createdAt" FROM "Person" WHERE "name" = ?', 'John Quincy Adams')).toEqual(before);

    // Bulk: select three rows with Shift+Down, Delete, then Ctrl+Z undoes.
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(() => page.getByText('3 selected').isVisible()).toBe(true);
    await expect.poll(() => page.locator('[role="row"][aria-selected="true"]').count()).toBe(3);
    await page.keyboard.press('Delete');
    await expect.poll(() => gridNames(page)).toEqual(['Thomas Jefferson']);
    expect(await countText(page)).toBe('1 person');
    expect(countRows(path)).toBe(1);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Deleted 3 people.' }).isVisible()).toBe(true);
    await grid.focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => countRows(path)).toBe(4);
    await expect.poll(() => gridNames(page)).toEqual(['George Washington', 'James Madison', 'John Quincy Adams', 'Thomas Jefferson']);

    // Mouse: Ctrl+click two rows, then the toolbar's Delete button.
    await rowNamed(page, 'George Washington').click();
    await rowNamed(page, 'Thomas Jefferson').click({ modifiers: ['Control'] });
    await page.getByRole('button', { name: 'Delete 2' }).click();
    await expect.poll(() => gridNames(page)).toEqual(['James Madison', 'John Quincy Adams']);
    expect(problems).toEqual([]);
    await close();
  });

  it('the Undo offer leaves after a few seconds, and the deletion stays', async () => {
    const path = await ui.createWorkspace('undo-timeout.roster', ['Martha Washington']);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toEqual(['Martha Washington']);
    await page.getByRole('grid', { name: 'People' }).focus();
    // Delete acts on the selection; Home selects the first row.
    await page.keyboard.press('Home');
    await page.keyboard.press('Delete');
    const undo = page.getByRole('button', { name: 'Undo' });
    await expect.poll(() => undo.isVisible()).toBe(true);
    await page.waitForTimeout(6500);
    expect(await undo.isVisible()).toBe(false);
    expect(countRows(path)).toBe(0);
    await close();
  });
});

describe('workspace window: search and sort', () => {
  it('searches as you type (case and accents ignored) and sorts by name or by creation', async () => {
    const names = ['Émile Zola', 'emily dickinson', 'Ada Lovelace', 'Grace Hopper', 'Alan Turing'];
    const path = await ui.createWorkspace('search.roster');
    for (const name of names) {
      // One at a time so creation order is known.
      const lease = await ui.context.connections.acquire(path);
      await new PersonService(lease).create({ name });
      await lease.release();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace', 'Alan Turing', 'Émile Zola', 'emily dickinson', 'Grace Hopper']);

    const search = page.getByRole('searchbox', { name: 'Search people' });
    await search.pressSequentially('EMIL');
    await expect.poll(() => gridNames(page)).toEqual(['Émile Zola', 'emily dickinson']);
    await expect.poll(() => countText(page)).toBe('2 of 5 people match'); // the count may follow the rows
    await search.pressSequentially('E');
    await expect.poll(() => gridNames(page)).toEqual(['Émile Zola']);
    await search.fill('nobody here');
    await expect.poll(() => page.getByText('No one matches “nobody here”.').isVisible()).toBe(true);
    await expect.poll(() => countText(page)).toBe('0 of 5 people match');
    await search.fill('');
    await expect.poll(() => gridNames(page)).toHaveLength(5);

    // Typing on the grid starts a search too.
    await page.getByRole('grid', { name: 'People' }).focus();
    await page.keyboard.type('gr');
    await expect.poll(() => gridNames(page)).toEqual(['Grace Hopper']);
    await search.fill('');

    const sort = page.getByRole('combobox', { name: 'Sort people' });
    await sort.selectOption({ label: 'Newest first' });
    await expect.poll(() => gridNames(page)).toEqual([...names].reverse());
    await sort.selectOption({ label: 'Oldest first' });
    await expect.poll(() => gridNames(page)).toEqual(names);
    await sort.selectOption({ label: 'Name, Z to A' });
    await expect.poll(() => gridNames(page)).toEqual(['Grace Hopper', 'emily dickinson', 'Émile Zola', 'Alan Turing', 'Ada Lovelace']);

    // Column headers sort too and say how (aria-sort).
    const nameHeader = page.getByRole('columnheader', { name: /Name/ });
    await nameHeader.getByRole('button').click();
    await expect.poll(() => nameHeader.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace', 'Alan Turing', 'Émile Zola', 'emily dickinson', 'Grace Hopper']);
    expect(await sort.inputValue()).toBe('name-asc');
    await close();
  });
});

describe('workspace window: bad input', () => {
  it('shows main’s message next to the add field and keeps what was typed', async () => {
    const path = await ui.createWorkspace('bad-input.roster', ['Existing Person']);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('1 person');
    const before = fileState(path);
    const add = page.getByRole('textbox', { name: 'Add a person' });

    const long = 'x'.repeat(257);
    await add.fill(long);
    await add.press('Enter');
    const message = 'A name can have at most 256 characters; this one has 257.';
    await expect.poll(() => page.getByRole('alert').filter({ hasText: message }).isVisible()).toBe(true);
    expect(await add.inputValue()).toBe(long);
    expect(await add.getAttribute('aria-invalid')).toBe('true');
    // The message is tied to the field for screen readers.
    // (The field is also described by its character counter and its same-name note.)
    const describedBy = ((await add.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
    const descriptions = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).innerText()));
    expect(descriptions.join('\n')).toContain(message);

    await add.fill('   ');
    await add.press('Enter');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'A name cannot be empty.' }).isVisible()).toBe(true);
    expect(await add.inputValue()).toBe('   ');

    await add.fill('Tab\tInside');
    await add.press('Enter');
    await expect
      .poll(() =>
        page.getByRole('alert').filter({ hasText: 'A name cannot contain tabs, line breaks or other control characters.' }).isVisible(),
      )
      .toBe(true);

    // Far too long to even send: still plain words, not a message about payloads.
    const huge = 'y'.repeat(5000);
    await add.fill(huge);
    await add.press('Enter');
    await expect
      .poll(() =>
        page
          .getByRole('alert')
          .filter({ hasText: 'A name can hold at most 1024 Unicode code points (an accent or emoji may take several); this one has 5000.' })
          .isVisible(),
      )
      .toBe(true);
    expect(await add.inputValue()).toBe(huge);

    // Typing again clears the message; nothing reached the file.
    await add.fill('Fine Name');
    expect(await page.getByRole('alert').filter({ hasText: 'at most 256' }).count()).toBe(0);
    expect(fileState(path)).toEqual(before);
    await close();
  });

  it('shows main’s message under the inline editor, keeps the text, and Escape gives up', async () => {
    const path = await ui.createWorkspace('bad-edit.roster', ['Dolley Madison']);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toEqual(['Dolley Madison']);
    await rowNamed(page, 'Dolley Madison').dblclick();
    const editor = page.getByRole('textbox', { name: 'Name of Dolley Madison' });
    const long = 'Dolley '.repeat(40);
    await editor.fill(long);
    await editor.press('Enter');
    const expected = `A name can have at most 256 characters; this one has ${long.trim().length}.`;
    await expect.poll(() => page.getByRole('alert').filter({ hasText: expected }).isVisible()).toBe(true);
    expect(await editor.inputValue()).toBe(long);
    expect(await editor.evaluate((element) => element === document.activeElement)).toBe(true);
    await editor.press('Escape');
    await expect.poll(() => editor.count()).toBe(0);
    expect(await gridNames(page)).toEqual(['Dolley Madison']);
    expect(namesInFile(path)).toEqual(['Dolley Madison']);
    await close();
  });
});
