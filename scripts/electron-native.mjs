// npm run electron:native [-- --arch <arch>] [--force] [--cache-dir <dir>]
//
// Builds better-sqlite3's native addon for the installed Electron into
//   node_modules/.cache/roster/electron-native/<electron version>-<arch>/better_sqlite3.node
// (+ build-info.json), leaving node_modules/better-sqlite3 itself, which is built for
// Node and used by the tests and the CLI, untouched. `npm start` and `npm run dist` run
// it first; when the build is there and current it returns at once.
//
// How: a copy of better-sqlite3's sources in a staging folder is compiled by
// @electron/rebuild (node-gyp against Electron's headers), the result is checked for
// Electron's ABI and moved into place. Electron's headers come from the network
// (https://www.electronjs.org/headers, or ELECTRON_REBUILD_DIST_URL) unless node-gyp
// already keeps them in ~/.electron-gyp. When they are missing and cannot be fetched,
// the script stops before doing anything else and says exactly that.
//
// On Linux, Electron 43's V8 headers need GCC 13 or newer (better-sqlite3 #1495,
// electron/electron#53284). With an older GCC and no CXX of your own, the build uses
// the clang Electron itself is built with (@electron/rebuild's useElectronClang, also
// downloaded). ROSTER_ELECTRON_CLANG=1 or 0 forces that choice.
//
// Exit status: 0 built or already current, 1 failed (with the reason on stderr).
// docs/packaging.md describes the strategy.
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const { fetch, AbortController } = globalThis;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const started = Date.now();
const DEFAULT_HEADERS_URL = 'https://www.electronjs.org/headers';
const PROBE_TIMEOUT_MS = 15_000;

class Failure extends Error {}

