// electron-builder.yml's key settings, parsed with the YAML parser, glob matcher and
// macro expander electron-builder itself uses, so an edit that drops a target, the file
// association, the one better-sqlite3 prebuild and its unpacking, or the migrations
// cannot go unnoticed. What the settings produce is checked by `npm run pack:check`
// (and the afterPack hook); this test pins what they say.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PRODUCT_NAME } from '../../../main/kernel/node/paths/data-paths.js';
import { ASAR_UNPACKED_DIR, packagedAddonPath, PREBUILDS_DIR } from '../../../main/app/node/native-module.js';
import { APP_LAYOUT, DEV_RESOURCE_LAYOUT, PACKAGED_RESOURCE_LAYOUT } from '../../../main/kernel/node/paths/resource-paths.js';
import { WORKSPACE_EXTENSION } from '../../../main/kernel/node/sqlite/sqlite-file.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

// Resolved the way electron-builder resolves them, not as our own dependencies.
const builderRequire = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const yaml = builderRequire('js-yaml') as { load(text: string): unknown };
const { Minimatch } = builderRequire('minimatch') as {
  Minimatch: new (pattern: string, options: { dot: boolean }) => { match(path: string): boolean };
};
// How electron-builder fills in ${arch}, ${platform}... in a file pattern (`arch` is the one being packaged).
const { expandMacro } = builderRequire('./out/util/macroExpander.js') as {
  expandMacro(pattern: string, arch: string | null, appInfo: object, extra?: object): string;
};

const Target = z.union([z.string(), z.object({ target: z.string() }).loose()]);
const Platform = z.object({ target: z.array(Target), icon: z.string() }).loose();
const Config = z
  .object({
    appId: z.string(),
    productName: z.string(),
    directories: z.object({ buildResources: z.string(), output: z.string() }).loose(),
    files: z.array(z.string()),
    extraResources: z.array(z.object({ from: z.string(), to: z.string(), filter: z.array(z.string()).optional() }).loose()),
    asar: z.object({ smartUnpack: z.literal(false) }).loose(),
    asarUnpack: z.array(z.string()),
    npmRebuild: z.boolean(),
    afterPack: z.string(),
    electronFuses: z.record(z.string(), z.boolean()),
    fileAssociations: z.array(
      z
        .object({ ext: z.union([z.string(), z.array(z.string())]), name: z.string(), mimeType: z.string(), role: z.string().optional() })
        .loose(),
    ),
    linux: Platform.extend({ executableName: z.string(), category: z.string(), maintainer: z.string() }),
    win: Platform,
    mac: Platform,
    nsis: z.object({ deleteAppDataOnUninstall: z.boolean() }).loose(),
  })
  .loose();

const config = Config.parse(yaml.load(readFileSync(join(repo, 'electron-builder.yml'), 'utf8')));
const manifest = z
  .object({ name: z.string(), productName: z.string(), main: z.string(), scripts: z.record(z.string(), z.string()) })
  .loose()
  .parse(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')));

const targetsOf = (platform: z.infer<typeof Platform>) => platform.target.map((t) => (typeof t === 'string' ? t : t.target));
const matchesAny = (patterns: string[], path: string) => patterns.some((pattern) => new Minimatch(pattern, { dot: true }).match(path));

describe('identity', () => {
  it('is Roster, with a reverse-DNS appId, the same product name as package.json', () => {
    expect(config.productName).toBe(PRODUCT_NAME);
    expect(manifest.productName).toBe(PRODUCT_NAME);
    expect(config.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*){2,}$/);
  });

  it('starts the main bundle the build writes', () => {
    expect(manifest.main).toBe(APP_LAYOUT.main);
  });
});

