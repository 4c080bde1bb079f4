// Likely duplicates on real workspace files: the add field's "already here" lookup and
// the groups of people sharing a folded name, including rows another program wrote
// without a key (grouped right once Roster has folded them), and a group list that
// follows every commit, Roster's own and other programs'.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseInput } from '../../../main/kernel/node/ipc/validate.js';
import { GroupsInput, type GroupsInput as GroupsRequest } from '../../../main/features/duplicates/common/duplicates-contract.js';
import { DuplicatesService } from '../../../main/features/duplicates/node/duplicates-service.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { WorkspaceConnections, type WorkspaceLease } from '../../../main/features/workspace/node/workspace-connections.js';
import { makeTempDir, openOptions, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

let connections: WorkspaceConnections;
let lease: WorkspaceLease;
let people: PersonService;
let duplicates: DuplicatesService;

beforeEach(async () => {
  const dir = makeTempDir('duplicates');
  // As the app opens it: the key queue is drained in the background after other programs' writes.
  connections = new WorkspaceConnections({ ...openOptions(dir), background: true });
  lease = await connections.create(join(dir, 'team.roster'));
  people = new PersonService(lease);
  duplicates = new DuplicatesService(lease);
});
afterEach(async () => {
  await connections.closeAll();
});

const groups = (input: GroupsRequest = {}) => duplicates.groups(parseInput(GroupsInput, input));

async function add(...names: string[]): Promise<void> {
  for (const name of names) await people.create({ name });
}

/** Writes with a connection of its own, as the sqlite3 shell or another program would (only a name). */
function insertElsewhere(...names: string[]): void {
  const db = new Database(lease.path, { timeout: 5000 });
  try {
    const insert = db.prepare('INSERT INTO "Person" ("name") VALUES (?)');
    for (const name of names) insert.run(name);
  } finally {
    db.close();
  }
}

async function drainKeys(): Promise<void> {
  const queued = (): number => Number(lease.workspace.db.prepare('SELECT count(*) FROM "PersonKeyQueue"').pluck().get());
  while (queued() > 0) {
    lease.workspace.upkeep.scheduleKeyDrain();
    await lease.workspace.upkeep.idle();
  }
}

describe('a name already in the workspace', () => {
  it('is found whatever its case, accents and surrounding spaces, with the first person added', async () => {
    expect(await duplicates.sameName({ name: 'Ada Lovelace' })).toEqual({ count: 0, first: null });
    await add('Ada Lovelace', 'Grace Hopper', 'ADA LOVELACE');
    const found = await duplicates.sameName({ name: '  adá lovelace ' });
    expect(found.count).toBe(2);
    expect(found.first).toMatchObject({ id: 1, name: 'Ada Lovelace' });
    expect(Date.parse(found.first?.createdAt ?? '')).not.toBeNaN();
    expect(await duplicates.sameName({ name: 'Ada' })).toEqual({ count: 0, first: null });
  });

  it('is never found for a name the naming rules refuse (blank, control characters)', async () => {
    await add('Ada Lovelace');
    expect(await duplicates.sameName({ name: '   ' })).toEqual({ count: 0, first: null });
    expect(await duplicates.sameName({ name: 'Ada\u0000Lovelace' })).toEqual({ count: 0, first: null });
  });
});

describe('the groups of likely duplicates', () => {
  it('lists each folded name held more than once, in name order, with its people by id and the totals', async () => {
    await add('Zoë Adams', 'Bo Li', 'zoe adams', 'Ana Lima', 'ANA LIMA', 'Cy', 'ana lima', 'bo li');
    const page = await groups();
    expect(page.total).toBe(3);
    expect(page.people).toBe(7);
    expect(page.groups.map((group) => [group.name, group.count, group.people.map((person) => person.id)])).toEqual([
      ['Ana Lima', 3, [4, 5, 7]],
      ['Bo Li', 2, [2, 8]],
      ['Zoë Adams', 2, [1, 3]],
    ]);
    const second = await groups({ offset: 1, limit: 1 });
    expect(second.total).toBe(3);
    expect(second.groups.map((group) => group.name)).toEqual(['Bo Li']);
    expect((await groups({ offset: 3 })).groups).toEqual([]);
  });

  it('lists at most 10 people of a large group (the first added), and its full count', async () => {
    await people.createMany({ names: Array.from({ length: 60 }, () => 'Sam Jones') });
    const [group] = (await groups()).groups;
    expect(group?.count).toBe(60);
    expect(group?.people.map((person) => person.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("follows Roster's own adds, renames and deletes (the kept list is per commit)", async () => {
    await add('Ana Lima', 'Bo');
    expect((await groups()).total).toBe(0);
    await add('ana lima');
    expect((await groups()).groups.map((group) => group.count)).toEqual([2]);
    await people.update({ id: 2, name: 'ANA LIMA' });
    expect((await groups()).groups.map((group) => group.count)).toEqual([3]);
    await people.delete({ ids: [1, 3] });
    expect((await groups()).total).toBe(0);
  });

  it("groups rows another program wrote without a key once Roster has folded them, and sees that program's deletes", async () => {
    await add('Émile Zola', 'Ana Lima');
    expect((await groups()).total).toBe(0);
    // SQL's lower() does not fold "É": the provisional key differs until Roster folds it.
    insertElsewhere('ÉMILE ZOLA', 'emile zola', 'ANA LIMA');
    await drainKeys();
    const page = await groups();
    expect(page.groups.map((group) => [group.name, group.people.map((person) => person.name)])).toEqual([
      ['Ana Lima', ['Ana Lima', 'ANA LIMA']],
      ['Émile Zola', ['Émile Zola', 'ÉMILE ZOLA', 'emile zola']],
    ]);
    const db = new Database(lease.path, { timeout: 5000 });
    try {
      db.prepare('DELETE FROM "Person" WHERE "name" = ?').run('ANA LIMA');
    } finally {
      db.close();
    }
    expect((await groups()).groups.map((group) => group.name)).toEqual(['Émile Zola']);
  });
});
