// The health banner of a workspace holding a trigger another program added, in a real
// Chromium: it names the trigger and offers Remove triggers and Trust this file; either
// one opens the workspace for writing (main/features/workspace/node/foreign-objects.ts).

import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execOnFile, removeTempDirs } from '../../support/workspace-fixtures.js';
import { addThroughUi, createUiFixture, gridNames, type UiFixture } from './ui-fixture.js';

let ui: UiFixture;

beforeAll(async () => {
  ui = await createUiFixture();
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

const LOGGER = `
  CREATE TABLE "PersonLog" ("name" TEXT);
  CREATE TRIGGER "person_log_ai" AFTER INSERT ON "Person" BEGIN INSERT INTO "PersonLog" VALUES (NEW."name"); END;`;

function logged(path: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT "name" FROM "PersonLog" ORDER BY rowid').pluck().all();
  } finally {
    db.close();
  }
}

describe('a workspace with a trigger another program added', () => {
  it.each([
    ['Trust this file', ['Added in the window']],
    ['Remove triggers', []],
  ] as const)('names it, and %s opens the workspace for writing', async (button, log) => {
    const path = await ui.createWorkspace(`${button.split(' ')[0] as string}.roster`, ['Ada Lovelace']);
    execOnFile(path, LOGGER);
    const { page, problems, close } = await ui.openWorkspacePage(path);
    try {
      await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace']);
      const banner = page.getByRole('alert');
      await banner.getByText(/another program added \("person_log_ai" on Person\)/).waitFor({ timeout: 5000 });
      expect(await page.getByRole('button', { name: 'Remove triggers' }).isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Trust this file' }).isVisible()).toBe(true);

      await page.getByRole('button', { name: button }).click();
      await expect.poll(() => banner.isVisible()).toBe(false);
      await addThroughUi(page, 'Added in the window');
      await expect.poll(() => gridNames(page)).toContain('Added in the window');
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
    expect(logged(path)).toEqual(log);
  });
});
