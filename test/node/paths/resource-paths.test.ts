// The one module that says where Roster's shipped files are, driven in both layouts:
// the repository (development, CLI, tests) and a packaged app laid out in a temp
// folder exactly as electron-builder lays it out (resources/app.asar with an
// app.asar.unpacked native module, and the extraResources next to them).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as asar from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrationSet } from '../../../main/features/workspace/node/migrations/migration-set.js';
import {
  APP_LAYOUT,
  developmentLocation,
  missingResources,
  PACKAGED_RESOURCE_LAYOUT,
  resourcePaths,
  type ResourcePaths,
} from '../../../main/kernel/node/paths/resource-paths.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..', '..', '..');
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

describe('development layout', () => {
  it('finds the repository from any folder inside it', () => {
    const location = developmentLocation(here);
    expect(location).toEqual({ packaged: false, appPath: repo, resourcesPath: repo });
  });

  it('refuses a folder outside any Roster checkout', () => {
    const stranger = mkdtempSync(join(tmpdir(), 'roster-no-repo-'));
    try {
      writeFileSync(join(stranger, 'package.json'), JSON.stringify({ name: 'something-else' }));
      expect(() => developmentLocation(stranger)).toThrow(/no Roster package\.json/);
    } finally {
      rmSync(stranger, { recursive: true, force: true });
    }
  });

  it('points at the sources of the migrations and icons, and at dist/ for the bundles', () => {
    const paths = resourcePaths(developmentLocation(here));
    expect(paths.migrationsDir).toBe(join(repo, 'prisma', 'migrations'));
    expect(paths.rendererHtml).toBe(join(repo, 'dist', 'renderer', 'index.html'));
    expect(paths.preloadFile).toBe(join(repo, 'dist', 'preload', 'preload.cjs'));
    expect(paths.mainFile).toBe(join(repo, 'dist', 'main', 'main.mjs'));
    // The files that exist without a build:
    const set = loadMigrationSet(paths.migrationsDir);
    expect(set.migrations.length).toBeGreaterThan(0);
    expect(readFileSync(paths.windowIcon).subarray(0, 4)).toEqual(PNG_MAGIC);
  });

  it('agrees with package.json about the main bundle', () => {
    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { main?: string };
    expect(manifest.main).toBe(APP_LAYOUT.main);
  });
});

let installDir: string;
let resources: string;
let archive: string;

// The packaged install the packaged-layout tests read, made once for the file, like
// electron-builder's output: resources/app.asar (+ .unpacked) and extraResources.
beforeAll(async () => {
  installDir = mkdtempSync(join(tmpdir(), 'roster-packaged-'));
  resources = join(installDir, 'resources');
  const stage = join(installDir, 'stage');
  const put = (path: string, content: string | Buffer) => {
    const file = join(stage, ...path.split('/'));
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content);
  };
  put('package.json', JSON.stringify({ name: 'roster', productName: 'Roster', main: APP_LAYOUT.main }));
  put(APP_LAYOUT.main, 'export {};\n');
  put(APP_LAYOUT.taskWorker, '"use strict";\n');
  put(APP_LAYOUT.preload, '"use strict";\n');
  put(APP_LAYOUT.rendererHtml, '<!doctype html><script type="module" src="app.js"></script>\n');
  put(`${APP_LAYOUT.rendererDir}/app.js`, 'document.title = "Roster";\n');
  put('node_modules/better-sqlite3/package.json', JSON.stringify({ name: 'better-sqlite3', main: 'lib/index.js' }));
  put('node_modules/better-sqlite3/build/Release/better_sqlite3.node', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]));
  mkdirSync(resources, { recursive: true });
  archive = join(resources, 'app.asar');
  await asar.createPackageWithOptions(stage, archive, { unpack: '*.node' });
  rmSync(stage, { recursive: true, force: true });
  // extraResources, as electron-builder.yml copies them.
  cpSync(join(repo, 'prisma', 'migrations'), join(resources, ...PACKAGED_RESOURCE_LAYOUT.migrations.split('/')), { recursive: true });
  const icon = join(resources, ...PACKAGED_RESOURCE_LAYOUT.windowIcon.split('/'));
  mkdirSync(join(icon, '..'), { recursive: true });
  cpSync(join(repo, 'build', 'icons', '512x512.png'), icon);
});

