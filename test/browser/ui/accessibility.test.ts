// Keyboard first, visible focus, ARIA on the grid, readable at 200% zoom, light and
// dark from the OS, and nothing loaded from anywhere but the app itself.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../support/workspace-fixtures.js';
import { countText, createUiFixture, gridNames, numberedNames, type UiFixture } from './ui-fixture.js';

let ui: UiFixture;

beforeAll(async () => {
  ui = await createUiFixture();
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

/** What has focus: its role or tag and accessible label, and whether a focus indicator is drawn. */
function focused(page: Page): Promise<{ label: string; ring: boolean }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { label: 'body', ring: false };
    const style = getComputedStyle(element);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    const label = element.getAttribute('aria-label') ?? element.textContent?.trim() ?? element.tagName;
    return { label, ring };
  });
}

describe('keyboard and ARIA', () => {
  it('every workspace action is reachable with Tab, and focus is always visible', async () => {
    const path = await ui.createWorkspace('keyboard.roster', ['Ada Lovelace', 'Grace Hopper']);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const seen: string[] = [];
    for (let i = 0; i < 24; i++) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      // Tabbing past the last control leaves the page for the browser's own UI once.
      if (now.label === 'body') continue;
      expect(now.ring, `focus ring on ${now.label}`).toBe(true);
      seen.push(now.label);
    }
    for (const control of [
      'Import people',
      'Export people',
      'Search people',
      'Sort people',
      'Add a person',
      'Add',
      'People',
      'Name▲',
      'Added',
      'Resize the Name column',
      'Resize the Added column',
      'Resize the Last changed column',
    ]) {
      expect(seen).toContain(control);
    }
    await close();
  });

  it('the grid exposes its rows, columns, sort and active row to assistive technology', async () => {
    const path = await ui.createWorkspace('aria.roster', numberedNames(250));
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('250 people');
    const grid = page.getByRole('grid', { name: 'People' });
    expect(await grid.getAttribute('aria-rowcount')).toBe('251');
    expect(await grid.getAttribute('aria-multiselectable')).toBe('true');
    expect(await page.getByRole('columnheader').allInnerTexts()).toEqual(['Name▲', 'Added', 'Last changed']);
    expect(await page.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort')).toBe('ascending');
    expect(await page.getByRole('row').first().getAttribute('aria-rowindex')).toBe('1');

    await grid.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const active = await grid.getAttribute('aria-activedescendant');
    const cell = page.locator(`[id="${active}"]`);
    expect(await cell.getAttribute('role')).toBe('gridcell');
    expect(await cell.innerText()).toBe('Person 000003');
    const row = cell.locator('xpath=..');
    expect(await row.getAttribute('aria-rowindex')).toBe('4');
    expect(await row.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('PageDown');
    const after = await page.locator(`[id="${await grid.getAttribute('aria-activedescendant')}"]`).innerText();
    expect(Number(after.slice(-6))).toBeGreaterThan(6);
    // Escape clears the selection; Ctrl+F goes to search, '/' too.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[role="row"][aria-selected="true"]').count()).toBe(0);
    await page.keyboard.press('Control+f');
    expect((await focused(page)).label).toBe('Search people');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).label).toBe('People');
    await page.keyboard.press('Control+n');
    expect((await focused(page)).label).toBe('Add a person');
    await close();
  });

  it('the import and export menus work from the keyboard', async () => {
    const path = await ui.createWorkspace('menus.roster', ['Ada Lovelace']);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('1 person');
    const button = page.getByRole('button', { name: 'Export people' });
    await button.focus();
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).label).toBe('As CSV file…');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).label).toBe('As JSON file…');
    await page.keyboard.press('Escape');
    expect((await focused(page)).label).toBe('Export people');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await close();
  });
});

describe('looks', () => {
  it('stays readable at 200% zoom: nothing cut off sideways, every control on screen', async () => {
    const path = await ui.createWorkspace('zoom.roster', numberedNames(50));
    // A 1200 × 800 window at 200% zoom lays out like a 600 × 400 one.
    const { page, close } = await ui.openWorkspacePage(path, { viewport: { width: 600, height: 400 } });
    await expect.poll(() => countText(page)).toBe('50 people');
    const layout = await page.evaluate(() => ({
      documentWidth: document.documentElement.scrollWidth,
      windowWidth: window.innerWidth,
      offscreen: [...document.querySelectorAll<HTMLElement>('button, input, select, [role="grid"]')]
        .filter((element) => element.offsetParent !== null && !element.closest('[role="menu"]'))
        .filter((element) => {
          const box = element.getBoundingClientRect();
          return box.right > window.innerWidth + 1 || box.left < -1;
        })
        .map((element) => element.getAttribute('aria-label') ?? element.textContent),
    }));
    expect(layout.documentWidth).toBeLessThanOrEqual(layout.windowWidth);
    expect(layout.offscreen).toEqual([]);
    expect((await gridNames(page)).length).toBeGreaterThan(0);
    await close();
  });

  it('follows the OS colour scheme and loads nothing but its own files', async () => {
    const path = await ui.createWorkspace('scheme.roster', ['Ada Lovelace']);
    const backgrounds: Record<string, string> = {};
    for (const colorScheme of ['light', 'dark'] as const) {
      const requests: string[] = [];
      const { page, close, problems } = await ui.openWorkspacePage(path, { colorScheme });
      page.on('request', (request) => requests.push(request.url()));
      await page.reload();
      await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace']);
      backgrounds[colorScheme] = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(requests.every((url) => url.startsWith('https://roster.invalid/'))).toBe(true);
      expect(problems).toEqual([]);
      await close();
    }
    const brightness = (rgb: string) => (rgb.match(/\d+/g) ?? []).slice(0, 3).reduce((sum, part) => sum + Number(part), 0);
    expect(brightness(backgrounds['light'] ?? '')).toBeGreaterThan(600);
    expect(brightness(backgrounds['dark'] ?? '')).toBeLessThan(150);
  });
});
