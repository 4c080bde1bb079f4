// The production bundle inside the packaged layout `npm run pack:check` builds with
// electron-builder (release/pack-check/linux-unpacked/resources), started as the
// installed executable would be: app.asar, the migrations and icon beside it, and the
// native module in resources/native (this machine's Node build standing in for
// Electron's, as pack:check packages it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/node/app/app-protocol.js';
import { makeTempDir, removeTempDirs } from '../support/workspace-fixtures.js';
import { killAll, packagedApp, ShellRun, type AppLayout } from './harness.js';
import { addPeople, createWorkspace, peopleIn, sidecars } from './steps.js';

afterEach(killAll);
afterAll(removeTempDirs);

let layout: AppLayout;
beforeAll(async () => {
  layout = await packagedApp();
});

describe('the packaged app', () => {
  it('starts from app.asar, serves its page with the CSP, edits a workspace and quits cleanly', async () => {
    const dataDir = join(makeTempDir('data'), 'Roster');
    const dir = makeTempDir('workspaces');
    const run = await ShellRun.launch(layout, { dataDir });
    const launcher = await run.window('launcher');
    expect(launcher.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, devTools: false, preload: join(layout.appPath, 'dist', 'preload', 'preload.cjs') });
    for (const load of launcher.loads) expect(load.outcome, load.url).toMatchObject({ ok: true, status: 200, headers: { 'content-security-policy': CONTENT_SECURITY_POLICY } });
    expect(readFileSync(join(dataDir, 'logs', 'main.log'), 'utf8')).toContain(`from ${join(layout.resourcesPath, 'native', 'better_sqlite3.node')}`);

    const { path, window } = await createWorkspace(run, launcher.id, dir, 'Shipped');
    await addPeople(run, window.id, ['Ada', 'Bo']);
    await run.request({ op: 'quit' });
    expect((await run.exited).code).toBe(0);
    expect(sidecars(path)).toEqual([]);
    expect(peopleIn(path)).toEqual(['Ada', 'Bo']);
    expect(run.violations()).toEqual([]);
  });

  it('opens the workspace on its command line, switches or not', async () => {
    const dataDir = join(makeTempDir('data'), 'Roster');
    const dir = makeTempDir('workspaces');
    const first = await ShellRun.launch(layout, { dataDir });
    const { path } = await createWorkspace(first, (await first.window('launcher')).id, dir, 'Argv');
    await first.request({ op: 'quit' });
    expect((await first.exited).code).toBe(0);

    const run = await ShellRun.launch(layout, { dataDir, args: ['--no-sandbox', path] });
    const window = await run.window('workspace', 'Argv');
    expect((await run.state()).windows.map((w) => w.id)).toEqual([window.id]);
    run.kill();
  });

  it('with a native module that does not load: tells the person to reinstall, and exits', async () => {
    const dataDir = join(makeTempDir('data'), 'Roster');
    const run = await ShellRun.launch(await packagedApp({ native: 'not-a-library' }), { dataDir });
    expect((await run.exited).code).toBe(1);
    const [box] = run.errorBoxes();
    expect(box?.title).toBe('This copy of Roster is damaged');
    expect(box?.content).toMatch(/could not be loaded[\s\S]*Reinstall Roster/);
    expect(box?.content).not.toContain('npm');
    expect(run.events.some((event) => event.type === 'window')).toBe(false);
  });
});
