// Checks of a packaged app's resources folder that two scripts share: the afterPack
// hook (scripts/after-pack.mjs, run by every electron-builder build, so an installer
// can never be made from a package that fails them) and `npm run pack:check`
// (scripts/pack-check.mjs, which prints them with the rest of its report).
//
//   addonChecks     better-sqlite3's prebuild for the target is unpacked beside
//                   app.asar, is a Node-API addon of the target's binary format, and is
//                   the only native file in the package;
//   requireChecks   every bare import/require of the shipped JavaScript, followed through
//                   the shipped packages, resolves to a package in the archive.
//
// The paths and markers come from main/app/node/native-module.ts, the module the main
// process uses to say which addon it loaded, so the package and the app cannot disagree.
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, sep } from 'node:path';
import * as asar from '@electron/asar';
import * as esbuild from 'esbuild';
import { tsImport } from 'tsx/esm/api';

const native = await tsImport(new URL('../main/app/node/native-module.ts', import.meta.url).href, import.meta.url);
export const { PREBUILDS_DIR, ASAR_UNPACKED_DIR, NODE_API_MARKER, PER_ABI_MARKER } = native;

export const MiB = 1024 * 1024;
export const mib = (bytes) => `${(bytes / MiB).toFixed(2)} MiB`;

/** The architectures better-sqlite3 ships prebuilds for (its prebuilds/ folder). */
export const PREBUILT_ARCHES = ['x64', 'arm64'];

/** Every file of app.asar: path (posix, no leading slash) -> { size, unpacked, link }. */
export function asarEntries(archive) {
  const entries = new Map();
  const walk = (node, prefix) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const path = prefix ? `${prefix}/${name}` : name;
      if (child.files) walk(child, path);
      else entries.set(path, { size: Number(child.size ?? 0), unpacked: child.unpacked === true, link: child.link });
    }
  };
  walk(asar.getRawHeader(archive).header, '');
  return entries;
}

