// Where Roster keeps its own data on each OS, and the ROSTER_DATA_DIR override. The
// per-OS answers must equal Electron's app.getPath('userData') for productName Roster
// (appData + productName), so the Electron app and the CLI share one catalog.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  appDataDir,
  DATA_DIR_ENV,
  dataDir,
  dataPaths,
  PRODUCT_NAME,
  type DataDirContext,
} from '../../../main/kernel/node/paths/data-paths.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

function on(
  platform: NodeJS.Platform,
  env: Record<string, string> = {},
  home = platform === 'win32' ? 'C:\\Users\\ann' : platform === 'darwin' ? '/Users/ann' : '/home/ann',
): DataDirContext {
  return { platform, env, homedir: home, cwd: platform === 'win32' ? 'D:\\work' : '/work' };
}

describe('dataDir per OS', () => {
  it('Linux: ~/.config/Roster, or $XDG_CONFIG_HOME/Roster', () => {
    expect(dataDir(on('linux'))).toBe('/home/ann/.config/Roster');
    expect(dataDir(on('linux', { XDG_CONFIG_HOME: '/data/config' }))).toBe('/data/config/Roster');
  });

  it('Linux: ignores an empty or relative XDG_CONFIG_HOME, as the XDG spec says', () => {
    expect(dataDir(on('linux', { XDG_CONFIG_HOME: '' }))).toBe('/home/ann/.config/Roster');
    expect(dataDir(on('linux', { XDG_CONFIG_HOME: 'config' }))).toBe('/home/ann/.config/Roster');
  });

  it('other Unix systems follow the Linux rule', () => {
    expect(dataDir(on('freebsd'))).toBe('/home/ann/.config/Roster');
  });

  it('macOS: ~/Library/Application Support/Roster, whatever XDG says', () => {
    expect(dataDir(on('darwin', { XDG_CONFIG_HOME: '/elsewhere' }))).toBe('/Users/ann/Library/Application Support/Roster');
  });

  it('Windows: %APPDATA%\\Roster, falling back to the roaming folder in the profile', () => {
    expect(dataDir(on('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }))).toBe('C:\\Users\\ann\\AppData\\Roaming\\Roster');
    expect(dataDir(on('win32'))).toBe('C:\\Users\\ann\\AppData\\Roaming\\Roster');
  });

  it('appDataDir is the folder without the product name', () => {
    expect(appDataDir(on('linux'))).toBe('/home/ann/.config');
    expect(appDataDir(on('darwin'))).toBe('/Users/ann/Library/Application Support');
  });
});

describe(`${DATA_DIR_ENV}`, () => {
  it('wins on every OS', () => {
    expect(dataDir(on('linux', { [DATA_DIR_ENV]: '/srv/roster', XDG_CONFIG_HOME: '/x' }))).toBe('/srv/roster');
    expect(dataDir(on('darwin', { [DATA_DIR_ENV]: '/Volumes/usb/roster' }))).toBe('/Volumes/usb/roster');
    expect(dataDir(on('win32', { [DATA_DIR_ENV]: 'E:\\Roster', APPDATA: 'C:\\x' }))).toBe('E:\\Roster');
  });

  it('is resolved against the working folder when relative, and ignored when blank', () => {
    expect(dataDir(on('linux', { [DATA_DIR_ENV]: 'profile' }))).toBe('/work/profile');
    expect(dataDir(on('win32', { [DATA_DIR_ENV]: 'profile' }))).toBe('D:\\work\\profile');
    expect(dataDir(on('linux', { [DATA_DIR_ENV]: '  ' }))).toBe('/home/ann/.config/Roster');
  });

  describe('in this process', () => {
    const saved = process.env[DATA_DIR_ENV];
    afterEach(() => {
      if (saved === undefined) delete process.env[DATA_DIR_ENV];
      else process.env[DATA_DIR_ENV] = saved;
    });

    it('is read from process.env by default', () => {
      const dir = mkdtempSync(join(tmpdir(), 'roster-data-'));
      try {
        process.env[DATA_DIR_ENV] = dir;
        expect(dataDir()).toBe(dir);
        expect(dataPaths(dataDir()).backupsDir).toBe(join(dir, 'backups'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe('dataPaths', () => {
  it('lays out the catalog, backups, trash, logs and new workspaces inside the data folder', () => {
    expect(dataPaths('/home/ann/.config/Roster', 'linux')).toEqual({
      root: '/home/ann/.config/Roster',
      catalogFile: '/home/ann/.config/Roster/catalog.db',
      legacyCatalogFile: '/home/ann/.config/Roster/catalog.json',
      windowStateFile: '/home/ann/.config/Roster/window-state.json',
      backupsDir: '/home/ann/.config/Roster/backups',
      trashDir: '/home/ann/.config/Roster/trash',
      logsDir: '/home/ann/.config/Roster/logs',
      workspacesDir: '/home/ann/.config/Roster/workspaces',
    });
  });

  it('uses Windows separators on Windows', () => {
    const paths = dataPaths('C:\\Users\\ann\\AppData\\Roaming\\Roster', 'win32');
    expect(paths.backupsDir).toBe('C:\\Users\\ann\\AppData\\Roaming\\Roster\\backups');
    expect(paths.catalogFile).toBe('C:\\Users\\ann\\AppData\\Roaming\\Roster\\catalog.db');
  });
});

describe('agreement with Electron', () => {
  it('uses the productName Electron names userData after (package.json; the builder config is held to it elsewhere)', () => {
    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { productName?: string };
    expect(manifest.productName).toBe(PRODUCT_NAME);
  });
});
