// A filtered count runs on a connection of its own (filtered-count-task.ts). On a file
// whose stored keys cannot be trusted (a damaged read-only file: search folds each name
// as it reads it), that connection must read search the same way as the window's, or
// the count line disagrees with the rows shown.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { degradeSearch } from '../../../main/features/workspace/node/search/search-state.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import { makeCurrentFile, makeTempDir, openOptions, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(() => removeTempDirs());

it('a filtered count on a file whose keys are not trusted agrees with the page', async () => {
  const dir = makeTempDir('degraded-count');
  const path = join(dir, 'w.roster');
  makeCurrentFile(path, ['Zed One', 'Zed Two', 'Ann'], foldName);
  const workspace = await openWorkspaceFile(path, openOptions(dir));
  try {
    // What opening decides for a read-only file whose keys may be stale (workspace-file.ts).
    degradeSearch(workspace.store, 'fold-names');
    // A stale key, as another program leaves one while the key trigger is gone.
    const other = new Database(path);
    other.exec('DROP TRIGGER "Person_after_update_key"');
    other.prepare(`UPDATE "Person" SET "nameKey" = 'stale' WHERE "name" = 'Zed Two'`).run();
    other.close();

    const people = new PersonService({ workspace });
    const filter = { added: { from: '2000-01-01T00:00:00Z' } };
    const page = await people.list({ sort: 'name', direction: 'asc', search: 'zed', filter, limit: 50 });
    // (In the order of the stored keys, stale one included: only search folds afresh.)
    expect(page.items.map((person) => person.name).sort()).toEqual(['Zed One', 'Zed Two']);
    expect(await people.count({ search: 'zed', filter })).toBe(2);
  } finally {
    await workspace.close();
  }
});
