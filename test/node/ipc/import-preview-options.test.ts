// The import preview's newer choices through the real channels, as the window uses
// them: "the first row is data" (header: false) previews and imports the first row;
// the look-alikes are counted and "Skip them" leaves them out; a partial preview's
// estimate is followed by the whole file's exact count, which is what the import then
// stores; confirming while that count still runs imports at once.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppFixture, createWorkspaceFileAt, type AppFixture, type TestWindow } from '../../support/app-fixture.js';
import { unwrap, type Envelope } from '../../support/ipc-envelopes.js';
import { queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';

let app: AppFixture;

beforeEach(() => {
  app = createAppFixture();
});
afterEach(async () => {
  await app.dispose();
  removeTempDirs();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read fields of many different answers
async function ok(window: TestWindow, channel: string, payload: unknown): Promise<any> {
  return unwrap((await window.call(channel, payload)) as Envelope<unknown>, channel);
}

async function choose(window: TestWindow, file: string): Promise<string> {
  app.dialogs.importFile.push(file);
  const chosen = await ok(window, 'importExport:chooseImport', { format: 'csv' });
  return chosen.token as string;
}

function names(path: string): string[] {
  return queryFile<{ name: string }>(path, 'SELECT name FROM "Person" ORDER BY id').map((row) => row.name);
}

describe('the import preview’s choices in main', () => {
  it('the first row is data: the preview shows it as line 1 and the confirm imports it', async () => {
    const path = await createWorkspaceFileAt(app, 'list.roster');
    const win = await app.openWorkspace(path);
    const file = join(app.files, 'list.csv');
    writeFileSync(file, 'Ada Lovelace;ada@example.org\nGrace Hopper;grace@example.org\n');
    const token = await choose(win, file);
    expect(await ok(win, 'importExport:previewImport', { token })).toMatchObject({ count: 0, problemCount: 1 });
    const preview = await ok(win, 'importExport:previewImport', { token, header: false, column: 0 });
    expect(preview).toMatchObject({ header: false, count: 2, columns: ['', ''], columnCount: 2, nameColumn: 0, problemCount: 0 });
    expect(preview.rows.map((row: { where: string }) => row.where)).toEqual(['Line 1', 'Line 2']);
    expect(await ok(win, 'importExport:confirmImport', { token })).toEqual({ status: 'imported', count: 2 });
    expect(names(path)).toEqual(['Ada Lovelace', 'Grace Hopper']);
  });

  it('counts rows that look like people already here; Skip them leaves them out and says how many', async () => {
    const path = await createWorkspaceFileAt(app, 'here.roster');
    const win = await app.openWorkspace(path);
    await ok(win, 'people:create', { name: 'Zoë Saldaña' });
    const file = join(app.files, 'in.csv');
    writeFileSync(file, 'name\nzoe saldana\nBo\nbo\nCy\n');
    const token = await choose(win, file);
    expect(await ok(win, 'importExport:previewImport', { token })).toMatchObject({ count: 4, duplicates: 2, complete: true });
    expect(await ok(win, 'importExport:confirmImport', { token, skipDuplicates: true })).toEqual({
      status: 'imported',
      count: 2,
      skipped: 2,
    });
    expect(names(path)).toEqual(['Zoë Saldaña', 'Bo', 'Cy']);
  });

  it('a partial preview’s estimate is followed by the exact count, which the import stores', async () => {
    const path = await createWorkspaceFileAt(app, 'big.roster');
    const win = await app.openWorkspace(path);
    const file = join(app.files, 'big.csv');
    // Long first rows and short later ones: an estimate from the first 4 MiB is far off.
    const long = Array.from({ length: 50_000 }, (_, i) => `Person ${i},${'x'.repeat(100)}`);
    const short = Array.from({ length: 150_000 }, (_, i) => `P ${i},`);
    writeFileSync(file, `name,notes\n${[...long, ...short].join('\n')}\n`);
    const token = await choose(win, file);
    const partial = await ok(win, 'importExport:previewImport', { token });
    expect(partial.complete).toBe(false);
    expect(partial.count).not.toBe(200_000);
    const whole = await ok(win, 'importExport:previewImport', { token, whole: true });
    expect(whole).toMatchObject({ complete: true, count: 200_000 });
    expect(await ok(win, 'importExport:confirmImport', { token })).toEqual({ status: 'imported', count: 200_000 });
    expect(await ok(win, 'people:count', {})).toBe(200_000);
  });

  it('confirming while the exact count runs stops the count and imports with the settings shown', async () => {
    const path = await createWorkspaceFileAt(app, 'quick.roster');
    const win = await app.openWorkspace(path);
    const file = join(app.files, 'many.csv');
    writeFileSync(file, `name\n${Array.from({ length: 300_000 }, (_, i) => `Someone Called ${i}`).join('\n')}\n`);
    const token = await choose(win, file);
    expect((await ok(win, 'importExport:previewImport', { token })).complete).toBe(false);
    const counting = win.call('importExport:previewImport', { token, whole: true });
    expect(await ok(win, 'importExport:confirmImport', { token })).toEqual({ status: 'imported', count: 300_000 });
    // The count was stopped (or had just finished): either way it wrote nothing and the import stands.
    const counted = (await counting) as Envelope<unknown>;
    if (!counted.ok) expect(counted.error.code).toBe('CANCELLED');
    expect(await ok(win, 'people:count', {})).toBe(300_000);
  });
});
