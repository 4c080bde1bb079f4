// scripts/package-checks.mjs, the checks the afterPack hook runs on every packaged app
// (and pack:check prints), against real resources folders: an app.asar written with
// @electron/asar (which also writes app.asar.unpacked), better-sqlite3's real lib/ and
// real prebuilds, and the faults a release must never carry.
import { copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as asar from '@electron/asar';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs, REPO_ROOT } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

interface Check {
  readonly what: string;
  readonly ok: boolean;
  readonly detail: string;
}
type Entries = Map<string, { size: number; unpacked: boolean }>;
interface PackageChecks {
  asarEntries(archive: string): Entries;
  asarReader(archive: string): (path: string) => Buffer;
  addonChecks(options: { resourcesDir: string; platform: string; arch: string; entries: Entries }): Check[];
  requireChecks(entries: Entries, read: (path: string) => Buffer): Promise<{ check: Check; needed: Set<string> }>;
}
// A plain JavaScript module of the build scripts: no type declarations.
const checks = (await import(pathToFileURL(join(REPO_ROOT, 'scripts', 'package-checks.mjs')).href)) as PackageChecks;

const SQLITE = join(REPO_ROOT, 'node_modules', 'better-sqlite3');

interface Layout {
  /** Prebuilds to put in node_modules/better-sqlite3/prebuilds: name -> bytes (default: the real file of that name). */
  readonly prebuilds?: Record<string, Buffer | null>;
  /** What electron-builder's asarUnpack would name; none leaves .node files inside the archive. */
  readonly unpack?: string;
  /** The main bundle's source. */
  readonly main?: string;
  readonly extraPackages?: readonly string[];
}

async function packaged(layout: Layout = {}): Promise<{ resourcesDir: string; entries: Entries; read: (path: string) => Buffer }> {
  const root = makeTempDir('package-checks');
  const app = join(root, 'app');
  mkdirSync(join(app, 'dist', 'main'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'roster', main: 'dist/main/main.mjs' }));
  writeFileSync(
    join(app, 'dist', 'main', 'main.mjs'),
    layout.main ?? "import { join } from 'node:path';\nimport Database from 'better-sqlite3';\nexport { join, Database };\n",
  );
  const sqlite = join(app, 'node_modules', 'better-sqlite3');
  mkdirSync(join(sqlite, 'prebuilds'), { recursive: true });
  copyFileSync(join(SQLITE, 'package.json'), join(sqlite, 'package.json'));
  cpSync(join(SQLITE, 'lib'), join(sqlite, 'lib'), { recursive: true });
  for (const [name, bytes] of Object.entries(layout.prebuilds ?? { 'linux-x64.node': null })) {
    if (bytes) writeFileSync(join(sqlite, 'prebuilds', name), bytes);
    else copyFileSync(join(SQLITE, 'prebuilds', name), join(sqlite, 'prebuilds', name));
  }
  for (const name of layout.extraPackages ?? []) {
    mkdirSync(join(app, 'node_modules', name), { recursive: true });
    writeFileSync(join(app, 'node_modules', name, 'package.json'), JSON.stringify({ name }));
  }
  const resourcesDir = join(root, 'resources');
  mkdirSync(resourcesDir);
  const archive = join(resourcesDir, 'app.asar');
  await asar.createPackageWithOptions(app, archive, layout.unpack === '' ? {} : { unpack: layout.unpack ?? '*.node' });
  return { resourcesDir, entries: checks.asarEntries(archive), read: checks.asarReader(archive) };
}

function failures(list: Check[]): Record<string, string> {
  return Object.fromEntries(list.filter((check) => !check.ok).map((check) => [check.what, check.detail]));
}

