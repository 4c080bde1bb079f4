// The seed scenario, verbatim, through the service: two workspaces, both start
// empty; "George Washington" is added to A and "Thomas Jefferson" to B; each lists
// only its own person.

import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { WorkspaceConnections } from '../../../main/features/workspace/node/workspace-connections.js';
import { makeTempDir, openOptions, removeTempDirs } from '../../support/workspace-fixtures.js';
import { listQuery } from '../../support/people-fixtures.js';

afterAll(removeTempDirs);

it('two workspaces each list only their own person (service)', async () => {
  const dir = makeTempDir('seed');
  const connections = new WorkspaceConnections(openOptions(dir));
  try {
    const a = new PersonService(await connections.create(join(dir, 'A.roster')));
    const b = new PersonService(await connections.create(join(dir, 'B.roster')));

    expect(await a.count()).toBe(0);
    expect(await b.count()).toBe(0);
    expect((await a.list(listQuery())).items).toEqual([]);
    expect((await b.list(listQuery())).items).toEqual([]);

    await a.create({ name: 'George Washington' });
    await b.create({ name: 'Thomas Jefferson' });

    expect((await a.list(listQuery())).items.map((person) => person.name)).toEqual(['George Washington']);
    expect((await b.list(listQuery())).items.map((person) => person.name)).toEqual(['Thomas Jefferson']);
    expect(await a.count()).toBe(1);
    expect(await b.count()).toBe(1);
  } finally {
    await connections.closeAll();
  }

  // And again from disk, with fresh connections: the data is in the files.
  const again = new WorkspaceConnections(openOptions(dir));
  try {
    const a = new PersonService(await again.acquire(join(dir, 'A.roster')));
    const b = new PersonService(await again.acquire(join(dir, 'B.roster')));
    expect((await a.list(listQuery())).items.map((person) => person.name)).toEqual(['George Washington']);
    expect((await b.list(listQuery())).items.map((person) => person.name)).toEqual(['Thomas Jefferson']);
  } finally {
    await again.closeAll();
  }
});
