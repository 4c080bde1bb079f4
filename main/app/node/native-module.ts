// The start-up check of better-sqlite3's native addon, and where that addon lives.
//
// better-sqlite3 13 is built on Node-API: one prebuilt file per platform and
// architecture ships inside the npm package, and the package's own loader
// (lib/binding.js) picks the one for the running platform. The same file loads in plain
// Node and in any Electron, so the Electron main process loads exactly what the tests
// and the CLI load:
//
//   development  node_modules/better-sqlite3/prebuilds/<platform>-<arch>.node
//   packaged     resources/app.asar.unpacked/node_modules/better-sqlite3/prebuilds/<platform>-<arch>.node
//                (electron-builder.yml asarUnpack: an operating system loads a library
//                only from a real file, and Electron sends a load of the archive's entry
//                there)
//
// Before any window or workspace, the main process opens an in-memory database through
// the one driver module, reads SQLite's version, and logs which addon file the process
// loaded, so a bug report's main.log says what ran. If the addon does not load, the
// person gets one dialog saying what to do, and Roster exits: never a launcher whose
// every call fails. docs/dev/packaging.md ("The native module") explains the layout.
//
// Nothing here imports Electron: main passes in what it knows (app.isPackaged,
// process.resourcesPath, the URL of its own bundle).

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { openSqlite } from '../../kernel/node/sqlite/driver.js';

/** Where the prebuilds are, relative to the folder node_modules is in. */
export const PREBUILDS_DIR = 'node_modules/better-sqlite3/prebuilds';
/** The folder beside app.asar that holds what electron-builder unpacks (`asarUnpack`). */
export const ASAR_UNPACKED_DIR = 'app.asar.unpacked';
/**
 * What a Node-API addon exports for Node (and Electron) to register it; it names no ABI,
 * so one file serves every runtime. It is in the dynamic symbol table of an ELF file,
 * the symbol table of a Mach-O file and the export table of a DLL: a byte search finds
 * it on every platform.
 */
export const NODE_API_MARKER = 'napi_register_module_v1';
/**
 * The prefix of what a per-ABI (non Node-API) addon exports instead:
 * `node_register_module_v<ABI>`. Such a file loads in one runtime version only, so a
 * package that carries one would start on one Electron and fail on the next.
 */
export const PER_ABI_MARKER = 'node_register_module_v';

/** The prebuild's file name, as lib/binding.js builds it (`linuxmusl` on musl-based Linux). */
export function prebuildName(platform: string, arch: string, musl = false): string {
  return `${platform === 'linux' && musl ? 'linuxmusl' : platform}-${arch}.node`;
}

/** The prebuild the packaged app loads, for the platform and architecture it was packaged for. */
export function packagedAddonPath(resourcesPath: string, platform: string = process.platform, arch: string = process.arch): string {
  return join(resourcesPath, ASAR_UNPACKED_DIR, ...PREBUILDS_DIR.split('/'), prebuildName(platform, arch));
}

/** The prebuild this process would load in development, found from where better-sqlite3 resolves for the module at `fromUrl`. */
export function developmentAddonPath(fromUrl: string): string {
  const manifest = createRequire(fromUrl).resolve('better-sqlite3/package.json');
  return join(dirname(manifest), 'prebuilds', prebuildName(process.platform, process.arch, isMusl()));
}

export type AddonKind = 'node-api' | 'per-abi' | 'unknown';

/** What kind of addon the bytes of a `.node` file are: per-ABI wins, as such a file is tied to one runtime whatever else it exports. */
export function addonKind(bytes: Uint8Array): AddonKind {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.includes(PER_ABI_MARKER, 0, 'latin1')) return 'per-abi';
  return buffer.includes(NODE_API_MARKER, 0, 'latin1') ? 'node-api' : 'unknown';
}

const Report = z
  .object({
    header: z.object({ glibcVersionRuntime: z.string().optional() }).loose(),
    sharedObjects: z.array(z.string()),
  })
  .loose();

