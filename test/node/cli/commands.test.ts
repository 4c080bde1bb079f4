// Every `roster` command's normal path, run as a child process over real files.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonDto } from '../../../main/features/people/common/people-contract.js';
import { jsonOut, runRoster, type CliOptions } from '../../support/cli.js';
import { Catalog } from '../../../main/features/catalog/node/catalog.js';
import { catalogDump } from '../../support/catalog-fixtures.js';
import { countRows } from '../../support/people-fixtures.js';
import { makeTempDir, makeV1File, removeTempDirs, V1_MIGRATION, migrationsAfter } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

// Every test runs `roster` several times: see test/support/loaded-machine.ts.
heavyTestFile();

interface ListedWorkspace {
  id: string;
  name: string;
  path: string;
  createdAt: string;
  lastOpenedAt: string | null;
  missing: boolean;
}

let dir: string;
let options: CliOptions;
let ws: string;

beforeAll(async () => {
  dir = makeTempDir('cli-commands');
  options = { dataDir: join(dir, 'data') };
  ws = join(dir, 'team.roster');
  expect((await runRoster(['workspace', 'create', ws, '--name', 'The Team'], options)).code).toBe(0);
});
afterAll(removeTempDirs);

describe('help', () => {
  it('prints an overview naming every command, and per-command help', async () => {
    for (const args of [['--help'], ['help'], ['-h']]) {
      const result = await runRoster(args, options);
      expect(result.code).toBe(0);
      for (const command of ['workspace create', 'workspace list', 'people import', 'people export', 'migrate [PATH...]']) {
        expect(result.stdout).toContain(command);
      }
    }
    const help = await runRoster(['people', 'import', '--help'], options);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: roster people import/);
    expect((await runRoster(['help', 'people', 'export'], options)).stdout).toContain('formula');
    expect((await runRoster(['workspace', '--help'], options)).stdout).toContain('workspace rename');
  });
});

describe('workspace', () => {
  it('create makes a file, adds ".roster" when there is no extension, and lists it', async () => {
    const created = jsonOut<ListedWorkspace>(await runRoster(['workspace', 'create', join(dir, 'plain'), '--json'], options));
    expect(created.path).toBe(join(dir, 'plain.roster'));
    expect(created.name).toBe('plain');
    expect(existsSync(created.path)).toBe(true);

    const listed = jsonOut<ListedWorkspace[]>(await runRoster(['workspace', 'list', '--json'], options));
    expect(listed.map((entry) => entry.name).sort()).toEqual(['The Team', 'plain']);
    expect(listed.find((entry) => entry.name === 'The Team')).toMatchObject({ path: ws, missing: false });

    const table = await runRoster(['workspace', 'list'], options);
    expect(table.stdout).toMatch(/^NAME\s+LAST OPENED\s+PATH/);
    expect(table.stdout).toContain('The Team');
  });

  it('rename changes the listed name; forget removes the entry but keeps the file', async () => {
    const path = join(dir, 'renamed.roster');
    await runRoster(['workspace', 'create', path], options);
    const renamed = await runRoster(['workspace', 'rename', path, 'New Name'], options);
    expect(renamed.code).toBe(0);
    let listed = jsonOut<ListedWorkspace[]>(await runRoster(['workspace', 'list', '--json'], options));
    expect(listed.find((entry) => entry.path === path)?.name).toBe('New Name');

    expect((await runRoster(['workspace', 'forget', path], options)).code).toBe(0);
    listed = jsonOut<ListedWorkspace[]>(await runRoster(['workspace', 'list', '--json'], options));
    expect(listed.some((entry) => entry.path === path)).toBe(false);
    expect(existsSync(path)).toBe(true);
  });

  it('delete moves the file to the trash in the data folder', async () => {
    const path = join(dir, 'doomed.roster');
    await runRoster(['workspace', 'create', path], options);
    await runRoster(['people', 'add', '--workspace', path, 'Someone'], options);
    const result = await runRoster(['workspace', 'delete', path], options);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('trash');
    expect(existsSync(path)).toBe(false);
    const listed = jsonOut<ListedWorkspace[]>(await runRoster(['workspace', 'list', '--json'], options));
    expect(listed.some((entry) => entry.path === path)).toBe(false);
    const trash = catalogDump(join(options.dataDir, 'catalog.db')).trash;
    expect(trash.filter((entry) => entry['original_path'] === path)).toMatchObject([{ state: 'trashed' }]);
  });
});

