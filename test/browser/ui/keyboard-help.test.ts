// The keyboard-help sheet and the shortcut bar, in real Chromium: F1 and "?" open the
// sheet of the window's shortcuts, a "?" typed into a text field stays text, Escape
// closes the sheet and gives focus back, Tab never leaves it, the sheet lists every
// shortcut the bar shows, axe finds nothing with the sheet open, and at 200% zoom and
// at 480 px the bar wraps so that every item is in view.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../support/workspace-fixtures.js';
import { countText, createUiFixture, numberedNames, type UiFixture } from './ui-fixture.js';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let ui: UiFixture;
let path: string;

beforeAll(async () => {
  ui = await createUiFixture();
  path = await ui.createWorkspace('keyboard-help.roster', numberedNames(30));
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

const sheet = (page: Page) => page.getByRole('dialog', { name: 'Keyboard shortcuts' });

/** Marks the focused element, so a later check can tell whether focus came back to it. */
async function markFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement;
    active.dataset.helpTestMark = 'before';
    return active.tagName;
  });
}

function focusIsMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.helpTestMark === 'before');
}

function focusInSheet(page: Page): Promise<boolean> {
  return page.evaluate(() => document.activeElement?.closest('dialog.keyboard-help[open]') != null);
}

/** The sheet's rows as [keys, action]. */
function sheetRows(page: Page): Promise<{ keys: string[]; label: string }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('dialog.keyboard-help tbody tr')].map((row) => ({
      keys: [...row.querySelectorAll('kbd')].map((kbd) => kbd.textContent ?? ''),
      label: row.querySelector('td')?.textContent ?? '',
    })),
  );
}

async function openWorkspace(options: Parameters<UiFixture['openWorkspacePage']>[1] = {}) {
  const opened = await ui.openWorkspacePage(path, options);
  await expect.poll(() => countText(opened.page)).toBe('30 people');
  return opened;
}

