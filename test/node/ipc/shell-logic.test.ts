// The small decisions the Electron glue delegates to plain modules: which workspace a
// launch asks for, what a second instance may pass, which links leave the app, and
// where a window reopens.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExternalLinkPolicy, isSafeExternalUrl } from '../../../main/app/node/external-links.js';
import { lockData, pathFromLockData, workspacePathFromArgv } from '../../../main/app/node/launch-args.js';
import { WindowStateStore } from '../../../main/app/node/window-state.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

describe('launch arguments and the single-instance lock', () => {
  it('finds the workspace path on the command line', () => {
    expect(workspacePathFromArgv(['/opt/Roster/roster', '--no-sandbox', 'team.roster'], { packaged: true, cwd: '/home/ana' })).toBe(
      '/home/ana/team.roster',
    );
    expect(workspacePathFromArgv(['electron', '.', '/tmp/a.roster'], { packaged: false, cwd: '/x' })).toBe('/tmp/a.roster');
    expect(workspacePathFromArgv(['electron', '.'], { packaged: false, cwd: '/x' })).toBeNull();
    expect(workspacePathFromArgv(['/opt/Roster/roster', '--original-process-start-time=1'], { packaged: true, cwd: '/x' })).toBeNull();
  });

  it('accepts only a well-formed absolute path from a second instance', () => {
    expect(pathFromLockData(lockData('/home/ana/team.roster'))).toBe('/home/ana/team.roster');
    expect(pathFromLockData(lockData(null))).toBeNull();
    for (const bad of [
      undefined,
      null,
      'x',
      {},
      { version: 2, path: '/a' },
      { version: 1, path: 'relative.roster' },
      { version: 1, path: '/a\0b' },
      { version: 1, path: '/a', extra: 1 },
      { version: 1, path: `/${'a'.repeat(5000)}` },
    ]) {
      expect(pathFromLockData(bad)).toBeNull();
    }
  });
});

describe('external links', () => {
  it('opens only https links, only right after a click, once per click', () => {
    const policy = new ExternalLinkPolicy();
    expect(policy.allow('https://example.com/', 'foreground-tab', 1000)).toBe(false); // no click yet
    policy.noteInput('mouseMove', 1000);
    expect(policy.allow('https://example.com/', 'foreground-tab', 1001)).toBe(false);
    policy.noteInput('mouseUp', 2000);
    expect(policy.allow('http://example.com/', 'foreground-tab', 2001)).toBe(false);
    expect(policy.allow('https://example.com/', 'foreground-tab', 2002)).toBe(true);
    expect(policy.allow('https://example.com/again', 'foreground-tab', 2003)).toBe(false); // one per click
    policy.noteInput('keyDown', 3000);
    expect(policy.allow('https://example.com/', 'new-window', 4500)).toBe(false); // too late
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'https://user:pw@example.com/',
      'roster://app/',
      `https://e.com/${'a'.repeat(3000)}`,
      'not a url',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});

describe('remembered window bounds', () => {
  const dir = makeTempDir('state');
  const screens = [{ x: 0, y: 0, width: 1920, height: 1080 }];

  it('remembers bounds per workspace and moves windows back onto a screen', () => {
    const store = new WindowStateStore(join(dir, 'sub', 'window-state.json'));
    expect(store.get('/a.roster', screens)).toBeUndefined();
    store.set('/a.roster', { x: 100, y: 50, width: 900, height: 700, maximized: false });
    store.set('/b.roster', { x: 3000, y: 50, width: 900, height: 700, maximized: true });
    expect(store.get('/a.roster', screens)).toEqual({ x: 100, y: 50, width: 900, height: 700, maximized: false });
    // Its monitor is gone: same size, back on the first screen.
    expect(store.get('/b.roster', screens)).toEqual({ x: 0, y: 0, width: 900, height: 700, maximized: true });
  });

  it('ignores a corrupt file and nonsense bounds', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{not json');
    const store = new WindowStateStore(file);
    expect(store.get('/a.roster', screens)).toBeUndefined();
    store.set('/a.roster', { x: 0, y: 0, width: Number.NaN, height: 10, maximized: false });
    expect(readFileSync(file, 'utf8')).toBe('{not json');
  });
});
