// electron-builder afterPack hook (electron-builder.yml `afterPack`), run once per
// packed app before installers are made or anything is signed: the app must carry
// better-sqlite3's addon at resources/native/better_sqlite3.node, compiled for the ABI
// the packaged Electron expects. That is what the main process loads
// (main/node/app/native-module.ts); without it Roster would only show its "damaged"
// dialog, so a release must fail here instead.
//
// The expected ABI comes from ROSTER_NATIVE_EXPECTED_ABI, which `npm run dist`
// (scripts/dist.mjs) sets to Electron's and `npm run pack:check` to that of the Node
// build it packages as a stand-in.
import console from 'node:console';
import { existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import process from 'node:process';
import { tsImport } from 'tsx/esm/api';

export default async function afterPack(context) {
  const { PACKAGED_NATIVE_ADDON, abiMarker, addonBuiltForAbi } = await tsImport(
    new URL('../main/node/app/native-module.ts', import.meta.url).href,
    import.meta.url,
  );
  const expected = process.env.ROSTER_NATIVE_EXPECTED_ABI;
  if (!expected) {
    throw new Error('ROSTER_NATIVE_EXPECTED_ABI is not set: build installers with `npm run dist`, which builds better-sqlite3 for Electron first and says which ABI the package must carry.');
  }
  const addon = join(context.packager.getResourcesDir(context.appOutDir), ...PACKAGED_NATIVE_ADDON.split('/'));
  const shown = relative(process.cwd(), addon);
  if (!existsSync(addon)) throw new Error(`${shown} is missing: the extraResources entry for the native module copied nothing.`);
  if (!addonBuiltForAbi(addon, expected)) throw new Error(`${shown} is not compiled for ABI ${expected} (no ${abiMarker(expected)} in it).`);
  console.log(`  • native module  file=${shown} abi=${expected} size=${statSync(addon).size}`);
}
