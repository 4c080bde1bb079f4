// Every channel's normal path, called as a renderer would: through the fake Electron
// transport (structured clone both ways), the production binding and the real core,
// against real workspace files.

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invokeChannels, type InvokeChannel } from '../../../main/app/common/roster-api.js';
import { createAppFixture, createWorkspaceFileAt, type AppFixture } from '../../support/app-fixture.js';
import { okAny as ok, type Envelope } from '../../support/ipc-envelopes.js';
import { removeTempDirs } from '../../support/workspace-fixtures.js';

const covered = new Set<InvokeChannel>();
function covers(...channels: InvokeChannel[]): void {
  for (const channel of channels) covered.add(channel);
}

let app: AppFixture;
beforeEach(() => {
  app = createAppFixture();
});
afterEach(async () => {
  await app.dispose();
  removeTempDirs();
});

describe('workspace window channels', () => {
  it('reads, creates, updates, deletes people, and undoes and redoes those changes', async () => {
    const path = await createWorkspaceFileAt(app, 'team.roster');
    const win = await app.openWorkspace(path);
    covers(
      'workspace:info',
      'people:create',
      'people:get',
      'people:list',
      'people:count',
      'people:update',
      'people:delete',
      'history:undo',
      'history:redo',
      'history:history',
    );

    expect(await ok(win, 'workspace:info')).toEqual({ name: 'team' });
    covers('workspace:health');
    expect(await ok(win, 'workspace:health')).toEqual({ state: 'ok', message: null });
    covers('workspace:reopen'); // (its real use, after a replacement: test/node/app/health-notice.test.ts)
    expect(await ok(win, 'workspace:reopen')).toEqual({ state: 'ok', message: null });
    covers('workspace:trust', 'workspace:removeForeign'); // (their real use: test/node/workspace/foreign-objects-ipc.test.ts)
    expect(await ok(win, 'workspace:trust')).toEqual({ state: 'ok', message: null });
    expect(await ok(win, 'workspace:removeForeign')).toEqual({ state: 'ok', message: null });
    const ana = await ok(win, 'people:create', { name: '  Ana Lima ' });
    expect(ana).toMatchObject({ id: 1, name: 'Ana Lima' });
    expect(Number.isNaN(Date.parse(ana.createdAt))).toBe(false);
    await ok(win, 'people:create', { name: 'Émile Zola' });
    await ok(win, 'people:create', { name: 'Bo' });

    expect(await ok(win, 'people:get', { id: ana.id })).toEqual(ana);
    expect(await ok(win, 'people:count', {})).toBe(3);
    expect(await ok(win, 'people:count', { search: 'emile' })).toBe(1);

    const page = await ok(win, 'people:list', { limit: 2 });
    expect(page.items.map((p: { name: string }) => p.name)).toEqual(['Ana Lima', 'Bo']);
    expect(typeof page.nextCursor).toBe('string');
    const next = await ok(win, 'people:list', { limit: 2, cursor: page.nextCursor });
    expect(next).toEqual({ items: [expect.objectContaining({ name: 'Émile Zola' })], nextCursor: null });
    expect((await ok(win, 'people:list', {})).items).toHaveLength(3);

    const renamed = await ok(win, 'people:update', { id: ana.id, name: 'Ana Souza' });
    expect(renamed.name).toBe('Ana Souza');

    const deleted = await ok(win, 'people:delete', { ids: [ana.id] });
    expect(deleted).toEqual([renamed]);
    expect(await ok(win, 'people:count', {})).toBe(2);
    expect(await ok(win, 'history:history')).toEqual({ undoLabel: 'Delete “Ana Souza”', redoLabel: null });
    expect(await ok(win, 'history:undo')).toEqual({ action: 'undo', label: 'Delete “Ana Souza”' });
    expect(await ok(win, 'people:get', { id: ana.id })).toEqual(renamed);
    expect(await ok(win, 'history:undo')).toEqual({ action: 'undo', label: 'Rename “Ana Lima” to “Ana Souza”' });
    expect(await ok(win, 'people:get', { id: ana.id })).toEqual(ana);
    expect(await ok(win, 'people:count', { search: 'souza' })).toBe(0);
    expect(await ok(win, 'people:count', { search: 'lima' })).toBe(1);
    expect(await ok(win, 'history:redo')).toEqual({ action: 'redo', label: 'Rename “Ana Lima” to “Ana Souza”' });
    expect(await ok(win, 'people:get', { id: ana.id })).toEqual(renamed);
    expect(await ok(win, 'history:history')).toEqual({
      undoLabel: 'Rename “Ana Lima” to “Ana Souza”',
      redoLabel: 'Delete “Ana Souza”',
    });
  });
});

