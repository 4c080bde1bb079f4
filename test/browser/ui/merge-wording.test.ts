// Moving people between workspaces, in plain words. The Merge into… dialog names the
// workspace being merged once (in its title), and says under "Do not move likely
// duplicates" what that box does. After a Move to…, the target window's Undo says where
// the move can be undone (its undo is in the source window's history), instead of
// undoing an older change of its own.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../support/workspace-fixtures.js';
import { expectNoSeriousViolations } from './axe-check.js';
import { createUiFixture, gridNames, type UiFixture } from './ui-fixture.js';

let ui: UiFixture;

beforeAll(async () => {
  ui = await createUiFixture();
  const club = await ui.createWorkspace('merge-words-club.roster', ['Ada Lovelace']);
  const office = await ui.createWorkspace('merge-words-office.roster', ['Alan Turing']);
  ui.context.catalog.add(club, 'Chess club');
  ui.context.catalog.add(office, 'Head office');
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

async function openMerge(page: Page): Promise<void> {
  await expect.poll(() => page.getByRole('button', { name: 'More actions for Chess club' }).count()).toBe(1);
  await page.getByRole('button', { name: 'More actions for Chess club' }).click();
  await page.getByRole('menuitem', { name: 'Merge into…' }).click();
}

describe('the Merge into… dialog', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`${colorScheme}: names the workspace once and says what leaving likely duplicates behind does`, async () => {
      const { page, close, problems } = await ui.openLauncherPage({ colorScheme });
      await openMerge(page);
      const dialog = page.getByRole('dialog', { name: 'Merge “Chess club” into…' });
      await expect.poll(() => dialog.isVisible()).toBe(true);
      const text = await dialog.innerText();
      expect(text.split('Chess club').length - 1).toBe(1);
      expect(text).toContain('Once it is empty, it goes to the trash, where you can restore it.');

      const box = dialog.getByRole('checkbox', { name: 'Do not move likely duplicates' });
      const description = await box.evaluate((input) => {
        const id = input.getAttribute('aria-describedby');
        return id ? (document.getElementById(id)?.textContent ?? '') : '';
      });
      expect(description).toBe(
        'Someone with the same name as a person already in the workspace you choose stays in this one, ' +
          'so nobody is listed there twice. This workspace is then not empty, and stays out of the trash.',
      );
      await expectNoSeriousViolations(page, `merge dialog, ${colorScheme}`, 'dialog');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => dialog.count()).toBe(0);
      expect(problems).toEqual([]);
      await close();
    });
  }
});

describe('the target window after a Move to…', () => {
  it('its Undo says where the move can be undone and changes nothing; once undone there, it steps aside', async () => {
    const from = await ui.createWorkspace('move-words-from.roster', ['Ada Lovelace', 'Grace Hopper']);
    const to = await ui.createWorkspace('move-words-to.roster', ['Alan Turing']);
    ui.context.catalog.add(from, 'Club');
    ui.context.catalog.add(to, 'Office');
    const target = await ui.openWorkspacePage(to);
    const source = await ui.openWorkspacePage(from);
    await expect.poll(() => gridNames(source.page)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    // The target's own last change, which its Undo must not reach in the move's place.
    await target.page.getByRole('textbox', { name: 'Add a person' }).fill('Edsger Dijkstra');
    await target.page.getByRole('textbox', { name: 'Add a person' }).press('Enter');
    await expect.poll(() => gridNames(target.page)).toEqual(['Alan Turing', 'Edsger Dijkstra']);

    await source.page.getByRole('grid', { name: 'People' }).focus();
    await source.page.keyboard.press('Home');
    await source.page.keyboard.press('Shift+F10');
    await source.page.getByRole('menuitem', { name: 'Move to…' }).click();
    await source.page.getByRole('dialog', { name: 'Move “Ada Lovelace” to…' }).getByRole('button', { name: 'Move' }).click();
    await expect.poll(() => gridNames(target.page)).toEqual(['Ada Lovelace', 'Alan Turing', 'Edsger Dijkstra']);

    await target.page.getByRole('grid', { name: 'People' }).focus();
    await target.page.keyboard.press('Control+z');
    await expect
      .poll(() => target.page.locator('.toast-text').textContent())
      .toBe('This person was moved here from “Club”. Undo the move in the window of “Club”.');
    expect(await gridNames(target.page)).toEqual(['Ada Lovelace', 'Alan Turing', 'Edsger Dijkstra']);

    // Undone where it was made: Ada goes back, and the target's Undo reaches its own add again.
    await source.page.getByRole('grid', { name: 'People' }).focus();
    await source.page.keyboard.press('Control+z');
    await expect.poll(() => gridNames(target.page)).toEqual(['Alan Turing', 'Edsger Dijkstra']);
    await expect.poll(() => gridNames(source.page)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    await target.page.getByRole('grid', { name: 'People' }).focus();
    await target.page.keyboard.press('Control+z');
    await target.page.keyboard.press('Control+z');
    await expect.poll(() => gridNames(target.page)).toEqual(['Alan Turing']);
    expect(source.problems).toEqual([]);
    expect(target.problems).toEqual([]);
    await source.close();
    await target.close();
  });
});
