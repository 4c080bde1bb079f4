// The start-up check of better-sqlite3's addon, run under Node with the real addon: the
// Node-API prebuild inside node_modules/better-sqlite3, the very file the Electron main
// process loads in development. The starts that fail (prebuild missing, not a library)
// need a process of their own, so test/shell covers them with the real main bundle.
import { readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addonFailure,
  addonKind,
  checkSqlite,
  developmentAddonPath,
  loadedAddons,
  NODE_API_MARKER,
  packagedAddonPath,
  PER_ABI_MARKER,
  prebuildName,
} from '../../../main/app/node/native-module.js';
import { REPO_ROOT } from '../../support/workspace-fixtures.js';

// Where Node finds better-sqlite3 for this project, by real path (node_modules may be a link).
const packageDir = realpathSync(join(REPO_ROOT, 'node_modules', 'better-sqlite3'));

describe('the start-up check', () => {
  it('opens SQLite through the driver and names the prebuild this process loaded', () => {
    const check = checkSqlite({ packaged: false, fromUrl: import.meta.url });
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.sqliteVersion).toMatch(/^3\.54\.\d+$/);
    expect(check.path).toBe(developmentAddonPath(import.meta.url));
    // The real file: better-sqlite3's own prebuild for this platform, not a build of ours.
    expect(dirname(check.path ?? '')).toBe(join(packageDir, 'prebuilds'));
    expect(basename(check.path ?? '')).toMatch(/^(linux|linuxmusl|darwin|win32)-(x64|arm64)\.node$/);
    expect(addonKind(readFileSync(check.path ?? ''))).toBe('node-api');
  });

  it('finds exactly one better-sqlite3 addon among the shared objects the process loaded', () => {
    checkSqlite({ packaged: false, fromUrl: import.meta.url });
    expect(loadedAddons()).toEqual([developmentAddonPath(import.meta.url)]);
  });
});

describe('where the prebuild is', () => {
  it('in development: prebuilds/<platform>-<arch>.node of the better-sqlite3 Node resolves', () => {
    expect(developmentAddonPath(import.meta.url)).toBe(join(packageDir, 'prebuilds', basename(developmentAddonPath(import.meta.url))));
    expect(basename(developmentAddonPath(import.meta.url))).toMatch(new RegExp(`-${process.arch}\\.node$`));
  });

  it('packaged: in app.asar.unpacked beside the archive, named for the target', () => {
    expect(packagedAddonPath('/opt/Roster/resources', 'linux', 'arm64')).toBe(
      join('/opt/Roster/resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'prebuilds', 'linux-arm64.node'),
    );
    expect(prebuildName('win32', 'x64')).toBe('win32-x64.node');
    expect(prebuildName('linux', 'x64', true)).toBe('linuxmusl-x64.node');
    expect(prebuildName('darwin', 'arm64', true)).toBe('darwin-arm64.node');
  });
});

describe('what kind of addon a file is', () => {
  it('tells a Node-API addon from a per-ABI build and from anything else', () => {
    expect(addonKind(readFileSync(join(packageDir, 'prebuilds', 'win32-x64.node')))).toBe('node-api');
    expect(addonKind(readFileSync(join(packageDir, 'prebuilds', 'darwin-arm64.node')))).toBe('node-api');
    expect(addonKind(Buffer.from(`\x7fELF...${NODE_API_MARKER}...${PER_ABI_MARKER}150...`, 'latin1'))).toBe('per-abi');
    expect(addonKind(Buffer.from('this is not a shared library\n'))).toBe('unknown');
  });
});

describe('the words when the addon does not load', () => {
  const error = new Error('invalid ELF header');

  it('packaged: the copy is damaged, reinstall; the file is named and npm is not', () => {
    const failure = addonFailure({ packaged: true, resourcesPath: REPO_ROOT }, error);
    const file = packagedAddonPath(REPO_ROOT);
    expect(failure).toEqual({
      ok: false,
      path: file,
      title: 'This copy of Roster is damaged',
      message:
        `Roster's database module (better-sqlite3's addon for ${process.platform}-${process.arch}) ` +
        `is missing.\n\nLooked for: ${file}\n\nReinstall Roster to repair it.`,
    });
  });

  it("development, file present: the loader's reason, the file, and npm install", () => {
    const failure = addonFailure({ packaged: false, fromUrl: import.meta.url }, error);
    expect(failure.title).toBe("Roster's database module does not load");
    expect(failure.message).toBe(
      `Roster's database module could not be loaded: invalid ELF header\n\nFile: ${developmentAddonPath(import.meta.url)}\n\n` +
        'Run `npm install` again (it puts better-sqlite3 and its prebuilt addon back), then start Roster again.',
    );
  });

  it('development, better-sqlite3 not installed where main is: says so instead of throwing', () => {
    const failure = addonFailure(
      { packaged: false, fromUrl: 'file:///nowhere/dist/main/main.mjs' },
      new Error("Cannot find package 'better-sqlite3'"),
    );
    expect(failure).toMatchObject({ ok: false, path: null, title: "Roster's database module is missing" });
    expect(failure.message).toContain("better-sqlite3 itself could not be found: Cannot find package 'better-sqlite3'");
    expect(failure.message).toContain('Run `npm install` again');
  });
});