describe('workspace window channels: import and export', () => {
  it('imports a file chosen in the dialog after its preview, with progress events, and exports', async () => {
    const path = await createWorkspaceFileAt(app, 'club.roster');
    const win = await app.openWorkspace(path);
    covers(
      'importExport:chooseImport',
      'importExport:previewImport',
      'importExport:confirmImport',
      'importExport:discardImport',
      'importExport:export',
      'importExport:cancelImport',
    );
    const csv = join(app.files, 'in.csv');
    writeFileSync(csv, 'name\nAna\nBo\n"Lima, Carla"\n');
    app.dialogs.importFile.push(csv);
    const chosen = await ok(win, 'importExport:chooseImport', { format: 'csv' });
    expect(chosen).toEqual({ status: 'chosen', token: expect.stringMatching(/^[0-9a-f-]{36}$/), fileName: 'in.csv', format: 'csv' });
    expect(app.dialogs.asked).toContain('import:csv');
    expect(await ok(win, 'importExport:previewImport', { token: chosen.token })).toEqual({
      fileName: 'in.csv',
      format: 'csv',
      encoding: 'utf-8',
      encodingCertain: true,
      separator: ',',
      columns: ['name'],
      columnCount: 1,
      nameColumn: 0,
      rows: [
        { where: 'Line 2', cells: ['Ana'] },
        { where: 'Line 3', cells: ['Bo'] },
        { where: 'Line 4', cells: ['Lima, Carla'] },
      ],
      count: 3,
      complete: true,
      problems: [],
      problemCount: 0,
    });
    // Nothing is written by choosing or previewing.
    expect(await ok(win, 'people:count', {})).toBe(0);
    expect(await ok(win, 'importExport:confirmImport', { token: chosen.token })).toEqual({ status: 'imported', count: 3 });
    expect(win.events).toContainEqual({ channel: 'importExport:onImportProgress', payload: { done: 3, total: 3 } });
    expect(await ok(win, 'people:count', {})).toBe(3);

    // Chosen, then discarded: nothing is added, and the token is spent.
    app.dialogs.importFile.push(csv);
    const again = await ok(win, 'importExport:chooseImport', { format: 'csv' });
    await ok(win, 'importExport:previewImport', { token: again.token, separator: ';' });
    expect(await ok(win, 'importExport:discardImport', { token: again.token })).toBe(true);
    expect(await ok(win, 'importExport:discardImport', { token: again.token })).toBe(false);
    expect(await ok(win, 'people:count', {})).toBe(3);

    app.dialogs.importFile.push(null);
    expect(await ok(win, 'importExport:chooseImport', { format: 'json' })).toEqual({ status: 'dismissed' });
    expect(await ok(win, 'importExport:cancelImport')).toBe(false);

    const out = join(app.files, 'out.json');
    app.dialogs.exportFile.push(out);
    expect(await ok(win, 'importExport:export', { format: 'json' })).toEqual({ status: 'exported', count: 3, fileName: 'out.json' });
    expect(app.dialogs.asked).toContain('export:json:club.json');
    const exported = JSON.parse(readFileSync(out, 'utf8'));
    expect(exported.map((p: { name: string }) => p.name).sort()).toEqual(['Ana', 'Bo', 'Lima, Carla']);
    app.dialogs.exportFile.push(null);
    expect(await ok(win, 'importExport:export', { format: 'csv' })).toEqual({ status: 'dismissed' });
  });

  it('an export reports progress against the count, and Cancel stops it with the target untouched', async () => {
    const path = await createWorkspaceFileAt(app, 'big.roster');
    const win = await app.openWorkspace(path);
    covers('importExport:cancelExport');
    const names = Array.from({ length: 60_000 }, (_, i) => `Person ${i}`);
    expect(await ok(win, 'people:createMany', { names })).toMatchObject({ count: 60_000 });

    const full = join(app.files, 'all.csv');
    app.dialogs.exportFile.push(full);
    expect(await ok(win, 'importExport:export', { format: 'csv' })).toEqual({ status: 'exported', count: 60_000, fileName: 'all.csv' });
    const progress = win.events.filter((event) => event.channel === 'importExport:onExportProgress').map((event) => event.payload);
    expect(progress[0]).toEqual({ done: 0, total: 60_000 });
    expect(progress).toContainEqual({ done: 20_000, total: 60_000 });
    expect(await ok(win, 'importExport:cancelExport')).toBe(false);

    // Cancel once the first rows are out: CANCELLED, and the earlier file at the target is as it was.
    writeFileSync(full, 'earlier file\n');
    app.dialogs.exportFile.push(full);
    win.events.length = 0;
    // Cancel from the first progress event that counts rows, as the window's button
    // would: polling for it instead lets a fast export finish before the click.
    const cancelled = new Promise<unknown>((resolve) => {
      win.renderer.on('importExport:onExportProgress', (_event, payload) => {
        if ((payload as { done: number }).done > 0) resolve(ok(win, 'importExport:cancelExport'));
      });
    });
    const exporting = win.call('importExport:export', { format: 'csv' });
    expect(await cancelled).toBe(true);
    expect(await exporting).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(readFileSync(full, 'utf8')).toBe('earlier file\n');
    expect(readdirSync(app.files).filter((name) => name.includes('all.csv') && name !== 'all.csv')).toEqual([]);
  });
});

