// Roster's Electron main process. Thin on purpose: everything that is not a call into
// Electron lives in main/app/node and the kernel and features it composes, and is
// tested under plain Node (test/node/ipc), and this bundle itself runs under a
// stand-in Electron in test/shell.
//
// Order of events:
//   1. before `ready`: the data folder exists and is set as userData, the roster://
//      scheme is registered as privileged, the single-instance lock is taken (a second
//      launch passes its workspace path in the lock's additional data and exits), and
//      macOS `open-file` is listened to, so a double-clicked file is never missed;
//   2. on `ready`: better-sqlite3's addon is proven to load (main.log names it), sessions
//      are hardened, roster:// is served, the core and the window manager start, and
//      the requested workspaces (or the launcher) open. Anything that fails in this
//      step is logged to main.log, shown in an error dialog, and ends the process,
//      which releases the single-instance lock;
//   3. on quit: windows stop reopening the launcher, every workspace is closed, and a
//      watchdog makes sure a stuck close cannot hang the quit.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, clipboard, dialog, session, shell } from 'electron';
import { isRosterError, INTERNAL_MESSAGE } from '../../kernel/common/errors.js';
import { LOG_FILE, fileLogger } from '../../kernel/node/log/file-logger.js';
import { lockData, pathFromLockData, workspacePathFromArgv } from '../node/launch-args.js';
import { checkSqlite } from '../node/native-module.js';
import { consoleLogger } from '../../kernel/node/ipc/ports.js';
import { createRosterCore, SHUTDOWN_WATCHDOG_MS, type RosterCore } from '../node/roster-core.js';
import { StartupError, startupFailureText } from '../node/startup-failure.js';
import { WindowManager } from '../node/window-manager.js';
import { WindowStateStore } from '../node/window-state.js';
import { dataDir, dataPaths } from '../../kernel/node/paths/data-paths.js';
import { missingResources, resourcePaths, type ResourcePaths } from '../../kernel/node/paths/resource-paths.js';
import type { Catalog } from '../../features/catalog/node/catalog.js';
import { createRosterContext } from '../node/roster-context.js';
import { WorkerTaskRunner } from '../../kernel/node/tasks/worker-runner.js';
import { appTaskRegistry } from '../node/task-registry.js';
import { handleAppScheme, registerAppScheme } from './app-protocol.js';
import { electronDialogs } from './dialogs.js';
import { hardenSession } from './hardening.js';
import { installMenu } from './menu.js';
import { ElectronWindowFactory } from './windows.js';

const userData = dataDir();
const logsDir = dataPaths(userData).logsDir;
// <data folder>/logs/main.log, echoed to the console for `npm start`.
const log = fileLogger(logsDir, { echo: consoleLogger });
// Lines still queued when the process ends (app.exit, a quit) are written on the way out.
process.on('exit', () => log.flushSync());
process.on('unhandledRejection', (reason) => log('error', 'unhandled promise rejection in the main process', reason));

registerAppScheme();
// app.setPath throws when the folder does not exist yet (Electron's docs/api/app.md), as on a first start.
mkdirSync(userData, { recursive: true });
app.setPath('userData', userData);

const requested = workspacePathFromArgv(process.argv, { packaged: app.isPackaged, cwd: process.cwd() });
const pendingPaths: string[] = requested ? [requested] : [];
let openPath: ((path: string) => void) | undefined;
let showLauncher: (() => void) | undefined;
const started: { core?: RosterCore } = {};

// macOS delivers double-clicked files with open-file, possibly before `ready`.
app.on('open-file', (event, path) => {
  event.preventDefault();
  if (openPath) openPath(path);
  else pendingPaths.push(path);
});

if (!app.requestSingleInstanceLock(lockData(requested))) {
  // The running Roster got our request through the lock's additional data.
  app.quit();
} else {
  app.on('second-instance', (_event, _argv, _cwd, additionalData) => {
    const path = pathFromLockData(additionalData);
    if (path) {
      if (openPath) openPath(path);
      else pendingPaths.push(path);
    } else {
      bringToFront();
    }
  });
  app.whenReady().then(start).catch(failedToStart);
}

