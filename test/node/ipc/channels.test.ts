// Every channel's normal path, called as a renderer would: through the fake Electron
// transport (structured clone both ways), the production binding and the real core,
// against real workspace files.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invokeChannels, type InvokeChannel } from '../../../main/common/ipc-contract.js';
import { createAppFixture, createWorkspaceFileAt, type AppFixture, type TestWindow } from '../../support/app-fixture.js';
import { removeTempDirs } from '../../support/workspace-fixtures.js';

type Envelope = { ok: true; data: any } | { ok: false; error: { code: string; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(window: TestWindow, channel: InvokeChannel, ...args: unknown[]): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const result = (await window.call(channel, ...args)) as Envelope;
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
  return result.data;
}

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
  it('reads, creates, updates, deletes and restores people', async () => {
    const path = await createWorkspaceFileAt(app, 'team.roster');
    const win = await app.openWorkspace(path);
    covers('workspace:info', 'people:create', 'people:get', 'people:list', 'people:count', 'people:update', 'people:delete', 'people:restore');

    expect(await ok(win, 'workspace:info')).toEqual({ name: 'team' });
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
    expect(await ok(win, 'people:restore', { people: deleted })).toBe(1);
    expect(await ok(win, 'people:get', { id: ana.id })).toEqual(renamed);
  });

  it('imports a file chosen in the dialog, with progress events, and exports', async () => {
    const path = await createWorkspaceFileAt(app, 'club.roster');
    const win = await app.openWorkspace(path);
    covers('people:import', 'people:export', 'people:import-cancel');
    const csv = join(app.files, 'in.csv');
    writeFileSync(csv, 'name\nAna\nBo\n"Lima, Carla"\n');
    app.dialogs.importFile.push(csv);
    expect(await ok(win, 'people:import', { format: 'csv' })).toEqual({ status: 'imported', count: 3 });
    expect(app.dialogs.asked).toContain('import:csv');
    expect(win.events).toContainEqual({ channel: 'people:import-progress', payload: { done: 3, total: 3 } });
    expect(await ok(win, 'people:count', {})).toBe(3);

    app.dialogs.importFile.push(null);
    expect(await ok(win, 'people:import', { format: 'json' })).toEqual({ status: 'dismissed' });
    expect(await ok(win, 'people:import-cancel')).toBe(false);

    const out = join(app.files, 'out.json');
    app.dialogs.exportFile.push(out);
    expect(await ok(win, 'people:export', { format: 'json' })).toEqual({ status: 'exported', count: 3, fileName: 'out.json' });
    expect(app.dialogs.asked).toContain('export:json:club.json');
    const exported = JSON.parse(readFileSync(out, 'utf8'));
    expect(exported.map((p: { name: string }) => p.name).sort()).toEqual(['Ana', 'Bo', 'Lima, Carla']);
    app.dialogs.exportFile.push(null);
    expect(await ok(win, 'people:export', { format: 'csv' })).toEqual({ status: 'dismissed' });
  });
});

describe('launcher channels', () => {
  it('creates, lists, opens, renames, forgets, deletes and restores workspaces', async () => {
    covers('catalog:create', 'catalog:list', 'catalog:open', 'catalog:open-existing', 'catalog:rename', 'catalog:forget', 'catalog:delete', 'catalog:trash', 'catalog:restore');
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
    const opened = await ok(launcher, 'catalog:open-existing');
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
    expect(afterRestore.find((w: { id: string }) => w.id === restoredId)).toMatchObject({ name: 'Alpha squad', peopleCount: 1, open: false });

    expect(await ok(launcher, 'catalog:forget', { id: restoredId })).toBeNull();
    expect((await ok(launcher, 'catalog:list')).map((w: { id: string }) => w.id)).toEqual([opened.id]);

    app.dialogs.newWorkspace.push(null);
    expect(await ok(launcher, 'catalog:create', { name: 'Never' })).toEqual({ status: 'dismissed' });
    app.dialogs.existingWorkspace.push(null);
    expect(await ok(launcher, 'catalog:open-existing')).toEqual({ status: 'dismissed' });
    expect(launcher.events.some((e) => e.channel === 'catalog:changed')).toBe(true);
  });
});

describe('coverage', () => {
  it('every channel of the contract has a normal-path test above', () => {
    expect([...covered].sort()).toEqual(Object.keys(invokeChannels).sort());
  });
});
