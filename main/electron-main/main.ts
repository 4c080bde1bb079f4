// Roster's Electron main process. Thin on purpose: everything that is not a call into
// Electron lives in main/node/app and is tested under plain Node (test/node/ipc).
//
// Order of events:
//   1. before `ready`: the roster:// scheme is registered as privileged, the data
//      folder is set, the single-instance lock is taken (a second launch passes its
//      workspace path in the lock's additional data and exits), and macOS `open-file`
//      is listened to, so a double-clicked file is never missed;
//   2. on `ready`: sessions are hardened, roster:// is served, the core and the window
//      manager start, and the requested workspaces (or the launcher) open;
//   3. on quit: windows stop reopening the launcher, every workspace is closed, and a
//      watchdog makes sure a stuck close cannot hang the quit.

import { join } from 'node:path';
import { app, BrowserWindow, dialog, session, shell } from 'electron';
import { isRosterError } from '../common/errors.js';
import { lockData, pathFromLockData, workspacePathFromArgv } from '../node/app/launch-args.js';
import { fileLogger } from '../node/app/file-logger.js';
import { consoleLogger } from '../node/app/ports.js';
import { createRosterCore, SHUTDOWN_WATCHDOG_MS, type RosterCore } from '../node/app/roster-core.js';
import { WindowManager } from '../node/app/window-manager.js';
import { WindowStateStore } from '../node/app/window-state.js';
import { dataDir, dataPaths } from '../node/paths/data-paths.js';
import { missingResources, resourcePaths } from '../node/paths/resource-paths.js';
import { createRosterContext } from '../node/roster-context.js';
import { handleAppScheme, registerAppScheme } from './app-protocol.js';
import { electronDialogs } from './dialogs.js';
import { hardenSession } from './hardening.js';
import { installMenu } from './menu.js';
import { ElectronWindowFactory } from './windows.js';

// <data folder>/logs/main.log, echoed to the console for `npm start`.
const log = fileLogger(dataPaths(dataDir()).logsDir, { echo: consoleLogger });

registerAppScheme();
app.setPath('userData', dataDir());

const requested = workspacePathFromArgv(process.argv, { packaged: app.isPackaged, cwd: process.cwd() });
const pendingPaths: string[] = requested ? [requested] : [];
let openPath: ((path: string) => void) | undefined;

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
    if (path && openPath) openPath(path);
    else BrowserWindow.getAllWindows()[0]?.focus();
  });
  app.whenReady().then(start, (error: unknown) => {
    log('error', 'Roster could not start', error);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  const paths = resourcePaths({ packaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath });
  const missing = missingResources(paths);
  if (missing.length > 0) {
    dialog.showErrorBox('Roster is incomplete', `These files are missing:\n${missing.join('\n')}`);
    app.exit(1);
    return;
  }
  const context = createRosterContext({ dataDir: dataDir(), migrationsDir: paths.migrationsDir });
  hardenSession(session.defaultSession, log);
  handleAppScheme(paths.rendererDir);

  const factory = new ElectronWindowFactory({
    preload: paths.preloadFile,
    icon: process.platform === 'darwin' ? undefined : paths.windowIcon,
    windowState: new WindowStateStore(join(context.paths.root, 'window-state.json')),
    log,
  });
  const holder: { core?: RosterCore } = {};
  const manager = new WindowManager(factory, () => holder.core as RosterCore);
  const core = createRosterCore({ context, dialogs: electronDialogs, windows: manager, log, shell: { showItemInFolder: (path) => shell.showItemInFolder(path) } });
  holder.core = core;

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
    recent: () =>
      context.catalog
        .list()
        .filter((entry) => entry.lastOpenedAt !== null)
        .sort((a, b) => (b.lastOpenedAt ?? '').localeCompare(a.lastOpenedAt ?? ''))
        .slice(0, 10)
        .map((entry) => [entry.name, entry.path] as const),
  });
  app.on('browser-window-focus', () => refreshMenu());

  function reportOpenError(error: unknown): void {
    log('error', 'could not open a workspace', error);
    const message = isRosterError(error) ? error.message : 'Something went wrong inside Roster. The details are in the log.';
    void dialog.showMessageBox({ type: 'error', message: 'Roster could not open the workspace.', detail: message });
  }

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

  openPath = show;
  const initial = pendingPaths.splice(0);
  if (initial.length === 0) manager.showLauncher();
  for (const path of initial) show(path);

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
      app.quit();
    });
  });
}
