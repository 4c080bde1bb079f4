// The same file reached through different paths (a symlink, a symlinked folder,
// `dir/../file`, a relative path) is one workspace: one connection, one identity.

import { mkdirSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { canonicalPath } from '../../../main/kernel/node/sqlite/sqlite-file.js';
import { WorkspaceConnections } from '../../../main/features/workspace/node/workspace-connections.js';
import { isHeldInProcess, openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import {
  expectRosterError,
  makeCurrentFile,
  makeTempDir,
  openOptions,
  removeTempDirs,
  snapshot,
} from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

function aliases(dir: string): { real: string; all: string[] } {
  const real = join(dir, 'real', 'team.roster');
  mkdirSync(join(dir, 'real'));
  mkdirSync(join(dir, 'sub'));
  makeCurrentFile(real, ['Ada'], foldName);
  symlinkSync(real, join(dir, 'link.roster'));
  symlinkSync(join(dir, 'real'), join(dir, 'linked-folder'));
  return {
    real,
    all: [
      real,
      join(dir, 'link.roster'),
      join(dir, 'linked-folder', 'team.roster'),
      `${dir}/sub/../real/team.roster`,
      `${dir}/real/./team.roster`,
      relative(process.cwd(), real),
    ],
  };
}

describe('canonical paths', () => {
  it('every alias of a file has the same canonical path, absolute and free of links', () => {
    const dir = makeTempDir('canon');
    const { real, all } = aliases(dir);
    for (const path of all) expect(canonicalPath(path)).toBe(real);
    // A file that does not exist yet: its folder is resolved, its name kept.
    expect(canonicalPath(join(dir, 'linked-folder', 'new.roster'))).toBe(join(dir, 'real', 'new.roster'));
  });

  it('the connection manager shares one open workspace across every alias', async () => {
    const dir = makeTempDir('canon');
    const { real, all } = aliases(dir);
    const connections = new WorkspaceConnections(openOptions(dir));
    try {
      const leases = await Promise.all(all.map((path) => connections.acquire(path)));
      const first = leases[0]?.workspace;
      expect(first?.path).toBe(real);
      for (const lease of leases) {
        expect(lease.path).toBe(real);
        expect(lease.workspace).toBe(first);
      }
      expect(connections.openPaths()).toEqual([real]);
      expect(connections.users(join(dir, 'link.roster'))).toBe(all.length);
      for (const lease of leases) await lease.release();
      expect(connections.openPaths()).toEqual([]);
      expect(first?.db.open).toBe(false);
    } finally {
      await connections.closeAll();
    }
  });

  it('openWorkspaceFile refuses a second connection to a file this process holds, through any alias', async () => {
    const dir = makeTempDir('canon');
    const { real, all } = aliases(dir);
    const workspace = await openWorkspaceFile(real, openOptions(dir));
    try {
      const before = snapshot(real);
      for (const path of all) {
        expect(isHeldInProcess(path)).toBe(true);
        const error = await expectRosterError(openWorkspaceFile(path, openOptions(dir)), 'INTERNAL');
        expect(error.message).toMatch(/already open/);
      }
      expect(snapshot(real)).toEqual(before);
      expect(workspace.db.open).toBe(true); // the first connection is unharmed
    } finally {
      await workspace.close();
    }
    expect(isHeldInProcess(real)).toBe(false);
    const again = await openWorkspaceFile(join(dir, 'link.roster'), openOptions(dir));
    expect(again.path).toBe(real);
    await again.close();
  });
});
