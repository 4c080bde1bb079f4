// Every column header sorts, Last changed included: click, Enter and Space toggle the
// direction, aria-sort says which column sorts which way, and the toolbar's sort control follows.

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

describe('sorting by Last changed', () => {
  it('click and keyboard on the header toggle newest and oldest change, ties by id, with aria-sort', async () => {
    // One import: the three share their times, so ties are broken by id (Charlie 1, Alice 2, Bob 3).
    const path = await ui.createWorkspace('last-changed.roster', ['Charlie', 'Alice', 'Bob']);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toEqual(['Alice', 'Bob', 'Charlie']);
    // A rename is the newest change.
    await page.evaluate(() =>
      (window as unknown as { roster: { people: { update(input: object): Promise<unknown> } } }).roster.people.update({
        id: 2,
        name: 'Alicia',
      }),
    );
    await expect.poll(() => gridNames(page)).toEqual(['Alicia', 'Bob', 'Charlie']);

    const header = (name: RegExp) => page.getByRole('columnheader', { name });
    const changed = header(/Last changed/);
    await changed.getByRole('button').click();
    await expect.poll(() => changed.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => gridNames(page)).toEqual(['Alicia', 'Bob', 'Charlie']);
    expect(await header(/Name/).getAttribute('aria-sort')).toBe('none');
    expect(await header(/Added/).getAttribute('aria-sort')).toBe('none');
    expect(await page.getByRole('combobox', { name: 'Sort people' }).inputValue()).toBe('updated-desc');
    await expectNoSeriousViolations(page, 'sorted by last change');

    await changed.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => changed.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => gridNames(page)).toEqual(['Charlie', 'Bob', 'Alicia']);
    expect(await page.getByRole('combobox', { name: 'Sort people' }).inputValue()).toBe('updated-asc');
    await page.keyboard.press('Space');
    await expect.poll(() => changed.getAttribute('aria-sort')).toBe('descending');

    // Added: ties by id as well, newest first on the first click.
    await header(/Added/).getByRole('button').click();
    await expect.poll(() => header(/Added/).getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => gridNames(page)).toEqual(['Bob', 'Alicia', 'Charlie']);
    expect(await changed.getAttribute('aria-sort')).toBe('none');

    // The toolbar's control sorts by last change too.
    await page.getByRole('combobox', { name: 'Sort people' }).selectOption('updated-asc');
    await expect.poll(() => changed.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => gridNames(page)).toEqual(['Charlie', 'Bob', 'Alicia']);
    await close();
  });
});
