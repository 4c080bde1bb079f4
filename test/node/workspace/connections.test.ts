// The connection manager: one Prisma client per open file, shared and ref-counted,
// closed with its last user, all closed on shutdown; a released lease (or a service
// built on it) fails with WORKSPACE_CLOSED and never silently reconnects.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { WorkspaceConnections } from '../../../main/features/workspace/node/workspace-connections.js';
import { isHeldInProcess } from '../../../main/features/workspace/node/workspace-file.js';
import { listBackups } from '../../../main/features/workspace/node/backups.js';
import {
  expectRosterError,
  makeCurrentFile,
  makeTempDir,
  makeV1File,
  openOptions,
  removeTempDirs,
  V1_MIGRATION,
  migrationsAfter,
} from '../../support/workspace-fixtures.js';
import { listQuery } from '../../support/people-fixtures.js';

afterAll(removeTempDirs);

function setup(label: string, names: readonly string[] = ['Ada']): { dir: string; path: string; connections: WorkspaceConnections } {
  const dir = makeTempDir(label);
  const path = join(dir, 'shared.roster');
  makeCurrentFile(path, names, foldName);
  return { dir, path, connections: new WorkspaceConnections(openOptions(dir)) };
}

/** After the last connection closes, SQLite removes the WAL and shared-memory files. */
function noConnectionLeft(path: string): boolean {
  return !existsSync(`${path}-wal`) && !existsSync(`${path}-shm`) && !isHeldInProcess(path);
}

describe('WorkspaceConnections', () => {
  it('shares one workspace and one Prisma client between users, and closes with the last', async () => {
    const { path, connections } = setup('conn');
    const a = await connections.acquire(path);
    const b = await connections.acquire(path);
    const workspace = a.workspace;
    expect(b.workspace).toBe(workspace);
    expect(b.workspace.prisma).toBe(workspace.prisma);
    expect(connections.users(path)).toBe(2);

    await a.release();
    await a.release(); // a second release does not count twice
    expect(a.released).toBe(true);
    expect(connections.users(path)).toBe(1);
    expect(connections.isOpen(path)).toBe(true);
    expect(await new PersonService(b).count()).toBe(1);

    await b.release();
    expect(connections.isOpen(path)).toBe(false);
    expect(connections.users(path)).toBe(0);
    expect(workspace.isClosed).toBe(true);
    expect(workspace.db.open).toBe(false);
    expect(noConnectionLeft(path)).toBe(true);
    await connections.closeAll();
  });

  it('concurrent acquires of one path open the file once (one migration, one backup)', async () => {
    const dir = makeTempDir('conn');
    const path = join(dir, 'v1.roster');
    makeV1File(path, ['Émile Ödön']);
    const migrated: string[] = [];
    const connections = new WorkspaceConnections({ ...openOptions(dir), onMigrationApplied: (name) => migrated.push(name) });
    const leases = await Promise.all(Array.from({ length: 12 }, () => connections.acquire(path)));
    expect(new Set(leases.map((lease) => lease.workspace)).size).toBe(1);
    expect(connections.users(path)).toBe(12);
    expect(migrated).toEqual(migrationsAfter(V1_MIGRATION));
    expect(listBackups(path, openOptions(dir).backupDir)).toHaveLength(1);
    await Promise.all(leases.map((lease) => lease.release()));
    expect(connections.isOpen(path)).toBe(false);
    expect(noConnectionLeft(path)).toBe(true);
    await connections.closeAll();
  });

  it('a released lease, and a service still holding it, fail with WORKSPACE_CLOSED and never reconnect', async () => {
    const { path, connections } = setup('conn');
    const lease = await connections.acquire(path);
    const service = new PersonService(lease);
    const workspace = lease.workspace;
    const prisma = workspace.prisma;
    expect(await service.count()).toBe(1);
    await prisma.person.findMany(); // the client has connected

    await lease.release();
    expect(() => lease.workspace).toThrowError(expect.objectContaining({ code: 'WORKSPACE_CLOSED' }));
    await expectRosterError(service.list(listQuery()), 'WORKSPACE_CLOSED');
    await expectRosterError(service.create({ name: 'Ghost' }), 'WORKSPACE_CLOSED');
    await expectRosterError(
      workspace.exclusive(() => 1),
      'WORKSPACE_CLOSED',
    );
    // Even the raw Prisma client a caller kept refuses instead of reopening the file.
    // (Prisma wraps the adapter factory's RosterError but keeps its code.)
    await expect(prisma.person.findMany()).rejects.toMatchObject({ code: 'WORKSPACE_CLOSED' });
    await expect(prisma.person.create({ data: { name: 'Ghost', nameKey: 'ghost', updatedAt: new Date() } })).rejects.toMatchObject({
      code: 'WORKSPACE_CLOSED',
    });
    expect(workspace.db.open).toBe(false);
    expect(noConnectionLeft(path)).toBe(true);

    // Reopening gives a new workspace; the stale lease and service stay dead.
    const fresh = await connections.acquire(path);
    expect(fresh.workspace).not.toBe(workspace);
    expect(await new PersonService(fresh).count()).toBe(1); // no ghost was written
    await expectRosterError(service.count(), 'WORKSPACE_CLOSED');
    expect(() => lease.workspace).toThrow();
    await fresh.release();
    await connections.closeAll();
  });
});