describe('targets', () => {
  it('builds AppImage and deb on Linux, NSIS on Windows, dmg on macOS', () => {
    expect(targetsOf(config.linux)).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(targetsOf(config.win)).toContain('nsis');
    expect(targetsOf(config.mac)).toContain('dmg');
  });

  it('names the Linux executable roster and gives deb a maintainer with an address', () => {
    expect(config.linux.executableName).toBe('roster');
    expect(config.linux.maintainer).toMatch(/<[^@\s]+@[^>\s]+>/);
  });

  it('never deletes the data folder (catalog, backups, trash) on uninstall', () => {
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false);
  });

  it('has npm scripts for installers and the offline package check, and none builds anything native', () => {
    expect(manifest.scripts['dist']).toMatch(/build\.mjs --production/);
    // The installer step runs electron-builder, which takes better-sqlite3's prebuild as it is.
    expect(manifest.scripts['dist']?.split(' && ').at(-1)).toBe('node scripts/dist.mjs');
    const dist = readFileSync(join(repo, 'scripts', 'dist.mjs'), 'utf8');
    expect(dist).toMatch(/electron-builder/);
    expect(dist).not.toMatch(/electron-native|node-gyp|@electron\/rebuild|ROSTER_ELECTRON_NATIVE_DIR/);
    for (const [name, script] of Object.entries(manifest.scripts))
      expect(script, name).not.toMatch(/electron-native|electron:native|rebuild/);
    expect(existsSync(join(repo, 'scripts', 'electron-native.mjs'))).toBe(false);
    expect(manifest.scripts['pack:check']).toBe('node scripts/pack-check.mjs');
    expect(manifest.scripts['test']?.split(' && ')).toContain('npm run pack:check');
  });
});

describe('file association', () => {
  it('opens .roster workspaces in Roster on every OS', () => {
    const association = config.fileAssociations.find((a) =>
      [a.ext]
        .flat()
        .map((ext) => ext.replace(/^\./, ''))
        .includes(WORKSPACE_EXTENSION.slice(1)),
    );
    expect(association, `no association for ${WORKSPACE_EXTENSION}`).toBeDefined();
    // mimeType: Linux (desktop entry + shared-mime-info); role: macOS.
    expect(association?.mimeType).toMatch(/^application\/[a-z0-9.+-]+$/);
    expect(association?.role).toBe('Editor');
  });
});

