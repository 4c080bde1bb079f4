// npm run pack:check — builds the unpacked Linux app offline and checks that it holds
// what Roster needs to run, and nothing it should not ship.
//
//   1. production bundles (node scripts/prisma-generate.mjs, scripts/build.mjs --production)
//   2. a stand-in Electron folder in a temp dir: an `electron` file that cannot run and a
//      `version` file. electron-builder copies a folder given as `electronDist` as-is
//      (app-builder-lib ElectronFramework `unpack`: a directory without the release zip
//      is "a custom unpacked Electron distribution"), renames `electron` to the
//      executableName and writes resources/ next to it.
//   3. electron-builder --linux dir for the host's architecture (x64 or arm64, the ones
//      better-sqlite3 has prebuilds for), with electronDist pointing there and its
//      download cache pointed at an empty temp folder, which must still be empty
//      afterwards. Nothing native is built or stood in for: the package carries
//      better-sqlite3's own Node-API prebuild, the very file a release ships, and the
//      afterPack hook (scripts/after-pack.mjs) checks it as it does for a release.
//   4. release/pack-check/linux[-arm64]-unpacked/resources is inspected: app.asar read
//      with @electron/asar, app.asar.unpacked and the extraResources on disk, and the
//      app's own path module (main/kernel/node/paths/resource-paths.ts) asked where things are.
//      The prebuild and requires checks are scripts/package-checks.mjs, shared with
//      the afterPack hook.
//
// Exit status 0 when every check passes, 1 otherwise, with the reasons printed.
// docs/dev/packaging.md describes the checks and the size budget.
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import * as asar from '@electron/asar';
import { tsImport } from 'tsx/esm/api';
import { addonChecks, asarEntries, filesUnder, MiB, mib, PREBUILT_ARCHES, requireChecks } from './package-checks.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const startedAt = Date.now();

/**
 * Size budget. Measured (Dec 2026): app.asar 5.8 MiB, almost all of it
 * dist/main/main.mjs, whose biggest part is Prisma's SQLite query compiler (WebAssembly,
 * base64, about 4.2 MiB); app.asar.unpacked 2.2 MiB, the one better-sqlite3 prebuild
 * (linux-x64.node; the other platforms' are 1.9 to 2.4 MiB); extra resources under
 * 0.1 MiB. The margins leave room for the app's own code and the renderer, and fail
 * loudly if a whole node_modules tree (@prisma/client alone is 70 MiB), a second query
 * compiler or a second prebuild ever gets in.
 */
export const BUDGET = {
  asar: 9 * MiB,
  unpacked: 3 * MiB,
  extraResources: 1 * MiB,
};
/** Source maps are not shipped: the production build does not write them. Flip if that changes. */
const SOURCE_MAPS_INTENDED = false;
/** What may sit at the top of app.asar, and under dist/ (dist/cli is the npm CLI, not the app). */
const ASAR_TOP_LEVEL = new Set(['dist', 'node_modules', 'package.json']);
const ASAR_DIST = new Set(['main', 'preload', 'renderer']);
/** The architecture packaged: the host's, so test/shell can load the package's prebuild. */
const ARCH = PREBUILT_ARCHES.includes(process.arch) ? process.arch : 'x64';

const outDir = join(root, 'release', 'pack-check');
// electron-builder names the folder after the architecture, except x64's.
const unpackedAppDir = join(outDir, ARCH === 'x64' ? 'linux-unpacked' : `linux-${ARCH}-unpacked`);
const resourcesDir = join(unpackedAppDir, 'resources');
const asarPath = join(resourcesDir, 'app.asar');

// ---------------------------------------------------------------------------------
// Steps 1-3: build