describe('WorkspaceConnections: re-acquiring and closing', () => {
  it('release and an immediate re-acquire: the new open waits for the old close', async () => {
    const { path, connections } = setup('conn');
    for (let round = 0; round < 5; round++) {
      const lease = await connections.acquire(path);
      const releasing = lease.release();
      const next = await connections.acquire(path);
      await releasing;
      expect(next.workspace.isClosed).toBe(false);
      expect(await new PersonService(next).count()).toBe(1);
      await next.release();
    }
    expect(noConnectionLeft(path)).toBe(true);
    await connections.closeAll();
  });

  it('create returns a lease that later acquires of the same file share', async () => {
    const dir = makeTempDir('conn');
    const connections = new WorkspaceConnections(openOptions(dir));
    const created = await connections.create(join(dir, 'new'));
    expect(created.path).toBe(join(dir, 'new.roster'));
    const again = await connections.acquire(join(dir, 'new.roster'));
    expect(again.workspace).toBe(created.workspace);
    expect(connections.users(created.path)).toBe(2);
    await connections.closeAll();
  });

  it('closeAll closes everything; held leases and later acquires get WORKSPACE_CLOSED', async () => {
    const dir = makeTempDir('conn');
    const connections = new WorkspaceConnections(openOptions(dir));
    const paths = [0, 1, 2].map((i) => join(dir, `w${i}.roster`));
    for (const path of paths) makeCurrentFile(path, [`Person of ${path}`], foldName);
    const leases = await Promise.all(paths.map((path) => connections.acquire(path)));
    const workspaces = leases.map((lease) => lease.workspace);
    const services = leases.map((lease) => new PersonService(lease));

    await connections.closeAll();
    expect(connections.openPaths()).toEqual([]);
    for (const workspace of workspaces) {
      expect(workspace.isClosed).toBe(true);
      expect(workspace.db.open).toBe(false);
    }
    for (const lease of leases) expect(() => lease.workspace).toThrowError(expect.objectContaining({ code: 'WORKSPACE_CLOSED' }));
    for (const service of services) await expectRosterError(service.count(), 'WORKSPACE_CLOSED');
    for (const path of paths) {
      await expectRosterError(connections.acquire(path), 'WORKSPACE_CLOSED');
      expect(noConnectionLeft(path)).toBe(true);
    }
    await expectRosterError(connections.create(join(dir, 'late.roster')), 'WORKSPACE_CLOSED');
    expect(existsSync(join(dir, 'late.roster'))).toBe(false);
    // Releasing after shutdown is harmless.
    for (const lease of leases) await lease.release();
  });

  it('closeAll waits for work already queued on a workspace', async () => {
    const { path, connections } = setup('conn');
    const lease = await connections.acquire(path);
    let finished = false;
    const slow = lease.workspace.exclusive(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      finished = true;
      return 'done';
    });
    await connections.closeAll();
    expect(finished).toBe(true);
    expect(await slow).toBe('done');
  });
});
