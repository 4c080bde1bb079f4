// What keeps the launcher's counts and the windows' names current, in main: the count of
// a closed workspace file follows what other programs commit to it (WAL commits that
// stay in the -wal included), read from the count the file's triggers keep; and a
// rename in the launcher retitles the workspace's windows and tells their pages.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { peekPeopleCount } from '../../../main/features/catalog/node/peek-people-count.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { WorkspaceConnections } from '../../../main/features/workspace/node/workspace-connections.js';
import { createAppFixture, createWorkspaceFileAt } from '../../support/app-fixture.js';
import { execOnFile, makeTempDir, makeV1File, removeTempDirs, repoMigrations } from '../../support/workspace-fixtures.js';

afterAll(() => removeTempDirs());

async function workspaceWith(names: string[]): Promise<string> {
  const dir = makeTempDir();
  const connections = new WorkspaceConnections({ migrations: repoMigrations(), backupDir: join(dir, 'backups') });
  const lease = await connections.create(join(dir, 'live.roster'));
  await new PersonService(lease).createMany({ names });
  await lease.release();
  return lease.path;
}

describe('peekPeopleCount follows other programs', () => {
  it('sees every commit of a connection that keeps the file open, while its writes stay in the -wal', async () => {
    const path = await workspaceWith(['Ada', 'Grace']);
    expect(peekPeopleCount(path)).toBe(2);
    const other = new Database(path);
    try {
      other.pragma('journal_mode = WAL');
      const insert = other.prepare('INSERT INTO "Person" ("name") VALUES (?)');
      insert.run('Edsger');
      expect(peekPeopleCount(path)).toBe(3);
      insert.run('Barbara');
      insert.run('Frances');
      expect(peekPeopleCount(path)).toBe(5);
      other.prepare('DELETE FROM "Person" WHERE "name" = ?').run('Ada');
      expect(peekPeopleCount(path)).toBe(4);
      // Asked again with nothing written: the same answer.
      expect(peekPeopleCount(path)).toBe(4);
    } finally {
      other.close();
    }
    execOnFile(path, `INSERT INTO "Person" ("name") VALUES ('Alan')`);
    expect(peekPeopleCount(path)).toBe(5);
  });

  it('reads the count the triggers keep, and counts the rows of a file that keeps none', async () => {
    const path = await workspaceWith(['Ada', 'Grace']);
    // One stored value, not a count of the rows: a stored count is what the answer is.
    execOnFile(path, 'UPDATE "RosterState" SET "personCount" = 7 WHERE "id" = 1');
    expect(peekPeopleCount(path)).toBe(7);
    execOnFile(path, 'UPDATE "RosterState" SET "personCount" = NULL WHERE "id" = 1');
    expect(peekPeopleCount(path)).toBe(2);
    const old = join(makeTempDir(), 'old.roster');
    makeV1File(old, ['Adams Older', 'Adams Younger', 'Third']);
    expect(peekPeopleCount(old)).toBe(3);
  });

  it('counts the rows when another program dropped a counting trigger and then added people', async () => {
    const path = await workspaceWith(['Ada', 'Grace', 'Edsger']);
    execOnFile(path, 'DROP TRIGGER "Person_after_insert"');
    execOnFile(path, `INSERT INTO "Person" ("name") VALUES ('One'), ('Two'), ('Three'), ('Four'), ('Five')`);
    // The stored number still says 3: nothing kept it.
    const reader = new Database(path, { readonly: true });
    expect(reader.prepare('SELECT "personCount" FROM "RosterState"').pluck().get()).toBe(3);
    reader.close();
    expect(peekPeopleCount(path)).toBe(8);
  });
});

describe('a rename in the launcher', () => {
  it('retitles the workspace’s windows and sends them its new name, and no other window', async () => {
    const app = createAppFixture();
    try {
      const first = await createWorkspaceFileAt(app, 'first.roster');
      const second = await createWorkspaceFileAt(app, 'second.roster');
      const firstWindow = await app.openWorkspace(first);
      const secondWindow = await app.openWorkspace(second);
      const launcher = app.openLauncher();
      const id = app.context.catalog.getByPath(first).id;
      expect(await launcher.call('catalog:rename', { id, name: 'Book Club' })).toEqual({ ok: true, data: null });
      expect(firstWindow.title).toBe('Book Club — Roster');
      expect(firstWindow.events).toContainEqual({ channel: 'catalog:onRenamed', payload: { name: 'Book Club' } });
      expect(secondWindow.events.some((event) => event.channel === 'catalog:onRenamed')).toBe(false);
      expect(secondWindow.title).toBe('second — Roster');
    } finally {
      await app.dispose();
    }
  });
});
