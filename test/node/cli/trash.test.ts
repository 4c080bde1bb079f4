// Roster's trash from the command line: `workspace delete PATH` does what its help
// says for a listed workspace, an unlisted workspace file and a listed one whose file
// is gone; `workspace trash` lists the trash and `workspace restore` puts a workspace
// back, by its old path or its trash id, never over a file that is there now.

import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogDump } from '../../support/catalog-fixtures.js';
import { jsonOut, runRoster, type CliOptions } from '../../support/cli.js';
import { countRows } from '../../support/people-fixtures.js';
import { makeTempDir, removeTempDirs, sha256OfFile } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

heavyTestFile();

afterAll(removeTempDirs);

interface Trashed {
  trashId: string;
  name: string;
  originalPath: string;
  deletedAt: string;
}

async function setUp(label: string): Promise<{ dir: string; options: CliOptions }> {
  const dir = makeTempDir(label);
  return { dir, options: { dataDir: join(dir, 'data') } };
}

async function created(path: string, options: CliOptions, people: string[] = []): Promise<void> {
  expect((await runRoster(['workspace', 'create', path, '-q'], options)).code).toBe(0);
  if (people.length > 0) expect((await runRoster(['people', 'add', path, ...people, '-q'], options)).code).toBe(0);
}

async function listedPaths(options: CliOptions): Promise<string[]> {
  return jsonOut<{ path: string }[]>(await runRoster(['workspace', 'list', '--json'], options)).map((entry) => entry.path);
}

describe('workspace delete PATH', () => {
  it('a workspace file that was never listed goes to the trash too, as the help says; restore lists it', async () => {
    const { dir, options } = await setUp('cli-trash-unlisted');
    const path = join(dir, 'loose.roster');
    await created(path, options, ['Ada Lovelace']);
    expect((await runRoster(['workspace', 'forget', path, '-q'], options)).code).toBe(0);
    const deleted = await runRoster(['workspace', 'delete', path, '--json'], options);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(JSON.parse(deleted.stdout)).toMatchObject({ name: 'loose', originalPath: path, restorable: true });
    expect(existsSync(path)).toBe(false);
    expect(await listedPaths(options)).toEqual([]);
    const restored = await runRoster(['workspace', 'restore', path], options);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stderr).toBe(`Restored "loose" to ${path}.\n`);
    expect(await listedPaths(options)).toEqual([path]);
    expect(countRows(path)).toBe(1);
  });

  it('a file that is not a workspace is refused (BAD_PATH, exit 2): left in place and not listed', async () => {
    const { dir, options } = await setUp('cli-trash-foreign');
    const notes = join(dir, 'notes.db');
    writeFileSync(notes, 'plain text, not SQLite');
    const result = await runRoster(['workspace', 'delete', notes], options);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `BAD_PATH ${notes} is not a workspace file (.roster, .sqlite, .sqlite3 or .db holding SQLite); only those go to Roster's trash.\n`,
    );
    expect(existsSync(notes)).toBe(true);
    expect(await listedPaths(options)).toEqual([]);
  });

  it('a refused delete of an unlisted workspace (busy) does not leave it listed', async () => {
    const { dir, options } = await setUp('cli-trash-busy');
    const path = join(dir, 'open.roster');
    await created(path, options);
    expect((await runRoster(['workspace', 'forget', path, '-q'], options)).code).toBe(0);
    writeFileSync(`${path}-wal`, '');
    const result = await runRoster(['workspace', 'delete', path], options);
    expect(result.code).toBe(75);
    expect(result.stderr).toMatch(/^WORKSPACE_BUSY "open" is open in Roster or another program/);
    expect(await listedPaths(options)).toEqual([]);
    expect(existsSync(path)).toBe(true);
  });

  it('a listed workspace whose file is gone is only removed from the list (restorable: false)', async () => {
    const { dir, options } = await setUp('cli-trash-gone');
    const path = join(dir, 'gone.roster');
    await created(path, options);
    rmSync(path);
    const result = await runRoster(['workspace', 'delete', path], options);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('The file of "gone" was already gone; removed it from the list.\n');
    expect(await listedPaths(options)).toEqual([]);
    expect(jsonOut(await runRoster(['workspace', 'trash', '--json'], options))).toEqual([]);
  });
});

describe('workspace trash and restore', () => {
  it('lists the trash newest first; restore by trash id; the same path deleted twice restores the latest', async () => {
    const { dir, options } = await setUp('cli-trash-list');
    const path = join(dir, 'team.roster');
    await created(path, options, ['First']);
    expect((await runRoster(['workspace', 'delete', path, '-q'], options)).code).toBe(0);
    await created(path, options, ['Second', 'Third']);
    expect((await runRoster(['workspace', 'delete', path, '-q'], options)).code).toBe(0);
    const trash = jsonOut<Trashed[]>(await runRoster(['workspace', 'trash', '--json'], options));
    expect(trash.map((entry) => entry.originalPath)).toEqual([path, path]);
    expect((trash[0] as Trashed).deletedAt >= (trash[1] as Trashed).deletedAt).toBe(true);

    const latest = jsonOut<{ path: string }>(await runRoster(['workspace', 'restore', path, '--json'], options));
    expect(latest.path).toBe(path);
    expect(countRows(path)).toBe(2);

    // The older one, by its id: a file is at its path now, so it is refused and stays in the trash.
    const before = sha256OfFile(path);
    const refused = await runRoster(['workspace', 'restore', (trash[1] as Trashed).trashId], options);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^FILE_EXISTS /);
    expect(sha256OfFile(path)).toBe(before);
    expect(jsonOut<Trashed[]>(await runRoster(['workspace', 'trash', '--json'], options)).map((entry) => entry.trashId)).toEqual([
      (trash[1] as Trashed).trashId,
    ]);
  });

  it('the trash empty: a message on standard error, nothing on standard output; restoring what is not there is NOT_IN_TRASH', async () => {
    const { dir, options } = await setUp('cli-trash-empty');
    const empty = await runRoster(['workspace', 'trash'], options);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toBe("Roster's trash is empty.\n");
    const list = catalogDump(join(options.dataDir, 'catalog.db'));
    const missing = await runRoster(['workspace', 'restore', join(dir, 'never.roster')], options);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `NOT_IN_TRASH Nothing from ${join(dir, 'never.roster')} is in Roster's trash; \`roster workspace trash\` lists what is.\n`,
    );
    expect(catalogDump(join(options.dataDir, 'catalog.db'))).toEqual(list);
  });
});
