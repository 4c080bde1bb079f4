// The installer step of `npm run dist` (after prisma generate and the production
// bundles): builds better-sqlite3 for Electron for every architecture being packaged
// (scripts/electron-native.mjs; it stops with a clear message when it cannot), then
// runs electron-builder, which ships that build as resources/native/better_sqlite3.node
// (electron-builder.yml extraResources) and checks it in the afterPack hook.
//
//   npm run dist                      this OS, this machine's architecture
//   npm run dist -- --arm64 --x64     extra arguments go to electron-builder
//
// node_modules/better-sqlite3 is never rebuilt in place (npmRebuild: false), so the
// tests still run on the same machine afterwards.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const builderArgs = process.argv.slice(2);

const ARCH_FLAGS = { '--x64': ['x64'], '--arm64': ['arm64'], '--ia32': ['ia32'], '--armv7l': ['armv7l'], '--universal': ['x64', 'arm64'] };
const arches = [...new Set(builderArgs.flatMap((arg) => ARCH_FLAGS[arg] ?? []))];
if (arches.length === 0) arches.push(process.arch);

function run(args, env = process.env) {
  const result = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

for (const arch of arches) run([join(root, 'scripts', 'electron-native.mjs'), '--arch', arch]);

const electronDir = dirname(require.resolve('electron/package.json'));
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const { ELECTRON_NATIVE_CACHE } = await tsImport(join(root, 'main', 'node', 'app', 'native-module.ts'), import.meta.url);
run([join(dirname(require.resolve('electron-builder/package.json')), 'cli.js'), '--publish', 'never', ...builderArgs], {
  ...process.env,
  // Relative to the project: electron-builder joins extraResources' `from` to it.
  ROSTER_ELECTRON_NATIVE_DIR: relative(root, join(dirname(sqliteDir), ...ELECTRON_NATIVE_CACHE.split('/'))).split(sep).join('/'),
  ROSTER_ELECTRON_VERSION: JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version,
  ROSTER_NATIVE_EXPECTED_ABI: readFileSync(join(electronDir, 'abi_version'), 'utf8').trim(),
});