afterAll(() => rmSync(installDir, { recursive: true, force: true }));

const location = () => ({ packaged: true, appPath: archive, resourcesPath: resources });

/** What Electron's patched fs answers for paths inside app.asar; plain fs elsewhere. */
function existsPackaged(path: string): boolean {
  if (!path.startsWith(archive + sep)) return existsSync(path);
  const inside = relative(archive, path);
  try {
    asar.statFile(archive, inside);
    return true;
  } catch {
    return false;
  }
}

describe('packaged layout', () => {
  it('reads the migrations from plain files next to app.asar, identical to the sources', () => {
    const paths = resourcePaths(location());
    expect(paths.migrationsDir).toBe(join(resources, 'migrations'));
    expect(paths.migrationsDir.startsWith(archive)).toBe(false);
    const packaged = loadMigrationSet(paths.migrationsDir);
    const source = loadMigrationSet(join(repo, 'prisma', 'migrations'));
    expect(packaged.migrations.map((m) => [m.name, m.checksum])).toEqual(source.migrations.map((m) => [m.name, m.checksum]));
  });

  it('loads the renderer, preload and main bundle from inside app.asar', () => {
    const paths = resourcePaths(location());
    for (const key of ['rendererHtml', 'preloadFile', 'mainFile', 'taskWorkerFile'] as const) {
      expect(paths[key].startsWith(archive + sep), key).toBe(true);
      expect(() => asar.statFile(archive, relative(archive, paths[key])), key).not.toThrow();
    }
    expect(asar.extractFile(archive, relative(archive, paths.rendererHtml)).toString('utf8')).toContain('app.js');
    expect(paths.rendererDir).toBe(join(archive, 'dist', 'renderer'));
  });

  it('takes the window icon from the extraResources', () => {
    const paths = resourcePaths(location());
    expect(paths.windowIcon).toBe(join(resources, 'icons', 'roster.png'));
    expect(readFileSync(paths.windowIcon).subarray(0, 4)).toEqual(PNG_MAGIC);
  });

  it('never answers with a path in the repository or in app.asar.unpacked', () => {
    const paths: ResourcePaths = resourcePaths(location());
    for (const [key, path] of Object.entries(paths)) {
      expect(path.startsWith(resources + sep), key).toBe(true);
      expect(path.includes('app.asar.unpacked'), key).toBe(false);
    }
  });
});

describe('packaged layout: the native module, missing pieces', () => {
  it('the native module sits in app.asar.unpacked, where Electron loads it from', () => {
    const unpacked = join(`${archive}.unpacked`, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    expect(existsSync(unpacked)).toBe(true);
    const entry = asar.statFile(archive, join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
    expect('unpacked' in entry && entry.unpacked).toBe(true);
  });

  it('reports nothing missing in a complete install', () => {
    expect(missingResources(resourcePaths(location()), existsPackaged)).toEqual([]);
  });

  it('reports each missing piece of a broken install by name', () => {
    const paths = resourcePaths(location());
    const lock = join(paths.migrationsDir, 'migration_lock.toml');
    const saved = readFileSync(lock);
    rmSync(lock);
    try {
      expect(missingResources(paths, existsPackaged)).toEqual([`migration_lock.toml: ${lock}`]);
    } finally {
      writeFileSync(lock, saved);
    }
    const elsewhere = { ...location(), resourcesPath: join(installDir, 'nowhere'), appPath: join(installDir, 'nowhere', 'app.asar') };
    const missing = missingResources(resourcePaths(elsewhere), existsPackaged);
    expect(missing.map((line) => line.split(':')[0])).toEqual([
      'migrationsDir',
      'rendererHtml',
      'preloadFile',
      'mainFile',
      'taskWorkerFile',
    ]);
  });
});