function option(name) {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function fail(lines) {
  throw new Failure(lines.join('\n'));
}

const shown = (path) => {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
};

const { electronNativeDir, NATIVE_ADDON_FILE, BUILD_INFO_FILE, BuildInfo, addonBuiltForAbi } = await tsImport(
  join(root, 'main', 'node', 'app', 'native-module.ts'),
  import.meta.url,
);

function target() {
  const electronManifest = require.resolve('electron/package.json');
  const electron = JSON.parse(readFileSync(electronManifest, 'utf8')).version;
  const abiFile = join(dirname(electronManifest), 'abi_version');
  const abi = existsSync(abiFile) ? readFileSync(abiFile, 'utf8').trim() : null;
  if (!abi) fail([`electron-native: ${abiFile} is missing, so Electron ${electron}'s ABI is unknown.`]);
  const sqliteManifest = require.resolve('better-sqlite3/package.json');
  const betterSqlite3 = JSON.parse(readFileSync(sqliteManifest, 'utf8')).version;
  const nodeModulesDir = dirname(dirname(sqliteManifest));
  const arch = option('--arch') ?? process.arch;
  const cacheDir = option('--cache-dir');
  const dir = cacheDir ? join(cacheDir, `${electron}-${arch}`) : electronNativeDir(nodeModulesDir, electron, arch);
  return { electron, abi, arch, betterSqlite3, sourceDir: dirname(sqliteManifest), dir, addon: join(dir, NATIVE_ADDON_FILE) };
}

/** Null when the build in the cache is the one wanted, else why not. */
function staleness(t) {
  if (!existsSync(t.addon)) return 'there is none yet';
  let info;
  try {
    info = BuildInfo.parse(JSON.parse(readFileSync(join(t.dir, BUILD_INFO_FILE), 'utf8')));
  } catch {
    return `${BUILD_INFO_FILE} is missing or unreadable`;
  }
  if (info.betterSqlite3 !== t.betterSqlite3) return `it was built from better-sqlite3 ${info.betterSqlite3}`;
  if (info.electron !== t.electron || info.abi !== t.abi || info.arch !== t.arch) return `it was built for Electron ${info.electron} (${info.arch})`;
  if (!addonBuiltForAbi(t.addon, t.abi)) return `it is not built for ABI ${t.abi}`;
  return null;
}

/** fetch's "fetch failed", with the reason it hides in `cause` (ENOTFOUND host, ECONNREFUSED address). */
function networkError(error) {
  const cause = error?.cause;
  if (!cause) return String(error?.message ?? error);
  if (!cause.code) return String(cause.message ?? cause);
  const where = cause.hostname ?? (cause.address ? `${cause.address}:${cause.port}` : '');
  return `${cause.code}${where ? ` ${where}` : ''}`;
}

/** Where node-gyp keeps Electron's headers (@electron/rebuild's ELECTRON_GYP_DIR). */
const headersDir = (electron) => join(homedir(), '.electron-gyp', electron);

async function checkHeaders(t, headersUrl) {
  const local = headersDir(t.electron);
  if (existsSync(join(local, 'include', 'node', 'node_version.h'))) return;
  const url = `${headersUrl.replace(/\/+$/, '')}/v${t.electron}/node-v${t.electron}-headers.tar.gz`;
  let problem = null;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
  try {
    // Only the status is wanted; node-gyp does the download itself.
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok) problem = `the server answered ${response.status} ${response.statusText}`.trim();
    await response.body?.cancel();
  } catch (error) {
    problem = controller.signal.aborted ? `no answer within ${PROBE_TIMEOUT_MS / 1000} s` : networkError(error);
  } finally {
    clearTimeout(timer);
  }
  if (problem === null) return;
  fail([
    `electron-native: cannot build better-sqlite3 for Electron: Electron ${t.electron}'s headers are missing and could not be downloaded.`,
    '',
    `  missing      Electron ${t.electron} headers (node-v${t.electron}-headers.tar.gz), needed to compile the addon for ABI ${t.abi}`,
    `  looked in    ${local}`,
    `  tried        ${url}`,
    `  failed with  ${problem}`,
    `  would build  ${shown(t.addon)}`,
    '',
    'Connect this machine to the internet and run `npm start` (or `npm run electron:native`) again.',
    'Behind a mirror, set ELECTRON_REBUILD_DIST_URL to its Electron headers URL. Headers already unpacked',
    `into ${local} are used without any download.`,
    'Tests and the roster CLI do not need this build: they use the Node build of better-sqlite3 that npm install made.',
  ]);
}

/** Options node-gyp would take from npm_config_* and that would silently build for Node instead. */
const NODE_GYP_TARGET_OPTIONS = ['nodedir', 'target', 'target_arch', 'arch', 'runtime', 'disturl', 'dist_url', 'devdir', 'tarball'];

function clearNpmTargetOverrides() {
  const removed = [];
  for (const key of Object.keys(process.env)) {
    const match = /^npm_config_(.+)$/i.exec(key);
    if (match && NODE_GYP_TARGET_OPTIONS.includes(match[1].toLowerCase().replaceAll('-', '_'))) {
      removed.push(`${key}=${process.env[key]}`);
      delete process.env[key];
    }
  }
  if (removed.length > 0) console.log(`electron-native: ignoring npm settings that would retarget node-gyp: ${removed.join(', ')}`);
}

/** GCC's major version when `c++` is GCC, else null (clang, MSVC, not found). */
function gccMajor() {
  const probe = spawnSync(process.env.CXX || 'c++', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0 || !/\b(g\+\+|gcc|GCC)\b/.test(probe.stdout) || /clang/i.test(probe.stdout)) return null;
  const version = spawnSync(process.env.CXX || 'c++', ['-dumpversion'], { encoding: 'utf8' }).stdout.trim();
  const major = Number.parseInt(version, 10);
  return Number.isInteger(major) ? major : null;
}