/** A second launch without a path: the window the person last used comes back, even from the dock or taskbar. */
function bringToFront(): void {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  if (!window) {
    showLauncher?.();
    return;
  }
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

async function failedToStart(error: unknown): Promise<void> {
  log('error', 'Roster could not start', error);
  const { title, message } = startupFailureText(error, join(logsDir, LOG_FILE));
  dialog.showErrorBox(title, message);
  try {
    await started.core?.shutdown(1000);
  } catch (shutdownError) {
    log('warn', 'could not close workspaces after the failed start', shutdownError);
  }
  // Ending the process frees the lock too; releasing it first says so in the code.
  app.releaseSingleInstanceLock();
  log.flushSync();
  app.exit(1);
}

async function start(): Promise<void> {
  const paths = checkInstallation();
  // Heavy work (checks, upgrades, imports, exports, search upkeep) runs on worker
  // threads, so no window waits for another workspace's work.
  const context = createRosterContext({
    dataDir: userData,
    migrationsDir: paths.migrationsDir,
    tasks: new WorkerTaskRunner({ script: paths.taskWorkerFile, registry: appTaskRegistry() }),
    background: true,
    log,
  });
  hardenSession(session.defaultSession, log);
  handleAppScheme(paths.rendererDir);

  const factory = new ElectronWindowFactory({
    preload: paths.preloadFile,
    icon: process.platform === 'darwin' ? undefined : paths.windowIcon,
    windowState: new WindowStateStore(join(context.paths.root, 'window-state.json')),
    log,
  });
  const core = createRosterCore({
    context,
    dialogs: electronDialogs,
    log,
    shell: { showItemInFolder: (path) => shell.showItemInFolder(path) },
    clipboard: { writeText: (text) => clipboard.writeText(text) },
  });
  started.core = core;
  // The manager opens windows on the core's sessions; the core shows workspaces through the manager.
  const manager = new WindowManager(factory, core);
  core.connectWindows(manager);

  const show = installAppMenu(core, manager, factory, context.catalog);
  openPath = show;
  showLauncher = () => manager.showLauncher();
  const initial = pendingPaths.splice(0);
  if (initial.length === 0) manager.showLauncher();
  for (const path of initial) show(path);
  watchLifecycle(core, manager);
}

/** The addon loads and every resource Roster runs from is there; otherwise a StartupError says what is wrong. */
function checkInstallation(): ResourcePaths {
  const sqlite = checkSqlite(
    app.isPackaged ? { packaged: true, resourcesPath: process.resourcesPath } : { packaged: false, fromUrl: import.meta.url },
  );
  if (!sqlite.ok) throw new StartupError(sqlite.title, sqlite.message);
  log('info', `SQLite ${sqlite.sqliteVersion} from ${sqlite.path ?? 'an addon file the diagnostic report does not list'}`);
  const paths = resourcePaths({ packaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath });
  const missing = missingResources(paths);
  if (missing.length > 0) throw new StartupError('Roster is incomplete', `These files are missing:\n${missing.join('\n')}`);
  return paths;
}

function reportOpenError(error: unknown): void {
  log('error', 'could not open a workspace', error);
  const message = isRosterError(error) ? error.message : INTERNAL_MESSAGE;
  void dialog.showMessageBox({ type: 'error', message: 'Roster could not open the workspace.', detail: message });
}

/** Installs the application menu; returns how to show a workspace (from the menu, the OS or a second launch). */
function installAppMenu(
  core: RosterCore,
  manager: WindowManager,
  factory: ElectronWindowFactory,
  catalog: Catalog,
): (path: string) => void {
  const refreshMenu = installMenu({
    newWorkspace: () => {
      void (async () => {
        const path = await electronDialogs.chooseNewWorkspacePath('New Workspace');
        if (path) await core.createWorkspace(path).then(() => app.addRecentDocument(path), reportOpenError);
        refreshMenu();
      })();
    },
    openWorkspace: () => {
      void electronDialogs.chooseExistingWorkspace().then((path) => {
        if (path) show(path);
      });
    },
    openPath: (path) => show(path),
    focusedWorkspacePath: () => factory.specOf(BrowserWindow.getFocusedWindow())?.path ?? null,
    openInNewWindow: (path) => {
      manager.openNewWindow(path).catch(reportOpenError);
    },
    showLauncher: () => manager.showLauncher(),
    editCommand: (command) => factory.specOf(BrowserWindow.getFocusedWindow())?.session.emit('app:onMenuCommand', { command }),
    recent: () =>
      catalog
        .list()
        .filter((entry) => entry.lastOpenedAt !== null)
        .sort((a, b) => (b.lastOpenedAt ?? '').localeCompare(a.lastOpenedAt ?? ''))
        .slice(0, 10)
        .map((entry) => [entry.name, entry.path] as const),
  });
  app.on('browser-window-focus', () => refreshMenu());

  function show(path: string): void {
    manager.showWorkspace(path).then(
      () => {
        app.addRecentDocument(path);
        refreshMenu();
      },
      (error: unknown) => {
        reportOpenError(error);
        if (manager.windowCount === 0) manager.showLauncher();
      },
    );
  }
  return show;
}

/** The launcher comes back on activate; quitting closes every workspace under a watchdog. */
function watchLifecycle(core: RosterCore, manager: WindowManager): void {
  app.on('activate', () => {
    if (manager.windowCount === 0) manager.showLauncher();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    manager.beginQuit();
    void core.shutdown(SHUTDOWN_WATCHDOG_MS).then((report) => {
      if (report.timedOut) log('warn', 'quit without waiting for every workspace to close');
      log.flushSync();
      app.quit();
    });
  });
}