/**
 * The diagnostic report's header and the shared objects the process has loaded, which
 * Node lists on Linux (dl_iterate_phdr), macOS (dyld) and Windows (the module list)
 * alike. Measured: about 6 ms for a process's first report, 1 to 1.5 ms after, once at
 * start; the network and environment parts, which nothing here needs, are left out.
 */
function report(): z.infer<typeof Report> {
  const settings = process.report as typeof process.report & { excludeNetwork?: boolean };
  const before = { excludeEnv: settings.excludeEnv, excludeNetwork: settings.excludeNetwork };
  settings.excludeEnv = true;
  settings.excludeNetwork = true;
  try {
    return Report.parse(settings.getReport());
  } finally {
    settings.excludeEnv = before.excludeEnv;
    settings.excludeNetwork = before.excludeNetwork;
  }
}

function isMusl(): boolean {
  return process.platform === 'linux' && report().header.glibcVersionRuntime === undefined;
}

/** The better-sqlite3 addon files this process has loaded (one, once a database was opened). */
export function loadedAddons(): string[] {
  return report().sharedObjects.filter((path) => path.endsWith('.node') && path.split(/[\\/]/).includes('better-sqlite3'));
}

export type AddonLocation =
  | { readonly packaged: true; readonly resourcesPath: string }
  | {
      readonly packaged: false;
      /** The URL of the module that imports better-sqlite3 (main's bundle): it resolves from there. */
      readonly fromUrl: string;
    };

export type SqliteCheck =
  | {
      readonly ok: true;
      readonly sqliteVersion: string;
      /** The addon file the process loaded, or null when the report does not list it. */
      readonly path: string | null;
    }
  | { readonly ok: false; readonly path: string | null; readonly title: string; readonly message: string };

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function expectedPath(location: AddonLocation): string | null {
  try {
    return location.packaged ? packagedAddonPath(location.resourcesPath) : developmentAddonPath(location.fromUrl);
  } catch {
    return null;
  }
}

/** The dialog's words when the addon did not load: reinstall when packaged, `npm install` in development. */
export function addonFailure(location: AddonLocation, error: unknown): Extract<SqliteCheck, { ok: false }> {
  const path = expectedPath(location);
  const missing = path === null || !existsSync(path);
  const what = missing
    ? `Roster's database module (better-sqlite3's addon for ${process.platform}-${process.arch}) is missing.`
    : `Roster's database module could not be loaded: ${describe(error)}`;
  const where =
    path === null ? `better-sqlite3 itself could not be found: ${describe(error)}` : `${missing ? 'Looked for' : 'File'}: ${path}`;
  if (location.packaged) {
    return { ok: false, path, title: 'This copy of Roster is damaged', message: `${what}\n\n${where}\n\nReinstall Roster to repair it.` };
  }
  return {
    ok: false,
    path,
    title: missing ? "Roster's database module is missing" : "Roster's database module does not load",
    message:
      `${what}\n\n${where}\n\nRun \`npm install\` again (it puts ` +
      `better-sqlite3 and its prebuilt addon back), then start Roster again.`,
  };
}

/**
 * Proves better-sqlite3's addon loads by opening an in-memory database through the
 * driver (the path every connection takes), and says which file it loaded. Never
 * throws: a failure comes back with words for a dialog.
 */
export function checkSqlite(location: AddonLocation): SqliteCheck {
  let sqliteVersion: string;
  try {
    const db = openSqlite(':memory:');
    try {
      sqliteVersion = String(db.prepare('SELECT sqlite_version()').pluck().get());
    } finally {
      db.close();
    }
  } catch (error) {
    return addonFailure(location, error);
  }
  let path: string | null;
  try {
    path = loadedAddons()[0] ?? null;
  } catch {
    // An embedder may build Node without diagnostic reports; which file loaded is then unknown, and SQLite still works.
    path = null;
  }
  return { ok: true, sqliteVersion, path };
}
