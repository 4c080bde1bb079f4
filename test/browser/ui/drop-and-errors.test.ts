// Files dropped from the desktop (a CSV or JSON file on a workspace window shows its
// import preview, and imports when confirmed; workspace files on the launcher open them), and renderer errors reaching main's log.
// Drops go through the real preload and the harness's stand-in for Electron's
// webUtils.getPathForFile; main checks every path.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropFiles } from '../drop-files.js';
import { removeTempDirs } from '../../support/workspace-fixtures.js';
import { countText, createUiFixture, gridNames, type UiFixture } from './ui-fixture.js';

let ui: UiFixture;

beforeAll(async () => {
  ui = await createUiFixture();
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

describe('dropping files', () => {
  it(
    'a CSV dropped on a workspace window shows its preview and is imported when confirmed; ' +
      'other files and several files are refused with a message',
    async () => {
      const path = await ui.createWorkspace('drop-target.roster', ['Existing Person']);
      const csv = join(ui.files, 'newcomers.csv');
      writeFileSync(csv, 'email,name\na@example.org,Ana Lima\nb@example.org,"Souza, Bo"\n');
      const json = join(ui.files, 'more.json');
      writeFileSync(json, JSON.stringify([{ name: 'Cy Young' }]));
      const pdf = join(ui.files, 'notes.pdf');
      writeFileSync(pdf, '%PDF-1.4 not people');
      const { page, close, problems } = await ui.openWorkspacePage(path);
      await expect.poll(() => countText(page)).toBe('1 person');

      await dropFiles(page, [csv], '[role="grid"]');
      const preview = page.getByRole('dialog', { name: 'Import “newcomers.csv”' });
      await expect.poll(() => preview.getByRole('button', { name: 'Import 2 people' }).isEnabled()).toBe(true);
      expect(await countText(page)).toBe('1 person');
      await page.keyboard.press('Enter');
      await expect.poll(() => countText(page)).toBe('3 people');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Imported 2 people.' }).isVisible()).toBe(true);
      // The count and the visible rows are read separately after an import: wait for the rows too.
      await expect.poll(() => gridNames(page)).toEqual(['Ana Lima', 'Existing Person', 'Souza, Bo']);
      await dropFiles(page, [json]);
      await page.getByRole('dialog', { name: 'Import “more.json”' }).getByRole('button', { name: 'Import 1 person' }).click();
      await expect.poll(() => countText(page)).toBe('4 people');

      await dropFiles(page, [pdf]);
      await expect.poll(() => page.getByText('notes.pdf cannot be imported: drop a CSV, text or JSON file.').isVisible()).toBe(true);
      await dropFiles(page, [csv, json]);
      await expect.poll(() => page.getByText('Drop one file at a time to import it.').isVisible()).toBe(true);
      // A File the page makes itself has no path: main refuses it.
      type W = { roster: { importExport: { chooseDroppedImport(files: File[]): Promise<unknown> } } };
      const forged = await page.evaluate(() =>
        (window as unknown as W).roster.importExport.chooseDroppedImport([new File(['name\nForged\n'], 'forged.csv')]),
      );
      expect(forged).toEqual({
        ok: false,
        error: { code: 'INVALID_INPUT', message: 'Only files from your computer can be dropped here.' },
      });
      expect(await countText(page)).toBe('4 people');
      expect(await page.getByRole('dialog').count()).toBe(0);
      expect(problems).toEqual([]);
      await close();
    },
  );

  it('workspace files dropped on the launcher open; anything else is named in the message', async () => {
    for (const entry of ui.context.catalog.list()) ui.context.catalog.forget(entry.id);
    const a = await ui.createWorkspace('dropped-a.roster', ['One']);
    const b = await ui.createWorkspace('dropped-b.roster', ['Two', 'Three']);
    const csv = join(ui.files, 'list.csv');
    writeFileSync(csv, 'name\nX\n');
    const { page, close, problems } = await ui.openLauncherPage();
    await expect.poll(() => page.getByText(/No workspaces yet/).isVisible()).toBe(true);
    const shownBefore = ui.shown.length;
    await dropFiles(page, [a, b, csv]);
    await expect.poll(() => ui.shown.slice(shownBefore)).toEqual([a, b]);
    const list = page.getByRole('list', { name: 'Recent workspaces' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(2);
    expect(await list.innerText()).toContain('2 people');
    await expect
      .poll(() => page.getByText('Could not open list.csv: list.csv cannot be dropped here: only Roster workspace files can.').isVisible())
      .toBe(true);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('renderer errors', () => {
  it('uncaught errors and unhandled rejections reach main’s log, and a flood is cut short', async () => {
    const path = await ui.createWorkspace('errors.roster');
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => countText(page)).toBe('0 people');
    const before = ui.logs.length;
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error('boom from the page');
      }, 0);
      void Promise.reject(new TypeError('nobody caught this'));
    });
    await expect
      .poll(() =>
        ui.logs
          .slice(before)
          .map((entry) => entry.message.replace(/window \d+/, 'window N'))
          .sort(),
      )
      .toEqual([
        'renderer of window N: uncaught error: Uncaught Error: boom from the page',
        'renderer of window N: unhandled rejection: TypeError: nobody caught this',
      ]);
    const boom = ui.logs.slice(before).find((entry) => entry.message.includes('boom'));
    expect(boom?.level).toBe('error');
    expect(String((boom?.details as { stack?: string } | undefined)?.stack)).toContain('boom from the page');

    // 500 different errors in a burst: the page sends at most a handful.
    const flood = ui.logs.length;
    await page.evaluate(() => {
      for (let i = 0; i < 500; i++) setTimeout(() => void Promise.reject(new Error(`flood ${i}`)), 0);
    });
    await page.waitForTimeout(500);
    const logged = ui.logs.length - flood;
    expect(logged).toBeGreaterThan(0);
    expect(logged).toBeLessThanOrEqual(5);
    await close();
  });
});