describe('contents', () => {
  it('packs the built bundles and nothing from the sources, tests or maps', () => {
    for (const file of [APP_LAYOUT.main, APP_LAYOUT.preload, APP_LAYOUT.rendererHtml]) {
      expect(matchesAny(config.files, file), file).toBe(true);
    }
    const positive = config.files.filter((pattern) => !pattern.startsWith('!'));
    for (const stray of [
      'main/kernel/node/paths/resource-paths.ts',
      'test/node/paths/resource-paths.test.ts',
      'prisma/schema.prisma',
      'dist/cli/roster.mjs',
      'scripts/build.mjs',
    ]) {
      expect(matchesAny(positive, stray), stray).toBe(false);
    }
    const negative = config.files.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1));
    expect(matchesAny(negative, 'dist/main/main.mjs.map')).toBe(true);
  });

  it("keeps better-sqlite3's JavaScript, drops its sources, build files and the packages already bundled into main.mjs", () => {
    const excluded = config.files.filter((pattern) => pattern.startsWith('!')).map((pattern) => expandMacro(pattern.slice(1), 'x64', {}));
    for (const kept of ['lib/index.js', 'lib/binding.js', 'lib/methods/wrappers.js', 'package.json', 'LICENSE']) {
      expect(matchesAny(excluded, `node_modules/better-sqlite3/${kept}`), kept).toBe(false);
    }
    // A node-gyp build/ would win over the prebuild in lib/binding.js: never shipped.
    expect(matchesAny(excluded, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    expect(matchesAny(excluded, 'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c')).toBe(true);
    expect(matchesAny(excluded, 'node_modules/better-sqlite3/src/better_sqlite3.cpp')).toBe(true);
    expect(matchesAny(excluded, 'node_modules/better-sqlite3/binding.gyp')).toBe(true);
    // node-addon-api is C++ headers for compiling from source; @prisma/client and zod are in main.mjs.
    for (const bundled of ['node-addon-api/napi.h', '@prisma/client/package.json', 'zod/package.json', 'bindings/bindings.js']) {
      expect(matchesAny(excluded, `node_modules/${bundled}`), bundled).toBe(true);
    }
  });

  it('ships exactly one prebuild: the one for the platform and architecture being packaged', () => {
    const prebuilds = readdirSync(join(repo, ...PREBUILDS_DIR.split('/')));
    expect(prebuilds.length).toBeGreaterThan(2);
    for (const arch of ['x64', 'arm64']) {
      // ${platform} is electron-builder's process.platform, so this machine's; ${arch} the target's.
      const excluded = config.files.filter((pattern) => pattern.startsWith('!')).map((pattern) => expandMacro(pattern.slice(1), arch, {}));
      const shipped = prebuilds.filter((name) => !matchesAny(excluded, `${PREBUILDS_DIR}/${name}`));
      expect(shipped, arch).toEqual([`${process.platform}-${arch}.node`]);
    }
  });

  it('unpacks that prebuild (and nothing else) beside app.asar, where the main process loads it, checked after packing', () => {
    expect(config.asar.smartUnpack).toBe(false);
    const resources = join('/opt', 'Roster', 'resources');
    const addon = relative(join(resources, ASAR_UNPACKED_DIR), packagedAddonPath(resources, 'linux', 'x64'))
      .split(sep)
      .join('/');
    expect(matchesAny(config.asarUnpack, addon)).toBe(true);
    for (const packed of [
      'node_modules/better-sqlite3/lib/binding.js',
      'node_modules/better-sqlite3/package.json',
      'dist/main/main.mjs',
      'dist/main/task-worker.cjs',
    ]) {
      expect(matchesAny(config.asarUnpack, packed), packed).toBe(false);
    }
    expect(config.afterPack).toBe('./scripts/after-pack.mjs');
    expect(existsSync(join(repo, config.afterPack))).toBe(true);
    // No separate native build beside the archive any more.
    expect(config.extraResources.map((entry) => entry.to)).not.toContain('native');
  });

  it('never rebuilds node_modules (the prebuild is the addon; a rebuild would compile better-sqlite3 from source)', () => {
    expect(config.npmRebuild).toBe(false);
  });

  it('leaves cookie encryption off: Roster keeps no cookies, and the fuse makes the keychain ask', () => {
    expect(config.electronFuses['enableCookieEncryption']).toBeUndefined();
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
  });

  it('ships the migrations and the window icon where resource-paths.ts looks for them', () => {
    const byTarget = new Map(config.extraResources.map((entry) => [entry.to, entry]));
    const migrations = byTarget.get(PACKAGED_RESOURCE_LAYOUT.migrations);
    expect(migrations?.from).toBe(DEV_RESOURCE_LAYOUT.migrations);
    // Every file a migration set needs passes the filter.
    const filter = migrations?.filter ?? ['**/*'];
    const needed = [
      'migration_lock.toml',
      ...readdirSync(join(repo, DEV_RESOURCE_LAYOUT.migrations), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => `${e.name}/migration.sql`),
    ];
    for (const file of needed) expect(matchesAny(filter, file), file).toBe(true);
    expect(byTarget.get(PACKAGED_RESOURCE_LAYOUT.windowIcon)?.from).toBe(DEV_RESOURCE_LAYOUT.windowIcon);
  });
});

describe('icons', () => {
  const read = (path: string) => readFileSync(join(repo, path));

  it('has a PNG set for Linux, 16 to 512 pixels', () => {
    const dir = config.linux.icon;
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      const png = read(`${dir}/${size}x${size}.png`);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });

  it('gives Windows and macOS the 1024 pixel master PNG, which electron-builder turns into .ico and .icns', () => {
    for (const icon of [config.win.icon, config.mac.icon]) {
      expect(icon).toBe('build/icon.png');
      const png = read(icon);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
      // 8-bit RGBA: the transparent corners survive the conversion.
      expect([png[24], png[25]]).toEqual([8, 6]);
    }
  });

  it('are what scripts/make-icons.mjs renders from the one master image, build/icon.svg', () => {
    expect(existsSync(join(repo, 'build', 'icon.svg'))).toBe(true);
    const result = spawnSync(process.execPath, [join(repo, 'scripts', 'make-icons.mjs'), '--check'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
