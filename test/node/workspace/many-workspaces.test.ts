// Fifty workspaces open at once in one process, each with its own people: every
// workspace lists exactly its own, while they are open and after they are reopened.

import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { WorkspaceConnections, type WorkspaceLease } from '../../../main/features/workspace/node/workspace-connections.js';
import { makeTempDir, makeV1File, openOptions, queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';
import { listQuery } from '../../support/people-fixtures.js';

afterAll(removeTempDirs);

const COUNT = 50;

/** Distinct per workspace: a different number of people with names that say where they belong. */
function namesFor(i: number): string[] {
  return Array.from({ length: (i % 7) + 1 }, (_, j) => `Wörkspace ${i} · persön ${j}`);
}

async function listAll(service: PersonService): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await service.list(listQuery(cursor === null ? { limit: 3 } : { limit: 3, cursor }));
    names.push(...page.items.map((person) => person.name));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return names.sort();
}

describe(`${COUNT} workspaces open at once`, () => {
  it('each keeps its own data, with no leakage between them', async () => {
    const dir = makeTempDir('many');
    const connections = new WorkspaceConnections(openOptions(dir));
    const leases: WorkspaceLease[] = [];
    try {
      // Half brand new, half old files upgraded on open.
      for (let i = 0; i < COUNT; i++) {
        const path = join(dir, `ws-${String(i).padStart(2, '0')}.roster`);
        if (i % 2 === 0) leases.push(await connections.create(path));
        else {
          makeV1File(path, []);
          leases.push(await connections.acquire(path));
        }
      }
      expect(connections.openPaths()).toHaveLength(COUNT);
      expect(new Set(leases.map((lease) => lease.workspace.prisma)).size).toBe(COUNT);

      // Write to all of them at the same time.
      const services = leases.map((lease) => new PersonService(lease));
      await Promise.all(
        services.map(async (service, i) => {
          const names = namesFor(i);
          const [first, ...rest] = names;
          await service.create({ name: first as string });
          if (rest.length > 0) await service.createMany({ names: rest });
        }),
      );

      const listed = await Promise.all(services.map((service) => listAll(service)));
      for (let i = 0; i < COUNT; i++) {
        expect(listed[i]).toEqual(namesFor(i).sort());
        expect(await services[i]?.count()).toBe(namesFor(i).length);
        // Searching finds this workspace's people, and another workspace's nowhere here.
        expect(await services[i]?.count({ search: `WORKSPACE ${i} ·` })).toBe(namesFor(i).length);
        expect(await services[i]?.count({ search: `wörkspace ${(i + 1) % COUNT} ·` })).toBe(0);
      }
    } finally {
      await connections.closeAll();
    }

    // On disk, after closing: the same separation.
    for (const [i, lease] of leases.entries()) {
      const names = queryFile<{ name: string }>(lease.path, 'SELECT name FROM "Person"').map((row) => row.name);
      expect(names.sort()).toEqual(namesFor(i).sort());
    }
  });
});
