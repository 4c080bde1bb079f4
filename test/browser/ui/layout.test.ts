// Small windows and large zoom: at 200% zoom and in a 480 × 360 window the table
// never draws over the shortcut bar, the page is never taller than the window, and a
// toast never covers the shortcut bar. The launcher and the import preview are measured the same
// way: they fit the window, and what does not fit scrolls inside them. Measured with bounding boxes in real Chromium; zoom is
// emulated as Chromium zooms (CSS viewport = window / zoom, devicePixelRatio = zoom).

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../support/workspace-fixtures.js';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/workspace-fixtures.js';
import { countText, createUiFixture, numberedNames, type UiFixture } from './ui-fixture.js';

let ui: UiFixture;
let path: string;

beforeAll(async () => {
  ui = await createUiFixture();
  path = await ui.createWorkspace('layout.roster', numberedNames(80));
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

async function measure(page: Page): Promise<{
  window: { width: number; height: number };
  page: { width: number; height: number };
  grid: Box;
  content: Box;
  hints: Box;
  toast: Box | null;
  windowScrolls: boolean;
}> {
  return page.evaluate(() => {
    const box = (selector: string): Box | null => {
      const element = document.querySelector<HTMLElement>(selector);
      if (!element || element.offsetParent === null) return null;
      const { top, bottom, left, right } = element.getBoundingClientRect();
      return { top, bottom, left, right };
    };
    const frame = document.querySelector<HTMLElement>('.window');
    return {
      window: { width: window.innerWidth, height: window.innerHeight },
      page: { width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight },
      grid: box('[role="grid"]') as Box,
      content: box('main') as Box,
      hints: box('footer[aria-label="Keyboard shortcuts"]') as Box,
      toast: box('.toast'),
      windowScrolls: frame ? frame.scrollHeight > frame.clientHeight + 0.5 : true,
    };
  });
}

const SIZES = [
  // A default-size window (1100 × 760) at 200% zoom.
  { label: '200% zoom', viewport: { width: 550, height: 380 }, zoom: 2 },
  { label: '480 × 360', viewport: { width: 480, height: 360 }, zoom: 1 },
  // Smaller than any window Roster opens: the window scrolls rather than overlap.
  { label: '480 × 360 at 125% zoom', viewport: { width: 384, height: 288 }, zoom: 1.25 },
  { label: '100%', viewport: { width: 1100, height: 760 }, zoom: 1 },
];

describe('layout in small windows and at 200% zoom', () => {
  it.each(SIZES)(
    '$label: the table stays above the shortcut bar, the page fits the window, toasts stay off the bar',
    async ({ viewport, zoom, label }) => {
      const { page, close, problems } = await ui.openWorkspacePage(path, { viewport, zoom });
      await expect.poll(() => countText(page)).toBe('80 people');
      expect(await page.evaluate(() => window.devicePixelRatio)).toBe(zoom);
      const before = await measure(page);
      // The table ends where the shortcut bar begins (sub-pixel rounding allowed), inside its area.
      expect(before.grid.bottom, label).toBeLessThanOrEqual(before.hints.top + 0.5);
      expect(before.grid.bottom, label).toBeLessThanOrEqual(before.content.bottom + 0.5);
      expect(before.grid.bottom - before.grid.top, label).toBeGreaterThanOrEqual(64);
      // The page is exactly the window: no 1 px overflow, no scrollbar.
      expect(before.page.height, label).toBeLessThanOrEqual(before.window.height);
      expect(before.page.width, label).toBeLessThanOrEqual(before.window.width);
      if (viewport.height >= 360) {
        // At the smallest window Roster allows, at any zoom up to 200%, everything fits
        // without the window's content scrolling either, shortcut bar included.
        expect(before.windowScrolls, label).toBe(false);
        expect(before.hints.bottom, label).toBeLessThanOrEqual(before.window.height + 0.5);
      } else {
        // Smaller still: the window's content scrolls (the page does not), and nothing overlaps.
        expect(before.windowScrolls, label).toBe(true);
      }

      // Delete the first row: its toast appears above the shortcut bar, inside the table's area.
      await page.getByRole('grid', { name: 'People' }).focus();
      await page.keyboard.press('Home');
      await page.keyboard.press('Delete');
      await expect.poll(async () => (await measure(page)).toast).not.toBeNull();
      const after = await measure(page);
      const toast = after.toast as Box;
      expect(toast.bottom, label).toBeLessThanOrEqual(after.hints.top + 0.5);
      expect(toast.top, label).toBeGreaterThanOrEqual(after.content.top - 0.5);
      expect(toast.left, label).toBeGreaterThanOrEqual(-0.5);
      expect(toast.right, label).toBeLessThanOrEqual(after.window.width + 0.5);
      expect(after.page.height, label).toBeLessThanOrEqual(after.window.height);
      // Put the person back for the next size.
      await page.keyboard.press('Control+z');
      await expect.poll(() => countText(page)).toBe('80 people');
      expect(problems).toEqual([]);
      await close();
    },
  );
});

/** Sizes at which everything must fit without the window's content scrolling. */
const FITTING = SIZES.filter(({ viewport }) => viewport.height >= 360);

describe('the toolbar in small windows and at 200% zoom', () => {
  // The toolbar keeps to two rows in a narrow window (workspace toolbar section of app.css):
  // with a filter's chip beside Filter… and Duplicates…, the window still fits.
  it.each(FITTING)('$label: with a filter chip the window still fits, every toolbar control in view', async ({ viewport, zoom, label }) => {
    const { page, close, problems } = await ui.openWorkspacePage(path, { viewport, zoom });
    await expect.poll(() => countText(page)).toBe('80 people');
    await page.getByRole('button', { name: 'Filter…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Filter people' });
    await dialog.getByLabel('When').selectOption({ label: 'This week' });
    await dialog.getByRole('button', { name: 'Apply filter' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Remove filter Added: this week' }).count()).toBe(1);
    await expect.poll(() => countText(page)).toBe('80 of 80 people match');
    const seen = await page.evaluate(() => {
      const frame = document.querySelector<HTMLElement>('.window')!;
      const controls = [...document.querySelectorAll<HTMLElement>('.toolbar input, .toolbar select, .toolbar button')].map((control) => {
        const { top, bottom, left, right } = control.getBoundingClientRect();
        return { name: control.getAttribute('aria-label') ?? control.textContent, top, bottom, left, right };
      });
      return {
        window: { width: window.innerWidth, height: window.innerHeight },
        windowScrolls: frame.scrollHeight > frame.clientHeight + 0.5,
        hintsBottom: document.querySelector('footer.hints')!.getBoundingClientRect().bottom,
        controls,
      };
    });
    expect(seen.windowScrolls, label).toBe(false);
    expect(seen.hintsBottom, label).toBeLessThanOrEqual(seen.window.height + 0.5);
    expect(seen.controls.length, label).toBeGreaterThanOrEqual(6);
    for (const control of seen.controls) {
      const where = `${label}: ${control.name} at ${JSON.stringify(control)}`;
      expect(control.left, where).toBeGreaterThanOrEqual(-0.5);
      expect(control.right, where).toBeLessThanOrEqual(seen.window.width + 0.5);
      expect(control.top, where).toBeGreaterThanOrEqual(-0.5);
      expect(control.bottom, where).toBeLessThanOrEqual(seen.window.height + 0.5);
    }
    expect(problems).toEqual([]);
    await close();
  });
});

describe('the launcher in small windows and at 200% zoom', () => {
  beforeAll(async () => {
    for (let i = 0; i < 12; i++) {
      const file = await ui.createWorkspace(`layout-launcher-${i}.roster`);
      ui.context.catalog.add(file, `Team ${String(i + 1).padStart(2, '0')} with a rather long name`);
    }
  });

  it.each(FITTING)(
    '$label: the page fits the window, the list scrolls inside it, nothing is cut off at the right',
    async ({ viewport, zoom, label }) => {
      const { page, close, problems } = await ui.openLauncherPage({ viewport, zoom });
      await expect
        .poll(() => page.getByRole('list', { name: 'Recent workspaces' }).getByRole('listitem').count())
        .toBeGreaterThanOrEqual(12);
      const measured = await page.evaluate(() => {
        const box = (element: Element | null) => {
          const rect = element?.getBoundingClientRect();
          return rect ? { top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right } : null;
        };
        const main = document.querySelector('main');
        return {
          window: { width: window.innerWidth, height: window.innerHeight },
          page: { width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight },
          main: box(main),
          mainScrolls: main ? main.scrollHeight > main.clientHeight + 0.5 : false,
          buttons: [...document.querySelectorAll('header button')].map(box),
          items: [...document.querySelectorAll('.workspace-item')].map(box),
        };
      });
      expect(measured.page.height, label).toBeLessThanOrEqual(measured.window.height);
      expect(measured.page.width, label).toBeLessThanOrEqual(measured.window.width);
      expect(measured.main?.bottom ?? Infinity, label).toBeLessThanOrEqual(measured.window.height + 0.5);
      expect((measured.main?.bottom ?? 0) - (measured.main?.top ?? 0), label).toBeGreaterThanOrEqual(64);
      // Twelve workspaces do not fit a small window: the list scrolls, the window does not.
      if (viewport.height < 760) expect(measured.mainScrolls, label).toBe(true);
      for (const button of measured.buttons) {
        expect(button?.right ?? Infinity, label).toBeLessThanOrEqual(measured.window.width + 0.5);
        expect(button?.left ?? -Infinity, label).toBeGreaterThanOrEqual(-0.5);
      }
      for (const item of measured.items) expect(item?.right ?? Infinity, label).toBeLessThanOrEqual(measured.window.width + 0.5);
      expect(problems).toEqual([]);
      await close();
    },
  );
});

describe('the import preview in small windows and at 200% zoom', () => {
  it.each(FITTING)(
    '$label: the dialog fits the window, its buttons stay in view, its rows scroll inside it',
    async ({ viewport, zoom, label }) => {
      const { page, close, problems } = await ui.openWorkspacePage(path, { viewport, zoom });
      await expect.poll(() => countText(page)).toBe('80 people');
      ui.dialogs.importFile.push(join(REPO_ROOT, 'test', 'fixtures', 'import', 'excel-csv-semicolon-1252.csv'));
      await page.getByRole('button', { name: 'Import people' }).click();
      await page.getByRole('menuitem', { name: 'From CSV file…' }).click();
      const preview = page.getByRole('dialog', { name: 'Import “excel-csv-semicolon-1252.csv”' });
      await expect.poll(() => preview.getByRole('button', { name: 'Import 3 people' }).isEnabled()).toBe(true);
      const measured = await page.evaluate(() => {
        const box = (selector: string) => {
          const rect = document.querySelector(selector)?.getBoundingClientRect();
          return rect ? { top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right } : null;
        };
        const body = document.querySelector('.preview-body');
        return {
          window: { width: window.innerWidth, height: window.innerHeight },
          page: { width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight },
          dialog: box('dialog[open]'),
          actions: box('dialog[open] .dialog-actions'),
          confirm: box('dialog[open] .dialog-actions .primary'),
          bodyScrolls: body ? body.scrollHeight > body.clientHeight + 0.5 : false,
          bodyHeight: body?.clientHeight ?? 0,
        };
      });
      const { window: win, dialog, actions, confirm } = measured;
      expect(measured.page.height, label).toBeLessThanOrEqual(win.height);
      expect(measured.page.width, label).toBeLessThanOrEqual(win.width);
      expect(dialog?.top ?? -1, label).toBeGreaterThanOrEqual(-0.5);
      expect(dialog?.bottom ?? Infinity, label).toBeLessThanOrEqual(win.height + 0.5);
      expect(dialog?.left ?? -1, label).toBeGreaterThanOrEqual(-0.5);
      expect(dialog?.right ?? Infinity, label).toBeLessThanOrEqual(win.width + 0.5);
      // The Import button is wholly inside the window and the dialog, below its body.
      expect(confirm?.bottom ?? Infinity, label).toBeLessThanOrEqual(Math.min(win.height, dialog?.bottom ?? 0) + 0.5);
      expect(confirm?.right ?? Infinity, label).toBeLessThanOrEqual(win.width + 0.5);
      expect(actions?.bottom ?? Infinity, label).toBeLessThanOrEqual((dialog?.bottom ?? 0) + 0.5);
      expect(measured.bodyHeight, label).toBeGreaterThanOrEqual(48);
      if (viewport.height < 760) expect(measured.bodyScrolls, label).toBe(true);
      await page.keyboard.press('Escape');
      expect(problems).toEqual([]);
      await close();
    },
  );
});
