// Pasting what a spreadsheet copies, and names counted as people see them, in real
// Chromium: two columns with a header paste their Name column, the header row and
// blank lines are skipped and the toast says so, Ctrl+Z undoes the paste in one step;
// the add field and the inline editor count 100 "👩‍🔬" as 100 characters, and a
// zero-width space is refused with a message naming it.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';
import { expectNoSeriousViolations } from './axe-check.js';
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
  return queryFile<{ name: string }>(path, 'SELECT "name" FROM "Person" ORDER BY "id"').map((row) => row.name);
}

function writeClipboard(page: Page, text: string): Promise<void> {
  return page.evaluate((value) => navigator.clipboard.writeText(value), text);
}

const SCIENTIST = '👩\u200D🔬';

describe('pasting spreadsheet rows', () => {
  it('takes the Name column, skips the header and blank lines, says so, and Ctrl+Z undoes it', async () => {
    const path = await ui.createWorkspace('paste-columns.roster', ['Existing Person']);
    const { page, close, problems } = await ui.openWorkspacePage(path, { clipboard: true });
    await expect.poll(() => countText(page)).toBe('1 person');
    // As Excel copies it: CRLF, a quoted cell, a blank row between the people.
    await writeClipboard(
      page,
      'Email\tName\r\nada@x\tAda Lovelace\r\n\t\r\ngrace@x\t"Grace ""Amazing"" Hopper"\r\nalan@x\tAlan Turing\r\n',
    );
    const grid = page.getByRole('grid', { name: 'People' });
    await grid.focus();
    await page.keyboard.press('Control+v');
    const said = 'Added 3 people from the Name column; skipped the header row and 1 blank line.';
    await expect.poll(() => page.getByRole('status').filter({ hasText: said }).count()).toBeGreaterThan(0);
    await expect.poll(() => countText(page)).toBe('4 people');
    expect(namesInFile(path)).toEqual(['Existing Person', 'Ada Lovelace', 'Grace "Amazing" Hopper', 'Alan Turing']);
    await expectNoSeriousViolations(page, 'after a spreadsheet paste, its toast shown');

    await grid.focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => countText(page)).toBe('1 person');
    await expect.poll(() => namesInFile(path)).toEqual(['Existing Person']);
    expect(problems).toEqual([]);
    await close();
  });

  it('one copied row of cells types only its name cell into the add field', async () => {
    const path = await ui.createWorkspace('paste-row.roster');
    const { page, close } = await ui.openWorkspacePage(path, { clipboard: true });
    await expect.poll(() => countText(page)).toBe('0 people');
    const add = page.getByRole('textbox', { name: 'Add a person' });
    await add.focus();
    await writeClipboard(page, 'Ada Lovelace\tada@x\t1815\r\n');
    await page.keyboard.press('Control+v');
    await expect.poll(() => add.inputValue()).toBe('Ada Lovelace');
    // Typed as a paste is: the field's own undo takes it back.
    await add.press('Control+z');
    await expect.poll(() => add.inputValue()).toBe('');
    await page.keyboard.press('Control+v');
    await expect.poll(() => add.inputValue()).toBe('Ada Lovelace');
    await add.press('Enter');
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace']);
    await close();
  });
});

describe('names as people see them', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`counts 100 scientists as 100 characters and adds them (${colorScheme})`, async () => {
      const path = await ui.createWorkspace(`count-${colorScheme}.roster`);
      const { page, close, problems } = await ui.openWorkspacePage(path, { colorScheme });
      await expect.poll(() => countText(page)).toBe('0 people');
      const add = page.getByRole('textbox', { name: 'Add a person' });
      await add.fill(SCIENTIST.repeat(100));
      await expect.poll(() => page.getByText('100 of 256 characters', { exact: true }).isVisible()).toBe(true);
      await expectNoSeriousViolations(page, `the name counter (${colorScheme})`);
      await add.fill(SCIENTIST.repeat(257));
      await expect.poll(() => page.getByText('257 of 256 characters: too long', { exact: true }).isVisible()).toBe(true);
      // The field is described by its counter, so a screen reader hears it with the field.
      const counterId = await page.locator('.name-counter').first().getAttribute('id');
      expect((await add.getAttribute('aria-describedby'))?.split(' ')).toContain(counterId);
      await expectNoSeriousViolations(page, `the name counter past the limit (${colorScheme})`);
      await add.fill(SCIENTIST.repeat(100));
      await add.press('Enter');
      await expect.poll(() => namesInFile(path)).toEqual([SCIENTIST.repeat(100)]);
      // The field emptied: the counter goes with its text.
      await expect.poll(() => page.locator('.name-counter').isHidden()).toBe(true);
      expect(problems).toEqual([]);
      await close();
    });
  }

  it('the counter fits at 200% zoom: no sideways scrolling, its text inside the window', async () => {
    const path = await ui.createWorkspace('count-zoom.roster');
    const { page, close } = await ui.openWorkspacePage(path, { viewport: { width: 550, height: 380 }, zoom: 2 });
    await expect.poll(() => countText(page)).toBe('0 people');
    await page.getByRole('textbox', { name: 'Add a person' }).fill(SCIENTIST.repeat(257));
    const counter = page.getByText('257 of 256 characters: too long', { exact: true });
    await expect.poll(() => counter.isVisible()).toBe(true);
    const box = await counter.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 550 + 0.5).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await close();
  });

  it('the inline editor counts too, and shows main’s refusal in the counter’s place', async () => {
    const path = await ui.createWorkspace('count-editor.roster', ['Dolley Madison']);
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toEqual(['Dolley Madison']);
    await rowNamed(page, 'Dolley Madison').dblclick();
    const editor = page.getByRole('textbox', { name: 'Name of Dolley Madison' });
    await editor.fill(SCIENTIST.repeat(257));
    const counter = page.getByText('257 of 256 characters: too long', { exact: true });
    await expect.poll(() => counter.isVisible()).toBe(true);
    await expectNoSeriousViolations(page, 'the inline editor’s counter past the limit');
    await editor.press('Enter');
    const message = 'A name can have at most 256 characters; this one has 257.';
    await expect.poll(() => page.getByRole('alert').filter({ hasText: message }).isVisible()).toBe(true);
    expect(await counter.isVisible()).toBe(false);
    await editor.press('Escape');
    await expect.poll(() => editor.count()).toBe(0);
    expect(namesInFile(path)).toEqual(['Dolley Madison']);
    expect(problems).toEqual([]);
    await close();
  });

  it('refuses a zero-width space in the add field, naming it, and keeps the typed text', async () => {
    const path = await ui.createWorkspace('zero-width.roster', ['Grace Hopper']);
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('1 person');
    const add = page.getByRole('textbox', { name: 'Add a person' });
    await add.fill('Ada\u200BLovelace');
    await add.press('Enter');
    const message = 'A name cannot contain invisible characters, which hide part of it: U+200B ZERO WIDTH SPACE after "Ada".';
    await expect.poll(() => page.getByRole('alert').filter({ hasText: message }).isVisible()).toBe(true);
    expect(await add.getAttribute('aria-invalid')).toBe('true');
    expect(await add.inputValue()).toBe('Ada\u200BLovelace');
    await expectNoSeriousViolations(page, 'a name refused for a zero-width space');
    expect(namesInFile(path)).toEqual(['Grace Hopper']);
    expect(problems).toEqual([]);
    await close();
  });
});
