// The health banner in a real Chromium: a file replaced underneath
// the window is announced with a Reopen button, and Reopen shows the file now at that
// place and takes changes again; a file restored from a backup when it was opened says
// so, as information that can be dismissed.

import { copyFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../../main/features/workspace/node/migrations/migration-history.js';
import { takeBackup } from '../../../main/features/workspace/node/backups.js';
import { halfUpgrade } from '../../support/upgrade-fixtures.js';
import { foreignWal } from '../../support/hostile-files.js';
import { makeV1File, queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';
import { addThroughUi, createUiFixture, gridNames, type UiFixture } from './ui-fixture.js';

let ui: UiFixture;

beforeAll(async () => {
  ui = await createUiFixture();
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

describe('the health banner', () => {
  it('says the file was replaced, offers Reopen, and Reopen shows the file now in its place', async () => {
    const path = await ui.createWorkspace('team.roster', ['Ada Lovelace']);
    const other = await ui.createWorkspace('other.roster', ['Grace Hopper', 'Katherine Johnson']);
    const { page, problems, close } = await ui.openWorkspacePage(path);
    try {
      await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace']);
      const banner = page.getByRole('alert');
      const reopen = page.getByRole('button', { name: 'Reopen' });
      await expect.poll(() => banner.isVisible()).toBe(false);

      copyFileSync(other, join(ui.files, 'replacement.roster'));
      renameSync(join(ui.files, 'replacement.roster'), path); // `mv replacement.roster team.roster`
      // The window notices by itself (the change feed polls while it is open).
      await banner.getByText(/moved, replaced or deleted by another program/).waitFor({ timeout: 5000 });
      expect(await banner.innerText()).not.toMatch(/\/|\.roster/);
      expect(await reopen.isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Dismiss' }).isVisible()).toBe(false);

      await reopen.click();
      await expect.poll(() => banner.isVisible()).toBe(false);
      await expect.poll(() => gridNames(page)).toEqual(['Grace Hopper', 'Katherine Johnson']);
      await addThroughUi(page, 'Added after reopening');
      await expect.poll(() => gridNames(page)).toContain('Added after reopening');
      expect(queryFile<{ name: string }>(path, 'SELECT name FROM "Person" ORDER BY id').map((row) => row.name)).toEqual([
        'Grace Hopper',
        'Katherine Johnson',
        'Added after reopening',
      ]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("says another workspace's WAL found beside the file was set aside, as information the person can dismiss", async () => {
    const lease = await ui.context.connections.create(join(ui.files, 'sealed.roster'));
    const path = lease.path;
    await lease.release(); // closed cleanly: sealed
    foreignWal(ui.files, path);

    const { page, problems, close } = await ui.openWorkspacePage(path);
    try {
      const notice = page.getByRole('status').filter({ hasText: 'set them aside, unread' });
      await notice.waitFor({ timeout: 5000 });
      expect(await notice.innerText()).not.toContain(ui.files);
      await page.getByRole('button', { name: 'Dismiss' }).click();
      await expect.poll(() => notice.isVisible()).toBe(false);
      await expect.poll(() => gridNames(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('says a file was restored from its backup when it was opened, and Dismiss puts the notice away', async () => {
    const path = join(ui.files, 'half.roster');
    makeV1File(path, ['Ada Lovelace']);
    const reader = new Database(path, { readonly: true });
    const history = readHistory(reader);
    reader.close();
    await takeBackup(path, ui.context.paths.backupsDir, history, new Date('2026-11-20T09:30:00Z'));
    halfUpgrade(path);

    const { page, problems, close } = await ui.openWorkspacePage(path);
    try {
      const notice = page.getByRole('status').filter({ hasText: 'restored this workspace' });
      await notice.waitFor({ timeout: 5000 });
      expect(await notice.innerText()).toMatch(
        /automatic backup of 2026-11-20 09:30 UTC.*People added or changed after that backup are not in it\./s,
      );
      expect(await page.getByRole('button', { name: 'Reopen' }).isVisible()).toBe(false);
      await page.getByRole('button', { name: 'Dismiss' }).click();
      await expect.poll(() => notice.isVisible()).toBe(false);
      await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace']);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
