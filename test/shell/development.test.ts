// Roster's real main bundle, started the way `npm start` starts it (`electron .` in the
// app folder), under the stand-in Electron: the launcher, command lines with switches,
// and starts that fail; and, in the development layout and the packaged one alike,
// roster:// with its CSP, IPC from the page through the real preload, quitting, macOS
// open-file, and a start that fails on the list of workspaces.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/kernel/node/ipc/app-protocol.js';
import { developmentAddonPath } from '../../main/app/node/native-module.js';
import { makeTempDir, removeTempDirs } from '../support/workspace-fixtures.js';
import { makeCatalogUnreadable, writeCatalogFromNewerRoster } from './catalog-files.js';
import { developmentApp, killAll, packagedApp, ShellRun, type AppLayout } from './harness.js';
import { addPeople, createWorkspace, peopleIn, sidecars, type IpcResult } from './steps.js';

afterEach(killAll);
afterAll(removeTempDirs);

let layout: AppLayout;
beforeAll(async () => {
  layout = await developmentApp();
});

const dataFolder = () => join(makeTempDir('data'), 'Roster');
const mainLog = (dataDir: string) => readFileSync(join(dataDir, 'logs', 'main.log'), 'utf8');

async function quit(run: ShellRun): Promise<number | null> {
  await run.request({ op: 'quit' });
  return (await run.exited).code;
}

async function failedStart(app: AppLayout, dataDir: string) {
  const run = await ShellRun.launch(app, { dataDir });
  const exit = await run.exited;
  const boxes = run.errorBoxes();
  expect(exit.code).toBe(1);
  expect(boxes).toHaveLength(1);
  expect(mainLog(dataDir)).toContain('ERROR Roster could not start');
  expect(run.events.some((event) => event.type === 'window')).toBe(false);
  expect(run.appEvents()).toContain('lock-released');
  expect(boxes[0]?.content).toContain(join(dataDir, 'logs', 'main.log'));
  return boxes[0] as { title: string; content: string };
}

