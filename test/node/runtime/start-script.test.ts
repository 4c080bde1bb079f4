// `npm start` (scripts/start.mjs) never compiles anything, and where Electron's binary
// cannot be had it stops at once with one message that names the missing binary and
// what to do: no stack trace, exit status 1. Where a binary is there, it runs it on the
// project folder and leaves with its exit status.
//
// The script runs from a copy of the project's shape in a temp folder, with electron's
// npm package copied in without its dist/, so the test sees the same thing on a machine
// that has downloaded Electron as on one that never could. The download itself is sent
// to a closed local port, so it fails here whatever network the machine has.

import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/schema-engine.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';

const ELECTRON_VERSION = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }
).version;
let project: string;

beforeAll(() => {
  project = makeTempDir('start');
  mkdirSync(join(project, 'scripts'));
  copyFileSync(join(REPO_ROOT, 'scripts', 'start.mjs'), join(project, 'scripts', 'start.mjs'));
  copyFileSync(join(REPO_ROOT, 'package.json'), join(project, 'package.json'));
  const electron = join(project, 'node_modules', 'electron');
  mkdirSync(electron, { recursive: true });
  for (const file of ['package.json', 'install.js', 'checksums.json', 'index.js'])
    copyFileSync(join(REPO_ROOT, 'node_modules', 'electron', file), join(electron, file));
  // What electron's installer requires resolves from the real node_modules.
  for (const entry of readdirSync(join(REPO_ROOT, 'node_modules'))) {
    if (entry !== 'electron' && entry !== '.bin') symlinkSync(join(REPO_ROOT, 'node_modules', entry), join(project, 'node_modules', entry));
  }
});
afterAll(() => removeTempDirs());

function start(args: readonly string[], env: Readonly<Record<string, string>> = {}) {
  const cache = makeTempDir('electron-cache');
  return spawnSync(process.execPath, [join(project, 'scripts', 'start.mjs'), '--skip-build', ...args], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: cache, ELECTRON_OVERRIDE_DIST_PATH: '', ...env },
  });
}

describe('npm start', () => {
  it('without a binary and without a way to download it: one message naming the binary and the fix, exit 1', () => {
    const result = start([]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    const message = result.stderr.trimEnd();
    expect(message).toContain(
      `Roster cannot start: Electron ${ELECTRON_VERSION}'s binary ` +
        `(electron-v${ELECTRON_VERSION}-${process.platform}-${process.arch}.zip) is not installed ` +
        `in ${join(project, 'node_modules', 'electron', 'dist')}`,
    );
    expect(message).toContain('could not be downloaded (');
    expect(message).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(message.split('\n')).toHaveLength(3);
  });

  it('with ELECTRON_OVERRIDE_DIST_PATH naming a folder without Electron: says so, exit 1', () => {
    const empty = makeTempDir('no-electron');
    const result = start([], { ELECTRON_OVERRIDE_DIST_PATH: empty });
    expect(result.status).toBe(1);
    expect(result.stderr.trimEnd()).toBe(
      `Roster cannot start: ELECTRON_OVERRIDE_DIST_PATH is ${empty}, but there is no electron in it.\n` +
        `Point it at an unpacked Electron ${ELECTRON_VERSION} for ${process.platform}-${process.arch}, or unset it.`,
    );
  });

  it('with a binary: runs it on the project folder with the arguments given, and leaves with its status', () => {
    const dist = makeTempDir('electron-dist');
    const seen = join(dist, 'argv.json');
    // A stand-in executable: records what it was started with, then exits 7.
    writeFileSync(
      join(dist, 'electron'),
      `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(seen)}, ` +
        `JSON.stringify(process.argv.slice(2)));\nprocess.exit(7);\n`,
    );
    chmodSync(join(dist, 'electron'), 0o755);
    const result = start(['team.roster'], { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(7);
    expect(JSON.parse(readFileSync(seen, 'utf8'))).toEqual([project, 'team.roster']);
  });
});
