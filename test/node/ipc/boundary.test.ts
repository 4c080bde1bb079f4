// The boundary between windows: a window reaches its own workspace and nothing else,
// events go only to the windows of the workspace that changed, closed windows are
// gone, the last window releases the file, and quitting closes everything in time.

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invokeChannels, type InvokeChannel } from '../../../main/app/common/roster-api.js';
import { isHeldInProcess } from '../../../main/features/workspace/node/workspace-file.js';
import {
  createAppFixture,
  createWorkspaceFileAt,
  importThroughPreview,
  type AppFixture,
  type TestWindow,
} from '../../support/app-fixture.js';
import { removeTempDirs } from '../../support/workspace-fixtures.js';

let app: AppFixture;
let pathA: string;
let pathB: string;

beforeEach(async () => {
  app = createAppFixture();
  pathA = await createWorkspaceFileAt(app, 'a.roster');
  pathB = await createWorkspaceFileAt(app, 'b.roster');
});
afterEach(async () => {
  await app.dispose();
  removeTempDirs();
});

const settle = (ms = 50): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
function changes(window: TestWindow): unknown[] {
  return window.events.filter((e) => e.channel === 'people:onChanged').map((e) => e.payload);
}
function names(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT name FROM "Person" ORDER BY id').pluck().all() as string[];
  } finally {
    db.close();
  }
}

