// Which build of better-sqlite3's native addon the Electron main process loads, and
// the check at start that it really loads.
//
// A native addon must be built for the runtime that loads it: Node 20 wants ABI 115,
// Electron 43 wants ABI 148 (node_modules/electron/abi_version). `npm install` builds
// better-sqlite3 for Node, and tests and the CLI keep using that build. The Electron
// main process loads a separate Electron build instead, through the one driver hook
// (main/node/sqlite/driver.ts `useNativeBinding`), so every connection it opens,
// Prisma's included, loads that build and nothing else:
//
//   development  node_modules/.cache/roster/electron-native/<electron>-<arch>/better_sqlite3.node
//                made by `node scripts/electron-native.mjs` (run by `npm start`), with a
//                build-info.json saying what it was built from;
//   packaged     <resources>/native/better_sqlite3.node, the same build shipped by
//                `npm run dist` as an extraResource (electron-builder.yml). The Node build
//                is not packaged at all, so a wrong-ABI addon can never load by accident.
//
// docs/packaging.md explains the choice. Nothing here imports Electron: main passes in
// what it knows (app.isPackaged, process.resourcesPath, process.versions.electron).

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { openSqlite, useNativeBinding } from '../sqlite/driver.js';

export const NATIVE_ADDON_FILE = 'better_sqlite3.node';
/** Where the packaged app keeps the addon, relative to `process.resourcesPath` (electron-builder.yml extraResources). */
export const PACKAGED_NATIVE_ADDON = 'native/better_sqlite3.node';
/** Electron builds, one folder per Electron version and architecture, inside node_modules. */
export const ELECTRON_NATIVE_CACHE = '.cache/roster/electron-native';
export const BUILD_INFO_FILE = 'build-info.json';

/** What scripts/electron-native.mjs records beside a build. */
export const BuildInfo = z.object({
  electron: z.string(),
  abi: z.string(),
  arch: z.string(),
  platform: z.string(),
  betterSqlite3: z.string(),
  builtAt: z.string(),
});
export type BuildInfo = z.infer<typeof BuildInfo>;

export type NativeLocation =
  | { readonly packaged: true; readonly resourcesPath: string }
  | {
      readonly packaged: false;
      /** The node_modules folder better-sqlite3 is installed in. */
      readonly nodeModulesDir: string;
      readonly betterSqlite3Version: string;
      readonly electronVersion: string;
      readonly arch: string;
    };

/** The folder of the Electron build for one Electron version and architecture. */
export function electronNativeDir(nodeModulesDir: string, electronVersion: string, arch: string): string {
  return join(nodeModulesDir, ...ELECTRON_NATIVE_CACHE.split('/'), `${electronVersion}-${arch}`);
}

/** The development location, found from where better-sqlite3 resolves for the module at `fromUrl`. */
export function developmentNativeLocation(fromUrl: string, electronVersion: string, arch: string = process.arch): NativeLocation {
  const manifest = createRequire(fromUrl).resolve('better-sqlite3/package.json');
  const version = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(manifest, 'utf8'))).version;
  return { packaged: false, nodeModulesDir: dirname(dirname(manifest)), betterSqlite3Version: version, electronVersion, arch };
}

/** The absolute path of the addon this process must load. */
export function nativeAddonPath(location: NativeLocation): string {
  return location.packaged
    ? join(location.resourcesPath, ...PACKAGED_NATIVE_ADDON.split('/'))
    : join(electronNativeDir(location.nodeModulesDir, location.electronVersion, location.arch), NATIVE_ADDON_FILE);
}

/**
 * The symbol a node-gyp build of a (non Node-API) addon exports, which names the ABI it
 * was compiled for (`NODE_MODULE_VERSION`): `node_register_module_v148` for Electron 43.
 * It is in the symbol table of ELF and Mach-O files and in the export table of a DLL,
 * so a byte search finds it on every platform.
 */
export function abiMarker(abi: string): string {
  return `node_register_module_v${abi}`;
}

/** Whether the addon at `file` was compiled for `abi`. */
export function addonBuiltForAbi(file: string, abi: string): boolean {
  return readFileSync(file).includes(abiMarker(abi), 0, 'latin1');
}

export type NativeCheck =
  | { readonly ok: true; readonly path: string; readonly sqliteVersion: string }
  | { readonly ok: false; readonly path: string; readonly title: string; readonly message: string };

const REBUILD_HINT = 'Run `npm start` (it builds one when it is missing) or `npm run electron:native`, then start Roster again.';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A dev build made from another better-sqlite3 or Electron than the installed ones, or null. */
function staleBuild(location: Extract<NativeLocation, { packaged: false }>, addon: string): string | null {
  const infoFile = join(dirname(addon), BUILD_INFO_FILE);
  let info: BuildInfo;
  try {
    info = BuildInfo.parse(JSON.parse(readFileSync(infoFile, 'utf8')));
  } catch {
    return `${infoFile} is missing or unreadable, so nothing says what the addon was built from.`;
  }
  if (info.betterSqlite3 !== location.betterSqlite3Version) {
    return `It was built from better-sqlite3 ${info.betterSqlite3}, but better-sqlite3 ${location.betterSqlite3Version} is installed.`;
  }
  if (info.electron !== location.electronVersion || info.arch !== location.arch) {
    return `It was built for Electron ${info.electron} (${info.arch}), but this is Electron ${location.electronVersion} (${location.arch}).`;
  }
  return null;
}

/**
 * Makes every connection of this process load the addon at `location`, and proves it
 * loads by opening an in-memory database through the driver (the same path every
 * workspace takes). Never throws: a failure comes back with words for a dialog.
 */
export function useElectronNativeModule(location: NativeLocation): NativeCheck {
  const path = nativeAddonPath(location);
  const fail = (message: string): NativeCheck => ({
    ok: false,
    path,
    title: location.packaged ? 'This copy of Roster is damaged' : 'Roster needs its database module built for Electron',
    message: location.packaged ? `${message}\n\nReinstall Roster to repair it.` : `${message}\n\n${REBUILD_HINT}`,
  });
  if (!existsSync(path)) {
    return fail(`Roster's database module (better-sqlite3 built for Electron) is missing.\n\nLooked for: ${path}`);
  }
  if (!location.packaged) {
    const stale = staleBuild(location, path);
    if (stale !== null) return fail(`Roster's database module at ${path} is out of date. ${stale}`);
  }
  useNativeBinding(path);
  try {
    const db = openSqlite(':memory:');
    try {
      const version = db.prepare('SELECT sqlite_version()').pluck().get();
      return { ok: true, path, sqliteVersion: String(version) };
    } finally {
      db.close();
    }
  } catch (error) {
    useNativeBinding(undefined);
    return fail(`Roster's database module could not be loaded: ${describe(error)}\n\nFile: ${path}`);
  }
}