describe('addonChecks', () => {
  it("passes a package with the target's real Node-API prebuild unpacked beside app.asar", async () => {
    const { resourcesDir, entries } = await packaged();
    const list = checks.addonChecks({ resourcesDir, platform: 'linux', arch: 'x64', entries });
    expect(failures(list)).toEqual({});
    expect(list.map((check) => check.what)).toContain('a Node-API addon (ELF)');
  });

  it('fails when the unpacked file is gone, though the archive still lists it', async () => {
    const { resourcesDir, entries } = await packaged();
    rmSync(join(resourcesDir, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'prebuilds', 'linux-x64.node'));
    expect(failures(checks.addonChecks({ resourcesDir, platform: 'linux', arch: 'x64', entries }))).toEqual({
      'better-sqlite3 prebuild for linux-x64, unpacked beside app.asar':
        'app.asar.unpacked/node_modules/better-sqlite3/prebuilds/linux-x64.node missing',
    });
  });

  it("fails a per-ABI build, and a file of another format than the target's", async () => {
    const perAbi = Buffer.concat([
      Buffer.from([0x7f, 0x45, 0x4c, 0x46]),
      Buffer.from('..napi_register_module_v1..node_register_module_v150..', 'latin1'),
    ]);
    const { resourcesDir, entries } = await packaged({ prebuilds: { 'linux-x64.node': perAbi } });
    expect(failures(checks.addonChecks({ resourcesDir, platform: 'linux', arch: 'x64', entries }))['a Node-API addon (ELF)']).toMatch(
      /node_register_module_v\*: built for one runtime's ABI/,
    );

    const elfForWindows = await packaged({ prebuilds: { 'win32-x64.node': perAbi.subarray(0, 4) } });
    const wrong = failures(
      checks.addonChecks({ resourcesDir: elfForWindows.resourcesDir, platform: 'win32', arch: 'x64', entries: elfForWindows.entries }),
    );
    expect(wrong['a Node-API addon (PE)']).toBe('win32-x64.node does not export napi_register_module_v1');
  });

  it("fails another platform's prebuild beside the target's, and a .node file left inside the archive", async () => {
    const both = await packaged({ prebuilds: { 'linux-x64.node': null, 'darwin-arm64.node': null } });
    expect(
      failures(checks.addonChecks({ resourcesDir: both.resourcesDir, platform: 'linux', arch: 'x64', entries: both.entries })),
    ).toEqual({
      "no other native file (other platforms' prebuilds, a node-gyp build)": 'node_modules/better-sqlite3/prebuilds/darwin-arm64.node',
    });

    const packed = await packaged({ unpack: '' });
    const found = failures(
      checks.addonChecks({ resourcesDir: packed.resourcesDir, platform: 'linux', arch: 'x64', entries: packed.entries }),
    );
    expect(found['no native file inside app.asar itself']).toBe('node_modules/better-sqlite3/prebuilds/linux-x64.node');
    expect(found['better-sqlite3 prebuild for linux-x64, unpacked beside app.asar']).toMatch(/missing/);
  });

  it('fails node-addon-api (headers for compiling from source) in the package', async () => {
    const { resourcesDir, entries } = await packaged({ extraPackages: ['node-addon-api'] });
    expect(Object.keys(failures(checks.addonChecks({ resourcesDir, platform: 'linux', arch: 'x64', entries })))).toEqual([
      'no better-sqlite3 sources or build files, no node-addon-api',
    ]);
  });
});

describe('requireChecks', () => {
  it('follows the bundle into better-sqlite3 and finds every package it needs in the archive', async () => {
    const { entries, read } = await packaged();
    const { check, needed } = await checks.requireChecks(entries, read);
    expect(check).toMatchObject({ ok: true, detail: 'better-sqlite3' });
    expect([...needed]).toEqual(['node_modules/better-sqlite3']);
  });

  it('names a package the bundle requires that the archive lacks, but not electron', async () => {
    const { entries, read } = await packaged({
      main:
        "import { app } from 'electron';\nimport Database from 'better-sqlite3';\n" +
        "import { z } from 'zod';\nexport { app, Database, z };\n",
    });
    const { check } = await checks.requireChecks(entries, read);
    expect(check).toMatchObject({ ok: false, detail: 'missing: zod (from dist/main/main.mjs)' });
  });
});
