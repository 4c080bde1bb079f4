// Undo and redo in the window, by keyboard, across two windows on one workspace:
// the history is the workspace's, so what one window did the other undoes.
// Ctrl+Z inside a text field stays that field's own text undo. And the window's
// banner when its file stops being writable.

import { copyFileSync, renameSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../support/workspace-fixtures.js';
import { addThroughUi, countText, createUiFixture, gridNames, rowNamed, type UiFixture } from './ui-fixture.js';

let ui: UiFixture;

beforeAll(async () => {
  ui = await createUiFixture();
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

describe('undo and redo', () => {
  it('Ctrl+Z in window B undoes a rename made in window A; Ctrl+Shift+Z and Ctrl+Y redo; the toast says what', async () => {
    const shared = await ui.createWorkspace('undo.roster', ['Benjamin Franklin']);
    const a = await ui.openWorkspacePage(shared);
    const b = await ui.openWorkspacePage(shared);
    for (const page of [a.page, b.page]) await expect.poll(() => gridNames(page)).toEqual(['Benjamin Franklin']);

    await addThroughUi(a.page, 'Abigail Adams');
    await expect.poll(() => gridNames(b.page)).toEqual(['Abigail Adams', 'Benjamin Franklin']);
    await rowNamed(a.page, 'Benjamin Franklin').dblclick();
    const editor = a.page.getByRole('textbox', { name: 'Name of Benjamin Franklin' });
    await editor.fill('Ben Franklin');
    await editor.press('Enter');
    await expect.poll(() => gridNames(b.page)).toEqual(['Abigail Adams', 'Ben Franklin']);

    await rowNamed(b.page, 'Abigail Adams').click();
    await b.page.keyboard.press('Control+z');
    await expect.poll(() => gridNames(a.page)).toEqual(['Abigail Adams', 'Benjamin Franklin']);
    const toastText = () => b.page.locator('.toast-text').textContent();
    await expect.poll(toastText).toBe('Undone: Rename “Benjamin Franklin” to “Ben Franklin”.');
    await b.page.keyboard.press('Control+z');
    await expect.poll(() => gridNames(a.page)).toEqual(['Benjamin Franklin']);
    expect(await countText(b.page)).toBe('1 person');

    await a.page.getByRole('grid').focus();
    await a.page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => gridNames(b.page)).toEqual(['Abigail Adams', 'Benjamin Franklin']);
    await a.page.keyboard.press('Control+y');
    await expect.poll(() => gridNames(b.page)).toEqual(['Abigail Adams', 'Ben Franklin']);
    await a.close();
    await b.close();
  });

  it('a delete’s toast Undo and Ctrl+Z are the same history; Ctrl+Z in the add field edits the field only', async () => {
    const path = await ui.createWorkspace('undo-delete.roster', ['Ada Lovelace', 'Grace Hopper']);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    await rowNamed(page, 'Ada Lovelace').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => gridNames(page)).toEqual(['Grace Hopper']);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper']);

    // Redo is now "delete Ada again"; typing in the field and pressing Ctrl+Z there must not run it.
    const field = page.getByRole('textbox', { name: 'Add a person' });
    await field.fill('');
    await field.pressSequentially('Typo');
    await field.press('Control+z');
    await field.press('Control+Shift+Z');
    await page.waitForTimeout(300);
    expect(await gridNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    await close();
  });

  it('Edit ▸ Undo from the menu steps the history, or undoes typing when a text field has focus', async () => {
    const path = await ui.createWorkspace('undo-menu.roster', ['Ada Lovelace']);
    const { page, session, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace']);
    await addThroughUi(page, 'Grace Hopper');
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper']);

    const field = page.getByRole('textbox', { name: 'Add a person' });
    await field.pressSequentially('Typed');
    session.emit('app:onMenuCommand', { command: 'undo' });
    await expect.poll(() => field.inputValue()).toBe('');
    expect(await gridNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper']);

    await page.getByRole('grid').focus();
    session.emit('app:onMenuCommand', { command: 'undo' });
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace']);
    session.emit('app:onMenuCommand', { command: 'redo' });
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    await close();
  });

  it('shows a plain banner when the file is replaced underneath the window, and keeps what the person typed', async () => {
    const path = await ui.createWorkspace('banner.roster', ['Ada Lovelace']);
    const other = await ui.createWorkspace('banner-other.roster', ['Someone Else']);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace']);
    const banner = page.getByRole('alert').filter({ hasText: 'moved, replaced or deleted' });
    expect(await banner.count()).toBe(0);
    copyFileSync(other, `${path}.new`);
    renameSync(`${path}.new`, path);
    await addThroughUi(page, 'Grace Hopper');
    await expect.poll(() => banner.isVisible()).toBe(true);
    expect(await banner.innerText()).not.toContain('.roster');
    expect(await page.getByRole('textbox', { name: 'Add a person' }).inputValue()).toBe('Grace Hopper');
    await close();
  });
});
