// A whole Roster main process without Electron, for the IPC tests: a real data folder,
// real workspace files, the real app core and window manager, and windows from the
// fake Electron transport, each bound with the production binding (bindWindow).
// Dialogs answer from a script the test sets.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { eventChannels } from '../../main/app/common/roster-api.js';
import type { ImportFormat } from '../../main/features/people/common/people-contract.js';
import { bindWindow } from '../../main/kernel/node/ipc/ipc-binding.js';
import type { DialogPort, LogLevel } from '../../main/kernel/node/ipc/ports.js';
import { createRosterCore, type RosterCore } from '../../main/app/node/roster-core.js';
import { WindowManager, type ManagedWindow, type WindowSpec } from '../../main/app/node/window-manager.js';
import { createRosterContext, type RosterContext } from '../../main/app/node/roster-context.js';
import { APP_ORIGIN, FakeElectron, type FakeIpcRenderer, type FakeWindow } from './fake-electron-ipc.js';
import { dataOf } from './ipc-envelopes.js';
import { makeTempDir, REPO_MIGRATIONS } from './workspace-fixtures.js';

export type DialogAnswer = string | null;

/** Dialogs that answer from queues the test fills; an unexpected dialog fails loudly. */
export class ScriptedDialogs implements DialogPort<ImportFormat> {
  readonly asked: string[] = [];
  newWorkspace: DialogAnswer[] = [];
  existingWorkspace: DialogAnswer[] = [];
  importFile: DialogAnswer[] = [];
  exportFile: DialogAnswer[] = [];
  locate: DialogAnswer[] = [];

  #take(queue: DialogAnswer[], what: string): Promise<DialogAnswer> {
    this.asked.push(what);
    if (queue.length === 0) return Promise.reject(new Error(`test did not script the ${what} dialog`));
    return Promise.resolve(queue.shift() as DialogAnswer);
  }

  chooseNewWorkspacePath(suggestedName: string): Promise<DialogAnswer> {
    return this.#take(this.newWorkspace, `new:${suggestedName}`);
  }
  chooseExistingWorkspace(): Promise<DialogAnswer> {
    return this.#take(this.existingWorkspace, 'open');
  }
  chooseImportFile(format: ImportFormat): Promise<DialogAnswer> {
    return this.#take(this.importFile, `import:${format}`);
  }
  chooseExportFile(format: ImportFormat, suggestedFileName: string): Promise<DialogAnswer> {
    return this.#take(this.exportFile, `export:${format}:${suggestedFileName}`);
  }
  locateWorkspace(name: string, previousFileName: string): Promise<DialogAnswer> {
    return this.#take(this.locate, `locate:${name}:${previousFileName}`);
  }
}

export interface TestWindow {
  readonly fake: FakeWindow;
  /** The main frame's ipcRenderer. */
  readonly renderer: FakeIpcRenderer;
  readonly spec: WindowSpec;
  focused: number;
  title: string;
  /** Closes the window as the person would (destroys it, then tells the manager). Settles when its lease is released. */
  close(): Promise<void>;
  /** Calls a channel as the preload would and returns the envelope. */
  call(channel: string, ...args: unknown[]): Promise<unknown>;
  /** Events received by the renderer, in order. */
  readonly events: { channel: string; payload: unknown }[];
}

export interface AppFixture {
  readonly root: string;
  readonly context: RosterContext;
  readonly core: RosterCore;
  readonly manager: WindowManager;
  readonly dialogs: ScriptedDialogs;
  readonly electron: FakeElectron;
  readonly windows: TestWindow[];
  readonly logs: { level: LogLevel; message: string; details: unknown }[];
  /** Paths the core asked the shell to show in the file manager. */
  readonly revealed: string[];
  /** What main wrote to the clipboard, in order. */
  readonly clipboard: string[];
  /** Folder for workspace files. */
  readonly files: string;
  /** Opens a new window on a workspace (creating the file first if `create`). */
  openWorkspace(path: string): Promise<TestWindow>;
  openLauncher(): TestWindow;
  /** The last window opened. */
  last(): TestWindow;
  dispose(): Promise<void>;
}