describe('isolation between workspaces', () => {
  it('a window on A cannot read or change B, whatever it sends', async () => {
    const a = await app.openWorkspace(pathA);
    const b = await app.openWorkspace(pathB);
    await b.call('people:create', { name: 'Only in B' });
    const attempts: unknown[] = [
      { id: 1 },
      { id: 1, path: pathB },
      { id: 1, workspace: pathB },
      { id: 1, workspaceId: app.context.catalog.findByPath(pathB)?.id },
      { ids: [1], path: pathB },
      { name: 'x', path: pathB },
      pathB,
      [pathB, { id: 1 }],
    ];
    for (const channel of Object.keys(invokeChannels) as InvokeChannel[]) {
      for (const payload of attempts) {
        const result = (await a.call(channel, payload)) as { ok: boolean; data?: unknown; error?: { message: string } };
        expect(JSON.stringify(result)).not.toContain('Only in B');
        if (!result.ok) expect(result.error?.message).not.toContain(app.files);
      }
      // Second argument naming B: refused outright.
      expect(await a.call(channel, {}, { path: pathB })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(names(pathB)).toEqual(['Only in B']);
    expect(names(pathA)).toEqual([]);
  });

  it('workspace windows cannot use launcher channels and the launcher cannot use workspace channels', async () => {
    const a = await app.openWorkspace(pathA);
    const launcher = app.openLauncher();
    expect(await a.call('catalog:list')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await a.call('catalog:delete', { id: app.context.catalog.findByPath(pathB)?.id })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await launcher.call('people:create', { name: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // A channel outside the contract has no handler at all, as in Electron.
    await expect(a.call('no:such-channel')).rejects.toThrow("No handler registered for 'no:such-channel'");
    await expect(a.call('__proto__')).rejects.toThrow('No handler registered');
  });

  it('serves only the main frame showing Roster’s page', async () => {
    const a = await app.openWorkspace(pathA);
    const iframe = a.fake.subFrame('roster://app/index.html');
    expect(await iframe.invoke('people:create', { name: 'from iframe' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const hostile = a.fake.subFrame('https://evil.example/');
    expect(await hostile.invoke('people:list', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    a.fake.navigate('https://evil.example/');
    expect(await a.renderer.invoke('people:create', { name: 'after navigation' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(names(pathA)).toEqual([]);
    expect(app.logs).toEqual([]);
  });

  it('errors carry a code and a message, never a path or a stack', async () => {
    const launcher = app.openLauncher();
    app.dialogs.existingWorkspace.push(`${app.files}/missing folder/none.roster`);
    const result = (await launcher.call('catalog:openExisting')) as { ok: false; error: { code: string; message: string } };
    expect(result.ok).toBe(false);
    expect(Object.keys(result.error).sort()).toEqual(['code', 'message']);
    expect(result.error.message).not.toContain(app.files);
    expect(result.error.message).not.toContain(app.root);
    expect(result.error.message).not.toMatch(/\n\s+at /);
  });
});

describe('change events', () => {
  it('reach both windows of the changed workspace and no window of another', async () => {
    const a1 = await app.openWorkspace(pathA);
    const a2 = await app.openWorkspace(pathA);
    const b = await app.openWorkspace(pathB);
    await a1.call('people:create', { name: 'Ana' });
    await settle();
    expect(changes(a1)).toEqual([{ source: 'window' }]);
    expect(changes(a2)).toEqual([{ source: 'window' }]);
    expect(changes(b)).toEqual([]);
    // The second window sees the first one's write.
    expect(await a2.call('people:count', {})).toEqual({ ok: true, data: 1 });
  });

  it('a closed window’s subscriptions are gone', async () => {
    const a1 = await app.openWorkspace(pathA);
    const a2 = await app.openWorkspace(pathA);
    await a2.close();
    expect(a2.spec.session.closed).toBe(true);
    expect(a2.fake.webContents.ipc.handlerCount).toBe(0);
    await a1.call('people:create', { name: 'Ana' });
    await settle();
    expect(changes(a2)).toEqual([]);
    expect(changes(a1)).toHaveLength(1);
    expect(await a2.spec.session.invoke('people:count', {})).toMatchObject({ ok: false, error: { code: 'WORKSPACE_CLOSED' } });
  });

  it('reports writes by another process (the CLI) as external changes', async () => {
    const a = await app.openWorkspace(pathA);
    const other = new Database(pathA); // another connection, as the `roster` CLI would have
    try {
      other.prepare(`INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES ('Cli', 'cli', 0, 0)`).run();
    } finally {
      other.close();
    }
    await expect.poll(() => changes(a), { timeout: 2000 }).toEqual([{ source: 'external' }]);
    expect(await a.call('people:count', {})).toEqual({ ok: true, data: 1 });
  });
});

describe('lifecycle', () => {
  it('opening an open workspace focuses its window; Open in New Window adds a live one', async () => {
    const first = await app.openWorkspace(pathA);
    await app.manager.showWorkspace(pathA);
    expect(first.focused).toBe(1);
    expect(app.windows).toHaveLength(1);
    const second = await app.openWorkspace(pathA);
    expect(app.windows).toHaveLength(2);
    expect(await second.call('people:create', { name: 'x' })).toMatchObject({ ok: true });
    expect(app.context.connections.users(pathA)).toBe(2);
    expect(first.title).toBe('a — Roster');
  });

  it('two quick opens of one workspace make one window', async () => {
    await Promise.all([app.manager.showWorkspace(pathA), app.manager.showWorkspace(pathA)]);
    expect(app.windows).toHaveLength(1);
  });

  it('the last window of a workspace releases its connection and brings back the launcher', async () => {
    const a1 = await app.openWorkspace(pathA);
    const a2 = await app.openWorkspace(pathA);
    await a1.close();
    expect(isHeldInProcess(pathA)).toBe(true);
    expect(app.windows.some((w) => w.spec.view === 'launcher')).toBe(false);
    await a2.close();
    expect(isHeldInProcess(pathA)).toBe(false);
    expect(app.context.connections.openPaths()).toEqual([]);
    expect(app.windows.at(-1)?.spec.view).toBe('launcher');
  });

  it('a failed open leaves no window and no connection, and says why', async () => {
    const launcher = app.openLauncher();
    const id = app.context.catalog.add(pathB).id;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(pathB, 'this is not a database, just long enough to not be mistaken for empty. '.repeat(3));
    const windows = app.windows.length;
    expect(await launcher.call('catalog:open', { id })).toMatchObject({ ok: false, error: { code: 'WORKSPACE_CORRUPT' } });
    expect(app.windows).toHaveLength(windows);
    expect(app.context.connections.openPaths()).toEqual([]);
  });

  it('quitting closes every client; a stuck close cannot hang it', async () => {
    await app.openWorkspace(pathA);
    await app.openWorkspace(pathB);
    expect(app.context.connections.openPaths()).toHaveLength(2);
    const lease = await app.context.connections.acquire(pathA);
    // Something holding the connection forever (a hung query).
    void lease.workspace.exclusive(() => new Promise(() => undefined));
    app.manager.beginQuit();
    const started = Date.now();
    const report = await app.core.shutdown(300);
    expect(report.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(app.core.sessions()).toEqual([]);
    expect(isHeldInProcess(pathB)).toBe(false);
    await expect(app.core.openWorkspaceSession(pathB)).rejects.toMatchObject({ code: 'WORKSPACE_CLOSED' });
  });

  it('quitting without stuck work closes everything within the watchdog', async () => {
    await app.openWorkspace(pathA);
    await app.openWorkspace(pathB);
    app.openLauncher();
    app.manager.beginQuit();
    expect(await app.core.shutdown(5000)).toEqual({ timedOut: false });
    expect(app.core.sessions()).toEqual([]);
    expect(isHeldInProcess(pathA) || isHeldInProcess(pathB)).toBe(false);
  });

  it('cancels an import in progress: CANCELLED, nothing written', async () => {
    const a = await app.openWorkspace(pathA);
    const { writeFileSync } = await import('node:fs');
    const file = `${app.files}/many.json`;
    writeFileSync(file, JSON.stringify(Array.from({ length: 60_000 }, (_, i) => ({ name: `Person ${i}` }))));
    const { outcome: pending } = await importThroughPreview(app, a, file, 'json');
    await expect
      .poll(() => a.events.some((e) => e.channel === 'importExport:onImportProgress'), { timeout: 10_000, interval: 1 })
      .toBe(true);
    expect(await a.call('importExport:cancelImport')).toEqual({ ok: true, data: true });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await a.call('people:count', {})).toEqual({ ok: true, data: 0 });
  });
});