describe('workspace window channels: paste, dropped files, column widths, error reports', () => {
  it('adds pasted lines in one step, and a bad line refuses all of them, naming the line', async () => {
    const path = await createWorkspaceFileAt(app, 'paste.roster');
    const win = await app.openWorkspace(path);
    covers('people:createMany');
    expect(await ok(win, 'people:createMany', { names: [' Ana ', 'Bo'] })).toEqual({ count: 2, firstName: 'Ana' });
    expect((await ok(win, 'people:list', {})).items.map((p: { name: string }) => p.name)).toEqual(['Ana', 'Bo']);
    expect(win.events).toContainEqual({ channel: 'people:onChanged', payload: { source: 'window' } });
    const refused = (await win.call('people:createMany', { names: ['Cy', 'Di', '   ', 'Ed'] })) as Envelope;
    expect(refused).toEqual({ ok: false, error: { code: 'INVALID_NAME', message: 'Line 3: A name cannot be empty.' } });
    expect(await ok(win, 'people:count', {})).toBe(2);
    // A bad line far down a long paste is found and named; nothing is added.
    const long = Array.from({ length: 20_000 }, (_, i) => `Pasted ${i}`);
    long[17_499] = 'tab\there';
    expect(await win.call('people:createMany', { names: long })).toEqual({
      ok: false,
      error: { code: 'INVALID_NAME', message: 'Line 17500: A name cannot contain tabs, line breaks or other control characters.' },
    });
    expect(await ok(win, 'people:count', {})).toBe(2);
    long[17_499] = 'Pasted 17499';
    expect(await ok(win, 'people:createMany', { names: long })).toEqual({ count: 20_000, firstName: 'Pasted 0' });
    expect(await ok(win, 'people:count', {})).toBe(20_002);
  });

  it('previews a dropped CSV, text or JSON file after checking its path in main, then imports it', async () => {
    const path = await createWorkspaceFileAt(app, 'dropped.roster');
    const win = await app.openWorkspace(path);
    covers('importExport:chooseDroppedImport');
    const csv = join(app.files, 'dropped.csv');
    writeFileSync(csv, 'name\nAna\nBo\n');
    const chosen = await ok(win, 'importExport:chooseDroppedImport', { paths: [csv] });
    expect(chosen).toEqual({ status: 'chosen', token: expect.stringMatching(/^[0-9a-f-]{36}$/), fileName: 'dropped.csv', format: 'csv' });
    expect(await ok(win, 'importExport:previewImport', { token: chosen.token })).toMatchObject({ fileName: 'dropped.csv', count: 2 });
    expect(await ok(win, 'people:count', {})).toBe(0);
    expect(await ok(win, 'importExport:confirmImport', { token: chosen.token })).toEqual({ status: 'imported', count: 2 });
    expect(win.events).toContainEqual({ channel: 'importExport:onImportProgress', payload: { done: 2, total: 2 } });
    const json = join(app.files, 'dropped.json');
    writeFileSync(json, '["Cy"]');
    const fromJson = await ok(win, 'importExport:chooseDroppedImport', { paths: [json] });
    expect(fromJson).toMatchObject({ fileName: 'dropped.json', format: 'json' });
    expect(await ok(win, 'importExport:previewImport', { token: fromJson.token })).toMatchObject({
      format: 'json',
      rows: [{ where: 'Index 0', cells: ['Cy'] }],
      count: 1,
    });
    expect(await ok(win, 'importExport:confirmImport', { token: fromJson.token })).toEqual({ status: 'imported', count: 1 });
    // Excel's "Unicode Text" is a .txt: it can be dropped too.
    const text = join(app.files, 'unicode.txt');
    writeFileSync(text, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\tEmail\r\nDee\td@example.org\r\n', 'utf16le')]));
    const fromText = await ok(win, 'importExport:chooseDroppedImport', { paths: [text] });
    expect(await ok(win, 'importExport:previewImport', { token: fromText.token })).toMatchObject({
      encoding: 'utf-16le',
      separator: '\t',
      count: 1,
    });
    expect(await ok(win, 'importExport:discardImport', { token: fromText.token })).toBe(true);
    const refusals: [string, unknown, string, RegExp][] = [
      ['a File made in the page (no path)', { paths: [''] }, 'INVALID_INPUT', /Only files from your computer/],
      ['two files', { paths: [csv, json] }, 'INVALID_INPUT', /one file at a time/],
      ['a relative path', { paths: ['dropped.csv'] }, 'BAD_PATH', /cannot be used/],
      ['another extension', { paths: [path] }, 'BAD_PATH', /only CSV, text or JSON files can/],
      ['a missing file', { paths: [join(app.files, 'gone.csv')] }, 'FILE_NOT_FOUND', /gone\.csv is no longer there/],
      ['a folder named like a CSV', { paths: [join(app.files, 'folder.csv')] }, 'BAD_PATH', /is not a file/],
    ];
    mkdirSync(join(app.files, 'folder.csv'));
    for (const [label, payload, code, message] of refusals) {
      const result = (await win.call('importExport:chooseDroppedImport', payload)) as Envelope;
      expect(result.ok, label).toBe(false);
      if (!result.ok) {
        expect(result.error.code, label).toBe(code);
        expect(result.error.message, label).toMatch(message);
        expect(result.error.message, label).not.toContain(app.files);
      }
    }
    expect(await ok(win, 'people:count', {})).toBe(3);
  });
});

describe('workspace window channels: column widths, error reports', () => {
  it('remembers column widths per workspace file, in main', async () => {
    const a = await createWorkspaceFileAt(app, 'widths-a.roster');
    const b = await createWorkspaceFileAt(app, 'widths-b.roster');
    const winA = await app.openWorkspace(a);
    const winB = await app.openWorkspace(b);
    covers('workspace:viewState', 'workspace:setColumnWidths');
    expect(await ok(winA, 'workspace:viewState')).toEqual({ columnWidths: {} });
    expect(await ok(winA, 'workspace:setColumnWidths', { columnWidths: { name: 320, created: 150 } })).toBeNull();
    expect(await ok(winB, 'workspace:viewState')).toEqual({ columnWidths: {} });
    await winA.close();
    const again = await app.openWorkspace(a);
    expect(await ok(again, 'workspace:viewState')).toEqual({ columnWidths: { name: 320, created: 150 } });
    const stored = JSON.parse(readFileSync(join(app.context.paths.root, 'view-state.json'), 'utf8'));
    expect(Object.keys(stored.workspaces)).toEqual([a]);
    const refused = (await winB.call('workspace:setColumnWidths', { columnWidths: { name: 5 } })) as Envelope;
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('takes renderer error reports from any window into the log', async () => {
    const path = await createWorkspaceFileAt(app, 'errors.roster');
    const win = await app.openWorkspace(path);
    const launcher = app.openLauncher();
    covers('app:reportError');
    expect(
      await ok(win, 'app:reportError', {
        kind: 'error',
        message: 'boom\nsecond line',
        stack: 'Error: boom\n    at x (app.js:1:2)',
        source: 'roster://app/app.js:1:2',
      }),
    ).toBeNull();
    expect(await ok(launcher, 'app:reportError', { kind: 'unhandledrejection', message: 'nope' })).toBeNull();
    await new Promise((resolve) => setImmediate(resolve));
    const lines = app.logs.filter((entry) => entry.message.startsWith('renderer of window'));
    expect(lines.map((entry) => [entry.level, entry.message.replace(/window \d+/, 'window N')])).toEqual([
      ['error', 'renderer of window N: uncaught error: boom ⏎ second line at roster://app/app.js:1:2'],
      ['error', 'renderer of window N: unhandled rejection: nope'],
    ]);
    expect(lines[0]?.details).toEqual({ stack: 'Error: boom ⏎     at x (app.js:1:2)' });
  });
});

describe('launcher channels', () => {
  it('creates, lists, opens, renames, forgets, deletes and restores workspaces', async () => {
    covers(
      'catalog:create',
      'catalog:list',
      'catalog:open',
      'catalog:openExisting',
      'catalog:rename',
      'catalog:forget',
      'catalog:delete',
      'catalog:trash',
      'catalog:restore',
    );
    const launcher = app.openLauncher();
    expect(await ok(launcher, 'catalog:list')).toEqual([]);

    app.dialogs.newWorkspace.push(join(app.files, 'alpha.roster'));
    const created = await ok(launcher, 'catalog:create', { name: 'Alpha team' });
    expect(created).toEqual({ status: 'opened', id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(app.dialogs.asked).toContain('new:Alpha team');
    const alphaWindow = app.last();
    expect(alphaWindow.spec.view).toBe('workspace');
    expect(alphaWindow.title).toBe('Alpha team — Roster');
    expect(await ok(alphaWindow, 'workspace:info')).toEqual({ name: 'Alpha team' });
    await ok(alphaWindow, 'people:create', { name: 'Ana' });

    const otherPath = await createWorkspaceFileAt(app, 'beta.roster');
    app.dialogs.existingWorkspace.push(otherPath);
    const opened = await ok(launcher, 'catalog:openExisting');
    expect(opened.status).toBe('opened');
    const betaWindow = app.last();
    expect(await ok(betaWindow, 'workspace:info')).toEqual({ name: 'beta' });
    await betaWindow.close();

    const list = await ok(launcher, 'catalog:list');
    expect(list).toHaveLength(2);
    const alpha = list.find((w: { id: string }) => w.id === created.id);
    expect(alpha).toMatchObject({ name: 'Alpha team', fileName: 'alpha.roster', missing: false, open: true, peopleCount: 1 });
    const beta = list.find((w: { id: string }) => w.id === opened.id);
    expect(beta).toMatchObject({ name: 'beta', fileName: 'beta.roster', missing: false, open: false, peopleCount: 0 });

    // Opening what is already open focuses its window instead of opening another.
    const windowsBefore = app.windows.length;
    expect(await ok(launcher, 'catalog:open', { id: created.id })).toEqual({ status: 'opened', id: created.id });
    expect(app.windows.length).toBe(windowsBefore);
    expect(alphaWindow.focused).toBe(1);
    expect(await ok(launcher, 'catalog:open', { id: opened.id })).toEqual({ status: 'opened', id: opened.id });
    expect(app.windows.length).toBe(windowsBefore + 1);

    expect(await ok(launcher, 'catalog:rename', { id: created.id, name: 'Alpha squad' })).toBeNull();
    expect(alphaWindow.title).toBe('Alpha squad — Roster');
    expect(await ok(alphaWindow, 'workspace:info')).toEqual({ name: 'Alpha squad' });

    // Deleting an open workspace is refused; closed, it goes to the trash and comes back.
    const refused = (await launcher.call('catalog:delete', { id: created.id })) as Envelope;
    expect(refused).toMatchObject({ ok: false, error: { code: 'WORKSPACE_BUSY' } });
    await alphaWindow.close();
    const trashed = await ok(launcher, 'catalog:delete', { id: created.id });
    expect(trashed).toMatchObject({ name: 'Alpha squad' });
    expect(existsSync(join(app.files, 'alpha.roster'))).toBe(false);
    expect(await ok(launcher, 'catalog:trash')).toEqual([trashed]);
    const restoredId = await ok(launcher, 'catalog:restore', { trashId: trashed.trashId });
    expect(existsSync(join(app.files, 'alpha.roster'))).toBe(true);
    const afterRestore = await ok(launcher, 'catalog:list');
    expect(afterRestore.find((w: { id: string }) => w.id === restoredId)).toMatchObject({
      name: 'Alpha squad',
      peopleCount: 1,
      open: false,
    });

    expect(await ok(launcher, 'catalog:forget', { id: restoredId })).toBeNull();
    expect((await ok(launcher, 'catalog:list')).map((w: { id: string }) => w.id)).toEqual([opened.id]);

    app.dialogs.newWorkspace.push(null);
    expect(await ok(launcher, 'catalog:create', { name: 'Never' })).toEqual({ status: 'dismissed' });
    app.dialogs.existingWorkspace.push(null);
    expect(await ok(launcher, 'catalog:openExisting')).toEqual({ status: 'dismissed' });
    expect(launcher.events.some((e) => e.channel === 'catalog:onChanged')).toBe(true);
  });
});

describe('launcher channels: second windows, reveal, locate, dropped workspace files', () => {
  it('opens a second window, reveals a file, locates a moved one and opens dropped workspace files', async () => {
    covers('catalog:openInNewWindow', 'catalog:reveal', 'catalog:locate', 'catalog:openFiles');
    const path = await createWorkspaceFileAt(app, 'team.roster');
    const entry = app.context.catalog.add(path, 'Team');
    const launcher = app.openLauncher();

    expect(await ok(launcher, 'catalog:openInNewWindow', { id: entry.id })).toEqual({ status: 'opened', id: entry.id });
    expect(await ok(launcher, 'catalog:openInNewWindow', { id: entry.id })).toEqual({ status: 'opened', id: entry.id });
    expect(app.windows.filter((w) => w.spec.path === path)).toHaveLength(2);
    expect(await ok(launcher, 'catalog:reveal', { id: entry.id })).toBeNull();
    expect(app.revealed).toEqual([path]);
    for (const w of app.windows.filter((w) => w.spec.path === path)) await w.close();

    // The file moves away: Reveal says so, Locate points the entry at the new place.
    mkdirSync(join(app.files, 'moved'));
    const movedTo = join(app.files, 'moved', 'team-2026.roster');
    renameSync(path, movedTo);
    expect(await launcher.call('catalog:reveal', { id: entry.id })).toEqual({
      ok: false,
      error: { code: 'WORKSPACE_NOT_FOUND', message: 'The file of “Team” is missing. Use Locate… to find it.' },
    });
    app.dialogs.locate.push(null);
    expect(await ok(launcher, 'catalog:locate', { id: entry.id })).toEqual({ status: 'dismissed' });
    expect(app.dialogs.asked.at(-1)).toBe('locate:Team:team.roster');
    const notAWorkspace = join(app.files, 'notes.roster');
    writeFileSync(notAWorkspace, 'just text, not SQLite at all, long enough to have a header......................................');
    app.dialogs.locate.push(notAWorkspace);
    expect(await launcher.call('catalog:locate', { id: entry.id })).toEqual({
      ok: false,
      error: { code: 'BAD_PATH', message: 'notes.roster is not a Roster workspace.' },
    });
    expect(app.context.catalog.get(entry.id).path).toBe(path);
    app.dialogs.locate.push(movedTo);
    expect(await ok(launcher, 'catalog:locate', { id: entry.id })).toEqual({ status: 'located', id: entry.id });
    expect(app.context.catalog.get(entry.id)).toMatchObject({ name: 'Team', path: movedTo });
    const listed = (await ok(launcher, 'catalog:list')).find((w: { id: string }) => w.id === entry.id);
    expect(listed).toMatchObject({ missing: false, fileName: 'team-2026.roster' });

    // Dropped files: each checked in main; the good one opens, the others say why.
    const dropped = await createWorkspaceFileAt(app, 'dropped.roster');
    const text = join(app.files, 'people.csv');
    writeFileSync(text, 'name\nAna\n');
    const results = await ok(launcher, 'catalog:openFiles', { paths: [dropped, text, '', join(app.files, 'none.roster')] });
    expect(results).toEqual([
      { status: 'opened', id: app.context.catalog.findByPath(dropped)?.id },
      { status: 'failed', fileName: 'people.csv', message: 'people.csv cannot be dropped here: only Roster workspace files can.' },
      { status: 'failed', fileName: 'A file', message: 'Only files from your computer can be dropped here.' },
      { status: 'failed', fileName: 'none.roster', message: 'none.roster is no longer there.' },
    ]);
    expect(app.windows.at(-1)?.spec.path).toBe(dropped);
  });
});

describe('channels between workspaces: copy, move, drag and drop, merge', () => {
  it('copies, moves, drags and drops people between workspaces, and merges one into another', async () => {
    covers('transfer:transferTargets', 'transfer:transfer', 'transfer:cancelBulk', 'transfer:dragStart', 'transfer:drop', 'transfer:merge');
    const one = await createWorkspaceFileAt(app, 'one.roster');
    const two = await createWorkspaceFileAt(app, 'two.roster');
    const twoId = app.context.catalog.add(two, 'Two').id;
    const oneId = app.context.catalog.add(one, 'One').id;
    const a = await app.openWorkspace(one);
    await ok(a, 'people:createMany', { names: ['Ana', 'Bo', 'Cy'] });
    expect(await ok(a, 'transfer:transferTargets')).toEqual([{ id: twoId, name: 'Two', open: false, missing: false }]);
    expect(await ok(a, 'transfer:transfer', { targetId: twoId, mode: 'copy', selection: { kind: 'ids', ids: [1] } })).toEqual({
      count: 1,
      duplicates: 0,
      workspaceName: 'Two',
    });
    expect(await ok(a, 'transfer:cancelBulk')).toBe(false);
    const b = await app.openWorkspace(two);
    const token = '3f2a9c1e-0b7d-4e5f-9a8b-7c6d5e4f3a2b';
    expect(await ok(a, 'transfer:dragStart', { token, selection: { kind: 'matching', search: 'bo', except: [] } })).toBeNull();
    expect(await ok(b, 'transfer:drop', { token, mode: 'move' })).toEqual({ count: 1, duplicates: 0, workspaceName: 'One' });
    expect(await ok(b, 'people:count', {})).toBe(2);
    await a.close();
    const launcher = app.openLauncher();
    const merged = await ok(launcher, 'transfer:merge', { id: oneId, intoId: twoId, skipDuplicates: false });
    expect(merged).toMatchObject({ moved: 2, skipped: 0, duplicates: 1, trashed: { name: 'One' } });
    expect(await ok(b, 'people:count', {})).toBe(4);
  });
});

describe('selection channels: actions on all matching people, by query', () => {
  it('deletes and reads the selected people by query (details in bulk-selection.test.ts)', async () => {
    covers('history:deleteSelected', 'people:copySelection');
    const win = await app.openWorkspace(await createWorkspaceFileAt(app, 'sel.roster'));
    await ok(win, 'people:createMany', { names: ['Ana', 'Bo', 'Cy'] });
    expect(
      await ok(win, 'people:copySelection', { selection: { kind: 'matching', except: [2] }, sort: 'name', direction: 'desc' }),
    ).toEqual({ copied: 2, total: 2 });
    expect(
      app.clipboard
        .at(-1)
        ?.split('\n')
        .map((line) => line.split('\t')[0]),
    ).toEqual(['Name', 'Cy', 'Ana', '']);
    expect(await ok(win, 'history:deleteSelected', { selection: { kind: 'matching', except: [2] } })).toEqual({ count: 2 });
    expect(await ok(win, 'people:count', {})).toBe(1);
  });
});

describe('find across workspaces', () => {
  it('finds people in every workspace, streams the groups by query id, and opens a result with the person selected', async () => {
    covers('find:find', 'find:prepareFind', 'find:cancelFind', 'find:openPerson', 'find:takeReveal', 'find:position');
    const path = await createWorkspaceFileAt(app, 'team.roster');
    const other = await createWorkspaceFileAt(app, 'club.roster');
    const team = app.context.catalog.add(path, 'Team');
    const club = app.context.catalog.add(other, 'Club');
    const seed = await app.openWorkspace(path);
    for (const name of ['Zed Lima', 'Ana Lima', 'Bo']) await ok(seed, 'people:create', { name });
    await seed.close();
    const launcher = app.openLauncher();

    expect(await ok(launcher, 'find:prepareFind')).toBeNull();
    expect(await ok(launcher, 'find:find', { queryId: 7, text: 'LIMA' })).toEqual({ queryId: 7, workspaces: 2 });
    await expect.poll(() => launcher.events.some((e) => e.channel === 'find:onFindDone')).toBe(true);
    const groups = launcher.events.filter((e) => e.channel === 'find:onFindGroup').map((e) => e.payload);
    expect(groups).toHaveLength(2);
    expect(groups).toContainEqual({
      queryId: 7,
      group: {
        workspaceId: team.id,
        name: 'Team',
        state: 'ok',
        count: 2,
        people: [
          { id: 2, name: 'Ana Lima' },
          { id: 1, name: 'Zed Lima' },
        ],
      },
    });
    expect(groups).toContainEqual({ queryId: 7, group: { workspaceId: club.id, name: 'Club', state: 'ok', count: 0, people: [] } });
    expect(launcher.events.find((e) => e.channel === 'find:onFindDone')?.payload).toEqual({ queryId: 7, searched: 2, matches: 2 });
    expect(JSON.stringify(launcher.events)).not.toContain(app.files);
    expect(await ok(launcher, 'find:cancelFind', { queryId: 7 })).toBe(false);

    expect(await ok(launcher, 'find:openPerson', { id: team.id, personId: 1 })).toEqual({ status: 'opened', id: team.id });
    const window = app.last();
    expect(window.spec.path).toBe(path);
    expect(window.events.map((e) => e.channel)).toContain('find:onRevealRequested');
    expect(await ok(window, 'find:takeReveal')).toEqual({ id: 1 });
    expect(await ok(window, 'find:takeReveal')).toBeNull();
    // Zed Lima: last by name, first by creation.
    expect(await ok(window, 'find:position', { id: 1, sort: 'name', direction: 'asc' })).toBe(2);
    expect(await ok(window, 'find:position', { id: 1, sort: 'name', direction: 'desc' })).toBe(0);
    expect(await ok(window, 'find:position', { id: 1, sort: 'created', direction: 'asc' })).toBe(0);
    expect(await ok(window, 'find:position', { id: 99, sort: 'name', direction: 'asc' })).toBeNull();
  });
});

describe('likely duplicates', () => {
  it('says who already has a name, and lists the groups sharing a folded name (details in test/node/duplicates)', async () => {
    covers('duplicates:sameName', 'duplicates:groups');
    const path = await createWorkspaceFileAt(app, 'team.roster');
    const win = await app.openWorkspace(path);
    for (const name of ['Ana Lima', 'Bo', 'ANA LIMA']) await ok(win, 'people:create', { name });
    expect(await ok(win, 'duplicates:sameName', { name: 'ana lima ' })).toMatchObject({ count: 2, first: { id: 1, name: 'Ana Lima' } });
    expect(await ok(win, 'duplicates:groups', {})).toMatchObject({ total: 1, people: 2, groups: [{ name: 'Ana Lima', count: 2 }] });
  });
});

describe('coverage', () => {
  it('every channel of the contract has a normal-path test above', () => {
    expect([...covered].sort()).toEqual(Object.keys(invokeChannels).sort());
  });
});
