// `npm run screenshots`: builds the renderer and photographs the launcher and a
// workspace window (and each one's context menu), light and dark, into docs/screenshots/. The pages are the real
// renderer over real workspace files in a temp folder, shown in Debian's Chromium
// through the same harness the UI tests use (test/support/chromium-harness.ts).

// Run through tsx (see package.json): the fixtures it uses are TypeScript.

import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createUiFixture } from '../test/browser/ui/ui-fixture.ts';
import { REPO_ROOT, removeTempDirs } from '../test/support/workspace-fixtures.ts';

const OUT = join(REPO_ROOT, 'docs', 'screenshots');
const VIEWPORT = { width: 1100, height: 700 };

const FOUNDERS = [
  'George Washington', 'John Adams', 'Thomas Jefferson', 'James Madison', 'Benjamin Franklin', 'Alexander Hamilton',
  'John Jay', 'Abigail Adams', 'Samuel Adams', 'Patrick Henry', 'John Hancock', 'Paul Revere', 'Mercy Otis Warren',
  'Gouverneur Morris', 'Roger Sherman', 'Elbridge Gerry', 'Dolley Madison', 'Martha Washington', 'Haym Salomon',
  'Phillis Wheatley', 'Robert Morris', 'Charles Carroll', 'George Mason', 'Richard Henry Lee', 'Caesar Rodney',
];
const CLUB = ['Ada Lovelace', 'Grace Hopper', 'Émilie du Châtelet', 'Mary Somerville', 'Katherine Johnson', 'Hedy Lamarr', 'Rosalind Franklin'];

/** @param {import('playwright-core').Page} page */
async function settle(page) {
  await page.evaluate('document.fonts.ready');
  await page.waitForTimeout(250);
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

    for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
      const launcher = await ui.openLauncherPage({ colorScheme, viewport: VIEWPORT });
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
      await workspace.close();
    }
    console.log(`screenshots written to ${OUT}`);
  } finally {
    await ui.dispose();
    removeTempDirs();
  }
}

await main();
