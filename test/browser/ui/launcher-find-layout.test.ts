// The launcher's find results stay in view whatever the number of workspaces and the
// zoom: a long list of workspaces used to squeeze them to a sliver (2 px) while the
// arrow keys moved focus into them, out of sight. And what was found is marked in each
// name (<mark>) on the name's own letters, accents and all, in light and dark.
// Real Chromium over a real catalog, measured with bounding boxes.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';
import { expectNoSeriousViolations } from './axe-check.js';
import { createUiFixture, type UiFixture } from './ui-fixture.js';

heavyTestFile();

let ui: UiFixture;
const files: string[] = [];

/** The person names of workspace `i`: three that match "a" (one with ß), one accented, one neither. */
function namesOf(i: number): string[] {
  return [`Ada ${i}`, `Anna ${i}`, `Émilie ${i}`, `Hans Straße ${i}`, `Zed ${i}`];
}

beforeAll(async () => {
  ui = await createUiFixture();
  for (let i = 0; i < 16; i++) files.push(await ui.createWorkspace(`find-layout-${i}.roster`, namesOf(i)));
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

/** Lists the first `count` workspaces, and only them. */
async function catalogue(count: number): Promise<void> {
  for (const entry of ui.context.catalog.list()) ui.context.catalog.forget(entry.id);
  for (const [i, file] of files.slice(0, count).entries()) {
    ui.context.catalog.add(file, `Workspace ${String(i + 1).padStart(2, '0')} with a longer name`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const BOX = 'Find a person in all workspaces';

interface Seen {
  /** How much of the results panel is visible (inside the window and the launcher's content), in CSS px. */
  visiblePanel: number;
  /** The height of one person's row. */
  row: number;
  /** The focused element is a result, wholly inside the visible part of the panel. */
  focusedInView: boolean;
  focusedText: string;
}

function seen(page: Page): Promise<Seen> {
  return page.evaluate(() => {
    const panel = document.querySelector('.find-panel') as HTMLElement;
    const content = document.querySelector('.launcher-content') as HTMLElement;
    const clip = (a: DOMRect, b: DOMRect) => ({ top: Math.max(a.top, b.top), bottom: Math.min(a.bottom, b.bottom) });
    const shown = clip(
      clip(panel.getBoundingClientRect(), content.getBoundingClientRect()) as DOMRect,
      new DOMRect(0, 0, innerWidth, innerHeight),
    );
    const focused = document.activeElement as HTMLElement | null;
    const box = focused?.getBoundingClientRect();
    return {
      visiblePanel: Math.max(0, shown.bottom - shown.top),
      row: document.querySelector('.find-person')?.getBoundingClientRect().height ?? 0,
      focusedInView:
        focused?.getAttribute('role') === 'treeitem' && box !== undefined && box.top >= shown.top - 1 && box.bottom <= shown.bottom + 1,
      focusedText: (focused?.innerText ?? '').replace(/\s+/g, ' ').trim(),
    };
  });
}

const CASES = [
  { label: '16 workspaces at 1100 × 700', workspaces: 16, viewport: { width: 1100, height: 700 }, zoom: 1, rows: 6 },
  // A default-size window (1100 × 760) at 200% zoom.
  { label: '5 workspaces at 200% zoom', workspaces: 5, viewport: { width: 550, height: 380 }, zoom: 2, rows: 3 },
];

describe('the launcher find results stay in view', () => {
  it.each(CASES)('$label: the results are tall enough to use, and the focused result is in view', async (size) => {
    await catalogue(size.workspaces);
    const { page, close, problems } = await ui.openLauncherPage({ viewport: size.viewport, zoom: size.zoom });
    await expect.poll(() => page.getByRole('list', { name: 'Recent workspaces' }).getByRole('listitem').count()).toBe(size.workspaces);
    const box = page.getByRole('searchbox', { name: BOX });
    await box.fill('a');
    await expect
      .poll(() => page.locator('.find-status').innerText())
      .toBe(`${size.workspaces * 3} people found in ${size.workspaces} workspaces.`);
    await expect.poll(async () => (await seen(page)).row).toBeGreaterThan(0);
    const before = await seen(page);
    expect(before.visiblePanel, size.label).toBeGreaterThanOrEqual(size.rows * before.row);

    await box.press('ArrowDown');
    let now = await seen(page);
    expect(now.focusedText).toMatch(/^Workspace \d\d with a longer name 3 people found$/);
    expect(now.focusedInView, size.label).toBe(true);
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowDown');
    now = await seen(page);
    expect(now.focusedInView, `${size.label}, 8 rows down`).toBe(true);
    await page.keyboard.press('End');
    now = await seen(page);
    expect(now.focusedText).toMatch(/^Hans Straße \d+$/);
    expect(now.focusedInView, `${size.label}, the last result`).toBe(true);
    await expectNoSeriousViolations(page, `${size.label}: a find result focused`);
    expect(problems).toEqual([]);
    await close();
  });
});

/** The text of each <mark> in the results, in order. */
function marked(page: Page): Promise<string[]> {
  return page.locator('.find-results mark').allInnerTexts();
}

describe('the launcher marks what a find matched', () => {
  beforeAll(() => catalogue(2));

  it.each(['light', 'dark'] as const)('marks the written letters of accented and folded names (%s)', async (colorScheme) => {
    const { page, close, problems } = await ui.openLauncherPage({ colorScheme });
    const box = page.getByRole('searchbox', { name: BOX });
    await box.fill('emi');
    await expect.poll(() => page.locator('.find-status').innerText()).toBe('2 people found in 2 workspaces.');
    await expect.poll(() => marked(page)).toEqual(['Émi', 'Émi']);
    // The name is read whole: the mark does not split it for a screen reader.
    expect(await page.getByRole('treeitem', { name: 'Émilie 0', exact: true }).count()).toBe(1);
    await expectNoSeriousViolations(page, `launcher with marked find results (${colorScheme})`);

    // "ß" folds to "ss": the letter that matched is marked, not its neighbours.
    await box.fill('strasse');
    await expect.poll(() => marked(page)).toEqual(['Straße', 'Straße']);
    await box.fill('SS');
    await expect.poll(() => marked(page)).toEqual(['ß', 'ß']);
    // Case typed or not, every match in a name is marked (two touching ones as one).
    await box.fill('NN');
    await expect.poll(() => marked(page)).toEqual(['nn', 'nn']);
    await box.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expectNoSeriousViolations(page, `launcher with a marked find result focused (${colorScheme})`);
    expect(problems).toEqual([]);
    await close();
  });
});
