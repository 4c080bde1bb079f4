// axe-core (the accessibility engine behind most checkers) in real Chromium on every
// state a person meets: the launcher (with a missing file and the trash, and with find
// results), the workspace
// (empty, full, selected, editing, with an error), the context menus, the menus of
// the toolbar, the confirmation, Copy to… and Merge into… dialogs. No violation of serious or critical impact
// is allowed; the rest are printed so they can be looked at.

import { rmSync, writeFileSync } from 'node:fs';
import { expectNoSeriousViolations } from './axe-check.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, removeTempDirs } from '../../support/workspace-fixtures.js';
import { countText, createUiFixture, gridNames, numberedNames, rowNamed, type UiFixture } from './ui-fixture.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

// Real Chromium, axe on every state, and a 2,000,000-row import: see test/support/loaded-machine.ts.
heavyTestFile();

const COLOR_SCHEMES = ['light', 'dark'] as const;
type ColorScheme = (typeof COLOR_SCHEMES)[number];

let ui: UiFixture;

beforeAll(async () => {
  ui = await createUiFixture();
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

/** The workspace window: empty, full, selected, editing with an error, row menu, toolbar menus. */
async function workspaceStates(colorScheme: ColorScheme): Promise<void> {
  const emptyPath = await ui.createWorkspace(`axe-empty-${colorScheme}.roster`);
  const empty = await ui.openWorkspacePage(emptyPath, { colorScheme });
  await expect.poll(() => countText(empty.page)).toBe('0 people');
  await expectNoSeriousViolations(empty.page, 'empty workspace');
  await empty.close();

  const path = await ui.createWorkspace(`axe-full-${colorScheme}.roster`, numberedNames(40));
  const { page, close } = await ui.openWorkspacePage(path, { colorScheme });
  await expect.poll(() => countText(page)).toBe('40 people');
  await expectNoSeriousViolations(page, 'workspace with people');

  await page.getByRole('grid', { name: 'People' }).focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+ArrowDown');
  await expectNoSeriousViolations(page, 'rows selected');

  await page.keyboard.press('Shift+F10');
  await expect.poll(() => page.getByRole('menu', { name: 'Actions for the selected people' }).isVisible()).toBe(true);
  await expectNoSeriousViolations(page, 'row context menu');
  await page.getByRole('menuitem', { name: 'Copy to…' }).click();
  await expect.poll(() => page.getByRole('dialog', { name: 'Copy 2 people to…' }).isVisible()).toBe(true);
  await expectNoSeriousViolations(page, 'copy to dialog');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Export people' }).click();
  await expectNoSeriousViolations(page, 'export menu');
  await page.keyboard.press('Escape');

  await rowNamed(page, 'Person 000003').dblclick();
  const editor = page.getByRole('textbox', { name: 'Name of Person 000003' });
  await editor.fill('   ');
  await editor.press('Enter');
  await expect.poll(() => page.getByRole('alert').filter({ hasText: 'A name cannot be empty.' }).isVisible()).toBe(true);
  await expectNoSeriousViolations(page, 'inline editor with an error');
  await editor.press('Escape');

  await page.getByRole('searchbox', { name: 'Search people' }).fill('nobody');
  await expect.poll(() => page.getByText('No one matches “nobody”.').isVisible()).toBe(true);
  await expectNoSeriousViolations(page, 'search with no results');
  await page.getByRole('searchbox', { name: 'Search people' }).fill('');
  await expect.poll(() => gridNames(page)).not.toEqual([]);

  await page.getByRole('grid', { name: 'People' }).focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Delete');
  await expect.poll(() => page.getByRole('button', { name: 'Undo' }).isVisible()).toBe(true);
  await expectNoSeriousViolations(page, 'toast with Undo');
  await close();
}

/** The import preview and the import progress panel. */
async function importStates(colorScheme: ColorScheme): Promise<void> {
  const path = await ui.createWorkspace(`axe-import-${colorScheme}.roster`);
  const { page, close } = await ui.openWorkspacePage(path, { colorScheme });
  await expect.poll(() => countText(page)).toBe('0 people');
  const open = async (file: string, name: string) => {
    ui.dialogs.importFile.push(file);
    await page.getByRole('button', { name: 'Import people' }).click();
    await page.getByRole('menuitem', { name: 'From CSV file…' }).click();
    const preview = page.getByRole('dialog', { name: `Import “${name}”` });
    await expect.poll(() => preview.locator('.preview-body').getAttribute('aria-busy')).toBe('false');
    return preview;
  };
  const preview = await open(join(REPO_ROOT, 'test', 'fixtures', 'import', 'excel-csv-semicolon-1252.csv'), 'excel-csv-semicolon-1252.csv');
  await expect.poll(() => preview.locator('.preview-notice').isVisible()).toBe(true);
  await expectNoSeriousViolations(page, 'import preview, Windows-1252 guessed');
  await preview.getByLabel('Encoding').selectOption('utf-8');
  await expect.poll(() => preview.getByRole('region', { name: 'Problems' }).isVisible()).toBe(true);
  await expectNoSeriousViolations(page, 'import preview with problems');
  await page.keyboard.press('Escape');

  // Long enough to look at its progress panel while it runs (axe checks it stayed up).
  const big = join(ui.files, `axe-big-${colorScheme}.csv`);
  writeFileSync(big, `name\n${numberedNames(2_000_000, 'Imported').join('\n')}\n`);
  const bigPreview = await open(big, `axe-big-${colorScheme}.csv`);
  await bigPreview.getByRole('button', { name: /^Import about/ }).click();
  const progress = page.getByRole('group', { name: 'Import' });
  await expect.poll(() => progress.innerText()).toMatch(/Importing [\d,]+ of about/);
  await expectNoSeriousViolations(page, 'import progress panel', '.import-progress');
  await progress.getByRole('button', { name: 'Cancel import' }).click();
  await expect.poll(() => page.getByRole('status').filter({ hasText: 'Import cancelled. Nothing was added.' }).isVisible()).toBe(true);
  expect(await countText(page)).toBe('0 people');
  await close();
}

/** The launcher: empty, with a missing file and the trash, find results, menus, dialogs, rename. */
async function launcherStates(colorScheme: ColorScheme): Promise<void> {
  for (const entry of ui.context.catalog.list()) ui.context.catalog.forget(entry.id);
  const launcherEmpty = await ui.openLauncherPage({ colorScheme });
  await expect.poll(() => launcherEmpty.page.getByText(/No workspaces yet/).isVisible()).toBe(true);
  await expectNoSeriousViolations(launcherEmpty.page, 'empty launcher');
  await launcherEmpty.close();

  const kept = await ui.createWorkspace(`axe-kept-${colorScheme}.roster`, ['Ada Lovelace']);
  const gone = await ui.createWorkspace(`axe-gone-${colorScheme}.roster`);
  const trashed = await ui.createWorkspace(`axe-trashed-${colorScheme}.roster`);
  ui.context.catalog.add(kept, 'Kept');
  ui.context.catalog.add(gone, 'Gone');
  const toTrash = ui.context.catalog.add(trashed, 'Trashed');
  ui.context.catalog.moveToTrash(toTrash.id);
  rmSync(gone);
  const { page, close } = await ui.openLauncherPage({ colorScheme });
  await expect.poll(() => page.getByRole('list', { name: 'Recent workspaces' }).getByRole('listitem').count()).toBe(2);
  await expect.poll(() => page.getByRole('list', { name: 'Deleted workspaces' }).isVisible()).toBe(true);
  await expectNoSeriousViolations(page, 'launcher with a missing file and the trash');

  // Find a person in all workspaces: results with a count and a state, then focus in the tree.
  const find = page.getByRole('searchbox', { name: 'Find a person in all workspaces' });
  await find.fill('ada');
  await expect.poll(() => page.getByRole('tree', { name: 'People found in your workspaces' }).getByRole('treeitem').count()).toBe(3);
  await expect.poll(() => page.locator('.find-status').innerText()).toBe('1 person found in 1 of 2 workspaces.');
  await expectNoSeriousViolations(page, 'launcher with find results');
  await find.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expectNoSeriousViolations(page, 'launcher with a find result focused');
  await find.fill('');

  await page.getByRole('button', { name: 'Kept', exact: true }).focus();
  await page.keyboard.press('Shift+F10');
  await expect.poll(() => page.getByRole('menu', { name: 'Actions for Kept' }).isVisible()).toBe(true);
  await expectNoSeriousViolations(page, 'launcher entry context menu');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'More actions for Kept' }).click();
  await page.getByRole('menuitem', { name: 'Move to trash…' }).click();
  await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
  await expectNoSeriousViolations(page, 'confirmation dialog');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'More actions for Kept' }).click();
  await page.getByRole('menuitem', { name: 'Merge into…' }).click();
  await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
  await expectNoSeriousViolations(page, 'merge dialog');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'More actions for Kept' }).click();
  await page.getByRole('menuitem', { name: 'Rename' }).click();
  const field = page.getByRole('textbox', { name: 'New name for Kept' });
  await field.fill('');
  await field.press('Enter');
  await expect.poll(() => page.getByRole('alert').filter({ hasText: 'A workspace needs a name.' }).isVisible()).toBe(true);
  await expectNoSeriousViolations(page, 'rename with an error');

  await page.getByRole('button', { name: 'New workspace…' }).click();
  await expectNoSeriousViolations(page, 'new workspace panel');
  await close();
}

describe('axe-core: no serious or critical violations', () => {
  for (const colorScheme of COLOR_SCHEMES) {
    it(`workspace window, ${colorScheme}: empty, full, selected, editing with an error, row menu, toolbar menus`, () =>
      workspaceStates(colorScheme));

    it(`import preview and import progress, ${colorScheme}: a guessed encoding, problems, a big file importing`, () =>
      importStates(colorScheme));

    it(`launcher, ${colorScheme}: list with a missing file and the trash, entry menu, confirmation dialog, rename`, () =>
      launcherStates(colorScheme));
  }
});
