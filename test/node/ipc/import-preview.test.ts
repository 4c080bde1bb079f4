// The import preview's channels called as a renderer would, through the fake
// Electron transport and the real core, on real files: a file waits in main behind a
// token, previews write nothing, confirm imports what the last preview showed, and
// every misuse of a token gets a typed error with nothing written.

import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppFixture, createWorkspaceFileAt, type AppFixture, type TestWindow } from '../../support/app-fixture.js';
import { unwrap, type Envelope as IpcEnvelope } from '../../support/ipc-envelopes.js';
import { queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read fields of many different answers
type Envelope = IpcEnvelope<any>;

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'import');

let app: AppFixture;
/** Every envelope a window received in this test, to check that no path ever crossed. */
let seen: unknown[];

async function call(window: TestWindow, channel: string, payload?: unknown): Promise<Envelope> {
  const result = (await (payload === undefined ? window.call(channel) : window.call(channel, payload))) as Envelope;
  seen.push(result);
  return result;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as for Envelope
async function ok(window: TestWindow, channel: string, payload?: unknown): Promise<any> {
  return unwrap(await call(window, channel, payload), channel);
}

async function choose(window: TestWindow, file: string): Promise<string> {
  app.dialogs.importFile.push(file);
  const chosen = await ok(window, 'importExport:chooseImport', { format: 'csv' });
  expect(chosen.status).toBe('chosen');
  return chosen.token as string;
}

function names(path: string): string[] {
  return queryFile<{ name: string }>(path, 'SELECT name FROM "Person" ORDER BY id').map((row) => row.name);
}

beforeEach(() => {
  app = createAppFixture();
  seen = [];
});
afterEach(async () => {
  // Whatever happened, only file names crossed: never the folder they are in.
  expect(JSON.stringify(seen)).not.toContain(app.files);
  expect(JSON.stringify(seen)).not.toContain(FIXTURES);
  await app.dispose();
  removeTempDirs();
});

describe('the import preview in main', () => {
  it('a Windows-1252 file is previewed as a guess, read right; confirmed, it imports exactly the rows shown', async () => {
    const path = await createWorkspaceFileAt(app, 'euro.roster');
    const win = await app.openWorkspace(path);
    const token = await choose(win, join(FIXTURES, 'excel-csv-semicolon-1252.csv'));
    const preview = await ok(win, 'importExport:previewImport', { token });
    expect(preview).toMatchObject({
      fileName: 'excel-csv-semicolon-1252.csv',
      encoding: 'windows-1252',
      encodingCertain: false,
      separator: ';',
      columns: ['Name', 'Email', 'Notes'],
      count: 3,
      problemCount: 0,
    });
    const shown = preview.rows.map((row: { cells: string[] }) => row.cells[0]);
    expect(shown).toEqual(['Zoë Saldaña', 'Jürgen Müller', 'François Ménard']);
    // Asked for as UTF-8, it is one problem that says how to read it, not mojibake.
    const asUtf8 = await ok(win, 'importExport:previewImport', { token, encoding: 'utf-8' });
    expect(asUtf8.problemCount).toBe(1);
    expect(asUtf8.problems[0].message).toMatch(
      /not UTF-8 text.*choose Windows-1252 under Encoding in the import preview, or add --encoding windows-1252/,
    );
    expect(JSON.stringify(asUtf8.rows)).not.toMatch(/\ufffd|Ã/);
    // Confirm imports with the last preview's settings: after that UTF-8 one, it refuses.
    expect(await call(win, 'importExport:confirmImport', { token })).toMatchObject({
      ok: false,
      error: { code: 'IMPORT_INVALID', message: expect.stringMatching(/not UTF-8/) },
    });
    expect(names(path)).toEqual([]);
    // The token is spent; choose again, look, confirm.
    expect(await call(win, 'importExport:previewImport', { token })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const again = await choose(win, join(FIXTURES, 'excel-csv-semicolon-1252.csv'));
    await ok(win, 'importExport:previewImport', { token: again, encoding: 'utf-8' });
    await ok(win, 'importExport:previewImport', { token: again });
    expect(await ok(win, 'importExport:confirmImport', { token: again })).toEqual({ status: 'imported', count: 3 });
    expect(names(path)).toEqual(shown);
    // One undo step, as an import always was.
    expect(await ok(win, 'history:history')).toMatchObject({ undoLabel: 'Import 3 people' });
    await ok(win, 'history:undo');
    expect(names(path)).toEqual([]);
  });

  it('another column can be chosen; confirm imports from it', async () => {
    const path = await createWorkspaceFileAt(app, 'columns.roster');
    const win = await app.openWorkspace(path);
    const file = join(app.files, 'contacts.csv');
    writeFileSync(file, 'Email;Full name;Team\nana@example.org;Ana Lima;Red\nbo@example.org;Bo Berg;Blue\n');
    const token = await choose(win, file);
    const first = await ok(win, 'importExport:previewImport', { token });
    expect(first).toMatchObject({ separator: ';', columns: ['Email', 'Full name', 'Team'], nameColumn: null, count: 0, problemCount: 1 });
    expect(first.problems).toEqual([{ where: 'Line 1', message: 'the header row has no "name" column.' }]);
    expect(await call(win, 'importExport:confirmImport', { token })).toMatchObject({
      ok: false,
      error: { code: 'IMPORT_INVALID', message: 'Line 1: the header row has no "name" column.' },
    });
    const token2 = await choose(win, file);
    await ok(win, 'importExport:previewImport', { token: token2 });
    expect(await ok(win, 'importExport:previewImport', { token: token2, column: 1 })).toMatchObject({
      nameColumn: 1,
      count: 2,
      problemCount: 0,
    });
    expect(await ok(win, 'importExport:previewImport', { token: token2, column: 7 })).toMatchObject({
      nameColumn: null,
      problems: [{ where: 'Line 1', message: 'there is no column 8; the header has 3 columns.' }],
    });
    await ok(win, 'importExport:previewImport', { token: token2, column: 1 });
    expect(await ok(win, 'importExport:confirmImport', { token: token2 })).toEqual({ status: 'imported', count: 2 });
    expect(names(path)).toEqual(['Ana Lima', 'Bo Berg']);
  });
});

describe('import preview tokens in main', () => {
  it('stale, unknown and foreign tokens get typed errors; cancelling and closing write nothing', async () => {
    const path = await createWorkspaceFileAt(app, 'tokens.roster');
    const other = await createWorkspaceFileAt(app, 'other.roster');
    const win = await app.openWorkspace(path);
    const otherWin = await app.openWorkspace(other);
    const file = join(app.files, 'people.csv');
    writeFileSync(file, 'name\nAna\nBo\n');

    const unknown = '12345678-1234-1234-1234-123456789abc';
    expect(await call(win, 'importExport:previewImport', { token: unknown })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call(win, 'importExport:confirmImport', { token: unknown })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await ok(win, 'importExport:discardImport', { token: unknown })).toBe(false);
    for (const token of ['', 'not-a-token', '../../people.csv', file]) {
      expect(await call(win, 'importExport:previewImport', { token }), token).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
    // A path is not a way in either: the channel has no field for one.
    const first = await choose(win, file);
    expect(await call(win, 'importExport:previewImport', { token: first, file })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await call(win, 'importExport:confirmImport', { token: first, encoding: 'utf-8' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });

    // Confirm before any preview: refused, nothing written, the token spent.
    expect(await call(win, 'importExport:confirmImport', { token: first })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Look at the import preview before importing.' },
    });
    expect(await call(win, 'importExport:previewImport', { token: first })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    // Choosing another file makes the earlier token stale.
    const a = await choose(win, file);
    const b = await choose(win, file);
    expect(await call(win, 'importExport:previewImport', { token: a })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await ok(win, 'importExport:previewImport', { token: b });
    // Another window's token means nothing here, and does not disturb it.
    expect(await call(otherWin, 'importExport:previewImport', { token: b })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call(otherWin, 'importExport:confirmImport', { token: b })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await ok(otherWin, 'importExport:discardImport', { token: b })).toBe(false);
    // Cancelled: let go, nothing written anywhere.
    expect(await ok(win, 'importExport:discardImport', { token: b })).toBe(true);
    expect(await call(win, 'importExport:confirmImport', { token: b })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(names(path)).toEqual([]);
    expect(names(other)).toEqual([]);

    // A confirmed token cannot be used twice.
    const c = await choose(win, file);
    await ok(win, 'importExport:previewImport', { token: c });
    expect(await ok(win, 'importExport:confirmImport', { token: c })).toEqual({ status: 'imported', count: 2 });
    expect(await call(win, 'importExport:confirmImport', { token: c })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(names(path)).toEqual(['Ana', 'Bo']);

    // A window that closes lets its file go.
    const d = await choose(win, file);
    await ok(win, 'importExport:previewImport', { token: d });
    await win.close();
    const reopened = await app.openWorkspace(path);
    expect(await call(reopened, 'importExport:confirmImport', { token: d })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(names(path)).toEqual(['Ana', 'Bo']);
  });
});

describe('what a confirmed import refuses', () => {
  it('a file that changed or went after its preview is not imported', async () => {
    const path = await createWorkspaceFileAt(app, 'changed.roster');
    const win = await app.openWorkspace(path);
    const file = join(app.files, 'moving.csv');
    writeFileSync(file, 'name\nAna\n');
    const token = await choose(win, file);
    await ok(win, 'importExport:previewImport', { token });
    writeFileSync(file, 'name\nAna\nSomeone Unseen\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(await call(win, 'importExport:confirmImport', { token })).toEqual({
      ok: false,
      error: {
        code: 'IMPORT_INVALID',
        message: 'moving.csv changed after its preview; nothing was imported. Import it again to see what it holds now.',
      },
    });
    const gone = await choose(win, file);
    await ok(win, 'importExport:previewImport', { token: gone });
    rmSync(file);
    expect(await call(win, 'importExport:confirmImport', { token: gone })).toEqual({
      ok: false,
      error: { code: 'FILE_NOT_FOUND', message: 'moving.csv is no longer there.' },
    });
    const never = await choose(win, file);
    expect(await call(win, 'importExport:previewImport', { token: never })).toEqual({
      ok: false,
      error: { code: 'FILE_NOT_FOUND', message: 'moving.csv is no longer there.' },
    });
    expect(names(path)).toEqual([]);
  });

  it('problems are listed with their lines and stop the confirm; a running import refuses a second one', async () => {
    const path = await createWorkspaceFileAt(app, 'problems.roster');
    const win = await app.openWorkspace(path);
    const bad = join(app.files, 'bad.csv');
    writeFileSync(bad, `name\nGood Name\n${'z'.repeat(300)}\n"",x\nAlso Good\n`);
    const token = await choose(win, bad);
    const preview = await ok(win, 'importExport:previewImport', { token });
    expect(preview).toMatchObject({ count: 2, problemCount: 2 });
    expect(preview.problems).toEqual([
      { where: 'Line 3', message: 'A name can have at most 256 characters; this one has 300.' },
      { where: 'Line 4', message: 'this row has 2 fields but the header has 1.' },
    ]);
    // Cells are cut for display, never sent whole.
    expect(preview.rows[1].cells[0]).toHaveLength(200);
    expect(preview.rows[1].cells[0].endsWith('…')).toBe(true);
    expect(await call(win, 'importExport:confirmImport', { token })).toMatchObject({
      ok: false,
      error: { code: 'IMPORT_INVALID', message: 'Line 3: A name can have at most 256 characters; this one has 300.' },
    });
    expect(names(path)).toEqual([]);

    // While one import runs, another file can be looked at but not imported.
    const many = join(app.files, 'many.json');
    writeFileSync(many, JSON.stringify(Array.from({ length: 1_000_000 }, (_, i) => ({ name: `Person ${i}` }))));
    app.dialogs.importFile.push(many);
    const big = (await ok(win, 'importExport:chooseImport', { format: 'json' })).token;
    // Too big to read whole for a preview: the count is an estimate, and says so.
    const estimate = await ok(win, 'importExport:previewImport', { token: big });
    expect(estimate).toMatchObject({ format: 'json', complete: false, problemCount: 0 });
    expect(estimate.count).toBeGreaterThan(900_000);
    expect(estimate.count).toBeLessThan(1_100_000);
    const running = win.call('importExport:confirmImport', { token: big });
    await expect
      .poll(() => win.events.some((e) => e.channel === 'importExport:onImportProgress'), { timeout: 10_000, interval: 1 })
      .toBe(true);
    const small = join(app.files, 'small.csv');
    writeFileSync(small, 'name\nCy\n');
    const next = await choose(win, small);
    expect(await ok(win, 'importExport:previewImport', { token: next })).toMatchObject({ count: 1 });
    expect(await call(win, 'importExport:confirmImport', { token: next })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'An import is already running in this window.' },
    });
    expect(await ok(win, 'importExport:cancelImport')).toBe(true);
    expect(await running).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    // The refused confirm did not spend its token: the file still waits, and imports.
    expect(await ok(win, 'importExport:confirmImport', { token: next })).toEqual({ status: 'imported', count: 1 });
    expect(names(path)).toEqual(['Cy']);
    expect(readFileSync(small, 'utf8')).toBe('name\nCy\n');
  });
});