function useElectronClang() {
  const forced = process.env.ROSTER_ELECTRON_CLANG;
  if (forced === '1' || forced === '0') return forced === '1';
  if (process.platform !== 'linux' || process.env.CXX) return false;
  const major = gccMajor();
  if (major !== null && major < 13) {
    console.log(`electron-native: GCC ${major} is older than the GCC 13 Electron's V8 headers need; building with Electron's own clang (downloaded once into ~/.electron-gyp).`);
    return true;
  }
  return false;
}

async function build(t, headersUrl) {
  const parent = dirname(t.dir);
  const stage = join(parent, `.staging-${process.pid}`);
  const stagedModule = join(stage, 'node_modules', 'better-sqlite3');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stagedModule, { recursive: true });
  try {
    // The sources only: Node's build in node_modules/better-sqlite3/build stays where it is.
    cpSync(t.sourceDir, stagedModule, { recursive: true, filter: (path) => relative(t.sourceDir, path).split(/[\\/]/)[0] !== 'build' });
    writeFileSync(join(stage, 'package.json'), `${JSON.stringify({ name: 'roster-electron-native', private: true, dependencies: { 'better-sqlite3': t.betterSqlite3 } }, null, 2)}\n`);
    clearNpmTargetOverrides();
    const clang = useElectronClang();
    const { rebuild } = await import('@electron/rebuild');
    try {
      await rebuild({
        buildPath: stage,
        electronVersion: t.electron,
        arch: t.arch,
        onlyModules: ['better-sqlite3'],
        force: true,
        buildFromSource: true,
        headerURL: headersUrl,
        useElectronClang: clang,
        mode: 'sequential',
      });
    } catch (error) {
      fail([
        `electron-native: compiling better-sqlite3 ${t.betterSqlite3} for Electron ${t.electron} (${process.platform}-${t.arch}) failed: ${error?.message ?? error}`,
        '',
        'The compiler output is above. Things to check:',
        '  - a C++ toolchain and Python 3 (the same ones `npm install` needed for better-sqlite3);',
        "  - on Linux, Electron 43's V8 headers need GCC 13+ or clang: set CXX (e.g. CXX=clang++-16) or ROSTER_ELECTRON_CLANG=1;",
        '  - docs/packaging.md, "The native module".',
      ]);
    }
    const built = join(stagedModule, 'build', 'Release', NATIVE_ADDON_FILE);
    if (!existsSync(built)) fail([`electron-native: the build finished but wrote no ${shown(built)}.`]);
    if (!addonBuiltForAbi(built, t.abi)) {
      fail([`electron-native: ${shown(built)} was not compiled for Electron's ABI ${t.abi} (a node-gyp setting such as nodedir must have redirected it); nothing was installed.`]);
    }
    mkdirSync(t.dir, { recursive: true });
    const partial = `${t.addon}.${process.pid}.partial`;
    cpSync(built, partial);
    renameSync(partial, t.addon);
    const info = { electron: t.electron, abi: t.abi, arch: t.arch, platform: process.platform, betterSqlite3: t.betterSqlite3, builtAt: new Date().toISOString() };
    writeFileSync(join(t.dir, BUILD_INFO_FILE), `${JSON.stringify(BuildInfo.parse(info), null, 2)}\n`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

try {
  const t = target();
  const why = process.argv.includes('--force') ? 'a rebuild was asked for' : staleness(t);
  if (why === null) {
    console.log(`electron-native: better-sqlite3 ${t.betterSqlite3} for Electron ${t.electron} (${t.arch}) is up to date: ${shown(t.addon)}`);
  } else {
    console.log(`electron-native: building better-sqlite3 ${t.betterSqlite3} for Electron ${t.electron} (${process.platform}-${t.arch}, ABI ${t.abi}) because ${why}; this takes a minute or two once.`);
    const headersUrl = process.env.ELECTRON_REBUILD_DIST_URL || DEFAULT_HEADERS_URL;
    await checkHeaders(t, headersUrl);
    await build(t, headersUrl);
    console.log(`electron-native: built ${shown(t.addon)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
} catch (error) {
  if (!(error instanceof Failure)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
