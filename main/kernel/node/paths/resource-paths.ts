// Where the files Roster ships with are: migrations, the renderer, the preload, icons.
// One answer for development (`electron .` or the CLI in the repository) and for the
// packaged app, so no other module ever guesses at `__dirname` or `process.resourcesPath`.
//
// Plain Node on purpose: the Electron glue passes `app.isPackaged`, `app.getAppPath()`
// and `process.resourcesPath` in; the CLI and the tests pass a development layout.
//
// Packaged layout (what electron-builder.yml produces; scripts/pack-check.mjs checks it):
//
//   resources/
//     app.asar                    dist/main, dist/preload, dist/renderer, package.json,
//                                 the runtime node_modules (better-sqlite3's JavaScript)
//     app.asar.unpacked/          better-sqlite3's .node (native code cannot be loaded
//                                 from inside an archive)
//     migrations/                 prisma/migrations, as plain files (extraResources)
//     icons/roster.png            the window icon (extraResources)
//
// Why the migrations are extraResources and not inside app.asar. Both would work in the
// main process, whose fs is patched by Electron to read inside archives. We keep them
// as plain files because:
//   - the workspace core reads them with node:fs (readdirSync, statSync, readFileSync),
//     and the same code runs under plain Node in the tests and the CLI. As plain files
//     the packaged app takes exactly the code path the tests take, instead of relying
//     on the asar patch, which is absent in plain Node, in processes started with
//     ELECTRON_RUN_AS_NODE without asar support, or when `process.noAsar` is set;
//   - the packaged-layout test can then load them for real (test/node/paths);
//   - anyone supporting an installed copy can see which migrations it carries without
//     unpacking an archive.
// The cost is that asar integrity checking does not cover them. A changed migration is
// still caught: every applied migration's SHA-256 is recorded in the workspace's
// `_prisma_migrations` table and compared on open, and on macOS the app signature seals
// everything under Contents/Resources.
//
// The renderer and the preload stay inside app.asar: Electron loads them itself
// (BrowserWindow.loadFile, webPreferences.preload), and both understand asar paths.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** How the running app was started; the Electron glue fills it from `app` and `process`. */
export interface AppLocation {
  /** `app.isPackaged`. */
  readonly packaged: boolean;
  /** `app.getAppPath()`: the project folder in development, `<resources>/app.asar` when packaged. */
  readonly appPath: string;
  /** `process.resourcesPath`: the folder holding app.asar and the extraResources. Unused in development. */
  readonly resourcesPath: string;
}

export interface ResourcePaths {
  /** The folder of `<timestamp>_<name>/migration.sql` folders plus migration_lock.toml. */
  readonly migrationsDir: string;
  /** The renderer bundle folder (index.html, app.js, app.css). */
  readonly rendererDir: string;
  /** What BrowserWindow.loadFile opens. */
  readonly rendererHtml: string;
  /** The sandboxed preload script. */
  readonly preloadFile: string;
  /** The main-process bundle (package.json "main" points here). */
  readonly mainFile: string;
  /** The worker thread entry for heavy work (checks, upgrades, imports, exports). */
  readonly taskWorkerFile: string;
  /** The window icon (PNG 512x512), used on Linux and Windows; macOS takes the .icns from the bundle. */
  readonly windowIcon: string;
}

/** Paths inside the app (the project folder in development, app.asar when packaged). Posix separators. */
export const APP_LAYOUT = {
  main: 'dist/main/main.mjs',
  taskWorker: 'dist/main/task-worker.cjs',
  preload: 'dist/preload/preload.cjs',
  rendererDir: 'dist/renderer',
  rendererHtml: 'dist/renderer/index.html',
} as const;

/** Sources in the repository for what is shipped as extraResources. Posix separators. */
export const DEV_RESOURCE_LAYOUT = {
  migrations: 'prisma/migrations',
  windowIcon: 'build/icons/512x512.png',
} as const;

/**
 * Where electron-builder's extraResources put them, relative to `process.resourcesPath`.
 * electron-builder.yml must map DEV_RESOURCE_LAYOUT to these (a test holds it to that).
 */
export const PACKAGED_RESOURCE_LAYOUT = {
  migrations: 'migrations',
  windowIcon: 'icons/roster.png',
} as const;

function under(base: string, relative: string): string {
  return join(base, ...relative.split('/'));
}

export function resourcePaths(location: AppLocation): ResourcePaths {
  const { appPath } = location;
  const resources = location.packaged ? location.resourcesPath : appPath;
  const layout = location.packaged ? PACKAGED_RESOURCE_LAYOUT : DEV_RESOURCE_LAYOUT;
  return {
    migrationsDir: under(resources, layout.migrations),
    rendererDir: under(appPath, APP_LAYOUT.rendererDir),
    rendererHtml: under(appPath, APP_LAYOUT.rendererHtml),
    preloadFile: under(appPath, APP_LAYOUT.preload),
    mainFile: under(appPath, APP_LAYOUT.main),
    taskWorkerFile: under(appPath, APP_LAYOUT.taskWorker),
    windowIcon: under(resources, layout.windowIcon),
  };
}

/**
 * The files the app cannot start without that are missing, as `name: path` lines; empty
 * when all are there. In the Electron main process `existsSync` sees inside app.asar;
 * callers elsewhere pass their own check.
 */
export function missingResources(paths: ResourcePaths, exists: (path: string) => boolean = existsSync): string[] {
  const required: (keyof ResourcePaths)[] = ['migrationsDir', 'rendererHtml', 'preloadFile', 'mainFile', 'taskWorkerFile'];
  const missing = required.filter((key) => !exists(paths[key])).map((key) => `${key}: ${paths[key]}`);
  if (exists(paths.migrationsDir) && !exists(join(paths.migrationsDir, 'migration_lock.toml'))) {
    missing.push(`migration_lock.toml: ${join(paths.migrationsDir, 'migration_lock.toml')}`);
  }
  return missing;
}

/**
 * The development layout for code started from inside the repository (the CLI, scripts,
 * tests): walks up from `fromDir` to the folder whose package.json is Roster's.
 */
export function developmentLocation(fromDir: string): AppLocation {
  let dir = fromDir;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isRosterManifest(manifest)) {
      return { packaged: false, appPath: dir, resourcesPath: dir };
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`no Roster package.json in ${fromDir} or any folder above it`);
    }
    dir = parent;
  }
}

function isRosterManifest(path: string): boolean {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && (parsed as { name?: unknown }).name === 'roster';
  } catch {
    return false;
  }
}