function run(label, command, args, env = process.env) {
  const began = Date.now();
  const result = spawnSync(command, args, { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = ((Date.now() - began) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    fail(`${label} failed (exit ${result.status ?? result.signal}) after ${seconds}s`);
  }
  console.log(`  ${label.padEnd(34)} ${seconds}s`);
  return result;
}

class PackCheckFailure extends Error {}

function fail(message) {
  throw new PackCheckFailure(message);
}

function electronVersion() {
  return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
}

/** A folder electron-builder accepts as an unpacked Electron distribution for Linux. */
// @electron/fuses' sentinel, and stock Electron's fuse states in wire order (RunAsNode,
// EnableCookieEncryption, EnableNodeOptionsEnvironmentVariable,
// EnableNodeCliInspectArguments, EnableEmbeddedAsarIntegrityValidation,
// OnlyLoadAppFromAsar, LoadBrowserProcessSpecificV8Snapshot,
// GrantFileProtocolExtraPrivileges).
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const STOCK_FUSES = [true, false, true, true, false, false, false, true];
/** What electron-builder.yml's electronFuses must leave in the packaged binary (cookie encryption: stock, off). */
const EXPECTED_FUSES = [false, false, false, false, true, true, false, false];

function makeStandInElectron(dir, version) {
  mkdirSync(dir, { recursive: true });
  const exe = join(dir, 'electron');
  // A fuse wire laid out as in a real Electron binary (sentinel, wire version 1, length,
  // one byte per fuse, '1' enabled / '0' disabled), holding stock Electron's defaults,
  // so electron-builder's electronFuses step flips it and the check below reads it back.
  const wire = Buffer.from(STOCK_FUSES.map((enabled) => (enabled ? 0x31 : 0x30)));
  const fuseWire = Buffer.concat([Buffer.from(FUSE_SENTINEL, 'latin1'), Buffer.from([1, wire.length]), wire]);
  writeFileSync(
    exe,
    Buffer.concat([
      Buffer.from('#!/bin/sh\necho "This is the stand-in Electron of npm run pack:check; it cannot run Roster." >&2\nexit 1\n# '),
      fuseWire,
      Buffer.from('\n'),
    ]),
  );
  chmodSync(exe, 0o755);
  writeFileSync(join(dir, 'version'), version);
  writeFileSync(join(dir, 'LICENSE'), 'Stand-in for the Electron distribution (pack:check).\n');
}

function build(temp) {
  console.log('pack:check: building');
  run('prisma generate', process.execPath, [join(root, 'scripts', 'prisma-generate.mjs')]);
  run('bundles (production)', process.execPath, [join(root, 'scripts', 'build.mjs'), '--production']);

  const version = electronVersion();
  const electronDist = join(temp, 'electron-dist');
  const cache = join(temp, 'download-cache');
  mkdirSync(cache);
  makeStandInElectron(electronDist, version);
  rmSync(outDir, { recursive: true, force: true });

  // Nothing may be downloaded. electron-builder keeps whatever it fetches (Electron
  // zips, fpm, appimagetool, NSIS, winCodeSign) under ELECTRON_BUILDER_CACHE, and
  // @electron/get under electron_config_cache: both point at an empty folder that
  // is checked afterwards. Proxies to a closed port make any other attempt fail fast.
  const deadProxy = 'http://127.0.0.1:9';
  const env = {
    ...process.env,
    ELECTRON_BUILDER_CACHE: cache,
    electron_config_cache: cache,
    ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
    CSC_IDENTITY_AUTO_DISCOVERY: 'false',
    HTTP_PROXY: deadProxy,
    HTTPS_PROXY: deadProxy,
    http_proxy: deadProxy,
    https_proxy: deadProxy,
    NO_PROXY: '',
    no_proxy: '',
    npm_config_offline: 'true',
  };
  const builderCli = join(dirname(require.resolve('electron-builder/package.json')), 'cli.js');
  const result = run(
    'electron-builder --linux dir',
    process.execPath,
    [
      builderCli,
      '--linux',
      'dir',
      `--${ARCH}`,
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.electronVersion=${version}`,
      `-c.directories.output=${relative(root, outDir)}`,
    ],
    env,
  );
  const cached = readdirSync(cache);
  if (cached.length > 0) fail(`electron-builder downloaded into its cache: ${cached.join(', ')}`);
  return { version, builderLog: `${result.stdout}\n${result.stderr}` };
}

// ---------------------------------------------------------------------------------
// Step 4: inspect

const sum = (files) => files.reduce((total, file) => total + file.size, 0);

/** The executable and its fuses, package.json, the bundles and the renderer's files. */
function checkApp({ check, entries, inAsar, read, APP_LAYOUT }) {
  const exe = join(unpackedAppDir, 'roster');
  check('required', `executable ${relative(outDir, exe)}`, existsSync(exe), existsSync(exe) ? 'stand-in Electron, renamed' : 'missing');
  const fuseNames = [
    'runAsNode',
    'enableCookieEncryption',
    'enableNodeOptionsEnvironmentVariable',
    'enableNodeCliInspectArguments',
    'enableEmbeddedAsarIntegrityValidation',
    'onlyLoadAppFromAsar',
    'loadBrowserProcessSpecificV8Snapshot',
    'grantFileProtocolExtraPrivileges',
  ];
  const exeBytes = existsSync(exe) ? readFileSync(exe) : Buffer.alloc(0);
  const wireAt = exeBytes.indexOf(FUSE_SENTINEL, 0, 'latin1');
  const fuses =
    wireAt < 0
      ? []
      : [...exeBytes.subarray(wireAt + FUSE_SENTINEL.length + 2, wireAt + FUSE_SENTINEL.length + 2 + EXPECTED_FUSES.length)].map(
          (byte) => byte === 0x31,
        );
  const wrongFuses = fuseNames.filter((_, i) => fuses[i] !== EXPECTED_FUSES[i]);
  check(
    'required',
    'Electron fuses flipped (electronFuses)',
    wireAt >= 0 && wrongFuses.length === 0,
    wireAt < 0
      ? 'no fuse wire in the executable'
      : wrongFuses.length === 0
        ? fuseNames
            .map((name, i) => `${name}=${fuses[i] ? 'on' : 'off'}`)
            .slice(0, 6)
            .join(' ')
        : `wrong: ${wrongFuses.join(', ')}`,
  );
  const manifest = inAsar('package.json') ? JSON.parse(read('package.json').toString('utf8')) : {};
  check('required', 'package.json main', manifest.main === APP_LAYOUT.main, `"${manifest.main}" (want "${APP_LAYOUT.main}")`);
  check(
    'required',
    'package.json productName',
    manifest.productName === 'Roster',
    `"${manifest.productName}" (Electron names the data folder after it)`,
  );
  check(
    'required',
    'package.json without devDependencies',
    manifest.devDependencies === undefined,
    manifest.devDependencies ? 'present' : 'stripped',
  );
  for (const [label, path] of [
    ['main bundle', APP_LAYOUT.main],
    ['task worker bundle', APP_LAYOUT.taskWorker],
    ['preload bundle', APP_LAYOUT.preload],
    ['renderer page', APP_LAYOUT.rendererHtml],
  ]) {
    check('required', label, inAsar(path), inAsar(path) ? `${path} (${mib(entries.get(path).size)})` : `${path} missing`);
  }
  const rendererFiles = [...entries.keys()].filter((path) => path.startsWith(`${APP_LAYOUT.rendererDir}/`));
  const scripts = rendererFiles.filter((path) => /\.m?js$/.test(path));
  const styles = rendererFiles.filter((path) => path.endsWith('.css'));
  check('required', 'renderer script', scripts.length > 0, scripts.join(', ') || 'no .js in dist/renderer');
  check('required', 'renderer styles', styles.length > 0, styles.join(', ') || 'no .css in dist/renderer');
  if (inAsar(APP_LAYOUT.rendererHtml)) {
    const html = read(APP_LAYOUT.rendererHtml).toString('utf8');
    const refs = [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"'#?]+)["']/g)].map((m) => m[1]).filter((ref) => !/^[a-z]+:/i.test(ref));
    const missing = refs.filter((ref) => !inAsar(`${APP_LAYOUT.rendererDir}/${ref.replace(/^\.\//, '')}`));
    check(
      'required',
      'files index.html refers to',
      missing.length === 0,
      missing.length ? `missing: ${missing.join(', ')}` : refs.join(', ') || 'none',
    );
  }
}

/** The generated Prisma client, its runtime and the query compiler, in the main bundle. */
function checkPrisma({ check, inAsar, mainSource, APP_LAYOUT }) {
  const schema = readFileSync(join(root, 'prisma', 'schema.prisma'), 'utf8');
  const models = [...schema.matchAll(/^model\s+(\w+)\s*\{/gm)].map((m) => m[1]);
  const modelsMissing = models.filter(
    (model) => !mainSource.includes(`"${model}":{"fields"`) && !mainSource.includes(`\\"${model}\\":{\\"fields\\"`),
  );
  check(
    'required',
    'generated Prisma client',
    models.length > 0 && modelsMissing.length === 0,
    modelsMissing.length
      ? `models not in the main bundle: ${modelsMissing.join(', ')}`
      : `bundled in ${APP_LAYOUT.main} (models: ${models.join(', ')})`,
  );
  const generatedClass = readFileSync(join(root, 'main', 'generated', 'prisma', 'internal', 'class.ts'), 'utf8');
  const wasmModule = /import\("(@prisma\/client\/runtime\/[^"]+wasm-base64\.mjs)"\)/.exec(generatedClass)?.[1];
  if (!wasmModule) {
    check('required', 'Prisma query compiler', false, 'cannot find which query compiler the generated client loads');
  } else {
    const wasmSource = readFileSync(require.resolve(wasmModule), 'utf8');
    const base64 = /"([A-Za-z0-9+/=]{1000,})"/.exec(wasmSource)?.[1] ?? '';
    const bundled = base64.length > 0 && mainSource.includes(base64);
    const shippedPath = `node_modules/${wasmModule}`;
    check(
      'required',
      'Prisma query compiler (WebAssembly)',
      bundled || inAsar(shippedPath),
      bundled
        ? `bundled in ${APP_LAYOUT.main} (${wasmModule.split('/').pop()}, ${mib(base64.length)} base64)`
        : inAsar(shippedPath)
          ? shippedPath
          : `neither in the main bundle nor at ${shippedPath}`,
    );
  }
  const clientVersion = JSON.parse(readFileSync(require.resolve('@prisma/client/package.json'), 'utf8')).version;
  check(
    'required',
    'Prisma runtime version',
    mainSource.includes(`"${clientVersion}"`) || inAsar('node_modules/@prisma/client/package.json'),
    `@prisma/client ${clientVersion}`,
  );
}

/** resource-paths.ts asked about this package, the migrations read back, the icon. */
async function checkResources({ check, entries, inAsar, PACKAGED_RESOURCE_LAYOUT, paths, missingResources }) {
  const { loadMigrationSet } = await tsImport(
    join(root, 'main', 'features', 'workspace', 'node', 'migrations', 'migration-set.ts'),
    import.meta.url,
  );
  const asarRelative = (path) => (path.startsWith(asarPath + sep) ? relative(asarPath, path).split(sep).join('/') : null);
  const existsPackaged = (path) => {
    const inside = asarRelative(path);
    if (inside !== null) return inAsar(inside) || [...entries.keys()].some((entry) => entry.startsWith(`${inside}/`));
    return existsSync(path);
  };
  const missingResourceList = missingResources(paths, existsPackaged);
  check(
    'required',
    'resource-paths.ts, packaged layout',
    missingResourceList.length === 0,
    missingResourceList.length ? `missing: ${missingResourceList.join('; ')}` : 'migrations, renderer, preload, main found',
  );
  const sourceMigrations = loadMigrationSet(join(root, 'prisma', 'migrations'));
  let packagedMigrations = null;
  try {
    packagedMigrations = loadMigrationSet(paths.migrationsDir);
  } catch (error) {
    check('required', 'migrations', false, `${relative(root, paths.migrationsDir)}: ${error.message}`);
  }
  if (packagedMigrations) {
    const same =
      packagedMigrations.migrations.length === sourceMigrations.migrations.length &&
      packagedMigrations.migrations.every(
        (m, i) => m.name === sourceMigrations.migrations[i].name && m.checksum === sourceMigrations.migrations[i].checksum,
      );
    check(
      'required',
      'migrations + migration_lock.toml',
      same,
      `${packagedMigrations.migrations.length} in resources/${PACKAGED_RESOURCE_LAYOUT.migrations}/, ` +
        `${same ? 'identical to' : 'DIFFERENT from'} prisma/migrations`,
    );
  }
  const icon = paths.windowIcon;
  const iconOk = existsSync(icon) && readFileSync(icon).subarray(1, 4).toString('latin1') === 'PNG';
  check('required', 'window icon', iconOk, `resources/${PACKAGED_RESOURCE_LAYOUT.windowIcon}`);
}

/**
 * better-sqlite3's prebuild (scripts/package-checks.mjs, as the afterPack hook runs them),
 * app.asar.unpacked holding only what the archive lists as unpacked, and node_modules
 * holding exactly what the shipped code requires.
 */
async function checkNativeAndPackages({ check, entries, read, unpackedFiles }) {
  for (const result of addonChecks({ resourcesDir, platform: 'linux', arch: ARCH, entries }))
    check('required', result.what, result.ok, result.detail);
  const strayUnpacked = unpackedFiles.filter((file) => entries.get(file.path)?.unpacked !== true);
  check(
    'required',
    'app.asar.unpacked matches the archive',
    strayUnpacked.length === 0,
    strayUnpacked.map((f) => f.path).join(', ') || `${unpackedFiles.length} file(s)`,
  );
  const { check: requires, needed, packages } = await requireChecks(entries, read);
  check('required', requires.what, requires.ok, requires.detail);
  const devDependencies = new Set(Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies ?? {}));
  const shippedDev = [...packages.values()].filter((name) => devDependencies.has(name));
  check('forbidden', 'devDependencies', shippedDev.length === 0, shippedDev.join(', ') || 'none');
  const unneeded = [...packages.keys()].filter((dir) => !needed.has(dir));
  check(
    'forbidden',
    'packages nothing requires',
    unneeded.length === 0,
    unneeded.length ? `${unneeded.join(', ')} (bundled already, or unused: exclude them in electron-builder.yml)` : 'none',
  );
}

/** Everything else that must not ship. */
function checkForbidden({ check, entries, mainSource, unpackedFiles }) {
  const allPaths = [...entries.keys()];
  const matching = (regex) => allPaths.filter((path) => regex.test(path));
  const topLevel = [...new Set(allPaths.map((path) => path.split('/')[0]))].filter((name) => !ASAR_TOP_LEVEL.has(name));
  check('forbidden', 'top-level entries other than dist, node_modules, package.json', topLevel.length === 0, topLevel.join(', ') || 'none');
  const distOther = [...new Set(matching(/^dist\//).map((path) => path.split('/')[1]))].filter((name) => !ASAR_DIST.has(name));
  check('forbidden', 'dist/ folders other than main, preload, renderer', distOther.length === 0, distOther.join(', ') || 'none');
  const tests = matching(/(^|\/)(test|tests|__tests__|__mocks__|spec)\/|\.(test|spec)\.[cm]?[jt]sx?$/);
  check('forbidden', 'tests', tests.length === 0, tests.slice(0, 5).join(', ') || 'none');
  const typescript = matching(/\.[cm]?tsx?$/);
  check('forbidden', 'TypeScript sources (.ts, .d.ts)', typescript.length === 0, typescript.slice(0, 5).join(', ') || 'none');
  const maps = matching(/\.map$/);
  check('forbidden', 'source maps', SOURCE_MAPS_INTENDED || maps.length === 0, maps.slice(0, 5).join(', ') || 'none');
  const mapComments = /\/\/# sourceMappingURL=(?!data:)/.test(mainSource);
  check('forbidden', 'sourceMappingURL comments in main bundle', SOURCE_MAPS_INTENDED || !mapComments, mapComments ? 'present' : 'none');
  const buildLeftovers = [...allPaths, ...unpackedFiles.map((f) => f.path)].filter(
    (path) =>
      /^node_modules\/better-sqlite3\/(deps|src|build)\//.test(path) ||
      /\.(a|o|obj|lib|pdb|gyp|gypi|mk|cc|cpp|c|h)$/.test(path) ||
      path.endsWith('test_extension.node'),
  );
  check(
    'forbidden',
    'native build leftovers (sources, objects)',
    buildLeftovers.length === 0,
    buildLeftovers.slice(0, 5).join(', ') || 'none',
  );
  const projectSources = matching(/^(main|renderer|prisma|scripts|test|bench|docs|build)\/|^prisma\.config\.ts$/);
  check(
    'forbidden',
    'project sources, prisma/, prisma.config.ts, scripts/, build/',
    projectSources.length === 0,
    projectSources.slice(0, 5).join(', ') || 'none',
  );
}

async function inspect({ version }) {
  const results = [];
  const check = (group, what, ok, detail) => results.push({ group, what, ok: Boolean(ok), detail });

  if (!existsSync(asarPath)) fail(`electron-builder did not write ${relative(root, asarPath)}`);
  const entries = asarEntries(asarPath);
  const read = (path) => asar.extractFile(asarPath, path);
  const inAsar = (path) => entries.has(path);

  // The app's own path module, asked about this very output.
  const { resourcePaths, missingResources, APP_LAYOUT, PACKAGED_RESOURCE_LAYOUT } = await tsImport(
    join(root, 'main', 'kernel', 'node', 'paths', 'resource-paths.ts'),
    import.meta.url,
  );
  const paths = resourcePaths({ packaged: true, appPath: asarPath, resourcesPath: resourcesDir });
  const mainSource = inAsar(APP_LAYOUT.main) ? read(APP_LAYOUT.main).toString('utf8') : '';
  const unpackedFiles = filesUnder(join(resourcesDir, 'app.asar.unpacked'));
  const context = {
    check,
    entries,
    read,
    inAsar,
    mainSource,
    unpackedFiles,
    APP_LAYOUT,
    PACKAGED_RESOURCE_LAYOUT,
    paths,
    missingResources,
  };

  checkApp(context);
  checkPrisma(context);
  await checkResources(context);
  await checkNativeAndPackages(context);
  checkForbidden(context);

  // -- size
  const asarSize = statSync(asarPath).size;
  const unpackedSize = sum(unpackedFiles);
  const extraSize =
    sum(filesUnder(join(resourcesDir, PACKAGED_RESOURCE_LAYOUT.migrations))) +
    (existsSync(paths.windowIcon) ? statSync(paths.windowIcon).size : 0);
  const sizes = [
    ['app.asar', asarSize, BUDGET.asar],
    ['app.asar.unpacked (the prebuild)', unpackedSize, BUDGET.unpacked],
    ['extraResources (migrations, icon)', extraSize, BUDGET.extraResources],
  ];
  for (const [label, size, budget] of sizes) {
    check('size', `${label} within budget`, size <= budget, `${mib(size)} of ${mib(budget)} (${Math.round((size / budget) * 100)}%)`);
  }

  return { results, version, asarSize, unpackedSize, extraSize, files: entries.size };
}

function report({ results, version, asarSize, unpackedSize, extraSize, files }) {
  console.log(`\npack:check: ${relative(root, unpackedAppDir)} (stand-in Electron ${version}, linux-${ARCH}, ${files} files in app.asar)`);
  let group = '';
  for (const result of results) {
    if (result.group !== group) {
      group = result.group;
      console.log(`\n  ${group}`);
    }
    console.log(`  ${result.ok ? 'ok  ' : 'FAIL'}  ${result.what.padEnd(56)} ${result.detail ?? ''}`);
  }
  console.log(
    `\n  size: app.asar ${mib(asarSize)}, app.asar.unpacked ${mib(unpackedSize)}, ` +
      `extraResources ${mib(extraSize)}, total ${mib(asarSize + unpackedSize + extraSize)}`,
  );
  const failed = results.filter((result) => !result.ok);
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  if (failed.length > 0) {
    console.error(`\npack:check FAILED (${failed.length} of ${results.length} checks, ${seconds}s):`);
    for (const result of failed) console.error(`  - ${result.what}: ${result.detail}`);
    process.exitCode = 1;
  } else {
    console.log(`\npack:check passed: ${results.length} checks in ${seconds}s`);
  }
}

const temp = mkdtempSync(join(tmpdir(), 'roster-pack-check-'));
try {
  const built = build(temp);
  report(await inspect(built));
} catch (error) {
  if (!(error instanceof PackCheckFailure)) throw error;
  console.error(`\npack:check FAILED: ${error.message}`);
  process.exitCode = 1;
} finally {
  rmSync(temp, { recursive: true, force: true });
}