describe('keyboard help in the workspace window', () => {
  it('F1 opens the sheet from the grid, Tab stays inside, Escape closes it and focus returns', async () => {
    const { page, close, problems } = await openWorkspace();
    await page.getByRole('grid', { name: 'People' }).focus();
    await markFocus(page);
    await page.keyboard.press('F1');
    await expect.poll(() => sheet(page).isVisible()).toBe(true);
    expect(await focusInSheet(page)).toBe(true);
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect(await focusInSheet(page), key).toBe(true);
    }
    // F1 again does not stack a second sheet.
    await page.keyboard.press('F1');
    expect(await page.locator('dialog.keyboard-help').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog.keyboard-help').count()).toBe(0);
    expect(await focusIsMarked(page)).toBe(true);
    expect(problems).toEqual([]);
    await close();
  });

  it('"?" opens the sheet from the grid without typing into the search box', async () => {
    const { page, close } = await openWorkspace();
    await page.getByRole('grid', { name: 'People' }).focus();
    await page.keyboard.type('?');
    await expect.poll(() => sheet(page).isVisible()).toBe(true);
    expect(await page.getByRole('searchbox', { name: 'Search people' }).inputValue()).toBe('');
    await page.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.locator('dialog.keyboard-help').count()).toBe(0);
    expect(await countText(page)).toBe('30 people');
    await close();
  });

  it('"?" typed in the add field and the search box is text, and the sheet stays closed', async () => {
    const { page, close } = await openWorkspace();
    const add = page.getByRole('textbox', { name: 'Add a person' });
    await add.focus();
    await page.keyboard.type('Who?');
    expect(await add.inputValue()).toBe('Who?');
    const search = page.getByRole('searchbox', { name: 'Search people' });
    await search.focus();
    await page.keyboard.type('?');
    expect(await search.inputValue()).toBe('?');
    expect(await page.locator('dialog.keyboard-help').count()).toBe(0);
    // F1 works from a text field too, and gives focus back to it.
    await markFocus(page);
    await page.keyboard.press('F1');
    await expect.poll(() => sheet(page).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog.keyboard-help').count()).toBe(0);
    expect(await focusIsMarked(page)).toBe(true);
    expect(await search.inputValue()).toBe('?');
    await close();
  });

  it('lists every shortcut the bar shows', async () => {
    const { page, close } = await openWorkspace();
    const bar = await page.evaluate(() =>
      [...document.querySelectorAll('footer.hints .hint')].map((hint) => ({
        key: hint.querySelector('kbd')?.textContent ?? '',
        label: (hint.textContent ?? '').slice((hint.querySelector('kbd')?.textContent ?? '').length).trim(),
      })),
    );
    expect(bar.length).toBeGreaterThanOrEqual(9);
    expect(bar).toContainEqual({ key: 'F1', label: 'help' });
    await page.keyboard.press('F1');
    await expect.poll(() => sheet(page).isVisible()).toBe(true);
    const rows = await sheetRows(page);
    expect(rows.length).toBeGreaterThan(bar.length);
    for (const item of bar) {
      expect(
        rows.some((row) => row.label === item.label && row.keys.includes(item.key)),
        `${item.key} ${item.label}`,
      ).toBe(true);
    }
    await close();
  });

  it.each(['light', 'dark'] as const)('axe finds no violation with the sheet open (%s)', async (colorScheme) => {
    const { page, close } = await openWorkspace({ colorScheme });
    await page.keyboard.press('F1');
    await expect.poll(() => sheet(page).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await close();
  });
});

describe('keyboard help in the launcher', () => {
  it('F1 and "?" open the launcher\'s own shortcuts; "?" in the filter box is text', async () => {
    const { page, close, problems } = await ui.openLauncherPage();
    await expect.poll(() => page.locator('.launcher-window').isVisible()).toBe(true);
    await page.keyboard.press('F1');
    await expect.poll(() => sheet(page).isVisible()).toBe(true);
    const rows = await sheetRows(page);
    expect(rows).toContainEqual({ keys: ['Ctrl Shift F'], label: 'find a person in all workspaces' });
    expect(rows.map((row) => row.label)).not.toContain('rename');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog.keyboard-help').count()).toBe(0);

    await page.getByRole('button', { name: 'New workspace…' }).focus();
    await markFocus(page);
    await page.keyboard.type('?');
    await expect.poll(() => sheet(page).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog.keyboard-help').count()).toBe(0);
    expect(await focusIsMarked(page)).toBe(true);

    const find = page.locator('input[type="search"]').first();
    await find.focus();
    await page.keyboard.type('?');
    expect(await find.inputValue()).toBe('?');
    expect(await page.locator('dialog.keyboard-help').count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('the shortcut bar in small windows', () => {
  it.each([
    { label: '200% zoom', viewport: { width: 550, height: 380 }, zoom: 2 },
    { label: '480 px wide', viewport: { width: 480, height: 360 }, zoom: 1 },
  ])('$label: the bar wraps and every item is fully visible', async ({ viewport, zoom }) => {
    const { page, close } = await openWorkspace({ viewport, zoom });
    const seen = await page.evaluate(() => {
      const bar = document.querySelector<HTMLElement>('footer.hints')!;
      const barBox = bar.getBoundingClientRect();
      const items = [...bar.querySelectorAll<HTMLElement>('.hint')].map((hint) => {
        const box = hint.getBoundingClientRect();
        const hit = document.elementFromPoint((box.left + box.right) / 2, (box.top + box.bottom) / 2);
        return {
          text: hint.textContent,
          box: { top: box.top, bottom: box.bottom, left: box.left, right: box.right },
          onTop: hit !== null && hint.contains(hit),
        };
      });
      return {
        window: { width: window.innerWidth, height: window.innerHeight },
        bar: { top: barBox.top, bottom: barBox.bottom, left: barBox.left, right: barBox.right },
        clipped: bar.scrollWidth > bar.clientWidth + 0.5 || bar.scrollHeight > bar.clientHeight + 0.5,
        lines: new Set(items.map((item) => Math.round(item.box.top))).size,
        items,
      };
    });
    expect(seen.clipped).toBe(false);
    expect(seen.lines).toBeGreaterThan(1);
    for (const item of seen.items) {
      const where = `${item.text} at ${JSON.stringify(item.box)}`;
      expect(item.box.left, where).toBeGreaterThanOrEqual(Math.max(0, seen.bar.left) - 0.5);
      expect(item.box.right, where).toBeLessThanOrEqual(Math.min(seen.window.width, seen.bar.right) + 0.5);
      expect(item.box.top, where).toBeGreaterThanOrEqual(Math.max(0, seen.bar.top) - 0.5);
      expect(item.box.bottom, where).toBeLessThanOrEqual(Math.min(seen.window.height, seen.bar.bottom) + 0.5);
      expect(item.onTop, where).toBe(true);
    }
    await close();
  });
});

/** Every axe violation on the page as it is now, of any impact. */
async function axeViolations(page: Page): Promise<string[]> {
  // The page's CSP refuses inline scripts; DevTools' evaluate is not subject to it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE_SOURCE, 'utf8'));
  return page.evaluate(async () => {
    await Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined)));
    const { violations } = await (
      window as unknown as {
        axe: { run(context: Document): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> };
      }
    ).axe.run(document);
    return violations.map(
      (violation) => `${violation.id} (${violation.impact}) on ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  });
}
