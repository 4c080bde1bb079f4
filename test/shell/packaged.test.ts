// The production bundle inside the packaged layout `npm run pack:check` builds with
// electron-builder (release/pack-check/linux[-arm64]-unpacked/resources), started as the
// installed executable would be: app.asar, the migrations and icon beside it, and
// better-sqlite3's prebuild in app.asar.unpacked, the very file a release ships, which
// the stand-in loads from there as Electron does (stand-in/asar-dlopen.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/kernel/node/ipc/app-protocol.js';
import { packagedAddonPath } from '../../main/app/node/native-module.js';
import { makeTempDir, removeTempDirs } from '../support/workspace-fixtures.js';
import { killAll, packagedApp, ShellRun, type AppLayout, type NativeVariant } from './harness.js';
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
    expect(launcher.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      devTools: false,
      preload: join(layout.appPath, 'dist', 'preload', 'preload.cjs'),
    });
    for (const load of launcher.loads)
      expect(load.outcome, load.url).toMatchObject({
        ok: true,
        status: 200,
        headers: { 'content-security-policy': CONTENT_SECURITY_POLICY },
      });
    // The main process loaded the unpacked prebuild, not the archive's placeholder entry.
    const line = /INFO SQLite (\S+) from (.+)/.exec(readFileSync(join(dataDir, 'logs', 'main.log'), 'utf8'));
    expect(line?.[1]).toMatch(/^3\.54\.\d+$/);
    expect(line?.[2]).toBe(
      join(
        layout.resourcesPath,
        'app.asar.unpacked',
        'node_modules',
        'better-sqlite3',
        'prebuilds',
        `${process.platform}-${process.arch}.node`,
      ),
    );

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

  async function damagedStart(native: NativeVariant): Promise<string> {
    const dataDir = join(makeTempDir('data'), 'Roster');
    const broken = await packagedApp({ native });
    const run = await ShellRun.launch(broken, { dataDir });
    expect((await run.exited).code).toBe(1);
    const boxes = run.errorBoxes();
    expect(boxes).toHaveLength(1);
    expect(boxes[0]?.title).toBe('This copy of Roster is damaged');
    const content = boxes[0]?.content ?? '';
    expect(content).toContain(`${packagedAddonPath(broken.resourcesPath)}\n\nReinstall Roster to repair it.`);
    expect(content).not.toContain('npm');
    expect(run.events.some((event) => event.type === 'window')).toBe(false);
    // The lock is free: the next start (of a sound copy) is not taken for a second instance.
    expect(run.appEvents()).toContain('lock-released');
    const next = await ShellRun.launch(layout, { dataDir });
    await next.window('launcher');
    next.kill();
    return content;
  }

  it('without its unpacked prebuild: tells the person to reinstall, exits, and frees the lock', async () => {
    expect(await damagedStart('missing')).toMatch(
      /^Roster's database module \(better-sqlite3's addon for \S+\) is missing\.\n\nLooked for: /,
    );
  });

  it('with an unpacked prebuild that is not a library: tells the person to reinstall, exits, and frees the lock', async () => {
    expect(await damagedStart('not-a-library')).toMatch(/^Roster's database module could not be loaded: .+\n\nFile: /);
  });
});
