// `npm run screenshots`: builds the renderer and photographs the launcher and a
// workspace window (and each one's context menu, the keyboard-help sheet, and the import
// preview of a spreadsheet's Windows-1252 CSV), light and dark, into docs/screenshots/. The pages
// are the real renderer over real workspace files in a temp folder, shown in Debian's
// Chromium through the same harness the UI tests use (test/support/chromium-harness.ts).
//
// One thing is staged: the launcher shows each workspace's folder, and the real one is
// a temp folder (/tmp/roster-ui-…/files). The launcher's session is wrapped so that
// catalog:list reports it as NEUTRAL_FOLDER instead, which is what the launcher shows
// for files kept in a Documents folder.

// Run through tsx (see package.json): the fixtures it uses are TypeScript.

import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildRenderer, createUiFixture } from '../test/browser/ui/ui-fixture.ts';
import { openRosterPage } from '../test/support/chromium-harness.ts';
import { REPO_ROOT, removeTempDirs } from '../test/support/workspace-fixtures.ts';

const OUT = join(REPO_ROOT, 'docs', 'screenshots');
const NEUTRAL_FOLDER = '/home/ada/Documents';
const SPREADSHEET_CSV = join(REPO_ROOT, 'test', 'fixtures', 'import', 'excel-csv-semicolon-1252.csv');
const VIEWPORT = { width: 1100, height: 700 };

const FOUNDERS = [
  'George Washington',
  'John Adams',
  'Thomas Jefferson',
  'James Madison',
  'Benjamin Franklin',
  'Alexander Hamilton',
  'John Jay',
  'Abigail Adams',
  'Samuel Adams',
  'Patrick Henry',
  'John Hancock',
  'Paul Revere',
  'Mercy Otis Warren',
  'Gouverneur Morris',
  'Roger Sherman',
  'Elbridge Gerry',
  'Dolley Madison',
  'Martha Washington',
  'Haym Salomon',
  'Phillis Wheatley',
  'Robert Morris',
  'Charles Carroll',
  'George Mason',
  'Richard Henry Lee',
  'Caesar Rodney',
];
const CLUB = [
  'Ada Lovelace',
  'Grace Hopper',
  'Émilie du Châtelet',
  'Mary Somerville',
  'Katherine Johnson',
  'Hedy Lamarr',
  'Rosalind Franklin',
];

/**
 * The launcher's session, with the folder of every workspace reported as NEUTRAL_FOLDER.
 * @param {import('../main/kernel/node/ipc/window-session.ts').WindowSession} session
 * @returns {import('../main/kernel/node/ipc/window-session.ts').WindowSession}
 */
function withNeutralFolders(session) {
  return {
    id: session.id,
    role: session.role,
    invokeChannels: session.invokeChannels,
    get closed() {
      return session.closed;
    },
    async invoke(channel, payload) {
      const result = await session.invoke(channel, payload);
      if (channel !== 'catalog:list' || !result.ok) return result;
      return {
        ok: true,
        data: /** @type {{ location: string }[]} */ (result.data).map((entry) => ({ ...entry, location: NEUTRAL_FOLDER })),
      };
    },
    onEvent: (listener) => session.onEvent(listener),
    emit: (channel, payload) => session.emit(channel, payload),
    close: () => session.close(),
  };
}

/** @param {import('playwright-core').Page} page */
async function settle(page) {
  await page.evaluate('document.fonts.ready');
  await page.waitForTimeout(250);
}

/**
 * F1: the sheet of every shortcut of the workspace window, then Escape.
 * @param {import('playwright-core').Page} page
 * @param {'light' | 'dark'} colorScheme
 */
async function shootKeyboardHelp(page, colorScheme) {
  await page.keyboard.press('F1');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  await settle(page);
  await page.screenshot({ path: join(OUT, `keyboard-help-${colorScheme}.png`) });
  await page.keyboard.press('Escape');
}

/**
 * Likely duplicates: the add field's note while a name already there is typed, then the
 * Duplicates… sheet with a person ticked (nothing is deleted).
 * @param {Awaited<ReturnType<typeof createUiFixture>>} ui
 */
async function shootDuplicates(ui) {
  const twins = await ui.createWorkspace('members.roster', [
    'Ada Lovelace',
    'Grace Hopper',
    'Émile Zola',
    'ada lovelace',
    'Alan Turing',
    'EMILE ZOLA',
    'Katherine Johnson',
    'ÉMILE ZOLA',
  ]);
  for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
    const members = await ui.openWorkspacePage(twins, { colorScheme, viewport: VIEWPORT });
    await members.page.getByText('8 people').waitFor();
    await members.page.getByRole('textbox', { name: 'Add a person' }).fill('Grace Hopper');
    await members.page
      .getByTestId('same-name-note')
      .getByText(/Already here/)
      .waitFor();
    await settle(members.page);
    await members.page.screenshot({ path: join(OUT, `same-name-note-${colorScheme}.png`) });
    await members.page.getByRole('textbox', { name: 'Add a person' }).fill('');
    await members.page.getByRole('button', { name: 'Duplicates…' }).click();
    const sheet = members.page.getByRole('dialog', { name: 'Likely duplicates' });
    await sheet.getByText('2 names are held by more than one person (5 people).').waitFor();
    await sheet.getByRole('checkbox').nth(1).check();
    await settle(members.page);
    await members.page.screenshot({ path: join(OUT, `duplicates-${colorScheme}.png`) });
    await members.page.keyboard.press('Escape');
    await members.close();
  }
}

