// Likely duplicates in a real Chromium window: the add field's "Already here" note
// (its words, aria-describedby, said politely, and Enter still adds), and the
// duplicates sheet (groups shown, keyboard only, delete from a group and Ctrl+Z,
// showing a person in the table, axe in light and dark, 200% zoom).

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../support/workspace-fixtures.js';
import { expectNoSeriousViolations } from './axe-check.js';
import { createUiFixture, gridNames, type UiFixture } from './ui-fixture.js';

let ui: UiFixture;

beforeAll(async () => {
  ui = await createUiFixture();
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

const PEOPLE = ['Ada Lovelace', 'Grace Hopper', 'ADA LOVELACE', 'Zoë Adams', 'zoe adams', 'Alan Turing'];

const note = (page: Page) => page.getByTestId('same-name-note');
const sheet = (page: Page) => page.getByRole('dialog', { name: 'Likely duplicates' });
const groupTitles = (page: Page) => sheet(page).locator('.duplicate-group h3').allInnerTexts();

describe('the add field says when a name is already here', () => {
  it('names who and when while typing, is described and announced, and Enter still adds', async () => {
    const path = await ui.createWorkspace('note.roster', ['Ada Lovelace', 'Grace Hopper', 'grace hopper']);
    const { page, problems, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper', 'grace hopper']);
    const field = page.getByRole('textbox', { name: 'Add a person' });

    await field.pressSequentially('adá lovelace');
    await expect.poll(() => note(page).innerText()).toMatch(/^Already here: Ada Lovelace, added .+2\d{3}.*\. Enter adds another\.$/);
    const described = await field.evaluate((input) =>
      (input.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(described).toContain('Already here: Ada Lovelace');
    await expect
      .poll(() => page.locator('[role="status"][aria-live="polite"].visually-hidden').innerText())
      .toContain('Already here: Ada Lovelace');
    await expectNoSeriousViolations(page, 'add field with the already-here note', '[data-testid="same-name-note"]');

    await field.fill('GRACE HOPPER');
    await expect.poll(() => note(page).innerText()).toMatch(/2 people named like this, the first added .+ \(Grace Hopper\)\./);
    await field.fill('Nobody Yet');
    await expect.poll(() => note(page).isHidden()).toBe(true);

    await field.fill('Ada Lovelace');
    await expect.poll(() => note(page).isVisible()).toBe(true);
    await field.press('Enter');
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace', 'Ada Lovelace', 'Grace Hopper', 'grace hopper']);
    // The add emptied the field: the note goes with the name.
    await expect.poll(() => note(page).isHidden()).toBe(true);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('the likely duplicates sheet', () => {
  it('lists the groups, works by keyboard alone, deletes from a group and Ctrl+Z brings them back', async () => {
    const path = await ui.createWorkspace('sheet.roster', PEOPLE);
    const { page, problems, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toHaveLength(PEOPLE.length);
    await page.getByRole('grid').focus();

    await page.keyboard.press('Control+Shift+D');
    await expect.poll(() => groupTitles(page)).toEqual(['Ada Lovelace · 2 people', 'Zoë Adams · 2 people']);
    expect(await page.getByTestId('duplicates-summary').innerText()).toBe('2 names are held by more than one person (4 people).');
    await expectNoSeriousViolations(page, 'duplicates sheet, light', 'dialog.duplicates-view');

    // Keyboard only: Tab from Close wraps to the first control, the body, then the first tick box.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Close');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Names held more than once');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('checkbox');
    await page.keyboard.press('Tab'); // Show (first Ada)
    await page.keyboard.press('Tab'); // second Ada's tick box
    await page.keyboard.press('Space');
    await expect.poll(() => sheet(page).getByRole('button', { name: 'Delete 1 person' }).isEnabled()).toBe(true);
    await page.keyboard.press('Delete');
    await expect.poll(() => groupTitles(page)).toEqual(['Zoë Adams · 2 people']);
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Zoë Adams', 'zoe adams']);
    expect(await sheet(page).getByRole('status').innerText()).toBe('Deleted 1 person. Undo (Ctrl+Z) brings them back.');
    await expectNoSeriousViolations(page, 'duplicates sheet after a delete', 'dialog.duplicates-view');

    await page.keyboard.press('Control+z');
    await expect.poll(() => groupTitles(page)).toEqual(['Ada Lovelace · 2 people', 'Zoë Adams · 2 people']);
    await expect.poll(() => gridNames(page)).toHaveLength(PEOPLE.length);

    await page.keyboard.press('Escape');
    await expect.poll(() => sheet(page).count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid');
    expect(problems).toEqual([]);
    await close();
  });

  it('opens from the toolbar button, shows a person in the table, and says when nobody shares a name', async () => {
    const path = await ui.createWorkspace('reveal.roster', PEOPLE);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toHaveLength(PEOPLE.length);
    await page.getByTestId('duplicates-button').click();
    await expect.poll(() => groupTitles(page)).toHaveLength(2);
    await sheet(page)
      .getByRole('button', { name: /^Show zoe adams/ })
      .click();
    await expect.poll(() => sheet(page).count()).toBe(0);
    await expect.poll(() => page.locator('[role="row"][aria-selected="true"] .cell-name').allInnerTexts()).toEqual(['zoe adams']);
    await close();

    const single = await ui.createWorkspace('single.roster', ['Ada Lovelace', 'Grace Hopper']);
    const other = await ui.openWorkspacePage(single, { colorScheme: 'dark' });
    await expect.poll(() => gridNames(other.page)).toHaveLength(2);
    await other.page.getByTestId('duplicates-button').click();
    await expect.poll(() => other.page.getByTestId('duplicates-summary').innerText()).toBe('No two people in this workspace share a name.');
    await expectNoSeriousViolations(other.page, 'duplicates sheet, empty, dark', 'dialog.duplicates-view');
    await other.close();
  });

  it('is readable at 200% zoom in a small window, dark: nothing cut off sideways, Close in view', async () => {
    const path = await ui.createWorkspace('zoom.roster', PEOPLE);
    const { page, close } = await ui.openWorkspacePage(path, { viewport: { width: 960, height: 720 }, zoom: 2, colorScheme: 'dark' });
    await expect.poll(() => gridNames(page)).toHaveLength(PEOPLE.length);
    await page.getByTestId('duplicates-button').click();
    await expect.poll(() => groupTitles(page)).toHaveLength(2);
    await expectNoSeriousViolations(page, 'duplicates sheet, dark, 200% zoom', 'dialog.duplicates-view');
    const layout = await page.evaluate(() => {
      const dialog = document.querySelector('dialog.duplicates-view');
      const box = dialog?.getBoundingClientRect();
      const closeBox = [...(dialog?.querySelectorAll('button') ?? [])]
        .find((button) => button.textContent === 'Close')
        ?.getBoundingClientRect();
      return {
        width: window.innerWidth,
        height: window.innerHeight,
        dialogRight: box?.right ?? Infinity,
        dialogScroll: (dialog?.scrollWidth ?? 0) - (dialog?.clientWidth ?? 0),
        closeBottom: closeBox?.bottom ?? Infinity,
      };
    });
    expect(layout.dialogRight).toBeLessThanOrEqual(layout.width + 1);
    expect(layout.dialogScroll).toBeLessThanOrEqual(1);
    expect(layout.closeBottom).toBeLessThanOrEqual(layout.height + 1);
    await close();
  });
});
