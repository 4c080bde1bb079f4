// Undo and redo of an import that kept its file's times (Roster's own CSV and JSON export
// carry createdAt and updatedAt), through the IPC channels as a window uses them: the
// undo takes exactly the imported people out, redo brings them back with the same ids
// and times, and a row another program changed after the import still makes the undo
// refuse (UNDO_CONFLICT) and write nothing, as it does for an import without times.
import { closeSync, openSync, writeFileSync } from 'node:fs';
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
import { ok } from '../../support/ipc-envelopes.js';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { importTask } from '../../../main/features/import-export/node/import/import-task.js';
import { importUndoTask, interruptedUndo, type ImportUndoInput } from '../../../main/features/history/node/import-undo-task.js';
import { makeCurrentFile, makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';

interface Row {
  id: number;
  name: string;
  nameKey: string;
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

const NAMES = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra'];

function rows(path: string): Row[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT "id", "name", "nameKey", "createdAt", "updatedAt" FROM "Person" ORDER BY "id"').all() as Row[];
  } finally {
    db.close();
  }
}

/** Runs `sql` on the workspace as another program would: its own connection, Roster not involved. */
function outsideWrite(path: string, sql: string, ...params: unknown[]): void {
  const db = new Database(path);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

/** A workspace whose people have times of their own, well before any import (set by hand, as years of use would), exported by Roster. */
async function exported(format: 'csv' | 'json'): Promise<{ file: string; source: Row[] }> {
  const path = await createWorkspaceFileAt(app, `source-${format}.roster`);
  const win = await app.openWorkspace(path);
  await ok(win, 'people:createMany', { names: NAMES });
  const db = new Database(path);
  try {
    const times = db.prepare('UPDATE "Person" SET "createdAt" = ?, "updatedAt" = ? WHERE "id" = ?');
    for (const [i, row] of rows(path).entries()) {
      times.run(`2019-0${i + 1}-02T08:30:00.250+00:00`, `2021-0${i + 5}-15T17:45:10.500+00:00`, row.id);
    }
  } finally {
    db.close();
  }
  const file = join(app.files, `people.${format}`);
  app.dialogs.exportFile.push(file);
  expect(await ok(win, 'importExport:export', { format })).toMatchObject({ status: 'exported', count: NAMES.length });
  return { file, source: rows(path) };
}

/** A workspace with one person of its own, into which `file` is imported through the preview, as a window does. */
async function importedInto(name: string, file: string, format: 'csv' | 'json'): Promise<{ path: string; win: TestWindow; before: Row[] }> {
  const path = await createWorkspaceFileAt(app, name);
  const win = await app.openWorkspace(path);
  await ok(win, 'people:create', { name: 'Already Here' });
  const before = rows(path);
  const outcome = await (await importThroughPreview(app, win, file, format)).outcome;
  expect(outcome).toEqual({ ok: true, data: { status: 'imported', count: NAMES.length } });
  return { path, win, before };
}

const timesOf = (list: readonly Row[]): string[][] => list.map((row) => [row.name, row.createdAt, row.updatedAt]);

describe('undo of an import that kept the times of a Roster export', () => {
  it.each(['csv', 'json'] as const)('%s: undo removes the people, redo brings them back with the same ids and times', async (format) => {
    const { file, source } = await exported(format);
    const { path, win, before } = await importedInto(`target-${format}.roster`, file, format);
    const imported = rows(path);
    // The import kept the file's times (they are not the import's own).
    expect(timesOf(imported.slice(1))).toEqual(timesOf(source));
    expect(await ok(win, 'history:history')).toEqual({ undoLabel: 'Import 4 people', redoLabel: null });

    expect(await ok(win, 'history:undo')).toEqual({ action: 'undo', label: 'Import 4 people' });
    expect(rows(path)).toEqual(before);
    expect(await ok(win, 'people:count', {})).toBe(1);

    expect(await ok(win, 'history:redo')).toEqual({ action: 'redo', label: 'Import 4 people' });
    expect(rows(path)).toEqual(imported);
    expect(await ok(win, 'people:count', { search: 'hopper' })).toBe(1);
  });

  it.each(['csv', 'json'] as const)(
    '%s: a person another program renamed after the import makes the undo refuse and write nothing',
    async (format) => {
      const { file } = await exported(format);
      const { path, win } = await importedInto(`conflict-${format}.roster`, file, format);
      outsideWrite(path, `UPDATE "Person" SET "name" = 'Grace Brewster Hopper' WHERE "name" = 'Grace Hopper'`);
      const changed = rows(path);
      expect(await win.call('history:undo')).toMatchObject({ ok: false, error: { code: 'UNDO_CONFLICT' } });
      expect(rows(path)).toEqual(changed);
    },
  );

  it('an outside change that writes its own time, even one later than any in the file, still makes the undo refuse', async () => {
    const { file } = await exported('csv');
    const { path, win } = await importedInto('conflict-dated.roster', file, 'csv');
    outsideWrite(path, `UPDATE "Person" SET "name" = 'Alan M. Turing', "updatedAt" = '2030-01-01 00:00:00' WHERE "name" = 'Alan Turing'`);
    const changed = rows(path);
    expect(await win.call('history:undo')).toMatchObject({ ok: false, error: { code: 'UNDO_CONFLICT' } });
    expect(rows(path)).toEqual(changed);
  });

  it('rows with and without times, one dated after the import: undo and redo work, an outside rename is refused', async () => {
    const csv = join(app.files, 'mixed.csv');
    writeFileSync(
      csv,
      'name,createdAt,updatedAt\n' +
        'Ada Lovelace,2019-01-02T08:30:00.250Z,2021-10-15T17:45:10.500Z\n' +
        'Grace Hopper,,\n' +
        // A file from a machine whose clock ran ahead: its time is after the import's.
        'Alan Turing,2020-05-05T05:05:05.005Z,2099-12-31T23:59:59.999Z\n' +
        'Edsger Dijkstra,,\n',
    );
    const { path, win, before } = await importedInto('mixed.roster', csv, 'csv');
    const imported = rows(path);
    expect(imported[3]?.updatedAt).toBe('2099-12-31T23:59:59.999+00:00');
    await ok(win, 'history:undo');
    expect(rows(path)).toEqual(before);
    await ok(win, 'history:redo');
    expect(rows(path)).toEqual(imported);

    // Renamed by another program: its updatedAt becomes now, after the import, which the import never wrote for it.
    outsideWrite(path, `UPDATE "Person" SET "name" = 'Ada King' WHERE "name" = 'Ada Lovelace'`);
    const changed = rows(path);
    expect(await win.call('history:undo')).toMatchObject({ ok: false, error: { code: 'UNDO_CONFLICT' } });
    expect(rows(path)).toEqual(changed);
  });
});

describe('an undo of a kept-times import cut off between slices', () => {
  it('the side file records what the import kept, so the undo can be finished on the next start', async () => {
    const dir = makeTempDir('kept-times-resume');
    const path = join(dir, 'w.roster');
    makeCurrentFile(path, ['Already Here'], foldName);
    const csv = join(dir, 'people.csv');
    writeFileSync(
      csv,
      'name,createdAt,updatedAt\n' +
        'Ada Lovelace,2019-01-02T08:30:00.250Z,2021-10-15T17:45:10.500Z\n' +
        'Grace Hopper,,\n' +
        'Alan Turing,2020-05-05T05:05:05.005Z,2099-12-31T23:59:59.999Z\n',
    );
    const quiet = { signal: new AbortController().signal, progress: () => undefined };
    const result = await importTask.handler({ workspace: path, file: csv, format: 'csv' }, quiet);
    expect(result).toMatchObject({ count: 3, keptTimes: 2, keptAfterStamp: 1, keptLatest: '2099-12-31T23:59:59.999+00:00' });
    const side = join(dir, 'side.db');
    closeSync(openSync(side, 'wx', 0o600));
    const { firstId, lastId, count, stamp, keptTimes, keptAfterStamp, keptLatest } = result;
    const kept = { keptTimes, keptAfterStamp, keptLatest };
    const input: ImportUndoInput = { workspace: path, side, action: 'undo', firstId, lastId, count, stamp, ...kept, sliceIds: 1 };
    // Stopped dead after the first slice, as a kill would stop it (no restore runs).
    const stop = new Error('killed');
    const progress = (done: { done: number }): void => {
      if (done.done === 1) throw stop;
    };
    await expect(importUndoTask.handler(input, { ...quiet, progress })).rejects.toBe(stop);
    expect(rows(path).map((row) => row.name)).toEqual(['Already Here', 'Grace Hopper', 'Alan Turing']);

    const { sliceIds, ...recorded } = input;
    expect(sliceIds).toBe(1);
    const interrupted = interruptedUndo(side);
    expect(interrupted).toEqual(recorded);
    await importUndoTask.handler(interrupted as ImportUndoInput, quiet);
    expect(rows(path).map((row) => row.name)).toEqual(['Already Here']);
  });

  it('a side file written before imports kept times is still finished, as an import that kept none', async () => {
    const dir = makeTempDir('kept-times-old-side');
    const path = join(dir, 'w.roster');
    makeCurrentFile(path, ['Already Here'], foldName);
    const csv = join(dir, 'people.csv');
    writeFileSync(csv, 'name\nAda Lovelace\nGrace Hopper\nAlan Turing\n');
    const quiet = { signal: new AbortController().signal, progress: () => undefined };
    const result = await importTask.handler({ workspace: path, file: csv, format: 'csv' }, quiet);
    const side = join(dir, 'side.db');
    closeSync(openSync(side, 'wx', 0o600));
    const { firstId, lastId, count, stamp, keptTimes, keptAfterStamp, keptLatest } = result;
    const input: ImportUndoInput = {
      ...{ workspace: path, side, action: 'undo', firstId, lastId, count, stamp },
      ...{ keptTimes, keptAfterStamp, keptLatest, sliceIds: 1 },
    };
    const stop = new Error('killed');
    const progress = (done: { done: number }): void => {
      if (done.done === 1) throw stop;
    };
    await expect(importUndoTask.handler(input, { ...quiet, progress })).rejects.toBe(stop);
    // What an earlier Roster wrote: UndoInput without the kept-time columns.
    const old = new Database(side);
    for (const column of ['keptTimes', 'keptAfterStamp', 'keptLatest']) old.exec(`ALTER TABLE "UndoInput" DROP COLUMN "${column}"`);
    old.close();

    const interrupted = interruptedUndo(side);
    expect(interrupted).toMatchObject({ firstId, lastId, count, stamp, keptTimes: 0, keptAfterStamp: 0, keptLatest: stamp });
    await importUndoTask.handler(interrupted as ImportUndoInput, quiet);
    expect(rows(path).map((row) => row.name)).toEqual(['Already Here']);
  });
});