describe('a first start', () => {
  it("opens the launcher alone, sandboxed, after proving better-sqlite3 loads from the project's prebuild", async () => {
    const dataDir = dataFolder();
    const run = await ShellRun.launch(layout, { dataDir });
    const launcher = await run.window('launcher');
    const state = await run.state();
    expect(state.windows).toHaveLength(1);
    expect(launcher).toMatchObject({ title: 'Roster', url: 'roster://app/index.html?view=launcher', focused: true, exposed: ['roster'] });
    expect(launcher.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(existsSync(launcher.webPreferences['preload'] as string)).toBe(true);
    expect(state.menuInstalled).toBe(true);
    // The data folder did not exist: main made it before app.setPath, which needs it.
    expect(existsSync(dataDir)).toBe(true);
    // The process loaded the prebuild `npm start` loads in Electron: the project's
    // node_modules/better-sqlite3/prebuilds/<platform>-<arch>.node, named by its real path.
    const line = /INFO SQLite (\S+) from (.+)/.exec(mainLog(dataDir));
    expect(line?.[1]).toMatch(/^3\.54\.\d+$/);
    expect(line?.[2]).toBe(developmentAddonPath(import.meta.url));
    expect(run.errorBoxes()).toEqual([]);
    expect(run.violations()).toEqual([]);
    expect(await quit(run)).toBe(0);
  });
});

describe('command lines', () => {
  it('never takes the app folder for a workspace when switches come first (Playwright, --no-sandbox, --inspect)', async () => {
    for (const switches of [['--no-sandbox'], ['--inspect'], ['--no-sandbox', '--inspect=0', '--remote-debugging-port=0']]) {
      const run = await ShellRun.launch(layout, { dataDir: dataFolder(), args: [...switches, layout.appPath] });
      await run.window('launcher');
      const state = await run.state();
      expect(
        state.windows.map((window) => window.url),
        switches.join(' '),
      ).toEqual(['roster://app/index.html?view=launcher']);
      expect(run.events.filter((event) => event.type === 'message-box' || event.type === 'error-box')).toEqual([]);
      run.kill();
    }
  });

  it('opens the workspace named after the app folder, with switches anywhere, and a relative path', async () => {
    const dir = makeTempDir('workspaces');
    const dataDir = dataFolder();
    const first = await ShellRun.launch(layout, { dataDir });
    const { path } = await createWorkspace(first, (await first.window('launcher')).id, dir, 'Named');
    expect(await quit(first)).toBe(0);

    const run = await ShellRun.launch(layout, {
      dataDir,
      cwd: dirname(path),
      args: ['--no-sandbox', layout.appPath, '--enable-logging', 'Named.roster'],
    });
    const window = await run.window('workspace', 'Named');
    expect((await run.state()).windows.map((w) => w.id)).toEqual([window.id]);
    expect(await quit(run)).toBe(0);
  });
});

describe('a start that fails', () => {
  it("without better-sqlite3's prebuild: names the file, says to run npm install, exits, and frees the lock", async () => {
    const dataDir = dataFolder();
    const broken = await developmentApp({ native: 'missing' });
    const box = await failedStart(broken, dataDir);
    const addon = join(broken.appPath, 'node_modules', 'better-sqlite3', 'prebuilds', basename(developmentAddonPath(import.meta.url)));
    expect(box.title).toBe("Roster's database module is missing");
    expect(box.content).toContain(`is missing.\n\nLooked for: ${addon}\n\nRun \`npm install\` again`);
    // The lock is free: the next start is not swallowed as a "second instance".
    const next = await ShellRun.launch(layout, { dataDir });
    await next.window('launcher');
    next.kill();
  });

  it("with a prebuild that is not a library: names the file and the loader's reason", async () => {
    const broken = await developmentApp({ native: 'not-a-library' });
    const box = await failedStart(broken, dataFolder());
    const addon = join(broken.appPath, 'node_modules', 'better-sqlite3', 'prebuilds', basename(developmentAddonPath(import.meta.url)));
    expect(box.title).toBe("Roster's database module does not load");
    expect(box.content).toMatch(/could not be loaded: .+/);
    expect(box.content).toContain(`File: ${addon}\n\nRun \`npm install\` again`);
  });

  it('with migrations it cannot read', async () => {
    const box = await failedStart(await developmentApp({ brokenMigrations: true }), dataFolder());
    expect(box.title).toBe('Roster could not start');
    expect(box.content).toContain('not-a-migration');
  });
});

/** roster:// in the layout: the page with its CSP, and what it refuses. */
function rosterProtocolTests(app: () => AppLayout): void {
  describe('roster://', () => {
    it('serves the page and every asset it names with the Content-Security-Policy header', async () => {
      const run = await ShellRun.launch(app(), { dataDir: dataFolder() });
      const { loads } = await run.window('launcher');
      expect(loads.map((load) => [load.resourceType, load.url])).toEqual([
        ['mainFrame', 'roster://app/index.html?view=launcher'],
        ['stylesheet', 'roster://app/app.css'],
        ['script', 'roster://app/app.js'],
      ]);
      for (const load of loads) {
        expect(load.outcome, load.url).toMatchObject({
          ok: true,
          status: 200,
          headers: { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' },
        });
      }
      expect(loads[0]?.outcome).toMatchObject({ headers: { 'content-type': 'text/html; charset=utf-8' } });
      run.kill();
    });

    it('refuses traversal, other hosts and methods, and blocks the network', async () => {
      const run = await ShellRun.launch(app(), { dataDir: dataFolder() });
      await run.window('launcher');
      const cases: [string, string, number | string][] = [
        // Dot segments are resolved by the URL parser (roster:// is a standard scheme)...
        ['GET', 'roster://app/../package.json', 404],
        ['GET', 'roster://app/%2e%2e/%2e%2e/package.json', 404],
        // ...and what survives it is refused by the handler.
        ['GET', 'roster://app/..%2f..%2fpackage.json', 403],
        ['GET', 'roster://app/%2fetc%2fpasswd', 403],
        ['GET', 'roster://app/..%5c..%5cpackage.json', 403],
        ['GET', 'roster://evil/index.html', 403],
        ['GET', 'roster://app/missing.js', 404],
        ['POST', 'roster://app/index.html', 405],
        ['GET', 'https://example.com/', 'net::ERR_BLOCKED_BY_CLIENT'],
        ['GET', 'file:///etc/passwd', 'net::ERR_BLOCKED_BY_CLIENT'],
      ];
      for (const [method, url, expected] of cases) {
        const result = await run.fetch(url, method);
        if (typeof expected === 'number') expect(result, url).toMatchObject({ ok: true, status: expected, text: '' });
        else expect(result, url).toMatchObject({ ok: false, error: expected });
      }
      run.kill();
    });
  });
}

/** IPC from the page through the real preload, and what a compromised renderer is refused. */
function ipcTests(app: () => AppLayout): void {
  describe('IPC from the page', () => {
    it('creates and edits a workspace through the preload, with typed errors and events', async () => {
      const dir = makeTempDir('workspaces');
      const run = await ShellRun.launch(app(), { dataDir: dataFolder() });
      const launcher = await run.window('launcher');
      expect(await run.call(launcher.id, 'catalog.list')).toEqual({ ok: true, data: [] });
      const { path, window } = await createWorkspace(run, launcher.id, dir, 'Team');
      expect(window.title).toBe('Team — Roster');
      await run.request({ op: 'subscribe', windowId: window.id, method: 'roster.people.onChanged' });
      await addPeople(run, window.id, ['Ada Lovelace', 'Grace Hopper']);
      expect(await run.call(window.id, 'people.count', {})).toEqual({ ok: true, data: 2 });
      expect(await run.call(window.id, 'people.create', { name: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_NAME' } });
      expect(await run.call(window.id, 'people.list', { limit: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_QUERY' } });
      const listed = await run.call<IpcResult<{ name: string; fileName: string; peopleCount: number | null; open: boolean }[]>>(
        launcher.id,
        'catalog.list',
      );
      expect(listed).toMatchObject({ ok: true, data: [{ name: 'Team', fileName: 'Team.roster', peopleCount: 2, open: true }] });
      // Events reach the page as payloads only (the preload strips the IpcRendererEvent).
      await run.until('people:onChanged events', () => run.rendererEvents.length >= 2 || undefined);
      expect(run.rendererEvents[0]).toEqual({ windowId: window.id, method: 'roster.people.onChanged', payload: { source: 'window' } });
      expect(existsSync(path)).toBe(true);
      expect(run.violations()).toEqual([]);
      run.kill();
    });

    it("refuses a compromised renderer: sub-frames, the other role's channels, unknown channels", async () => {
      const dir = makeTempDir('workspaces');
      const run = await ShellRun.launch(app(), { dataDir: dataFolder() });
      const launcher = await run.window('launcher');
      const { window } = await createWorkspace(run, launcher.id, dir, 'Private');
      await addPeople(run, window.id, ['Ada']);
      const refused = { ok: false, error: { code: 'INVALID_INPUT' } };
      // An iframe, even one showing Roster's own page, is not the window's main frame.
      expect(
        await run.request({
          op: 'invoke-raw',
          windowId: window.id,
          channel: 'people:list',
          args: [{}],
          subFrameUrl: 'roster://app/index.html',
        }),
      ).toMatchObject(refused);
      expect(
        await run.request({
          op: 'invoke-raw',
          windowId: window.id,
          channel: 'people:list',
          args: [{}],
          subFrameUrl: 'https://evil.example/',
        }),
      ).toMatchObject(refused);
      // The launcher cannot read a workspace's people, and takes one argument at most.
      expect(await run.request({ op: 'invoke-raw', windowId: launcher.id, channel: 'people:list', args: [{}] })).toMatchObject({
        ok: false,
      });
      expect(await run.request({ op: 'invoke-raw', windowId: window.id, channel: 'people:count', args: [{}, {}] })).toMatchObject(refused);
      // Errors arrive the way Electron delivers them.
      await expect(run.request({ op: 'invoke-raw', windowId: window.id, channel: 'fs:read', args: ['/etc/passwd'] })).rejects.toThrow(
        "Error invoking remote method 'fs:read': Error: No handler registered for 'fs:read'",
      );
      expect(await run.call(window.id, 'people.count', {})).toEqual({ ok: true, data: 1 });
      run.kill();
    });
  });
}

/** Quitting, and the launcher coming back. */
function quittingTests(app: () => AppLayout): void {
  describe('quitting', () => {
    it("closes every workspace before Electron quits, leaving no -wal or -shm, in Electron's event order", async () => {
      const dir = makeTempDir('workspaces');
      const run = await ShellRun.launch(app(), { dataDir: dataFolder() });
      const launcher = await run.window('launcher');
      const one = await createWorkspace(run, launcher.id, dir, 'One');
      const two = await createWorkspace(run, launcher.id, dir, 'Two');
      await addPeople(run, one.window.id, ['Ada', 'Bo']);
      await addPeople(run, two.window.id, ['Cy']);
      expect(sidecars(one.path).length).toBeGreaterThan(0); // open in WAL mode
      expect(await quit(run)).toBe(0);
      const events = run.appEvents();
      // Main holds the first before-quit until every workspace is closed, then quits again.
      const order = ['before-quit (prevented)', 'before-quit', 'will-quit', 'quit'].map((name) => events.indexOf(name));
      expect(
        order.every((at, i) => at >= 0 && (i === 0 || at > (order[i - 1] as number))),
        events.join(', '),
      ).toBe(true);
      expect(events).not.toContain('window-all-closed');
      expect(sidecars(one.path)).toEqual([]);
      expect(sidecars(two.path)).toEqual([]);
      expect(peopleIn(one.path)).toEqual(['Ada', 'Bo']);
      expect(peopleIn(two.path)).toEqual(['Cy']);
      expect(run.violations()).toEqual([]);
    });

    it('brings the launcher back when the last workspace window closes, and quits when the launcher closes too', async () => {
      const dir = makeTempDir('workspaces');
      const run = await ShellRun.launch(app(), { dataDir: dataFolder() });
      const launcher = await run.window('launcher');
      const { path, window } = await createWorkspace(run, launcher.id, dir, 'Solo');
      await run.request({ op: 'window', windowId: launcher.id, action: 'close' });
      await run.request({ op: 'window', windowId: window.id, action: 'close' });
      const again = await run.window('launcher');
      expect(again.id).not.toBe(launcher.id);
      // Its last window closed: the workspace closes (its lease is released just after the window goes).
      await expect.poll(() => sidecars(path)).toEqual([]);
      await run.request({ op: 'window', windowId: again.id, action: 'close' });
      if (process.platform === 'darwin') return; // macOS apps stay open without windows
      expect((await run.exited).code).toBe(0);
      expect(run.appEvents()).toContain('window-all-closed');
    });
  });
}

/** Files macOS hands over before ready. */
function openFileTests(app: () => AppLayout): void {
  describe('macOS open-file', () => {
    it('opens a file handed over before ready in its own window, instead of the launcher', async () => {
      const dir = makeTempDir('workspaces');
      const dataDir = dataFolder();
      const first = await ShellRun.launch(app(), { dataDir });
      const { path } = await createWorkspace(first, (await first.window('launcher')).id, dir, 'Doc');
      expect(await quit(first)).toBe(0);

      const run = await ShellRun.launch(app(), { dataDir, openFilesBeforeReady: [path] });
      const window = await run.window('workspace', 'Doc');
      expect((await run.state()).windows.map((w) => w.id)).toEqual([window.id]);
      // Handled: Electron's docs ask the app to call preventDefault.
      expect(run.events).toContainEqual({ type: 'app', name: 'open-file', prevented: true, detail: path });
      const openFile = run.appEvents().indexOf('open-file (prevented)');
      expect(openFile).toBeGreaterThanOrEqual(0);
      expect(openFile).toBeLessThan(run.appEvents().indexOf('ready'));
      expect(await quit(run)).toBe(0);
    });
  });
}

/** Starts that fail on the list of workspaces. */
function failedStartTests(app: () => AppLayout): void {
  describe('a start that fails', () => {
    it('with a list of workspaces saved by a newer Roster', async () => {
      const dataDir = dataFolder();
      writeCatalogFromNewerRoster(dataDir);
      const box = await failedStart(app(), dataDir);
      expect(box).toMatchObject({ title: 'Roster could not start' });
      expect(box.content).toMatch(/newer version of Roster/);
    });

    it('with a list of workspaces it cannot read', async () => {
      const dataDir = dataFolder();
      makeCatalogUnreadable(dataDir);
      const box = await failedStart(app(), dataDir);
      expect(box.title).toBe('Roster could not start');
      expect(box.content).toMatch(/EISDIR/);
    });
  });
}

/**
 * What must hold in every layout Roster starts from: the development one (`electron .`)
 * and the packaged one pack:check builds (app.asar in resources), so that nothing is
 * tested only where it is easiest.
 */
for (const [label, make] of [
  ['development', () => developmentApp()],
  ['packaged', () => packagedApp()],
] as const) {
  describe(`the ${label} layout`, () => {
    let layout: AppLayout;
    beforeAll(async () => {
      layout = await make();
    });

    const app = (): AppLayout => layout;
    rosterProtocolTests(app);
    ipcTests(app);
    quittingTests(app);
    openFileTests(app);
    failedStartTests(app);
  });
}
