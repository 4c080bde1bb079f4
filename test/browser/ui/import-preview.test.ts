// The import preview in real Chromium, through the real preload, the real
// handlers and the real files of test/fixtures/import: what it shows for each file a
// spreadsheet writes, choosing another encoding, separator or column, Cancel writing
// nothing, Confirm importing exactly the rows shown, and a dropped file taking the same
// way. Then the newer choices: the times Roster's own CSV brings, "the first row is
// data", the rows that look like people already here and "Skip them", and the exact
// count replacing the estimate of a big file on the Import button.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropFiles } from '../drop-files.js';
import { queryFile, REPO_ROOT, removeTempDirs } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';
import { expectNoSeriousViolations } from './axe-check.js';
import { addThroughUi, countText, createUiFixture, type UiFixture } from './ui-fixture.js';

// A 100,000-row file is previewed, counted and imported here.
heavyTestFile();

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'import');
const SAME_PEOPLE = ['Zoë Saldaña', 'Jürgen Müller', 'François Żółć', 'Ana, Maria'];

let ui: UiFixture;

beforeAll(async () => {
  ui = await createUiFixture();
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

function names(path: string): string[] {
  return queryFile<{ name: string }>(path, 'SELECT name FROM "Person" ORDER BY id').map((row) => row.name);
}

function dialog(page: Page, fileName: string) {
  return page.getByRole('dialog', { name: `Import “${fileName}”` });
}

/** Opens the preview of `file` from the Import… menu, as a person would. */
async function openPreview(page: Page, file: string) {
  ui.dialogs.importFile.push(file);
  await page.getByRole('button', { name: 'Import people' }).click();
  await page.getByRole('menuitem', { name: 'From CSV file…' }).click();
  const preview = dialog(page, file.split('/').pop() ?? file);
  await expect.poll(() => preview.locator('.preview-body').getAttribute('aria-busy')).toBe('false');
  return preview;
}

/** What the preview shows, read from the page. */
async function shown(preview: ReturnType<typeof dialog>) {
  return {
    summary: await preview.getByRole('status').innerText(),
    encoding: await preview.getByLabel('Encoding').inputValue(),
    encodingText: (await preview.getByLabel('Encoding').locator('option:checked').innerText()).trim(),
    separator: await preview.getByLabel('Separator').inputValue(),
    column: (await preview.getByLabel('Names from column').locator('option:checked').innerText()).trim(),
    notice: (await preview.locator('.preview-notice').isVisible()) ? await preview.locator('.preview-notice').innerText() : null,
    header: await preview.locator('.preview-table thead th').allInnerTexts(),
    /** The highlighted column: the names that will be imported. */
    names: await preview.locator('.preview-table tbody td.is-name').allInnerTexts(),
    lines: await preview.locator('.preview-table tbody th').allInnerTexts(),
    problems: (await preview.getByRole('region', { name: 'Problems' }).isVisible())
      ? await preview.getByRole('region', { name: 'Problems' }).getByRole('listitem').allInnerTexts()
      : [],
    confirm: await preview.getByRole('button', { name: /^Import/ }).innerText(),
    canConfirm: await preview.getByRole('button', { name: /^Import/ }).isEnabled(),
  };
}

const FILES = [
  { file: 'excel-csv-utf8.csv', encoding: 'utf-8', separator: ',', names: SAME_PEOPLE, lines: ['2', '3', '4', '5'] },
  {
    file: 'excel-sep-hint.csv',
    encoding: 'utf-8',
    separator: ';',
    names: SAME_PEOPLE.slice(0, 2).concat('François Ménard'),
    lines: ['3', '4', '5'],
  },
  { file: 'excel-unicode-text.txt', encoding: 'utf-16le', separator: '\t', names: SAME_PEOPLE, lines: ['2', '3', '4', '5'] },
  { file: 'google-sheets.csv', encoding: 'utf-8', separator: ',', names: SAME_PEOPLE, lines: ['2', '3', '4', '5'] },
  { file: 'libreoffice.csv', encoding: 'utf-8', separator: ',', names: SAME_PEOPLE, lines: ['2', '3', '4', '5'] },
] as const;

describe('the import preview with each fixture', () => {
  it.each(FILES)(
    '$file: $encoding, separator $separator, the Name column, every row; confirmed, exactly those rows are imported',
    async ({ file, encoding, separator, names: expected, lines }) => {
      const path = await ui.createWorkspace(`fixture-${file}.roster`);
      const { page, close, problems } = await ui.openWorkspacePage(path);
      await expect.poll(() => countText(page)).toBe('0 people');
      const preview = await openPreview(page, join(FIXTURES, file));
      const seen = await shown(preview);
      expect(seen).toMatchObject({
        summary: `${expected.length} people will be added.`,
        encoding,
        separator,
        column: 'Name',
        notice: null,
        header: ['Line', 'Name names', 'Email', 'Notes'],
        names: expected,
        lines,
        problems: [],
        confirm: `Import ${expected.length} people`,
        canConfirm: true,
      });
      // Nothing is written before the person confirms.
      expect(names(path)).toEqual([]);
      // Focus waits on Import: Enter confirms.
      expect(await preview.getByRole('button', { name: /^Import/ }).evaluate((button) => button === document.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      // The toast's text (its live region may take no room of its own in the layout).
      await expect.poll(() => page.getByText(`Imported ${expected.length} people.`, { exact: true }).isVisible()).toBe(true);
      expect(names(path)).toEqual(seen.names);
      await expect.poll(() => countText(page)).toBe(`${expected.length} people`);
      expect(problems).toEqual([]);
      await close();
    },
  );

  it(
    'excel-csv-semicolon-1252.csv: not UTF-8, so a clear choice: ' +
      'shown read as Windows-1252 with a notice, never as mojibake; UTF-8 is refused with a way out',
    async () => {
      const path = await ui.createWorkspace('fixture-1252.roster');
      const { page, close, problems } = await ui.openWorkspacePage(path);
      await expect.poll(() => countText(page)).toBe('0 people');
      const preview = await openPreview(page, join(FIXTURES, 'excel-csv-semicolon-1252.csv'));
      const guessed = await shown(preview);
      expect(guessed).toMatchObject({
        summary: '3 people will be added.',
        encoding: 'windows-1252',
        encodingText: 'Windows-1252 (Western), guessed',
        separator: ';',
        column: 'Name',
        names: ['Zoë Saldaña', 'Jürgen Müller', 'François Ménard'],
        // The rows of separators at the end are skipped.
        lines: ['2', '3', '4'],
        problems: [],
        canConfirm: true,
      });
      expect(guessed.notice).toMatch(/^excel-csv-semicolon-1252\.csv is not UTF-8 text\. It is shown read as Windows-1252/);
      // The person says "UTF-8": a problem that says how to read it, no garbled names.
      await preview.getByLabel('Encoding').selectOption('utf-8');
      await expect
        .poll(async () => (await shown(preview)).problems)
        .toEqual([expect.stringMatching(/^The file is not UTF-8 text\..*choose Windows-1252 under Encoding in the import preview/)]);
      const asUtf8 = await shown(preview);
      expect(asUtf8.canConfirm).toBe(false);
      expect(await preview.innerText()).not.toMatch(/\ufffd|Ã/);
      // Back to Windows-1252, and confirm: the names as shown, nothing garbled.
      await preview.getByLabel('Encoding').selectOption('windows-1252');
      await expect.poll(async () => (await shown(preview)).canConfirm).toBe(true);
      expect((await shown(preview)).names).toEqual(guessed.names);
      await preview.getByRole('button', { name: 'Import 3 people' }).click();
      await expect.poll(() => names(path)).toEqual(guessed.names);
      expect(problems).toEqual([]);
      await close();
    },
  );

  it('short-rows.csv: the name column found at position 2, short rows kept when their name cell is there', async () => {
    const path = await ui.createWorkspace('fixture-short.roster');
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('0 people');
    const preview = await openPreview(page, join(FIXTURES, 'short-rows.csv'));
    expect(await shown(preview)).toMatchObject({
      header: ['Line', 'Email', 'Name names', 'Notes'],
      column: 'Name',
      names: ['Zoë', 'Jürgen'],
      problems: [],
      summary: '2 people will be added.',
    });
    await page.keyboard.press('Enter');
    await expect.poll(() => names(path)).toEqual(['Zoë', 'Jürgen']);
    await close();
  });
});

describe('choosing, cancelling, dropping', () => {
  it('another column and another separator can be chosen; each reads the file again', async () => {
    const path = await ui.createWorkspace('choose-column.roster');
    const file = join(ui.files, 'contacts.csv');
    writeFileSync(file, 'Email;Full name;Team\nana@example.org;Ana Lima;Red\nbo@example.org;Bo Berg;Blue\n');
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('0 people');
    const preview = await openPreview(page, file);
    const before = await shown(preview);
    expect(before).toMatchObject({
      separator: ';',
      column: 'Choose a column…',
      names: [],
      problems: ['Line 1: the header row has no "name" column.'],
      canConfirm: false,
    });
    // Nothing to confirm yet: focus waits on the column to choose.
    expect(await preview.getByLabel('Names from column').evaluate((select) => select === document.activeElement)).toBe(true);
    await preview.getByLabel('Names from column').selectOption({ label: 'Full name' });
    await expect.poll(async () => (await shown(preview)).names).toEqual(['Ana Lima', 'Bo Berg']);
    expect(await shown(preview)).toMatchObject({
      header: ['Line', 'Email', 'Full name names', 'Team'],
      problems: [],
      summary: '2 people will be added.',
      canConfirm: true,
    });
    // Another separator makes one column of each line: the column is looked for again.
    await preview.getByLabel('Separator').selectOption(',');
    await expect.poll(async () => (await shown(preview)).header).toEqual(['Line', 'Email;Full name;Team']);
    expect((await shown(preview)).canConfirm).toBe(false);
    await preview.getByLabel('Separator').selectOption(';');
    await preview.getByLabel('Names from column').selectOption({ label: 'Full name' });
    await expect.poll(async () => (await shown(preview)).canConfirm).toBe(true);
    await preview.getByRole('button', { name: 'Import 2 people' }).click();
    await expect.poll(() => names(path)).toEqual(['Ana Lima', 'Bo Berg']);
    expect(problems).toEqual([]);
    await close();
  });

  it('Cancel and Escape write nothing, let the file go and give the focus back', async () => {
    const path = await ui.createWorkspace('cancel.roster', ['Already Here']);
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('1 person');
    await addThroughUi(page, 'Typed Person');
    await expect.poll(() => countText(page)).toBe('2 people');
    const before = queryFile(path, 'SELECT * FROM "Person" ORDER BY id');

    let preview = await openPreview(page, join(FIXTURES, 'excel-csv-utf8.csv'));
    // Keys meant for the window do nothing behind the dialog: no undo of that add.
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Escape');
    await expect.poll(() => preview.count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Import people' }).evaluate((button) => button === document.activeElement)).toBe(true);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Nothing was imported from excel-csv-utf8.csv.' }).count()).toBe(1);
    preview = await openPreview(page, join(FIXTURES, 'excel-csv-utf8.csv'));
    await preview.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => preview.count()).toBe(0);
    await page.waitForTimeout(200);
    expect(queryFile(path, 'SELECT * FROM "Person" ORDER BY id')).toEqual(before);
    expect(await countText(page)).toBe('2 people');
    expect(await page.getByText(/^Imported/).count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });

  it('a dropped file goes through the same preview: a Windows-1252 drop is shown read right and imports what was shown', async () => {
    const path = await ui.createWorkspace('drop-preview.roster');
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('0 people');
    await dropFiles(page, [join(FIXTURES, 'excel-csv-semicolon-1252.csv')], '.content');
    const preview = dialog(page, 'excel-csv-semicolon-1252.csv');
    await expect.poll(() => preview.locator('.preview-body').getAttribute('aria-busy')).toBe('false');
    const seen = await shown(preview);
    expect(seen).toMatchObject({
      encoding: 'windows-1252',
      names: ['Zoë Saldaña', 'Jürgen Müller', 'François Ménard'],
      canConfirm: true,
    });
    expect(names(path)).toEqual([]);
    await page.keyboard.press('Enter');
    await expect.poll(() => names(path)).toEqual(seen.names);
    // One step to undo, as imports always were.
    await page.getByRole('grid', { name: 'People' }).focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => names(path)).toEqual([]);
    // A Unicode Text file (.txt) can be dropped as well.
    await dropFiles(page, [join(FIXTURES, 'excel-unicode-text.txt')], '.content');
    const text = dialog(page, 'excel-unicode-text.txt');
    await expect.poll(async () => (await shown(text)).names).toEqual(SAME_PEOPLE);
    await text.getByRole('button', { name: 'Cancel' }).click();
    expect(names(path)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('times kept, the first row as data', () => {
  it('Roster’s own CSV: the preview says the times are kept, and the import keeps them', async () => {
    const path = await ui.createWorkspace('times.roster');
    const file = join(ui.files, 'exported.csv');
    writeFileSync(
      file,
      '\ufeffid,name,createdAt,updatedAt\r\n' +
        '7,Ana Lima,2019-03-04T05:06:07.089Z,2021-01-02T03:04:05.678Z\r\n' +
        '9,Bo Berg,2020-01-01T00:00:00.000Z,2020-01-01T00:00:00.000Z\r\n',
    );
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('0 people');
    const preview = await openPreview(page, file);
    await expect.poll(() => preview.locator('.preview-times').isVisible()).toBe(true);
    expect(await preview.locator('.preview-times').innerText()).toBe('Added and Last changed are kept from the file.');
    await expectNoSeriousViolations(page, 'import preview: times kept', '.preview-times');
    await page.keyboard.press('Enter');
    await expect.poll(() => names(path)).toEqual(['Ana Lima', 'Bo Berg']);
    expect(queryFile(path, 'SELECT "createdAt", "updatedAt" FROM "Person" ORDER BY id')).toEqual([
      { createdAt: '2019-03-04T05:06:07.089+00:00', updatedAt: '2021-01-02T03:04:05.678+00:00' },
      { createdAt: '2020-01-01T00:00:00.000+00:00', updatedAt: '2020-01-01T00:00:00.000+00:00' },
    ]);
    expect(problems).toEqual([]);
    await close();
  });

  it('a file without a header row: "The first row is data", reached by keyboard, reads it again and imports every row', async () => {
    const path = await ui.createWorkspace('no-header.roster');
    const file = join(ui.files, 'list.csv');
    writeFileSync(file, 'Ana Lima;ana@example.org\nBo Berg;bo@example.org\n');
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('0 people');
    const preview = await openPreview(page, file);
    expect((await shown(preview)).canConfirm).toBe(false);
    const checkbox = preview.getByLabel('The first row is data (no header row)');
    expect(await checkbox.isChecked()).toBe(false);
    // Tab reaches it from the column chooser; Space ticks it.
    await preview.getByLabel('Names from column').focus();
    await page.keyboard.press('Tab');
    expect(await checkbox.evaluate((box) => box === document.activeElement)).toBe(true);
    await page.keyboard.press('Space');
    await expect.poll(async () => (await shown(preview)).summary).toBe('2 people will be added.');
    expect(await shown(preview)).toMatchObject({
      header: ['Line', 'Column 1 names', 'Column 2'],
      names: ['Ana Lima', 'Bo Berg'],
      lines: ['1', '2'],
      problems: [],
      confirm: 'Import 2 people',
      canConfirm: true,
    });
    expect(await checkbox.isChecked()).toBe(true);
    await expectNoSeriousViolations(page, 'import preview: the first row is data');
    await preview.getByRole('button', { name: 'Import 2 people' }).click();
    await expect.poll(() => names(path)).toEqual(['Ana Lima', 'Bo Berg']);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('people already here, the exact count', () => {
  it.each(['light', 'dark'] as const)(
    'people already here (%s): counted, imported by default, left out with "Skip them"; the button and the toast say what is stored',
    async (colorScheme) => {
      const path = await ui.createWorkspace(`already-${colorScheme}.roster`, ['Zoë Saldaña']);
      const file = join(ui.files, `again-${colorScheme}.csv`);
      writeFileSync(file, 'name\nzoe saldana\nBo Berg\nBO BERG\nCy Diaz\n');
      const { page, close, problems } = await ui.openWorkspacePage(path, { colorScheme });
      await expect.poll(() => countText(page)).toBe('1 person');
      const preview = await openPreview(page, file);
      const group = preview.getByRole('group', { name: 'People already here' });
      await expect.poll(() => group.isVisible()).toBe(true);
      expect(await group.innerText()).toContain('2 look like people already here');
      const skip = preview.getByLabel('Skip them');
      expect(await skip.isChecked()).toBe(false);
      expect((await shown(preview)).confirm).toBe('Import 4 people');
      await skip.focus();
      await page.keyboard.press('Space');
      await expect.poll(async () => (await shown(preview)).confirm).toBe('Import 2 people');
      expect((await shown(preview)).summary).toBe('2 people will be added.');
      await expectNoSeriousViolations(page, `import preview: people already here, skipped (${colorScheme})`);
      if (colorScheme === 'light') {
        // A 480 px window at 200% zoom (a 240 px layout): the note and both checkboxes wrap, whole and in view.
        await page.setViewportSize({ width: 480, height: 720 });
        await page.evaluate(() => document.documentElement.style.setProperty('zoom', '2'));
        for (const part of [group, skip, preview.getByLabel('The first row is data (no header row)')]) {
          await part.scrollIntoViewIfNeeded();
          const box = await part.boundingBox();
          expect(box && box.x >= 0 && box.x + box.width <= 480, 'in view at 480 px and 200%').toBe(true);
        }
        await page.evaluate(() => document.documentElement.style.removeProperty('zoom'));
        await skip.focus();
      }
      await page.keyboard.press('Enter');
      // The toast, as the person reads it: what was stored, and what was left out.
      await expect.poll(() => page.getByText('Imported 2 people. Skipped 2 already here.', { exact: true }).isVisible()).toBe(true);
      expect(names(path)).toEqual(['Zoë Saldaña', 'Bo Berg', 'Cy Diaz']);
      await expect.poll(() => countText(page)).toBe('3 people');
      expect(problems).toEqual([]);
      await close();
    },
  );

  it('a big file: the estimate on the Import button becomes the exact count, and the toast says what was stored', async () => {
    const path = await ui.createWorkspace('exact.roster');
    const file = join(ui.files, 'big.csv');
    // Long rows first, short ones after: the estimate from the first 4 MiB is far from the truth.
    const long = Array.from({ length: 40_000 }, (_, i) => `Person ${i},${'x'.repeat(120)}`);
    const short = Array.from({ length: 60_000 }, (_, i) => `P ${i},`);
    writeFileSync(file, `name,notes\n${[...long, ...short].join('\n')}\n`);
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('0 people');
    const preview = await openPreview(page, file);
    await expect.poll(async () => (await shown(preview)).confirm).toBe('Import 100,000 people');
    expect((await shown(preview)).summary).toBe('100,000 people will be added.');
    expect(await preview.locator('.preview-partial').isVisible()).toBe(false);
    await expectNoSeriousViolations(page, 'import preview: exact count of a big file');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('Imported 100,000 people.', { exact: true }).isVisible()).toBe(true);
    expect(queryFile<{ n: number }>(path, 'SELECT count(*) AS n FROM "Person"')).toEqual([{ n: 100_000 }]);
    expect(problems).toEqual([]);
    await close();
  });
});