/** Every file under `dir`: { path (posix, relative to dir), size }. */
export function filesUnder(dir) {
  const out = [];
  const walk = (current) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      const stats = lstatSync(path);
      if (stats.isDirectory()) walk(path);
      else out.push({ path: relative(dir, path).split(sep).join('/'), size: stats.size });
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** ELF, Mach-O (thin or fat) or PE, from a file's first bytes; null for anything else. */
export function binaryFormat(bytes) {
  if (bytes.length < 4) return null;
  if (bytes.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) return 'ELF';
  if ([0xfeedfacf, 0xcffaedfe, 0xfeedface, 0xcefaedfe, 0xcafebabe].includes(bytes.readUInt32BE(0))) return 'Mach-O';
  return bytes.subarray(0, 2).toString('latin1') === 'MZ' ? 'PE' : null;
}

/** electron-builder's platform names (`mas` is the Mac App Store build) -> better-sqlite3's. */
const PREBUILD_PLATFORM = { linux: 'linux', darwin: 'darwin', mas: 'darwin', win32: 'win32' };
const FORMAT_OF = { linux: 'ELF', darwin: 'Mach-O', win32: 'PE' };

function addonFileChecks(check, { resourcesDir, platform, arch, entries }) {
  const name = native.prebuildName(platform, arch);
  const inArchive = `${PREBUILDS_DIR}/${name}`;
  const file = native.packagedAddonPath(resourcesDir, platform, arch);
  const shown = `${ASAR_UNPACKED_DIR}/${inArchive}`;
  const bytes = existsSync(file) ? readFileSync(file) : null;
  const entry = entries.get(inArchive);
  check(
    `better-sqlite3 prebuild for ${platform}-${arch}, unpacked beside app.asar`,
    bytes !== null && entry?.unpacked === true,
    bytes === null
      ? `${shown} missing`
      : entry?.unpacked !== true
        ? `app.asar does not list ${inArchive} as unpacked, so Electron would not load ${shown}`
        : `${shown} (${mib(bytes.length)})`,
  );
  if (bytes === null) return;
  const format = binaryFormat(bytes);
  const kind = native.addonKind(bytes);
  check(
    `a Node-API addon (${FORMAT_OF[platform]})`,
    format === FORMAT_OF[platform] && kind === 'node-api',
    kind === 'per-abi'
      ? `${name} contains ${PER_ABI_MARKER}*: built for one runtime's ABI, not on Node-API`
      : kind === 'unknown'
        ? `${name} does not export ${NODE_API_MARKER}`
        : format !== FORMAT_OF[platform]
          ? `${name} is ${format ?? 'not a native library'}, not ${FORMAT_OF[platform]}`
          : `exports ${NODE_API_MARKER}, no ${PER_ABI_MARKER}* (loads in any Electron)`,
  );
}

/**
 * better-sqlite3's prebuild for `platform`/`arch` (electron-builder's names) in the
 * packaged resources folder, and nothing native besides it. `entries` is asarEntries().
 */
export function addonChecks({ resourcesDir, platform: builderPlatform, arch, entries }) {
  const checks = [];
  const check = (what, ok, detail) => checks.push({ what, ok: Boolean(ok), detail });
  const platform = PREBUILD_PLATFORM[builderPlatform] ?? builderPlatform;
  addonFileChecks(check, { resourcesDir, platform, arch, entries });
  const target = `${PREBUILDS_DIR}/${native.prebuildName(platform, arch)}`;
  const nativeEntries = [...entries].filter(([path]) => /\.(node|so|dylib|dll)$/.test(path));
  const packed = nativeEntries.filter(([, entry]) => !entry.unpacked).map(([path]) => path);
  check('no native file inside app.asar itself', packed.length === 0, packed.join(', ') || 'none (a library loads only from a real file)');
  const unpackedOnDisk = filesUnder(join(resourcesDir, ASAR_UNPACKED_DIR))
    .map((file) => file.path)
    .filter((path) => /\.(node|so|dylib|dll)$/.test(path));
  const others = [...new Set([...nativeEntries.map(([path]) => path), ...unpackedOnDisk])].filter((path) => path !== target);
  check("no other native file (other platforms' prebuilds, a node-gyp build)", others.length === 0, others.join(', ') || 'none');
  const sqlite = 'node_modules/better-sqlite3';
  const missing = ['package.json', 'lib/index.js', 'lib/binding.js', 'lib/database.js'].filter((path) => !entries.has(`${sqlite}/${path}`));
  check(
    "better-sqlite3's lib/ and package.json",
    missing.length === 0,
    missing.length
      ? `missing: ${missing.join(', ')}`
      : `${[...entries.keys()].filter((path) => path.startsWith(`${sqlite}/lib/`)).length} files in lib/`,
  );
  const sources = [...entries.keys()].filter(
    (path) => path.startsWith(`${sqlite}/`) && /^(deps|src|build|benchmark|docs)\/|^binding\.gyp$/.test(path.slice(sqlite.length + 1)),
  );
  const headers = [...entries.keys()].filter((path) => /(^|\/)node_modules\/node-addon-api\//.test(path));
  check(
    'no better-sqlite3 sources or build files, no node-addon-api',
    sources.length === 0 && headers.length === 0,
    [...sources, ...headers].slice(0, 5).join(', ') || 'none',
  );
  return checks;
}

function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const builtins = new Set(builtinModules);
const isBuiltin = (name) => name.startsWith('node:') || builtins.has(name);

/**
 * Bare specifiers a JavaScript file imports or requires with a string literal. esbuild
 * parses the file (nothing is bundled: every import is external), so code quoted inside
 * strings, such as Prisma's "import { PrismaPg } from '@prisma/adapter-pg'" hint in an
 * error message, does not count.
 */
async function bareImports(source, sourcefile) {
  const result = await esbuild.build({
    stdin: { contents: source, loader: 'js', sourcefile },
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    external: ['*'],
    logLevel: 'silent',
  });
  const specifiers = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((entry) => entry.path));
  return [...new Set(specifiers.filter((path) => !/^[./<]/.test(path)))];
}

/** node_modules/<name> folders in the archive that hold a package.json, by path. */
export function shippedPackages(entries) {
  const packages = new Map();
  for (const path of entries.keys()) {
    const match = /^((?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+))\/package\.json$/.exec(path);
    if (match) packages.set(match[1], match[2]);
  }
  return packages;
}

/** The node_modules folder `name` resolves to from `fromPath`, as Node would look for it. */
function resolveInArchive(packages, fromPath, name) {
  const segments = fromPath.split('/').slice(0, -1);
  for (let i = segments.length; i >= 0; i--) {
    if (segments[i - 1] === 'node_modules') continue;
    const base = segments.slice(0, i).join('/');
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (packages.has(candidate)) return candidate;
  }
  return null;
}

/**
 * Follows every bare import/require from dist/ through the packages in the archive.
 * `read(path)` returns a file's bytes from the archive. Returns the package folders
 * needed, and the specifiers that resolve to nothing (`electron` is Electron's own).
 */
export async function requireChecks(entries, read) {
  const packages = shippedPackages(entries);
  const needed = new Set();
  const unresolved = [];
  const queue = [...entries.keys()].filter((path) => path.startsWith('dist/') && /\.[cm]?js$/.test(path));
  const scanned = new Set();
  while (queue.length > 0) {
    const file = queue.pop();
    if (scanned.has(file)) continue;
    scanned.add(file);
    for (const specifier of await bareImports(read(file).toString('utf8'), file)) {
      const name = packageNameOf(specifier);
      if (isBuiltin(specifier) || name === 'electron') continue;
      const dir = resolveInArchive(packages, file, name);
      if (!dir) {
        unresolved.push(`${name} (from ${file})`);
        continue;
      }
      if (needed.has(dir)) continue;
      needed.add(dir);
      for (const path of entries.keys())
        if (path.startsWith(`${dir}/`) && /\.[cm]?js$/.test(path) && !path.slice(dir.length + 1).includes('node_modules/'))
          queue.push(path);
    }
  }
  const check = {
    what: 'every package the code requires is shipped',
    ok: unresolved.length === 0,
    detail: unresolved.length
      ? `missing: ${[...new Set(unresolved)].join(', ')}`
      : [...needed]
          .map((dir) => packages.get(dir))
          .sort()
          .join(', ') || 'none',
  };
  return { check, needed, packages };
}

/** Reads a file of app.asar (unpacked ones from app.asar.unpacked, as @electron/asar does). */
export function asarReader(archive) {
  return (path) => asar.extractFile(archive, path);
}
