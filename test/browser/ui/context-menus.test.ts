// Context menus on rows and on launcher entries, by keyboard (Shift+F10 and the Menu
// key) and by mouse, following the WAI-ARIA menu pattern: focus on the first item,
// arrows and Home/End move, a letter jumps, Escape closes and gives focus back.

import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';
import { createUiFixture, gridNames, type UiFixture } from './ui-fixture.js';

let ui: UiFixture;

beforeAll(async () => {
  ui = await createUiFixture();
});

beforeEach(() => {
  for (const entry of ui.context.catalog.list()) ui.context.catalog.forget(entry.id);
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

function focusedLabel(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return 'body';
    if (element.getAttribute('role') === 'menuitem')
      return `menuitem:${element.querySelector('.menu-label')?.textContent ?? element.textContent}`;
    return element.getAttribute('aria-label') ?? element.textContent?.trim() ?? element.tagName;
  });
}

function namesInFile(path: string): string[] {
  return queryFile<{ name: string }>(path, 'SELECT "name" FROM "Person" ORDER BY "nameKey", "id"').map((row) => row.name);
}

describe('rows: context menu', () => {
  it('opens with Shift+F10 and the Menu key on the active row and follows the WAI-ARIA menu pattern', async () => {
    const path = await ui.createWorkspace('row-menu.roster', ['Ada Lovelace', 'Grace Hopper', 'Alan Turing']);
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toHaveLength(3);
    const grid = page.getByRole('grid', { name: 'People' });
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');

    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu', { name: 'Actions for the selected people' });
    await expect.poll(() => menu.isVisible()).toBe(true);
    expect(await focusedLabel(page)).toBe('menuitem:Rename');
    expect(
      await menu
        .getByRole('menuitem')
        .evaluateAll((items) =>
          items.map((item) => [item.querySelector('.menu-label')?.textContent, item.getAttribute('aria-keyshortcuts')]),
        ),
    ).toEqual([
      ['Rename', 'F2'],
      ['Copy', 'Control+C'],
      ['Copy to…', null],
      ['Move to…', null],
      ['Export “Alan Turing” as CSV…', null],
      ['Delete “Alan Turing”', 'Delete'],
    ]);
    // The menu opens next to the active row.
    const rowBox = await page.locator('[role="row"].active').boundingBox();
    const menuBox = await menu.boundingBox();
    expect(Math.abs((menuBox?.y ?? 0) - ((rowBox?.y ?? 0) + (rowBox?.height ?? 0)))).toBeLessThan(40);
    await page.keyboard.press('ArrowDown');
    expect(await focusedLabel(page)).toBe('menuitem:Copy');
    await page.keyboard.press('End');
    expect(await focusedLabel(page)).toBe('menuitem:Delete “Alan Turing”');
    await page.keyboard.press('ArrowDown');
    expect(await focusedLabel(page)).toBe('menuitem:Rename');
    await page.keyboard.press('ArrowUp');
    expect(await focusedLabel(page)).toBe('menuitem:Delete “Alan Turing”');
    await page.keyboard.press('Home');
    await page.keyboard.press('c');
    expect(await focusedLabel(page)).toBe('menuitem:Copy');
    await page.keyboard.press('Escape');
    expect(await menu.count()).toBe(0);
    expect(await focusedLabel(page)).toBe('People');

    // The Menu key; Tab also closes and gives focus back.
    await page.keyboard.press('ContextMenu');
    await expect.poll(() => menu.isVisible()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await menu.count()).toBe(0);
    expect(await focusedLabel(page)).toBe('People');

    // Rename from the menu opens the inline editor on that row.
    await page.keyboard.press('ContextMenu');
    await page.keyboard.press('Enter');
    const editor = page.getByRole('textbox', { name: 'Name of Alan Turing' });
    await expect.poll(() => editor.isVisible()).toBe(true);
    expect(await focusedLabel(page)).toBe('Name of Alan Turing');
    await editor.fill('Alan M. Turing');
    await editor.press('Enter');
    await expect.poll(() => namesInFile(path)).toContain('Alan M. Turing');

    // Delete from the menu deletes the selection, with the same Undo.
    await expect.poll(() => page.locator('[role="row"][aria-selected="true"]').count()).toBe(1);
    await page.keyboard.press('Shift+F10');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await expect.poll(() => namesInFile(path)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('rows: context menu, right clicks', () => {
  it('a right click on an unselected row selects it alone; on a selected row keeps the selection', async () => {
    const path = await ui.createWorkspace('row-menu-mouse.roster', ['One', 'Two', 'Three']);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toHaveLength(3);
    const grid = page.getByRole('grid', { name: 'People' });
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowDown');
    const row = (name: string) => page.locator('[role="grid"] .grid-body [role="row"]').filter({ hasText: name });
    await row('Three').click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Actions for the selected people' });
    expect(await menu.getByRole('menuitem').allInnerTexts()).toEqual([
      'Rename\nF2',
      'Copy 2 rows\nCtrl+C',
      'Copy to…',
      'Move to…',
      'Export 2 people as CSV…',
      'Delete 2 people\nDel',
    ]);
    await page.keyboard.press('Escape');
    await row('Two').click({ button: 'right' });
    expect(await menu.getByRole('menuitem').last().innerText()).toBe('Delete “Two”\nDel');
    // A click elsewhere closes it.
    await page.mouse.click(5, 5);
    expect(await menu.count()).toBe(0);
    await close();
  });
});

/** The launcher entry named `name`, in the list of recent workspaces. */
function entry(page: Page, name: string) {
  return page
    .getByRole('list', { name: 'Recent workspaces' })
    .getByRole('listitem')
    .filter({ has: page.getByText(name, { exact: true }) });
}

describe('launcher entries: context menu', () => {
  it('offers open, open in new window, rename, reveal, remove and delete, by keyboard', async () => {
    const path = await ui.createWorkspace('launcher-menu.roster', ['Paul Revere']);
    ui.context.catalog.add(path, 'Riders');
    const { page, close, problems } = await ui.openLauncherPage();
    await expect.poll(() => entry(page, 'Riders').count()).toBe(1);
    const open = entry(page, 'Riders').getByRole('button', { name: 'Riders', exact: true });
    await open.focus();
    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu', { name: 'Actions for Riders' });
    await expect.poll(() => menu.isVisible()).toBe(true);
    expect(await menu.getByRole('menuitem').allInnerTexts()).toEqual([
      'Open',
      'Open in new window',
      'Rename\nF2',
      'Show in file manager',
      'Remove from list',
      'Merge into…',
      'Move to trash…',
    ]);
    expect(await focusedLabel(page)).toBe('menuitem:Open');

    // Reveal goes to the shell with the file's path (main knows it; the page never sends it).
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focusedLabel(page)).toBe('menuitem:Show in file manager');
    await page.keyboard.press('Enter');
    await expect.poll(() => ui.revealed).toEqual([path]);
    expect(await focusedLabel(page)).toBe('Riders');

    // Open in new window, from the Menu key.
    await page.keyboard.press('ContextMenu');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => ui.newWindows).toEqual([path]);
    await expect.poll(() => entry(page, 'Riders').innerText()).toContain('Open');

    // Rename from the menu.
    await entry(page, 'Riders').getByRole('button', { name: 'Riders', exact: true }).focus();
    await page.keyboard.press('Shift+F10');
    await page.keyboard.press('r');
    expect(await focusedLabel(page)).toBe('menuitem:Rename');
    await page.keyboard.press('Enter');
    const field = page.getByRole('textbox', { name: 'New name for Riders' });
    await expect.poll(() => field.evaluate((element) => element === document.activeElement)).toBe(true);
    await field.fill('Midnight Riders');
    await field.press('Enter');
    await expect.poll(() => entry(page, 'Midnight Riders').count()).toBe(1);
    expect(problems).toEqual([]);
    await close();
  });

  it('for a missing file offers Locate…, which points the entry at the file’s new place', async () => {
    const path = await ui.createWorkspace('wanderer.roster', ['Lewis', 'Clark']);
    const listed = ui.context.catalog.add(path, 'Expedition');
    mkdirSync(join(ui.files, 'moved-away'), { recursive: true });
    const movedTo = join(ui.files, 'moved-away', 'wanderer.roster');
    renameSync(path, movedTo);
    const { page, close } = await ui.openLauncherPage();
    await expect.poll(() => entry(page, 'Expedition').innerText()).toContain('File missing');
    const more = page.getByRole('button', { name: 'More actions for Expedition' });
    await more.focus();
    await page.keyboard.press('ContextMenu');
    const menu = page.getByRole('menu', { name: 'Actions for Expedition' });
    expect(await menu.getByRole('menuitem').allInnerTexts()).toEqual(['Locate…', 'Rename\nF2', 'Remove from list']);
    ui.dialogs.locate.push(movedTo);
    await page.keyboard.press('Enter');
    await expect.poll(() => entry(page, 'Expedition').innerText()).toContain('2 people');
    expect(await entry(page, 'Expedition').innerText()).not.toContain('File missing');
    expect(ui.dialogs.asked.at(-1)).toBe('locate:Expedition:wanderer.roster');
    expect(ui.context.catalog.get(listed.id).path).toBe(movedTo);
    expect(existsSync(movedTo)).toBe(true);
    // Focus lands on the entry, now openable.
    await expect.poll(() => focusedLabel(page)).toBe('Expedition');
    // The "⋯" menu shows the same actions as the context menu.
    await more.click();
    expect(await page.getByRole('menu', { name: 'More actions for Expedition' }).getByRole('menuitem').allInnerTexts()).toEqual([
      'Open',
      'Open in new window',
      'Rename',
      'Show in file manager',
      'Remove from list',
      'Merge into…',
      'Move to trash…',
    ]);
    await page.keyboard.press('Escape');
    await close();
  });
});

describe('launcher entries: context menu, and the trash', () => {
  it('restoring from the trash keeps focus on something sensible (the restored workspace); Ctrl+Z undoes a move to the trash', async () => {
    const path = await ui.createWorkspace('restorable.roster', ['Betsy Ross']);
    ui.context.catalog.add(path, 'Flags');
    const { page, close } = await ui.openLauncherPage();
    await expect.poll(() => entry(page, 'Flags').count()).toBe(1);
    await page.getByRole('button', { name: 'More actions for Flags' }).click();
    await page.getByRole('menuitem', { name: 'Move to trash…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Move to trash' }).click();
    await expect.poll(() => existsSync(path)).toBe(false);
    const restore = page.getByRole('button', { name: 'Restore Flags' });
    await restore.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => existsSync(path)).toBe(true);
    await expect.poll(() => focusedLabel(page)).toBe('Flags');

    // Ctrl+Z undoes "Move to trash", as its toast offers, wherever focus is outside a field.
    await page.keyboard.press('Shift+F10');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByRole('button', { name: 'Move to trash' }).click();
    await expect.poll(() => existsSync(path)).toBe(false);
    // The toast that offers the undo is up (the file leaves a moment before it shows).
    await expect.poll(() => page.locator('.toast-text').textContent()).toBe('Moved Flags to the trash.');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Control+z');
    await expect.poll(() => existsSync(path)).toBe(true);
    await expect.poll(() => entry(page, 'Flags').count()).toBe(1);
    await close();
  });
});
