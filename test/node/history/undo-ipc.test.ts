// Undo and redo through the IPC boundary, as windows use them: one history per open
// workspace shared by its windows, a paste as one step, refusals when another program
// changed the rows, and the state pushed to every window.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createAppFixture,
  createWorkspaceFileAt,
  importThroughPreview,
  type AppFixture,
  type TestWindow,
} from '../../support/app-fixture.js';
import { ok, type Envelope } from '../../support/ipc-envelopes.js';
import { removeTempDirs } from '../../support/workspace-fixtures.js';

interface Person {
  id: number;
  name: string;
  createdAt: string;
  updatedAt: string;
}

let app: AppFixture;
beforeEach(() => {
  app = createAppFixture();
});
afterEach(async () => {
  await app.dispose();
  removeTempDirs();
});

/** Every row as stored, and the stored count and search index's view, for before/after comparisons. */
function fileState(path: string): { rows: unknown[]; personCount: number; indexed: number } {
  const db = new Database(path, { readonly: true });
  try {
    return {
      rows: db.prepare('SELECT "id", "name", "nameKey", "createdAt", "updatedAt" FROM "Person" ORDER BY "id"').all(),
      personCount: db.prepare('SELECT "personCount" FROM "RosterState"').pluck().get() as number,
      indexed: db.prepare(`SELECT count(*) FROM "PersonSearch" WHERE "PersonSearch" MATCH '"son"'`).pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

describe('undo and redo across windows', () => {
  it('one history per workspace: a change in window A is undone from window B, in order, and both hear the state', async () => {
    const path = await createWorkspaceFileAt(app, 'team.roster');
    const a = await app.openWorkspace(path);
    const b = await app.openWorkspace(path);
    const empty = fileState(path);

    const ada = await ok<Person>(a, 'people:create', { name: 'Ada Lovelace' });
    await ok(b, 'people:create', { name: 'Bob Johnson' });
    await ok(a, 'people:update', { id: ada.id, name: 'Ada Byron' });
    const afterAll = fileState(path);
    expect(await ok(b, 'history:history')).toEqual({ undoLabel: 'Rename “Ada Lovelace” to “Ada Byron”', redoLabel: null });
    const heard = (window: TestWindow) => window.events.filter((event) => event.channel === 'history:onHistoryChanged').at(-1)?.payload;
    expect(heard(a)).toEqual({ undoLabel: 'Rename “Ada Lovelace” to “Ada Byron”', redoLabel: null });
    expect(heard(b)).toEqual(heard(a));

    expect(await ok(b, 'history:undo')).toEqual({ action: 'undo', label: 'Rename “Ada Lovelace” to “Ada Byron”' });
    expect(await ok(a, 'history:undo')).toEqual({ action: 'undo', label: 'Add “Bob Johnson”' });
    expect(await ok(b, 'history:undo')).toEqual({ action: 'undo', label: 'Add “Ada Lovelace”' });
    expect(fileState(path)).toEqual(empty);
    expect((await a.call('history:undo')) as Envelope).toMatchObject({ ok: false, error: { code: 'NOTHING_TO_UNDO' } });
    expect(heard(a)).toEqual({ undoLabel: null, redoLabel: 'Add “Ada Lovelace”' });

    for (let i = 0; i < 3; i++) await ok(i % 2 ? a : b, 'history:redo');
    // Exactly the same rows: ids, names, keys, both times, the stored count and the index.
    expect(fileState(path)).toEqual(afterAll);
    expect(await ok(a, 'people:count', { search: 'johnson' })).toBe(1);
  });

  it('a paste is one step, and undoing it restores the count and the search index', async () => {
    const path = await createWorkspaceFileAt(app, 'paste.roster');
    const win = await app.openWorkspace(path);
    await ok(win, 'people:create', { name: 'Kept Person' });
    const before = fileState(path);
    const names = Array.from({ length: 2500 }, (_, i) => `Pasted Person ${i}`);
    expect(await ok(win, 'people:createMany', { names })).toEqual({ count: 2500, firstName: 'Pasted Person 0' });
    const pasted = fileState(path);
    expect(await ok(win, 'history:history')).toEqual({ undoLabel: 'Add 2,500 people', redoLabel: null });
    await ok(win, 'history:undo');
    expect(fileState(path)).toEqual(before);
    expect(await ok(win, 'people:count', { search: 'pasted' })).toBe(0);
    await ok(win, 'history:redo');
    expect(fileState(path)).toEqual(pasted);
    expect(await ok(win, 'people:count', { search: 'pasted person 24' })).toBe(111);
  });

  it('undo of a delete puts people back with their ids and times, and redo deletes them again', async () => {
    const path = await createWorkspaceFileAt(app, 'delete.roster');
    const win = await app.openWorkspace(path);
    for (const name of ['Ann Hanson', 'Ben Olson', 'Cy Jonsson']) await ok(win, 'people:create', { name });
    const before = fileState(path);
    await ok(win, 'people:delete', { ids: [1, 3] });
    expect(await ok(win, 'history:history')).toMatchObject({ undoLabel: 'Delete 2 people' });
    await ok(win, 'history:undo');
    expect(fileState(path)).toEqual(before);
    await ok(win, 'history:redo');
    expect((fileState(path).rows as Person[]).map((row) => row.name)).toEqual(['Ben Olson']);
  });
});

describe('undo and redo across windows: changes made outside Roster, imports', () => {
  it('never undoes a change made outside Roster: UNDO_CONFLICT, nothing written, the step dropped', async () => {
    const path = await createWorkspaceFileAt(app, 'outside.roster');
    const win = await app.openWorkspace(path);
    const ada = await ok<Person>(win, 'people:create', { name: 'Ada Lovelace' });
    await ok(win, 'people:update', { id: ada.id, name: 'Ada Byron' });
    // Another program renames her again (as DB Browser or a script would).
    const other = new Database(path);
    other.prepare(`UPDATE "Person" SET "name" = 'Ada King', "updatedAt" = '2030-01-01 00:00:00' WHERE "id" = ?`).run(ada.id);
    other.close();
    const changed = fileState(path);

    const refused = (await win.call('history:undo')) as Envelope;
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNDO_CONFLICT' } });
    expect(refused.ok ? '' : refused.error.message).toContain('“Ada Byron” was changed outside');
    expect(fileState(path)).toEqual(changed);
    // The rename step and the add under it are gone: both depended on the row as Roster left it.
    expect(await ok(win, 'history:history')).toEqual({ undoLabel: null, redoLabel: null });
  });

  it('an outside delete of a person Roster added makes the undo of the add refuse rather than guess', async () => {
    const path = await createWorkspaceFileAt(app, 'gone.roster');
    const win = await app.openWorkspace(path);
    await ok(win, 'people:createMany', { names: ['One Person', 'Two Person'] });
    const other = new Database(path);
    other.prepare(`DELETE FROM "Person" WHERE "name" = 'Two Person'`).run();
    other.close();
    expect(await win.call('history:undo')).toMatchObject({ ok: false, error: { code: 'UNDO_CONFLICT' } });
    expect((fileState(path).rows as Person[]).map((row) => row.name)).toEqual(['One Person']);
  });

  it(
    'an import is one step: undo removes exactly its rows (on the task runner), ' +
      'redo puts them back with their ids; the side file goes when the step does',
    async () => {
      const path = await createWorkspaceFileAt(app, 'import.roster');
      const win = await app.openWorkspace(path);
      await ok(win, 'people:create', { name: 'Already Here' });
      const before = fileState(path);
      const csv = join(app.files, 'people.csv');
      writeFileSync(csv, `name\n${Array.from({ length: 5000 }, (_, i) => `Imported Person ${i}`).join('\n')}\n`);
      expect(await (await importThroughPreview(app, win, csv)).outcome).toEqual({ ok: true, data: { status: 'imported', count: 5000 } });
      await ok(win, 'people:create', { name: 'Added After' });
      const imported = fileState(path);

      expect(await ok(win, 'history:undo')).toEqual({ action: 'undo', label: 'Add “Added After”' });
      expect(await ok(win, 'history:undo')).toEqual({ action: 'undo', label: 'Import 5,000 people' });
      expect(fileState(path)).toEqual(before);
      expect(await ok(win, 'people:count', { search: 'imported' })).toBe(0);
      const undoFolder = join(app.context.paths?.root ?? '', 'undo');
      expect(readdirSync(undoFolder)).toHaveLength(1);

      await ok(win, 'history:redo');
      await ok(win, 'history:redo');
      expect(fileState(path)).toEqual(imported);
      expect(await ok(win, 'people:count', { search: 'imported person 4999' })).toBe(1);

      // A new change clears redo; undoing the import again and then leaving the history frees its side file.
      await ok(win, 'history:undo');
      await ok(win, 'history:undo');
      await ok(win, 'people:create', { name: 'New Branch' });
      expect(readdirSync(undoFolder)).toEqual([]);
    },
  );

  it('undo of an import refuses when another program renamed one of its people, and writes nothing', async () => {
    const path = await createWorkspaceFileAt(app, 'import-conflict.roster');
    const win = await app.openWorkspace(path);
    const csv = join(app.files, 'few.csv');
    writeFileSync(csv, 'name\nOne\nTwo\nThree\n');
    expect(await (await importThroughPreview(app, win, csv)).outcome).toMatchObject({ ok: true });
    const other = new Database(path);
    other.prepare(`UPDATE "Person" SET "name" = 'Zwei' WHERE "name" = 'Two'`).run();
    other.close();
    const changed = fileState(path);
    expect(await win.call('history:undo')).toMatchObject({ ok: false, error: { code: 'UNDO_CONFLICT' } });
    expect(fileState(path)).toEqual(changed);
    expect(existsSync(path)).toBe(true);
  });
});
