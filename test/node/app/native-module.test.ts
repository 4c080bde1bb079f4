// The Electron main process's native-module check, run under Node with Node's own
// build of better-sqlite3 standing in for Electron's (the check only cares that the
// addon at the path loads through the driver; which runtime it was built for is the
// build script's business).
import { copyFileSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  BUILD_INFO_FILE,
  developmentNativeLocation,
  electronNativeDir,
  NATIVE_ADDON_FILE,
  nativeAddonPath,
  useElectronNativeModule,
  type NativeLocation,
} from '../../../main/node/app/native-module.js';
import { nativeBindingPath, openSqlite, useNativeBinding } from '../../../main/node/sqlite/driver.js';
import { makeTempDir, removeTempDirs, REPO_ROOT } from '../../support/workspace-fixtures.js';

afterEach(() => useNativeBinding(undefined));
afterAll(removeTempDirs);

const nodeBuild = join(REPO_ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', NATIVE_ADDON_FILE);
const installed = (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as { version: string }).version;

function devLocation(nodeModulesDir: string): Extract<NativeLocation, { packaged: false }> {
  return { packaged: false, nodeModulesDir, betterSqlite3Version: installed, electronVersion: '43.8.12', arch: 'x64' };
}

function devBuild(info: Record<string, string> = {}): Extract<NativeLocation, { packaged: false }> {
  const location = devLocation(makeTempDir('node_modules'));
  const dir = electronNativeDir(location.nodeModulesDir, location.electronVersion, location.arch);
  mkdirSync(dir, { recursive: true });
  copyFileSync(nodeBuild, join(dir, NATIVE_ADDON_FILE));
  writeFileSync(join(dir, BUILD_INFO_FILE), JSON.stringify({ electron: '43.8.12', abi: '148', arch: 'x64', platform: process.platform, betterSqlite3: installed, builtAt: '2026-11-24T00:00:00.000Z', ...info }));
  return location;
}

describe('where the addon is', () => {
  it('is in the build cache in development and beside app.asar when packaged', () => {
    expect(nativeAddonPath(devLocation('/repo/node_modules'))).toBe(join('/repo/node_modules', '.cache', 'roster', 'electron-native', '43.8.12-x64', NATIVE_ADDON_FILE));
    expect(nativeAddonPath({ packaged: true, resourcesPath: '/opt/Roster/resources' })).toBe(join('/opt/Roster/resources', 'native', NATIVE_ADDON_FILE));
  });

  it('finds the node_modules better-sqlite3 resolves from', () => {
    const location = developmentNativeLocation(import.meta.url, '43.8.12', 'arm64');
    // (Resolution follows symlinks: a node_modules linked in from elsewhere is found where it really is.)
    expect(location).toEqual({ packaged: false, nodeModulesDir: realpathSync(join(REPO_ROOT, 'node_modules')), betterSqlite3Version: installed, electronVersion: '43.8.12', arch: 'arm64' });
  });
});

describe('useElectronNativeModule', () => {
  it('makes every later connection load the addon, after proving it opens a database', () => {
    const location = devBuild();
    const check = useElectronNativeModule(location);
    expect(check).toEqual({ ok: true, path: nativeAddonPath(location), sqliteVersion: expect.stringMatching(/^3\.\d+\.\d+$/) as unknown });
    expect(nativeBindingPath()).toBe(nativeAddonPath(location));
    const db = openSqlite(':memory:');
    expect(db.prepare('SELECT 1 + 1').pluck().get()).toBe(2);
    db.close();
  });

  it('says the development build is missing, where it looked, and how to make it', () => {
    const location = devLocation(makeTempDir('node_modules'));
    const check = useElectronNativeModule(location);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.title).toBe('Roster needs its database module built for Electron');
    expect(check.message).toContain('is missing');
    expect(check.message).toContain(nativeAddonPath(location));
    expect(check.message).toContain('npm start');
    expect(nativeBindingPath()).toBeUndefined();
  });

  it('refuses a development build made from another better-sqlite3 or for another Electron', () => {
    for (const [info, words] of [
      [{ betterSqlite3: '11.0.0' }, `built from better-sqlite3 11.0.0, but better-sqlite3 ${installed} is installed`],
      [{ electron: '42.0.0' }, 'built for Electron 42.0.0 (x64), but this is Electron 43.8.12 (x64)'],
      [{ builtAt: 7 as unknown as string }, 'missing or unreadable'],
    ] as const) {
      const check = useElectronNativeModule(devBuild(info));
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.message).toContain(words);
    }
    expect(nativeBindingPath()).toBeUndefined();
  });

  it('reports an addon that does not load, with the loader\'s reason', () => {
    const location = devBuild();
    writeFileSync(nativeAddonPath(location), 'not a shared library');
    const check = useElectronNativeModule(location);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.message).toMatch(/could not be loaded: .*(invalid ELF header|not a valid|file too short)/i);
    expect(nativeBindingPath()).toBeUndefined();
  });

  it('tells a person with a packaged copy to reinstall, not to run npm', () => {
    const check = useElectronNativeModule({ packaged: true, resourcesPath: makeTempDir('resources') });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.title).toBe('This copy of Roster is damaged');
    expect(check.message).toContain('Reinstall Roster');
    expect(check.message).not.toContain('npm');
  });
});
