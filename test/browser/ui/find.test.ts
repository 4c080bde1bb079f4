// "Find a person in all workspaces" in the launcher, in real Chromium over a
// real catalog and real workspace files: results stream in grouped by workspace with
// their counts and states, the tree is worked with the keyboard as WAI-ARIA's tree
// pattern says, Enter on a person opens its workspace with that person selected (in a
// window that opens then, and in one that was already open), and it stays readable
// at 200% zoom.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execOnFile, makeV1File, removeTempDirs } from '../../support/workspace-fixtures.js';
import { createUiFixture, gridNames, numberedNames, type UiFixture } from './ui-fixture.js';

let ui: UiFixture;
let founders: string;
let club: string;

beforeAll(async () => {
  ui = await createUiFixture();
  // A big workspace, so the person Enter opens is far down the list.
  founders = await ui.createWorkspace('founders.roster', [...numberedNames(400), 'John Adams', 'Abigail Adams', 'Samuel Adams']);
  club = await ui.createWorkspace('club.roster', ['Ada Lovelace', 'Grace Hopper', 'Ádám Kovács']);
  const quiet = await ui.createWorkspace('quiet.roster', ['Nobody Here']);
  const old = join(ui.files, 'old.roster');
  makeV1File(old, ['Adams Older']);
  const foreign = join(ui.files, 'foreign.db');
  execOnFile(foreign, 'CREATE TABLE notes (body TEXT)');
  const gone = await ui.createWorkspace('gone.roster', ['Gone Adams']);
  for (const [path, name] of [
    [gone, 'Gone'],
    [foreign, 'Notes app'],
    [old, 'Old club'],
    [quiet, 'Quiet'],
    [club, 'Book Club'],
    [founders, 'Founding Fathers'],
  ] as const) {
    ui.context.catalog.add(path, name);
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
  rmSync(gone);
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

const BOX = 'Find a person in all workspaces';

function tree(page: Page) {
  return page.getByRole('tree', { name: 'People found in your workspaces' });
}

/** Each top-level item's text, in order. */
function groups(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.find-group > .find-group-label')].map((label) =>
      (label as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
    ),
  );
}

function focused(page: Page): Promise<{ role: string | null; text: string; level: string | null; expanded: string | null }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    const label = element?.classList.contains('find-group') ? element.querySelector<HTMLElement>('.find-group-label') : element;
    return {
      role: element?.getAttribute('role') ?? element?.tagName.toLowerCase() ?? null,
      text: (label?.innerText ?? '').replace(/\s+/g, ' ').trim(),
      level: element?.getAttribute('aria-level') ?? null,
      expanded: element?.getAttribute('aria-expanded') ?? null,
    };
  });
}

describe('find a person in all workspaces', () => {
  it('streams grouped results with counts and states as you type', async () => {
    const { page, close, problems } = await ui.openLauncherPage();
    await expect.poll(() => page.getByRole('list', { name: 'Recent workspaces' }).getByRole('listitem').count()).toBe(6);
    const box = page.getByRole('searchbox', { name: BOX });
    await box.pressSequentially('adam');
    await expect.poll(() => page.locator('.find-status').innerText()).toBe('4 people found in 2 of 6 workspaces.');
    // In the list's order (most recent first); workspaces that found no one are not shown, states are.
    expect(await groups(page)).toEqual([
      'Founding Fathers 3 people found',
      'Book Club 1 person found',
      'Old club Needs upgrade: open it to upgrade it, then search again',
      'Notes app Not a Roster workspace',
      'Gone File missing',
    ]);
    expect(
      await tree(page)
        .getByRole('treeitem', { level: 2 } as never)
        .allInnerTexts(),
    ).toEqual(['Abigail Adams', 'John Adams', 'Samuel Adams', 'Ádám Kovács']);
    // Accents and case do not matter, and a new keystroke replaces the results.
    await box.fill('LOVELACE');
    await expect
      .poll(() => groups(page))
      .toEqual([
        'Book Club 1 person found',
        'Old club Needs upgrade: open it to upgrade it, then search again',
        'Notes app Not a Roster workspace',
        'Gone File missing',
      ]);
    await box.fill('zzzz');
    await expect.poll(() => page.locator('.find-status').innerText()).toBe('No one matches “zzzz” in 6 workspaces.');
    await box.fill('');
    await expect.poll(() => tree(page).isVisible()).toBe(false);
    expect(await page.locator('.find-status').isVisible()).toBe(false);
    // Read only: the older file was not upgraded, no window opened.
    expect(ui.shown).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it('moves through the tree with the arrow keys, Home and End, and opens and closes groups', async () => {
    const { page, close } = await ui.openLauncherPage();
    const box = page.getByRole('searchbox', { name: BOX });
    await box.fill('adams');
    await expect.poll(() => page.locator('.find-status').innerText()).toMatch(/^3 people found/);
    await box.press('ArrowDown');
    expect(await focused(page)).toEqual({ role: 'treeitem', text: 'Founding Fathers 3 people found', level: '1', expanded: 'true' });
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toMatchObject({ text: 'Abigail Adams', level: '2' });
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).text).toBe('John Adams');
    await page.keyboard.press('ArrowLeft');
    expect((await focused(page)).text).toBe('Founding Fathers 3 people found');
    await page.keyboard.press('ArrowLeft');
    expect((await focused(page)).expanded).toBe('false');
    expect(await page.getByText('Abigail Adams').isVisible()).toBe(false);
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).text).toBe('Old club Needs upgrade: open it to upgrade it, then search again');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowRight');
    expect((await focused(page)).expanded).toBe('true');
    await page.keyboard.press('ArrowRight');
    expect((await focused(page)).text).toBe('Abigail Adams');
    await page.keyboard.press('End');
    expect((await focused(page)).text).toBe('Gone File missing');
    await page.keyboard.press('Home');
    expect((await focused(page)).text).toBe('Founding Fathers 3 people found');
    // Only one item is in the tab order (roving focus).
    expect(await tree(page).locator('[tabindex="0"]').count()).toBe(1);
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(BOX);
    // Escape empties the box.
    await box.press('Escape');
    expect(await box.inputValue()).toBe('');
    await close();
  });
});

