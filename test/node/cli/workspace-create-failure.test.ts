// `workspace create` (CLI) and the launcher's create that fail leave no file behind:
// not when the catalog refuses before anything is created, not when the catalog
// fails after the file was made, not when initialising the file fails.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../../main/features/catalog/common/catalog-contract.js';
import { RosterError } from '../../../main/kernel/common/errors.js';
import { createRosterCore } from '../../../main/app/node/roster-core.js';
import { Catalog } from '../../../main/features/catalog/node/catalog.js';
import { CATALOG_SCHEMA_VERSION } from '../../../main/features/catalog/node/catalog-db.js';
import type { CliIo } from '../../../main/kernel/node/cli/io.js';
import { workspaceCreate } from '../../../main/features/catalog/node/workspace-commands.js';
import { createRosterContext, type RosterContext } from '../../../main/app/node/roster-context.js';
import { WorkspaceConnections } from '../../../main/features/workspace/node/workspace-connections.js';
import { ScriptedDialogs } from '../../support/app-fixture.js';
import { runRoster } from '../../support/cli.js';
import { makeTempDir, migrationsWith, openOptions, removeTempDirs, REPO_MIGRATIONS } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

// Tests run `roster` as a child process: see test/support/loaded-machine.ts.
heavyTestFile();

afterAll(removeTempDirs);

/** A catalog whose writes fail (as on a full disk) once the workspace file exists. */
class FailingCatalog extends Catalog {
  override add(): CatalogEntry {
    throw new RosterError('DISK_FULL', 'The disk is full (injected).');
  }
}

function quietIo(): CliIo & { errors: string[] } {
  const errors: string[] = [];
  return { out: () => undefined, err: (text) => void errors.push(text), interactive: false, env: {}, errors };
}

function contextWithFailingCatalog(dir: string): RosterContext {
  const base = createRosterContext({ dataDir: join(dir, 'data'), migrationsDir: REPO_MIGRATIONS });
  const catalog = new FailingCatalog({ file: base.paths.catalogFile, trashDir: base.paths.trashDir });
  return { ...base, catalog, close: async () => (await base.close(), catalog.close()) };
}

describe('a failed create leaves no file', () => {
  it('the CLI refuses up front when the catalog was written by a newer Roster (exit 3)', async () => {
    const dir = makeTempDir('create-fail-newer');
    const options = { dataDir: join(dir, 'data') };
    expect((await runRoster(['workspace', 'list'], options)).code).toBe(0);
    const db = new Database(join(options.dataDir, 'catalog.db'));
    db.pragma(`user_version = ${CATALOG_SCHEMA_VERSION + 1}`);
    db.close();
    const result = await runRoster(['workspace', 'create', join(dir, 'new.roster')], options);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^WORKSPACE_TOO_NEW /);
    expect(readdirSync(dir)).toEqual(['data']);
  });

  it('the CLI removes the new file when the catalog fails after it was created', async () => {
    const dir = makeTempDir('create-fail-cli');
    const roster = contextWithFailingCatalog(dir);
    const io = quietIo();
    const args = { positionals: [join(dir, 'new')], flags: {}, help: false } as unknown as Parameters<typeof workspaceCreate.run>[0];
    try {
      await expect(workspaceCreate.run(args, { io, log: () => undefined, roster: () => roster })).rejects.toMatchObject({
        code: 'DISK_FULL',
      });
    } finally {
      await roster.close();
    }
    expect(readdirSync(dir)).toEqual(['data']);
  });

  it('the launcher removes the new file when the catalog fails after it was created', async () => {
    const dir = makeTempDir('create-fail-core');
    const context = contextWithFailingCatalog(dir);
    const core = createRosterCore({
      context,
      dialogs: new ScriptedDialogs(),
      windows: { showWorkspace: async () => undefined },
      log: () => undefined,
    });
    await expect(core.createWorkspace(join(dir, 'made.roster'), 'Made')).rejects.toMatchObject({ code: 'DISK_FULL' });
    await core.shutdown(2000);
    expect(readdirSync(dir)).toEqual(['data']);
    expect(context.connections.openPaths()).toEqual([]);
  });

  it('initialising the new file failing (a broken migration) removes it too', async () => {
    const dir = makeTempDir('create-fail-migrate');
    const connections = new WorkspaceConnections(openOptions(dir, migrationsWith({ '20991231000000_broken': 'THIS IS NOT SQL;\n' })));
    await expect(connections.create(join(dir, 'broken.roster'))).rejects.toBeInstanceOf(RosterError);
    await connections.closeAll();
    for (const suffix of ['', '-wal', '-shm', '-journal']) expect(existsSync(join(dir, `broken.roster${suffix}`))).toBe(false);
  });
});