const EVENT_CHANNELS = Object.keys(eventChannels);

export function createAppFixture(): AppFixture {
  const root = makeTempDir('app');
  const files = join(root, 'files');
  mkdirSync(files);
  const context = createRosterContext({ dataDir: join(root, 'data'), migrationsDir: REPO_MIGRATIONS });
  const dialogs = new ScriptedDialogs();
  const electron = new FakeElectron();
  const windows: TestWindow[] = [];
  const logs: AppFixture['logs'] = [];
  const revealed: string[] = [];
  const clipboard: string[] = [];

  const created = createRosterCore({
    context,
    dialogs,
    log: (level, message, details) => logs.push({ level, message, details }),
    shell: { showItemInFolder: (path) => revealed.push(path) },
    clipboard: { writeText: (text) => void clipboard.push(text) },
  });
  const manager = new WindowManager(
    {
      createWindow(spec: WindowSpec): ManagedWindow {
        const fake = electron.createWindow(`${APP_ORIGIN}/index.html?view=${spec.view}`);
        const unbind = bindWindow(fake.webContents, spec.session, APP_ORIGIN);
        const events: TestWindow['events'] = [];
        for (const channel of EVENT_CHANNELS) {
          fake.renderer.on(channel, (_event, payload) => events.push({ channel, payload }));
        }
        const window: TestWindow = {
          fake,
          renderer: fake.renderer,
          spec,
          focused: 0,
          title: spec.title,
          events,
          close() {
            if (!fake.webContents.isDestroyed()) {
              fake.destroy();
              unbind();
            }
            return spec.closed();
          },
          call: (channel, ...args) => fake.renderer.invoke(channel, ...args),
        };
        windows.push(window);
        return {
          focus: () => {
            window.focused++;
          },
          setTitle: (title) => {
            window.title = title;
          },
        };
      },
    },
    created,
  );
  created.connectWindows(manager);

  return {
    root,
    context,
    core: created,
    manager,
    dialogs,
    electron,
    windows,
    logs,
    revealed,
    clipboard,
    files,
    async openWorkspace(path) {
      await manager.openNewWindow(path);
      return windows.at(-1) as TestWindow;
    },
    openLauncher() {
      manager.showLauncher();
      const launcher = windows.find((window) => window.spec.view === 'launcher' && !window.fake.webContents.isDestroyed());
      if (!launcher) throw new Error('no launcher window');
      return launcher;
    },
    last: () => windows.at(-1) as TestWindow,
    async dispose() {
      manager.beginQuit();
      await Promise.all(windows.map((window) => window.close()));
      await created.shutdown(2000);
    },
  };
}

/** Creates a workspace file (closed again) and returns its path. */
export async function createWorkspaceFileAt(fixture: AppFixture, name: string): Promise<string> {
  const lease = await fixture.context.connections.create(join(fixture.files, name));
  const path = lease.path;
  await lease.release();
  return path;
}

/**
 * Imports `file` as the workspace window does: the import dialog (scripted to answer
 * `file`) hands it to main, main previews it, the window confirms. Returns the
 * confirm's envelope (the import's outcome) and the preview that was shown.
 */
export async function importThroughPreview(
  fixture: AppFixture,
  window: TestWindow,
  file: string,
  format: ImportFormat = 'csv',
): Promise<{ preview: unknown; outcome: Promise<unknown> }> {
  fixture.dialogs.importFile.push(file);
  const chosen = await dataOf<{ status: string; token: string }>(
    window.call('importExport:chooseImport', { format }),
    'importExport:chooseImport',
  );
  if (chosen.status !== 'chosen') throw new Error(`the dialog answered ${chosen.status}`);
  const preview = await dataOf(window.call('importExport:previewImport', { token: chosen.token }), 'importExport:previewImport');
  return { preview, outcome: window.call('importExport:confirmImport', { token: chosen.token }) };
}
