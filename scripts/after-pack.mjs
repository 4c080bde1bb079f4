// electron-builder afterPack hook (electron-builder.yml `afterPack`), run once per
// packed app before installers are made or anything is signed. The app must carry
// better-sqlite3's Node-API prebuild for the platform and architecture being packaged,
// unpacked beside app.asar, and no other native file; and every package its code
// requires must be in the archive. Without the prebuild the main process
// (main/app/node/native-module.ts) could only show its "damaged" dialog, so a release
// fails here instead. The checks are scripts/package-checks.mjs, which
// `npm run pack:check` runs too.
import console from 'node:console';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { addonChecks, asarEntries, asarReader, PREBUILT_ARCHES, requireChecks } from './package-checks.mjs';

const { Arch } = createRequire(import.meta.url)('electron-builder');

export default async function afterPack(context) {
  const arch = Arch[context.arch];
  const platform = context.electronPlatformName;
  if (!PREBUILT_ARCHES.includes(arch)) {
    // A universal macOS app would merge two apps with different prebuilds; better-sqlite3
    // has none for ia32 or armv7l.
    throw new Error(
      `Roster packages one architecture at a time, x64 or arm64 (better-sqlite3 ships prebuilds for those); ` +
        `got ${arch}. Build --x64 and --arm64 separately.`,
    );
  }
  const resourcesDir = context.packager.getResourcesDir(context.appOutDir);
  const archive = join(resourcesDir, 'app.asar');
  const entries = asarEntries(archive);
  const requires = await requireChecks(entries, asarReader(archive));
  const checks = [...addonChecks({ resourcesDir, platform, arch, entries }), requires.check];
  const failed = checks.filter((check) => !check.ok);
  if (failed.length > 0) {
    throw new Error(
      `the packaged app for ${platform}-${arch} is not shippable:\n` +
        `${failed.map((check) => `  - ${check.what}: ${check.detail}`).join('\n')}`,
    );
  }
  for (const check of checks) console.log(`  • ${check.what}  ${check.detail}`);
}
