// Roster in real Electron, driven by Playwright's _electron: two workspaces, people
// added in each, and neither sees the other's. Runs wherever an Electron binary is
// installed; here (no binary can be downloaded) it reports itself as skipped. Every
// behaviour it checks is also tested without Electron in test/node/ipc and
// test/browser/preload.test.ts.
//
// It never requires the `electron` package in this process: that would try to
// download the binary. It looks for the binary where the package would put it.
//
// Playwright starts Electron as `electron --no-sandbox --inspect=0
// --remote-debugging-port=0 <app folder>`: switches before the app folder, which must
// not make the folder a "workspace to open" (main/app/node/launch-args.ts). Roster's
// main process loads better-sqlite3's Node-API prebuild, the same file the Node tests
// load, and main.log names it.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/workspace-fixtures.js';

function electronBinary(): string | null {
  const override = process.env['ROSTER_ELECTRON'];
  if (override) return existsSync(override) ? override : null;
  const pkg = join(REPO_ROOT, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const built = existsSync(join(REPO_ROOT, 'dist', 'main', 'main.mjs')) && existsSync(join(REPO_ROOT, 'dist', 'renderer', 'index.html'));
// Electron on Linux needs an X display (CI: `xvfb-run -a npm test`).
const display = process.platform !== 'linux' || Boolean(process.env['DISPLAY'] ?? process.env['WAYLAND_DISPLAY']);
const reason = !binary
  ? 'no Electron binary (node_modules/electron/dist or ROSTER_ELECTRON)'
  : !built
    ? 'run `npm run build` first'
    : 'no display (run under xvfb-run)';
const runnable = Boolean(binary) && built && display;

describe.skipIf(!runnable)(`Roster in Electron${runnable ? '' : ` (skipped: ${reason})`}`, () => {
  let dataDir: string;
  let electronApp: ElectronApplication;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'roster-electron-'));
  });
  afterAll(async () => {
    await electronApp?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function windowWithView(view: string): Promise<Page> {
    for (;;) {
      const page = electronApp.windows().find((p) => p.url().includes(`view=${view}`));
      if (page) return page;
      await electronApp.waitForEvent('window');
    }
  }

  it('opens two workspaces whose windows only see their own people', async () => {
    electronApp = await _electron.launch({
      executablePath: binary as string,
      args: [REPO_ROOT],
      env: { ...process.env, ROSTER_DATA_DIR: dataDir } as Record<string, string>,
    });
    const launcher = await windowWithView('launcher');
    expect(await launcher.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined');
    // Playwright's switches came before the app folder, and the folder was not taken for a workspace.
    const argv = await electronApp.evaluate(() => process.argv);
    expect(argv.indexOf(REPO_ROOT)).toBeGreaterThan(argv.findIndex((arg) => arg.startsWith('--')));
    expect(electronApp.windows().map((page) => page.url())).toEqual(['roster://app/index.html?view=launcher']);
    const log = readFileSync(join(dataDir, 'logs', 'main.log'), 'utf8');
    // Electron loaded the project's prebuild, not a build of its own.
    expect(log).toMatch(
      /INFO SQLite 3\.54\.\d+ from .*node_modules[\\/]better-sqlite3[\\/]prebuilds[\\/](linux|darwin|win32)-(x64|arm64)\.node\n/,
    );
    expect(log).not.toContain('could not open a workspace');
    // Create two workspaces through the main process, as the dialogs would.
    await electronApp.evaluate(async ({ dialog }, folder) => {
      let n = 0;
      dialog.showSaveDialog = (async () => ({ canceled: false, filePath: `${folder}/ws${++n}.roster` })) as typeof dialog.showSaveDialog;
    }, dataDir);
    type Api = {
      roster: {
        catalog: { create(i: { name: string }): Promise<{ ok: boolean }> };
        people: { create(i: { name: string }): Promise<unknown>; count(i: object): Promise<{ data: number }> };
      };
    };
    expect(await launcher.evaluate(() => (globalThis as unknown as Api).roster.catalog.create({ name: 'One' }))).toMatchObject({
      ok: true,
    });
    expect(await launcher.evaluate(() => (globalThis as unknown as Api).roster.catalog.create({ name: 'Two' }))).toMatchObject({
      ok: true,
    });
    const pages = () => electronApp.windows().filter((p) => p.url().includes('view=workspace'));
    await expect.poll(() => pages().length).toBe(2);
    const [one, two] = pages() as [Page, Page];
    await one.evaluate(() => (globalThis as unknown as Api).roster.people.create({ name: 'Ana' }));
    await one.evaluate(() => (globalThis as unknown as Api).roster.people.create({ name: 'Bo' }));
    await two.evaluate(() => (globalThis as unknown as Api).roster.people.create({ name: 'Cy' }));
    expect(await one.evaluate(() => (globalThis as unknown as Api).roster.people.count({}))).toMatchObject({ data: 2 });
    expect(await two.evaluate(() => (globalThis as unknown as Api).roster.people.count({}))).toMatchObject({ data: 1 });
    const csp = await one.evaluate(
      async () => (await fetch((globalThis as unknown as { location: { href: string } }).location.href).catch(() => null)) === null,
    );
    expect(csp).toBe(true); // connect-src 'none'
  });
});
