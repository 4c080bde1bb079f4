// The installer step of `npm run dist` (after prisma generate and the production
// bundles): runs electron-builder for this OS. Nothing native is built: better-sqlite3
// ships a Node-API prebuild per platform and architecture inside its npm package, and
// electron-builder.yml puts the target's one into the app (checked by the afterPack
// hook, scripts/after-pack.mjs).
//
//   npm run dist                      this OS, this machine's architecture
//   npm run dist -- --arm64 --x64     extra arguments go to electron-builder
//
// Before handing over, it refuses the architectures better-sqlite3 has no prebuild for,
// so a release stops at once instead of after Electron is downloaded and copied.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { PREBUILT_ARCHES } from './package-checks.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const builderArgs = process.argv.slice(2);

const ARCH_FLAGS = ['--x64', '--arm64', '--ia32', '--armv7l', '--universal'];
const arches = builderArgs.filter((arg) => ARCH_FLAGS.includes(arg)).map((arg) => arg.slice(2));
if (arches.length === 0) arches.push(process.arch);
const unsupported = arches.filter((arch) => !PREBUILT_ARCHES.includes(arch));
if (unsupported.length > 0) {
  process.stderr.write(
    `dist: cannot package for ${unsupported.join(', ')}: better-sqlite3 ships prebuilds for ${PREBUILT_ARCHES.join(' and ')} only` +
      `${unsupported.includes('universal') ? ' (for macOS, build --x64 and --arm64 separately instead of --universal)' : ''}.\n`,
  );
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  [join(dirname(require.resolve('electron-builder/package.json')), 'cli.js'), '--publish', 'never', ...builderArgs],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
