// scripts/electron-native.mjs, the step of `npm start` and `npm run dist` that builds
// better-sqlite3 for Electron. Without Electron's headers it must stop at once and say
// what is missing, writing nothing; a current build is left alone; a stale one is
// rebuilt. The headers URL points at a closed local port and HOME at an empty folder,
// so the run is offline wherever the test runs.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { abiMarker, BUILD_INFO_FILE, NATIVE_ADDON_FILE } from '../../../main/node/app/native-module.js';
import { makeTempDir, removeTempDirs, REPO_ROOT } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

const script = join(REPO_ROOT, 'scripts', 'electron-native.mjs');
const electron = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string };
const abi = readFileSync(join(REPO_ROOT, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
const betterSqlite3 = (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as { version: string }).version;
const nodeBuild = join(REPO_ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', NATIVE_ADDON_FILE);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function run(cacheDir: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: makeTempDir('home'), USERPROFILE: makeTempDir('home'), ELECTRON_REBUILD_DIST_URL: `http://127.0.0.1:${await closedPort()}/headers` };
  delete env['ROSTER_ELECTRON_CLANG'];
  const started = Date.now();
  const child = spawn(process.execPath, [script, '--cache-dir', cacheDir], { cwd: REPO_ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr, ms: Date.now() - started };
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('npm run electron:native', () => {
  it("stops at once when Electron's headers are missing and cannot be downloaded, naming them, writing nothing", async () => {
    const cache = makeTempDir('native-cache');
    const nodeBuildBefore = sha(nodeBuild);
    const result = await run(cache);
    expect(result.code).toBe(1);
    // "At once": the probe fails on the refused connection, long before any compiler runs.
    expect(result.ms).toBeLessThan(10_000);
    expect(result.stderr).toContain(`Electron ${electron.version}'s headers are missing and could not be downloaded`);
    expect(result.stderr).toContain(`missing      Electron ${electron.version} headers (node-v${electron.version}-headers.tar.gz)`);
    expect(result.stderr).toContain(`/headers/v${electron.version}/node-v${electron.version}-headers.tar.gz`);
    expect(result.stderr).toMatch(/failed with {2}ECONNREFUSED 127\.0\.0\.1:\d+/);
    expect(result.stderr).toContain(join(cache, `${electron.version}-${process.arch}`, NATIVE_ADDON_FILE));
    expect(result.stderr).toContain('ELECTRON_REBUILD_DIST_URL');
    expect(readdirSync(cache)).toEqual([]);
    // Node's own build, which the tests and the CLI load, is untouched.
    expect(sha(nodeBuild)).toBe(nodeBuildBefore);
  });

  it('leaves a current build alone and rebuilds one made from another better-sqlite3', async () => {
    const cache = makeTempDir('native-cache');
    const dir = join(cache, `${electron.version}-${process.arch}`);
    mkdirSync(dir, { recursive: true });
    // Stands in for an Electron build: what the script checks is the ABI marker and build-info.json.
    writeFileSync(join(dir, NATIVE_ADDON_FILE), Buffer.concat([Buffer.from('\x7fELF'), Buffer.from(`\0${abiMarker(abi)}\0`)]));
    const info = { electron: electron.version, abi, arch: process.arch, platform: process.platform, betterSqlite3, builtAt: new Date().toISOString() };
    writeFileSync(join(dir, BUILD_INFO_FILE), JSON.stringify(info));
    const current = await run(cache);
    expect(current.stderr).toBe('');
    expect(current.code).toBe(0);
    expect(current.stdout).toContain('is up to date');

    writeFileSync(join(dir, BUILD_INFO_FILE), JSON.stringify({ ...info, betterSqlite3: '12.0.0' }));
    const stale = await run(cache);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('because it was built from better-sqlite3 12.0.0');
    expect(stale.stderr).toContain('headers are missing and could not be downloaded');
  });

  it('does not take an addon built for another ABI for current', async () => {
    const cache = makeTempDir('native-cache');
    const dir = join(cache, `${electron.version}-${process.arch}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, NATIVE_ADDON_FILE), readFileSync(nodeBuild)); // Node's build, ABI 115 here
    writeFileSync(join(dir, BUILD_INFO_FILE), JSON.stringify({ electron: electron.version, abi, arch: process.arch, platform: process.platform, betterSqlite3, builtAt: '2026-01-01T00:00:00.000Z' }));
    const result = await run(cache);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`because it is not built for ABI ${abi}`);
  });
});