/**
 * A date filter, shown as a chip beside the Filter button, then removed.
 * @param {import('playwright-core').Page} page
 * @param {'light' | 'dark'} colorScheme
 */
async function shootFilters(page, colorScheme) {
  await page.getByRole('button', { name: 'Filter…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Filter people' });
  await dialog.getByLabel('When').selectOption({ label: 'This week' });
  await dialog.getByRole('button', { name: 'Apply filter' }).click();
  const chip = page.getByRole('button', { name: 'Remove filter Added: this week' });
  await chip.waitFor();
  await page.getByText('25 of 25 people match').waitFor();
  await settle(page);
  await page.screenshot({ path: join(OUT, `filters-${colorScheme}.png`) });
  await chip.click();
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const ui = await createUiFixture();
  try {
    const founders = await ui.createWorkspace('founding-fathers.roster', FOUNDERS);
    const club = await ui.createWorkspace('book-club.roster', CLUB);
    const archive = await ui.createWorkspace('volunteers-2019.roster', ['Old Friend']);
    const foundersEntry = ui.context.catalog.add(founders, 'Founding Fathers');
    ui.context.catalog.add(club, 'Book Club');
    ui.context.catalog.add(archive, 'Volunteers 2019');
    rmSync(archive);
    ui.context.catalog.touch(foundersEntry.id);

    const rendererDir = await buildRenderer();

    for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
      const session = ui.core.openLauncherSession();
      const opened = await openRosterPage(ui.browser, withNeutralFolders(session), {
        view: 'launcher',
        colorScheme,
        viewport: VIEWPORT,
        rendererDir,
      });
      const launcher = {
        page: opened.page,
        async close() {
          await opened.close();
          await session.close();
        },
      };
      await launcher.page.getByText('Founding Fathers').first().waitFor();
      await launcher.page.evaluate('document.activeElement?.blur()');
      await settle(launcher.page);
      await launcher.page.screenshot({ path: join(OUT, `launcher-${colorScheme}.png`) });
      // A missing workspace's context menu, opened from the keyboard (Shift+F10).
      await launcher.page.getByRole('button', { name: 'More actions for Volunteers 2019' }).focus();
      await launcher.page.keyboard.press('Shift+F10');
      await launcher.page.getByRole('menu').waitFor();
      await settle(launcher.page);
      await launcher.page.screenshot({ path: join(OUT, `launcher-menu-${colorScheme}.png`) });
      await launcher.page.keyboard.press('Escape');
      // Find a person in every workspace: results grouped by workspace, streamed in.
      await launcher.page.getByRole('searchbox', { name: 'Find a person in all workspaces' }).fill('ad');
      await launcher.page.getByRole('treeitem').first().waitFor();
      await launcher.page.waitForTimeout(400);
      await settle(launcher.page);
      await launcher.page.screenshot({ path: join(OUT, `launcher-find-${colorScheme}.png`) });
      await launcher.close();

      const workspace = await ui.openWorkspacePage(founders, { colorScheme, viewport: VIEWPORT });
      const { page } = workspace;
      await page.getByText('25 people').waitFor();
      // A calm, typical moment: a row selected, focus in the grid.
      const grid = page.getByRole('grid', { name: 'People' });
      await grid.focus();
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await settle(page);
      await page.screenshot({ path: join(OUT, `workspace-${colorScheme}.png`) });
      // Two rows selected and their context menu.
      await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Shift+F10');
      await page.getByRole('menu').waitFor();
      await settle(page);
      await page.screenshot({ path: join(OUT, `workspace-menu-${colorScheme}.png`) });
      // Move to…: the other workspaces, open ones first (nothing is moved: Cancel).
      await page.getByRole('menuitem', { name: 'Move to…' }).click();
      await page.getByRole('dialog', { name: 'Move 2 people to…' }).waitFor();
      await settle(page);
      await page.screenshot({ path: join(OUT, `workspace-move-${colorScheme}.png`) });
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      await shootKeyboardHelp(page, colorScheme);
      await shootFilters(page, colorScheme);
      await workspace.close();
    }

    // After both launcher shots, so opening Book Club here does not reorder their list.
    for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
      // The import preview of European Excel's plain CSV: Windows-1252 and ";", read right.
      const importing = await ui.openWorkspacePage(club, { colorScheme, viewport: VIEWPORT });
      await importing.page.getByText('7 people').waitFor();
      ui.dialogs.importFile.push(SPREADSHEET_CSV);
      await importing.page.getByRole('button', { name: 'Import people' }).click();
      await importing.page.getByRole('menuitem', { name: 'From CSV file…' }).click();
      await importing.page.getByRole('button', { name: 'Import 3 people' }).waitFor();
      await settle(importing.page);
      await importing.page.screenshot({ path: join(OUT, `import-preview-${colorScheme}.png`) });
      await importing.page.keyboard.press('Escape');
      await importing.close();
    }

    await shootDuplicates(ui);
    console.log(`screenshots written to ${OUT}`);
  } finally {
    await ui.dispose();
    removeTempDirs();
  }
}

await main();
