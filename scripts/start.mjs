// `npm start`: builds Roster's own code, then starts it in Electron. Nothing native is
// compiled: better-sqlite3 ships Node-API prebuilds that load in Node and in Electron
// alike (docs/dev/packaging.md).
//
// Electron's npm package holds no binary; it fetches one the first time it is run. Where
// that download cannot happen (offline, a proxy, a blocked host) the package prints a
// bare stack trace. This script asks for the binary itself, and when it cannot be had it
// says so in one message that names the missing file and what to do, then exits 1.
//
//   npm start                    build, then run Electron on this folder
//   npm start -- --skip-build    run what dist/ already holds
//   npm start -- ARGS...         other arguments go to Roster (e.g. a .roster file)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** The executable's path inside an unpacked Electron, as electron's install.js names it. */
function platformPath(platform = process.platform) {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

function electronPackage() {
  const manifest = require.resolve('electron/package.json');
  return { dir: dirname(manifest), version: JSON.parse(readFileSync(manifest, 'utf8')).version };
}

/** The binary's path, or null while it is not installed (the same test as electron's install.js). */
function installedBinary(pkg) {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const file = join(override, platformPath());
    return existsSync(file) ? file : null;
  }
  try {
    const version = readFileSync(join(pkg.dir, 'dist', 'version'), 'utf8')
      .trim()
      .replace(/^v/, '');
    if (version !== pkg.version) return null;
  } catch {
    return null;
  }
  const file = join(pkg.dir, 'dist', platformPath());
  return existsSync(file) ? file : null;
}

function stop(lines) {
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exit(1);
}

/** Lets electron's own installer fetch the binary (from its cache or the network); its output is kept for the message. */
function fetchBinary(pkg) {
  const result = spawnSync(process.execPath, [join(pkg.dir, 'install.js')], {
    cwd: pkg.dir,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  if (result.status === 0) return null;
  const firstLine = (result.stderr ?? '').split('\n').find((line) => line.trim() !== '') ?? `exit status ${result.status}`;
  return firstLine.trim();
}

function missingBinary(pkg, reason) {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    stop([
      `Roster cannot start: ELECTRON_OVERRIDE_DIST_PATH is ${override}, but there is no ${platformPath()} in it.`,
      `Point it at an unpacked Electron ${pkg.version} for ${process.platform}-${process.arch}, or unset it.`,
    ]);
  }
  const zip = `electron-v${pkg.version}-${process.platform}-${process.arch}.zip`;
  stop([
    `Roster cannot start: Electron ${pkg.version}'s binary (${zip}) ` +
      `is not installed in ${join(pkg.dir, 'dist')} and could not be downloaded (${reason}).`,
    'Connect to the internet and run `npm start` again (ELECTRON_MIRROR names another download site), or set',
    `ELECTRON_OVERRIDE_DIST_PATH to a folder holding an unpacked Electron ${pkg.version}. The tests and the roster command do not need it.`,
  ]);
}

function build() {
  for (const script of ['prisma-generate.mjs', 'build.mjs']) {
    const result = spawnSync(process.execPath, [join(root, 'scripts', script)], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}

/** Runs Electron on this folder and leaves with its exit status, passing on the signals a terminal sends. */
function run(binary, args) {
  const child = spawn(binary, [root, ...args], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => stop([`Roster cannot start: ${binary} could not be run (${error.message}).`]));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const args = process.argv.slice(2);
const skipBuild = args[0] === '--skip-build';
const pkg = electronPackage();
let binary = installedBinary(pkg);
if (binary === null && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
  const failure = fetchBinary(pkg);
  binary = installedBinary(pkg);
  if (binary === null) missingBinary(pkg, failure ?? 'the installer reported success but left no binary');
}
if (binary === null) missingBinary(pkg, '');
if (!skipBuild) build();
run(binary, skipBuild ? args.slice(1) : args);
