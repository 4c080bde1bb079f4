// Where Roster keeps its own data: the catalog of workspaces, backups taken before
// migrations, the trash, logs, and the default folder for new workspaces.
//
// The data folder is the one Electron calls `app.getPath('userData')` for an app whose
// product name is "Roster", so the Electron glue and the CLI agree without asking each
// other:
//   Linux    $XDG_CONFIG_HOME/Roster, or ~/.config/Roster
//   macOS    ~/Library/Application Support/Roster
//   Windows  %APPDATA%\Roster (normally C:\Users\<name>\AppData\Roaming\Roster)
// ROSTER_DATA_DIR overrides it for every process (tests, portable setups, a second
// profile). The Electron glue should call `app.setPath('userData', dataDir())` before
// `ready`, so Chromium's own files follow the override too.
//
// Workspace files themselves live wherever the person saves them; workspacesDir is only
// a suggested starting folder for new ones. See docs/user/data.md.

import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export const PRODUCT_NAME = 'Roster';
export const DATA_DIR_ENV = 'ROSTER_DATA_DIR';

export interface DataDirContext {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homedir: string;
  /** Resolves a relative ROSTER_DATA_DIR. */
  readonly cwd: string;
}

function currentContext(): DataDirContext {
  return { platform: process.platform, env: process.env, homedir: homedir(), cwd: process.cwd() };
}

function pathFor(platform: NodeJS.Platform): typeof posix {
  return platform === 'win32' ? win32 : posix;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/** The per-user folder Electron calls `appData`. */
export function appDataDir(context: DataDirContext = currentContext()): string {
  const path = pathFor(context.platform);
  switch (context.platform) {
    case 'win32':
      return nonEmpty(context.env['APPDATA']) ?? path.join(context.homedir, 'AppData', 'Roaming');
    case 'darwin':
      return path.join(context.homedir, 'Library', 'Application Support');
    default: {
      // XDG says a relative XDG_CONFIG_HOME is invalid and must be ignored.
      const xdg = nonEmpty(context.env['XDG_CONFIG_HOME']);
      return xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(context.homedir, '.config');
    }
  }
}

/** Roster's data folder: ROSTER_DATA_DIR if set, else `<appData>/Roster`. Always absolute. */
export function dataDir(context: DataDirContext = currentContext()): string {
  const path = pathFor(context.platform);
  const override = nonEmpty(context.env[DATA_DIR_ENV]);
  if (override !== undefined) return path.resolve(context.cwd, override);
  return path.join(appDataDir(context), PRODUCT_NAME);
}

export interface DataPaths {
  readonly root: string;
  /** The list of known workspaces and the trash records (SQLite, see main/features/catalog/node/catalog-db.ts). */
  readonly catalogFile: string;
  /** Where Roster before the SQLite catalog kept the list; migrated once, then renamed `.migrated`. */
  readonly legacyCatalogFile: string;
  /** Remembered window positions (JSON). */
  readonly windowStateFile: string;
  /** Copies taken before a workspace with data is migrated; the newest 3 per workspace are kept. */
  readonly backupsDir: string;
  /** Workspaces deleted from the launcher, until restored or emptied. */
  readonly trashDir: string;
  readonly logsDir: string;
  /** A suggested folder for new workspaces (for a save dialog to start in); nothing requires it. */
  readonly workspacesDir: string;
}

/** The layout inside a data folder. Pure: creates nothing. */
export function dataPaths(root: string, platform: NodeJS.Platform = process.platform): DataPaths {
  const path = pathFor(platform);
  return {
    root,
    catalogFile: path.join(root, 'catalog.db'),
    legacyCatalogFile: path.join(root, 'catalog.json'),
    windowStateFile: path.join(root, 'window-state.json'),
    backupsDir: path.join(root, 'backups'),
    trashDir: path.join(root, 'trash'),
    logsDir: path.join(root, 'logs'),
    workspacesDir: path.join(root, 'workspaces'),
  };
}