describe('people', () => {
  it('add, list (search, sort, limit), update and delete', async () => {
    const names = ['Émile Zola', 'Ada Lovelace', 'Grace Hopper', '--', '-Dash'];
    const added = jsonOut<PersonDto[]>(await runRoster(['people', 'add', '--workspace', ws, '--json', ...names], options));
    expect(added.map((person) => person.name)).toEqual(['Émile Zola', 'Ada Lovelace', 'Grace Hopper', '-Dash']);

    const byName = jsonOut<PersonDto[]>(await runRoster(['people', 'list', '--workspace', ws, '--json'], options));
    expect(byName.map((person) => person.name)).toEqual(['-Dash', 'Ada Lovelace', 'Émile Zola', 'Grace Hopper']);

    const search = jsonOut<PersonDto[]>(await runRoster(['people', 'list', '--workspace', ws, '--search', 'EMILE', '--json'], options));
    expect(search.map((person) => person.name)).toEqual(['Émile Zola']);

    const limited = jsonOut<PersonDto[]>(
      await runRoster(['people', 'list', '--workspace', ws, '--sort', 'created', '--desc', '--limit', '2', '--json'], options),
    );
    expect(limited.map((person) => person.id)).toEqual([added[3]?.id, added[2]?.id]);

    const id = String(added[1]?.id);
    const updated = jsonOut<PersonDto>(await runRoster(['people', 'update', '--workspace', ws, id, 'Ada King', '--json'], options));
    expect(updated).toMatchObject({ id: added[1]?.id, name: 'Ada King' });

    const deleted = await runRoster(['people', 'delete', '--workspace', ws, id, String(added[3]?.id)], options);
    expect(deleted.code).toBe(0);
    expect(deleted.stderr).toContain('Deleted 2 people.');
    const left = jsonOut<PersonDto[]>(await runRoster(['people', 'list', '--workspace', ws, '--json'], options));
    expect(left.map((person) => person.name)).toEqual(['Émile Zola', 'Grace Hopper']);

    const none = await runRoster(['people', 'list', '--workspace', ws, '--search', 'nobody'], options);
    expect(none.stderr).toBe('No people match "nobody".\n');
  });

  it('import from CSV and JSON, export to stdout and to a file', async () => {
    const path = join(dir, 'io.roster');
    await runRoster(['workspace', 'create', path], options);
    const csv = join(dir, 'in.csv');
    writeFileSync(csv, 'id,Name,email\r\n1,"Smith, John",j@x\r\n2,=cmd(),c@x\r\n');
    const json = join(dir, 'in.json');
    writeFileSync(json, JSON.stringify(['Zoë', { name: 'Ada' }]));

    expect(jsonOut(await runRoster(['people', 'import', '--workspace', path, csv, '--json'], options))).toEqual({ imported: 2 });
    const imported = await runRoster(['people', 'import', '--workspace', path, json], options);
    expect(imported.stderr).toBe('Imported 2 people.\n');
    expect(countRows(path)).toBe(4);

    const stdoutCsv = await runRoster(['people', 'export', '--workspace', path, '--format', 'csv', '--bom', '--crlf'], options);
    expect(stdoutCsv.code).toBe(0);
    const lines = stdoutCsv.stdout.split('\r\n');
    expect(lines[0]).toBe('\uFEFFid,name,createdAt,updatedAt');
    expect(lines[1]).toMatch(/^1,"Smith, John",\d{4}-/);
    const noBom = await runRoster(['people', 'export', '--workspace', path, '--format', 'csv', '--no-bom', '--crlf'], options);
    expect(noBom.stdout).toBe(stdoutCsv.stdout.slice(1));

    // What Roster exports (BOM and all), Roster imports back unchanged.
    const roundTrip = join(dir, 'round-trip.csv');
    await runRoster(['people', 'export', '--workspace', path, '--out', roundTrip], options);
    expect(readFileSync(roundTrip).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const copy = join(dir, 'round-trip.roster');
    await runRoster(['workspace', 'create', copy], options);
    await runRoster(['people', 'import', '--workspace', copy, roundTrip], options);
    const copied = JSON.parse(
      (await runRoster(['people', 'export', '--workspace', copy, '--format', 'json'], options)).stdout,
    ) as PersonDto[];
    expect(copied.map((person) => person.name)).toEqual(['Smith, John', '=cmd()', 'Zoë', 'Ada']);
    expect(lines[2]).toMatch(/^2,'=cmd\(\),/);

    const stdoutJson = JSON.parse(
      (await runRoster(['people', 'export', '--workspace', path, '--format', 'json'], options)).stdout,
    ) as PersonDto[];
    expect(stdoutJson.map((person) => person.name)).toEqual(['Smith, John', '=cmd()', 'Zoë', 'Ada']);

    const out = join(dir, 'out.json');
    const written = await runRoster(['people', 'export', '--workspace', path, '--out', out], options);
    expect(written.stderr).toBe(`Exported 4 people to ${out}.\n`);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(stdoutJson);
  });
});

describe('migrate', () => {
  it('upgrades named files and every catalogued file with --all, and reports up-to-date ones', async () => {
    const data = { dataDir: join(dir, 'migrate-data') };
    const old1 = join(dir, 'old1.roster');
    const old2 = join(dir, 'old2.roster');
    makeV1File(old1, ['Ada']);
    makeV1File(old2, ['Grace', 'Émile']);
    const named = jsonOut<{ path: string; status: string; applied: string[]; restoredFrom: string | null }[]>(
      await runRoster(['migrate', old1, '--json'], data),
    );
    expect(named).toEqual([
      {
        path: old1,
        status: 'migrated',
        applied: migrationsAfter(V1_MIGRATION),
        repaired: [],
        restoredFrom: null,
        invalidNames: { count: 0, people: [] },
      },
    ]);
    expect(V1_MIGRATION).toBeTruthy();

    // Catalogue both (the file made by `create` is current already).
    const current = join(dir, 'current.roster');
    await runRoster(['workspace', 'create', current], data);
    const catalog = new Catalog({ file: join(data.dataDir, 'catalog.db'), trashDir: join(data.dataDir, 'trash') });
    catalog.add(old1, 'old1');
    catalog.add(old2, 'old2');
    catalog.add(join(dir, 'gone.roster'), 'old3');
    catalog.close();

    const all = await runRoster(['migrate', '--all'], data);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(`migrated    ${old2}`);
    expect(all.stdout).toContain(`up to date  ${old1}`);
    expect(all.stdout).toContain(`up to date  ${current}`);
    expect(all.stdout).toContain(`missing     ${join(dir, 'gone.roster')}`);
    expect(all.stderr).toBe('4 workspaces: 1 migrated, 2 already up to date, 1 missing.\n');

    const people = jsonOut<PersonDto[]>(await runRoster(['people', 'list', '--workspace', old2, '--search', 'emile', '--json'], data));
    expect(people.map((person) => person.name)).toEqual(['Émile']);
  });
});
