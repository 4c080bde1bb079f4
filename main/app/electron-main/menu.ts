// The application menu, following each platform's conventions: the app menu and the
// system's recent-documents list on macOS; File holds Quit and Help holds About on
// Windows and Linux.

import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  newWorkspace(): void;
  openWorkspace(): void;
  openPath(path: string): void;
  /** The focused window's workspace path, or null (launcher, no window). */
  focusedWorkspacePath(): string | null;
  openInNewWindow(path: string): void;
  showLauncher(): void;
  /** Edit ▸ Undo / Redo: the focused window decides (a text field's own undo, or Roster's history). */
  editCommand(command: 'undo' | 'redo'): void;
  /** Recently opened workspaces for Windows and Linux: [name, path], newest first. */
  recent(): readonly (readonly [string, string])[];
}

function buildMenu(actions: MenuActions): Menu {
  const mac = process.platform === 'darwin';
  const focusedPath = actions.focusedWorkspacePath();
  const recentItems: MenuItemConstructorOptions[] = mac
    ? [{ role: 'recentDocuments', submenu: [{ role: 'clearRecentDocuments' }] }]
    : [
        {
          label: 'Open &Recent',
          submenu:
            actions.recent().length === 0
              ? [{ label: 'No Recent Workspaces', enabled: false }]
              : actions.recent().map(([name, path]) => ({ label: name, click: () => actions.openPath(path) })),
        },
      ];
  const file: MenuItemConstructorOptions = {
    label: mac ? 'File' : '&File',
    submenu: [
      { label: 'New Workspace…', accelerator: 'CmdOrCtrl+N', click: () => actions.newWorkspace() },
      { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => actions.openWorkspace() },
      ...recentItems,
      { type: 'separator' },
      {
        label: 'Open in New Window',
        accelerator: 'CmdOrCtrl+Shift+N',
        enabled: focusedPath !== null,
        click: () => {
          const path = actions.focusedWorkspacePath();
          if (path) actions.openInNewWindow(path);
        },
      },
      { label: 'Show Workspaces', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.showLauncher() },
      {
        label: mac ? 'Reveal in Finder' : 'Show in Folder',
        enabled: focusedPath !== null,
        click: () => {
          const path = actions.focusedWorkspacePath();
          if (path) shell.showItemInFolder(path);
        },
      },
      { type: 'separator' },
      { role: 'close', label: 'Close Window' },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: mac ? 'View' : '&View',
    submenu: [
      ...(app.isPackaged ? [] : [{ role: 'reload' } as const, { role: 'toggleDevTools' } as const, { type: 'separator' } as const]),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  // Not the editMenu role: its Undo is the page's text undo only. These go to the
  // window, which undoes in a focused text field or else steps the workspace's history.
  // The keys are shown but not registered: the page's own Ctrl+Z handler sees every
  // keystroke once (otherwise Electron runs the item too: Electron's docs/api/menu-item.md).
  const edit: MenuItemConstructorOptions = {
    label: mac ? 'Edit' : '&Edit',
    submenu: [
      { label: 'Undo', accelerator: 'CmdOrCtrl+Z', registerAccelerator: false, click: () => actions.editCommand('undo') },
      {
        label: 'Redo',
        accelerator: mac ? 'Shift+Cmd+Z' : 'Ctrl+Shift+Z',
        registerAccelerator: false,
        click: () => actions.editCommand('redo'),
      },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: mac ? [{ label: 'Roster Help', enabled: false }] : [{ role: 'about', label: 'About Roster' }],
  };
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    file,
    edit,
    view,
    { role: 'windowMenu' },
    help,
  ];
  return Menu.buildFromTemplate(template);
}

export function installMenu(actions: MenuActions): () => void {
  const refresh = (): void => Menu.setApplicationMenu(buildMenu(actions));
  refresh();
  return refresh;
}
