// Two real processes, one data folder: the second launch hands its request to the
// first through the single-instance lock and quits.
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../support/workspace-fixtures.js';
import { developmentApp, killAll, packagedApp, ShellRun, type AppLayout } from './harness.js';
import { createWorkspace } from './steps.js';

afterEach(killAll);
afterAll(removeTempDirs);

// In the development layout (`electron .`: the app folder is an argument) and the
// packaged one (the executable alone).
for (const [label, make, appArgs] of [
  ['development', () => developmentApp(), (layout: AppLayout) => [layout.appPath]],
  ['packaged', () => packagedApp(), () => []],
] as const) {
  describe(`a second launch (${label} layout)`, () => {
    let layout: AppLayout;
    beforeAll(async () => {
      layout = await make();
    });

    it('without a path: brings back the minimized window, focused, and quits', async () => {
      const dataDir = join(makeTempDir('data'), 'Roster');
      const first = await ShellRun.launch(layout, { dataDir });
      const launcher = await first.window('launcher');
      await first.request({ op: 'window', windowId: launcher.id, action: 'minimize' });
      expect((await first.state()).windows[0]).toMatchObject({ minimized: true, focused: false });

      const second = await ShellRun.launch(layout, { dataDir });
      expect((await second.exited).code).toBe(0);
      // It quit before `ready`: no window, no start of its own.
      expect(second.appEvents()).not.toContain('ready');
      expect(second.events.some((event) => event.type === 'window')).toBe(false);

      const restored = await first.until('the launcher restored', (state) =>
        state.windows.find((window) => window.id === launcher.id && !window.minimized && window.focused),
      );
      expect(restored.visible).toBe(true);
      expect((await first.state()).windows).toHaveLength(1);
      expect(first.events).toContainEqual({ type: 'app', name: 'second-instance', detail: { version: 1, path: null } });
      first.kill();
    });

    it("with a path: the first instance opens that workspace, resolved against the second one's folder", async () => {
      const dataDir = join(makeTempDir('data'), 'Roster');
      const dir = makeTempDir('workspaces');
      const first = await ShellRun.launch(layout, { dataDir });
      const launcher = await first.window('launcher');
      const { path, window } = await createWorkspace(first, launcher.id, dir, 'Shared');
      await first.request({ op: 'window', windowId: window.id, action: 'close' });
      await first.until('the workspace window closed', (state) => state.windows.every((w) => w.id !== window.id) || undefined);

      const second = await ShellRun.launch(layout, {
        dataDir,
        cwd: dirname(path),
        args: ['--no-sandbox', ...appArgs(layout), 'Shared.roster'],
      });
      expect((await second.exited).code).toBe(0);
      expect(second.events.some((event) => event.type === 'window')).toBe(false);

      const reopened = await first.window('workspace', 'Shared');
      expect(reopened.id).not.toBe(window.id);
      expect(first.events).toContainEqual({ type: 'app', name: 'second-instance', detail: { version: 1, path } });
      expect(first.violations()).toEqual([]);
      first.kill();
    });
  });
}
