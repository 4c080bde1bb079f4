// A workspace file Roster knew that is now empty (0 bytes: a failed `sqlite3 .recover`
// into it, a truncating copy) is refused with WORKSPACE_EMPTIED, saying where its
// backups are, instead of silently becoming a new, empty workspace. "Known" is a seal
// for the path or a catalog entry. A path Roster does not know still becomes a new
// workspace, and creating a workspace there on purpose still works.

import { existsSync, mkdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../../main/features/catalog/node/catalog.js';
import { readHistory } from '../../../main/features/workspace/node/migrations/migration-history.js';
import { takeBackup } from '../../../main/features/workspace/node/backups.js';
import { CatalogSealStore, MemorySealStore } from '../../../main/features/workspace/node/seals.js';
import { createWorkspaceFile, openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import { runRoster } from '../../support/cli.js';
import { expectRosterError, makeTempDir, openOptions, removeTempDirs, snapshot } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

function expectStillEmpty(path: string): void {
  expect(statSync(path).size).toBe(0);
  expect(snapshot(path)).toMatchObject({ wal: false, shm: false, journal: false });
}

describe('an emptied workspace file Roster knew', () => {
  it('known by its seal: refused with WORKSPACE_EMPTIED, naming its newest backup; creating it again on purpose works', async () => {
    const dir = makeTempDir('emptied');
    const path = join(dir, 'team.roster');
    const seals = new MemorySealStore();
    const options = { ...openOptions(dir), seals };
    const workspace = await createWorkspaceFile(path, options);
    await workspace.close();
    expect(seals.get(path)).not.toBeNull();
    mkdirSync(options.backupDir, { recursive: true, mode: 0o700 });
    const reader = new Database(path, { readonly: true });
    const backup = await takeBackup(path, options.backupDir, readHistory(reader));
    reader.close();
    // What the read-only reads above leave beside a WAL file (empty), so that only the open below is judged.
    for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });

    truncateSync(path, 0);
    const error = await expectRosterError(openWorkspaceFile(path, options), 'WORKSPACE_EMPTIED');
    expect(error.message).toMatch(/empty \(0 bytes\)/);
    expect(error.message).toContain(`Its newest backup is ${backup}`);
    expectStillEmpty(path);

    // The person asks for a new workspace at that path: that is not refused.
    const fresh = await createWorkspaceFile(path, options);
    expect(fresh.db.prepare('SELECT count(*) FROM "Person"').pluck().get()).toSatisfy((n) => Number(n) === 0);
    await fresh.close();
  });

  it('known by the catalog only (no seal): refused, saying there is no backup', async () => {
    const dir = makeTempDir('emptied-catalog');
    const path = join(dir, 'listed.roster');
    const catalog = new Catalog({ file: join(dir, 'data', 'catalog.roster'), trashDir: join(dir, 'data', 'trash') });
    try {
      const first = await createWorkspaceFile(path, openOptions(dir));
      await first.close();
      catalog.add(path);
      truncateSync(path, 0);
      const options = { ...openOptions(dir), seals: new CatalogSealStore(catalog) };
      const error = await expectRosterError(openWorkspaceFile(path, options), 'WORKSPACE_EMPTIED');
      expect(error.message).toMatch(/Roster has no backup of it in /);
      expectStillEmpty(path);
    } finally {
      catalog.close();
    }
  });

  it('a 0-byte file at a path Roster does not know still becomes a new workspace', async () => {
    const dir = makeTempDir('emptied-unknown');
    const path = join(dir, 'new.roster');
    writeFileSync(path, '');
    const workspace = await openWorkspaceFile(path, { ...openOptions(dir), seals: new MemorySealStore() });
    expect(workspace.db.prepare('SELECT count(*) FROM "Person"').pluck().get()).toSatisfy((n) => Number(n) === 0);
    await workspace.close();
    expect(statSync(path).size).toBeGreaterThan(0);
  });

  it('through the CLI: people list on an emptied workspace exits 3 with WORKSPACE_EMPTIED and leaves it empty', async () => {
    const dir = makeTempDir('emptied-cli');
    const dataDir = join(dir, 'data');
    const path = join(dir, 'team.roster');
    const created = await runRoster(['workspace', 'create', path, '--name', 'Team'], { dataDir });
    expect(created.code, created.stderr).toBe(0);
    await runRoster(['people', 'add', '--workspace', path, 'Ada Lovelace'], { dataDir });
    truncateSync(path, 0);
    const listed = await runRoster(['people', 'list', '--workspace', path], { dataDir });
    expect(listed.code, listed.stderr).toBe(3);
    expect(listed.stderr.startsWith('WORKSPACE_EMPTIED '), listed.stderr).toBe(true);
    expect(listed.stderr).toMatch(/empty \(0 bytes\)/);
    expectStillEmpty(path);
    expect(existsSync(path)).toBe(true);
  });
});
