// An export can never destroy a workspace: every target that is (or may be) a
// database is refused with TARGET_REFUSED and nothing changes, whether the export
// comes from the core, the `roster` command or the window's save dialog.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../../main/features/catalog/node/catalog.js';
import { writeExportFile } from '../../../main/features/import-export/node/export-file.js';
import { readPeopleSnapshot } from '../../../main/features/import-export/node/snapshot-reader.js';
import { createAppFixture, createWorkspaceFileAt } from '../../support/app-fixture.js';
import { runRoster } from '../../support/cli.js';
import { countRows, createTempPeople, expectCode, type TempPeople } from '../../support/people-fixtures.js';
import { makeTempDir, makeV1File, removeTempDirs, sha256OfFile } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

/** Every file in `dir` with its hash, to say "nothing changed". */
function folderState(dir: string): Record<string, string> {
  const state: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    try {
      state[name] = sha256OfFile(path);
    } catch {
      state[name] = 'not a file';
    }
  }
  return state;
}

describe('writeExportFile refuses database targets', () => {
  let ws: TempPeople;
  let folder: string;
  beforeEach(async () => {
    ws = await createTempPeople('source');
    await ws.people.createMany({ names: ['Ada Lovelace', 'Grace Hopper'] });
    folder = join(ws.dir, 'targets');
    mkdirSync(folder);
  });
  afterEach(() => ws.close());

  async function expectRefused(target: string, options: Parameters<typeof writeExportFile>[3] = {}, gist?: RegExp): Promise<void> {
    const before = folderState(folder);
    const sourceBefore = sha256OfFile(ws.path);
    const error = await expectCode(writeExportFile(readPeopleSnapshot(ws.path), target, 'csv', options), 'TARGET_REFUSED');
    if (gist) expect(error.message).toMatch(gist);
    expect(folderState(folder)).toEqual(before);
    expect(sha256OfFile(ws.path)).toBe(sourceBefore);
  }

  it('the workspace being exported (its own path)', async () => {
    await expectCode(writeExportFile(readPeopleSnapshot(ws.path), ws.path, 'csv'), 'TARGET_REFUSED');
    expect(await ws.people.count()).toBe(2);
  });

  it('a SQLite file whatever its name', async () => {
    const disguised = join(folder, 'people.csv');
    makeV1File(disguised, ['Someone']);
    await expectRefused(disguised, {}, /is a database file/);
  });

  it('any name Roster opens as a workspace, even when no file is there yet', async () => {
    for (const name of ['new.roster', 'new.sqlite', 'new.sqlite3', 'NEW.DB'])
      await expectRefused(join(folder, name), {}, /opens as a workspace/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('a workspace in the catalog, even when its file is missing right now', async () => {
    const listed = join(folder, 'listed.csv');
    await expectRefused(listed, { isCatalogued: (path) => path === listed }, /in Roster's list/);
  });

  it.each(['-wal', '-shm', '-journal'])('a file with a %s file beside it (open as a database somewhere)', async (suffix) => {
    const busy = join(folder, 'busy.csv');
    writeFileSync(busy, 'not a database, yet');
    writeFileSync(busy + suffix, '');
    await expectRefused(busy, {}, /open as a database/);
  });

  it('a symlink that points at a workspace (the link and the workspace stay as they were)', async () => {
    const link = join(folder, 'innocent.csv');
    symlinkSync(ws.path, link);
    await expectRefused(link, {}, /opens as a workspace/);
    const sqliteLink = join(folder, 'other.csv');
    const copy = join(ws.dir, 'copy-of-workspace');
    copyFileSync(ws.path, copy);
    symlinkSync(copy, sqliteLink);
    await expectRefused(sqliteLink, {}, /database file/);
  });
});

describe('`roster people export --out` over a workspace', () => {
  let dir: string;
  let options: { dataDir: string };
  let ws: string;
  beforeEach(async () => {
    dir = makeTempDir('export-cli');
    options = { dataDir: join(dir, 'data') };
    ws = join(dir, 't.roster');
    expect((await runRoster(['workspace', 'create', ws], options)).code).toBe(0);
    expect((await runRoster(['people', 'add', '--workspace', ws, 'Ada', 'Grace'], options)).code).toBe(0);
  });

  it.each([
    ['its own file', (): string => ws],
    ['another workspace', (): string => join(dir, 'other.roster')],
    ['a SQLite file named .csv', (): string => join(dir, 'sneaky.csv')],
    ['a path listed in the catalog', (): string => join(dir, 'listed.csv')],
  ])('refuses %s with exit 2 TARGET_REFUSED and changes nothing', async (_label, target) => {
    makeV1File(join(dir, 'other.roster'), ['Other']);
    makeV1File(join(dir, 'sneaky.csv'), ['Sneaky']);
    writeFileSync(join(dir, 'listed.csv'), 'placeholder');
    // The catalog lists whatever was opened as a workspace; list this one by hand.
    const catalog = new Catalog({ file: join(options.dataDir, 'catalog.db'), trashDir: join(options.dataDir, 'trash') });
    catalog.add(join(dir, 'listed.csv'), 'Listed');
    catalog.close();

    const before = folderState(dir);
    const result = await runRoster(['people', 'export', '--workspace', ws, '--format', 'csv', '--out', target()], options);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^TARGET_REFUSED .*(workspace|database)/);
    expect(result.stdout).toBe('');
    expect(folderState(dir)).toEqual(before);
    expect(countRows(ws)).toBe(2);
  });

  it('refuses before opening the workspace, so an older file is not even upgraded', async () => {
    const old = join(dir, 'old.roster');
    makeV1File(old, ['Ada']);
    const before = sha256OfFile(old);
    const result = await runRoster(['people', 'export', '--workspace', old, '--format', 'json', '--out', ws], options);
    expect(result.code).toBe(2);
    expect(sha256OfFile(old)).toBe(before);
    expect(existsSync(join(options.dataDir, 'backups')) ? readdirSync(join(options.dataDir, 'backups')) : []).toEqual([]);
  });

  it('still exports to an ordinary file', async () => {
    const out = join(dir, 'people.csv');
    const result = await runRoster(['people', 'export', '--workspace', ws, '--out', out], options);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(out, 'utf8').split('\r\n')).toHaveLength(4);
  });
});

describe("the window's save dialog", () => {
  it('goes through the same refusals', async () => {
    const app = createAppFixture();
    try {
      const path = await createWorkspaceFileAt(app, 'team.roster');
      const other = await createWorkspaceFileAt(app, 'other.roster');
      const win = await app.openWorkspace(path);
      expect(await win.call('people:create', { name: 'Ada' })).toMatchObject({ ok: true });
      const before = { team: countRows(path), other: sha256OfFile(other) };

      for (const target of [path, other]) {
        app.dialogs.exportFile.push(target);
        const result = (await win.call('importExport:export', { format: 'csv' })) as {
          ok: boolean;
          error?: { code: string; message: string };
        };
        expect(result).toMatchObject({ ok: false, error: { code: 'TARGET_REFUSED' } });
        expect(result.error?.message).toMatch(/workspace/);
      }
      expect(countRows(path)).toBe(before.team);
      expect(sha256OfFile(other)).toBe(before.other);

      app.dialogs.exportFile.push(join(app.files, 'fine.csv'));
      expect(await win.call('importExport:export', { format: 'csv' })).toMatchObject({ ok: true, data: { status: 'exported', count: 1 } });
    } finally {
      await app.dispose();
    }
  });
});