describe('find a person in all workspaces: opening a result, zoom', () => {
  it('Enter on a person opens its workspace with that person selected and scrolled into view', async () => {
    const { page, close } = await ui.openLauncherPage();
    await page.keyboard.press('Control+Shift+F');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(BOX);
    await page.keyboard.type('samuel');
    await expect.poll(() => groups(page)).toContain('Founding Fathers 1 person found');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).text).toBe('Samuel Adams');
    await page.keyboard.press('Enter');
    await expect.poll(() => ui.shown.at(-1)).toBe(founders);
    const window = await ui.openShownWorkspacePage(founders);
    await expect.poll(() => window.page.locator('[role="row"][aria-selected="true"] .cell-name').allInnerTexts()).toEqual(['Samuel Adams']);
    expect(await window.page.getByTestId('selection').innerText()).toBe('1 selected');
    expect(await window.page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid');
    // The active row is the person, and the window learnt no path.
    const active = await window.page.evaluate(
      () => document.getElementById(document.activeElement?.getAttribute('aria-activedescendant') ?? '')?.textContent,
    );
    expect(active).toBe('Samuel Adams');
    expect(window.problems).toEqual([]);
    await window.close();
    await close();
  });

  it('a window already open on the workspace clears its search and shows the person', async () => {
    const open = await ui.openWorkspacePage(club);
    await expect.poll(() => gridNames(open.page)).toEqual(['Ada Lovelace', 'Ádám Kovács', 'Grace Hopper']);
    await open.page.getByRole('searchbox', { name: 'Search people' }).fill('grace');
    await expect.poll(() => gridNames(open.page)).toEqual(['Grace Hopper']);
    const { page, close } = await ui.openLauncherPage();
    await page.getByRole('searchbox', { name: BOX }).fill('kovacs');
    await expect.poll(() => groups(page)).toContain('Book Club 1 person found');
    await page.getByRole('treeitem', { name: 'Ádám Kovács' }).click();
    await expect.poll(() => open.page.locator('[role="row"][aria-selected="true"] .cell-name').allInnerTexts()).toEqual(['Ádám Kovács']);
    expect(await open.page.getByRole('searchbox', { name: 'Search people' }).inputValue()).toBe('');
    expect(await gridNames(open.page)).toEqual(['Ada Lovelace', 'Ádám Kovács', 'Grace Hopper']);
    await open.close();
    await close();
  });

  it('stays readable at 200% zoom with results shown', async () => {
    const { page, close } = await ui.openLauncherPage({ viewport: { width: 550, height: 380 }, zoom: 2 });
    await page.getByRole('searchbox', { name: BOX }).fill('adam');
    await expect.poll(() => page.locator('.find-status').innerText()).toMatch(/found/);
    const layout = await page.evaluate(() => ({
      documentWidth: document.documentElement.scrollWidth,
      windowWidth: window.innerWidth,
      offscreen: [...document.querySelectorAll<HTMLElement>('input, button, [role="treeitem"]')]
        .filter((element) => element.offsetParent !== null)
        .filter((element) => {
          const box = element.getBoundingClientRect();
          return box.right > window.innerWidth + 1 || box.left < -1;
        })
        .map((element) => element.getAttribute('aria-label') ?? element.textContent),
    }));
    expect(layout.documentWidth).toBeLessThanOrEqual(layout.windowWidth);
    expect(layout.offscreen).toEqual([]);
    await page.getByRole('searchbox', { name: BOX }).press('ArrowDown');
    await page.keyboard.press('End');
    // The last item can be reached and is scrolled into view.
    const last = await page.evaluate(() => {
      const box = document.activeElement?.getBoundingClientRect();
      return box ? { top: box.top, bottom: box.bottom, height: window.innerHeight } : null;
    });
    expect(last).not.toBeNull();
    expect(last?.bottom ?? Infinity).toBeLessThanOrEqual((last?.height ?? 0) + 1);
    await close();
  });
});
