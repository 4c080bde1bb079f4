// The launcher in real Chromium over a real catalog and real workspace files: the list
// (name, location, last opened, people, missing files), filtering as you type, create,
// open existing, rename, remove from the list, delete to the trash with confirmation,
// and restore.

import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';
import { createUiFixture, type UiFixture } from './ui-fixture.js';

let ui: UiFixture;

beforeAll(async () => {
  ui = await createUiFixture();
});

beforeEach(() => {
  // Each test starts from an empty launcher.
  for (const entry of ui.context.catalog.list()) ui.context.catalog.forget(entry.id);
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

function listed(page: Page): Promise<string[]> {
  return page.getByRole('list', { name: 'Recent workspaces' }).getByRole('listitem').allInnerTexts();
}

function item(page: Page, name: string) {
  return page
    .getByRole('list', { name: 'Recent workspaces' })
    .getByRole('listitem')
    .filter({ has: page.getByText(name, { exact: true }) });
}

async function chooseAction(page: Page, workspace: string, action: string): Promise<void> {
  await page.getByRole('button', { name: `More actions for ${workspace}` }).click();
  await page.getByRole('menuitem', { name: action }).click();
}

describe('launcher', () => {
  it('lists workspaces with location, people and last opened; missing files are shown as missing; filters as you type', async () => {
    const founders = await ui.createWorkspace('founders.roster', ['George Washington', 'John Adams', 'Thomas Jefferson']);
    const club = await ui.createWorkspace('club.roster', ['Ada Lovelace']);
    const gone = await ui.createWorkspace('gone.roster');
    ui.context.catalog.add(founders, 'Founding Fathers');
    const clubEntry = ui.context.catalog.add(club, 'Book Club');
    ui.context.catalog.add(gone, 'Old Volunteers');
    await new Promise((resolve) => setTimeout(resolve, 5));
    ui.context.catalog.touch(clubEntry.id);
    rmSync(gone);

    const { page, close, problems } = await ui.openLauncherPage();
    await expect.poll(() => listed(page)).toHaveLength(3);
    const founding = await item(page, 'Founding Fathers').innerText();
    expect(founding).toContain(join(ui.files, 'founders.roster'));
    expect(founding).toContain('3 people');
    expect(founding).toContain('Never opened');
    const book = await item(page, 'Book Club').innerText();
    expect(book).toContain('1 person');
    expect(book).toMatch(/Opened (just now|\d+ seconds? ago)/);
    const old = item(page, 'Old Volunteers');
    expect(await old.innerText()).toContain('File missing');
    expect(await old.innerText()).toContain(`Not found at ${join(ui.files, 'gone.roster')}`);
    expect(await old.getByRole('button', { name: 'Old Volunteers', exact: true }).isDisabled()).toBe(true);
    // Most recent first (opened, or else added).
    expect((await listed(page))[0]).toContain('Book Club');

    const filter = page.getByRole('searchbox', { name: 'Filter workspaces' });
    await filter.pressSequentially('fath');
    await expect.poll(() => listed(page)).toHaveLength(1);
    expect((await listed(page))[0]).toContain('Founding Fathers');
    await filter.fill('club.roster');
    await expect.poll(async () => (await listed(page)).map((text) => text.split('\n')[0])).toEqual(['Book Club']);
    await filter.fill('zzz');
    await expect.poll(() => page.getByText('No workspace matches “zzz”.').isVisible()).toBe(true);
    await filter.fill('');
    await expect.poll(() => listed(page)).toHaveLength(3);

    // Missing ones can be removed from the list; the others stay.
    await chooseAction(page, 'Old Volunteers', 'Remove from list');
    await expect.poll(() => listed(page)).toHaveLength(2);
    expect(
      ui.context.catalog
        .list()
        .map((entry) => entry.name)
        .sort(),
    ).toEqual(['Book Club', 'Founding Fathers']);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('launcher: creating and opening workspaces', () => {
  it('creates a workspace (name, then location from the native dialog) and opens existing ones', async () => {
    const { page, close } = await ui.openLauncherPage();
    await expect.poll(() => page.getByText(/No workspaces yet/).isVisible()).toBe(true);

    await page.getByRole('button', { name: 'New workspace…' }).click();
    const name = page.getByRole('textbox', { name: 'Name of the new workspace' });
    await name.fill('   ');
    await name.press('Enter');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'A workspace needs a name.' }).isVisible()).toBe(true);
    expect(ui.dialogs.asked).not.toContain('new:   ');

    const target = join(ui.files, 'cabinet.roster');
    ui.dialogs.newWorkspace.push(target);
    await name.fill('The Cabinet');
    await name.press('Enter');
    await expect.poll(() => listed(page)).toHaveLength(1);
    expect(ui.dialogs.asked.at(-1)).toBe('new:The Cabinet');
    expect(existsSync(target)).toBe(true);
    expect(ui.shown.at(-1)).toBe(target);
    const cabinet = await item(page, 'The Cabinet').innerText();
    expect(cabinet).toContain('Open');
    expect(cabinet).toContain('0 people');
    expect(await name.isVisible()).toBe(false);

    // Dismissing the dialog changes nothing.
    await page.getByRole('button', { name: 'New workspace…' }).click();
    ui.dialogs.newWorkspace.push(null);
    await name.fill('Never Made');
    await name.press('Enter');
    await expect.poll(() => ui.dialogs.asked.at(-1)).toBe('new:Never Made');
    expect(await name.inputValue()).toBe('Never Made');
    await page.keyboard.press('Escape');

    const existing = await ui.createWorkspace('existing.roster', ['Dolley Madison']);
    ui.dialogs.existingWorkspace.push(existing);
    await page.getByRole('button', { name: 'Open…' }).click();
    await expect.poll(() => listed(page)).toHaveLength(2);
    expect(await item(page, 'existing').innerText()).toContain('1 person');
    await close();
  });
});

describe('launcher: renaming, removing, deleting, opening from the list', () => {
  it('renames inline, explains a refused name, removes from the list, and deletes to the trash with confirmation and restore', async () => {
    const path = await ui.createWorkspace('renamable.roster', ['Alexander Hamilton']);
    ui.context.catalog.add(path, 'Treasury');
    const { page, close, problems } = await ui.openLauncherPage();
    await expect.poll(() => item(page, 'Treasury').count()).toBe(1);

    // Rename by keyboard from the actions menu.
    await page.getByRole('button', { name: 'More actions for Treasury' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('menuitem', { name: 'Open', exact: true }).evaluate((element) => element === document.activeElement))
      .toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(() => page.getByRole('menuitem', { name: 'Rename' }).evaluate((element) => element === document.activeElement))
      .toBe(true);
    await page.keyboard.press('Enter');
    const field = page.getByRole('textbox', { name: 'New name for Treasury' });
    await expect.poll(() => field.evaluate((element) => element === document.activeElement)).toBe(true);
    await field.fill('x'.repeat(121));
    await field.press('Enter');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'at most 120 characters' }).isVisible()).toBe(true);
    expect(await field.inputValue()).toBe('x'.repeat(121));
    await field.fill('Treasury Department');
    await field.press('Enter');
    await expect.poll(() => item(page, 'Treasury Department').count()).toBe(1);
    expect(ui.context.catalog.findByPath(path)?.name).toBe('Treasury Department');

    // Delete: the confirmation can be declined...
    await chooseAction(page, 'Treasury Department', 'Move to trash…');
    const dialog = page.getByRole('dialog', { name: 'Move “Treasury Department” to the trash?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await dialog.count()).toBe(0);
    expect(existsSync(path)).toBe(true);

    // ...or accepted: the file goes to Roster's trash and shows there.
    await chooseAction(page, 'Treasury Department', 'Move to trash…');
    await dialog.getByRole('button', { name: 'Move to trash' }).click();
    await expect.poll(() => item(page, 'Treasury Department').count()).toBe(0);
    expect(existsSync(path)).toBe(false);
    const trash = page.getByRole('list', { name: 'Deleted workspaces' });
    await expect.poll(() => trash.innerText()).toContain('Treasury Department');
    expect(await page.getByRole('status').filter({ hasText: 'Moved Treasury Department to the trash.' }).isVisible()).toBe(true);

    await trash.getByRole('button', { name: 'Restore Treasury Department' }).click();
    await expect.poll(() => item(page, 'Treasury Department').count()).toBe(1);
    expect(existsSync(path)).toBe(true);
    await expect.poll(() => trash.isVisible()).toBe(false);

    // Delete again and use the toast's Undo.
    await chooseAction(page, 'Treasury Department', 'Move to trash…');
    await dialog.getByRole('button', { name: 'Move to trash' }).click();
    await expect.poll(() => existsSync(path)).toBe(false);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => existsSync(path)).toBe(true);
    await expect.poll(() => item(page, 'Treasury Department').count()).toBe(1);

    // Remove from the list leaves the file where it is.
    await chooseAction(page, 'Treasury Department', 'Remove from list');
    await expect.poll(() => item(page, 'Treasury Department').count()).toBe(0);
    expect(existsSync(path)).toBe(true);
    expect(problems).toEqual([]);
    await close();
  });

  it('opens a workspace from the list', async () => {
    const path = await ui.createWorkspace('openable.roster', ['Paul Revere']);
    const entry = ui.context.catalog.add(path, 'Midnight Riders');
    const { page, close } = await ui.openLauncherPage();
    await item(page, 'Midnight Riders').getByRole('button', { name: 'Midnight Riders', exact: true }).click();
    await expect.poll(() => ui.shown.at(-1)).toBe(path);
    await expect.poll(() => item(page, 'Midnight Riders').innerText()).toContain('Open');
    expect(ui.context.catalog.get(entry.id).lastOpenedAt).not.toBeNull();
    await close();
  });
});

describe('Merge into…', () => {
  it(
    'moves everyone into the chosen workspace, can leave likely duplicates behind, ' +
      'and sends an emptied workspace to the trash (restorable)',
    async () => {
      const side = await ui.createWorkspace('merge-side.roster', ['Linus Pauling', 'alan turing']);
      const main = await ui.createWorkspace('merge-main.roster', ['Alan Turing']);
      ui.context.catalog.add(side, 'Side project');
      ui.context.catalog.add(main, 'Main office');
      const { page, close, problems } = await ui.openLauncherPage();
      await expect.poll(() => page.getByRole('button', { name: 'More actions for Side project' }).count()).toBe(1);

      await chooseAction(page, 'Side project', 'Merge into…');
      const dialog = page.getByRole('dialog', { name: 'Merge “Side project” into…' });
      await expect.poll(() => dialog.isVisible()).toBe(true);
      await dialog.getByRole('radio', { name: /Main office/ }).check();
      await dialog.getByRole('checkbox', { name: 'Do not move likely duplicates' }).check();
      await dialog.getByRole('button', { name: 'Merge' }).click();
      await expect
        .poll(() => page.locator('.toast-text').textContent())
        .toBe(
          'Moved 1 person from “Side project” into “Main office”. ' +
            '1 person stayed in “Side project”, as a likely duplicate: “Main office” already has someone of the same name.',
        );
      expect(queryFile<{ name: string }>(main, 'SELECT name FROM "Person" ORDER BY id').map((row) => row.name)).toEqual([
        'Alan Turing',
        'Linus Pauling',
      ]);
      expect(queryFile<{ name: string }>(side, 'SELECT name FROM "Person"').map((row) => row.name)).toEqual(['alan turing']);

      // Again without leaving duplicates: the side project is emptied and goes to the trash.
      await chooseAction(page, 'Side project', 'Merge into…');
      await dialog.getByRole('radio', { name: /Main office/ }).check();
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.locator('.toast-text').textContent())
        .toBe(
          'Moved 1 person from “Side project” into “Main office”. ' +
            '1 of them has the same name as someone already there. “Side project” was empty and went to the trash.',
        );
      expect(existsSync(side)).toBe(false);
      await expect.poll(() => page.getByRole('list', { name: 'Deleted workspaces' }).getByText('Side project').count()).toBe(1);
      await page.getByRole('button', { name: 'Restore “Side project”' }).click();
      await expect.poll(() => existsSync(side)).toBe(true);
      expect(ui.context.catalog.findByPath(side)?.name).toBe('Side project');
      expect(problems).toEqual([]);
      await close();
    },
  );
});
