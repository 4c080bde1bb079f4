// `roster people copy|move` and `roster workspace merge`, run as a person
// runs them: the built CLI as a child process over real workspace files.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PersonDto } from '../../../main/features/people/common/people-contract.js';
import { Catalog } from '../../../main/features/catalog/node/catalog.js';
import { dataPaths } from '../../../main/kernel/node/paths/data-paths.js';
import { jsonOut, runRoster, type CliOptions } from '../../support/cli.js';
import { makeTempDir, removeTempDirs, sha256OfFile } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

// Every test runs `roster` several times: see test/support/loaded-machine.ts.
heavyTestFile();

afterAll(removeTempDirs);

/** Runs a command that must succeed; returns its message (stderr). */
async function ok(args: string[], options: CliOptions): Promise<string> {
  const result = await runRoster(args, options);
  expect(result.code, result.stderr).toBe(0);
  return result.stderr;
}

async function workspaces(names: Record<string, string[]>): Promise<{ options: CliOptions; path: (name: string) => string }> {
  const dir = makeTempDir('cli-transfer');
  const options = { dataDir: join(dir, 'data') };
  const path = (name: string): string => join(dir, `${name}.roster`);
  for (const [name, people] of Object.entries(names)) {
    await ok(['workspace', 'create', path(name), '--name', name], options);
    if (people.length > 0) await ok(['people', 'add', '--workspace', path(name), ...people], options);
  }
  return { options, path };
}

/** The people of a workspace in id order (the order they arrived in it). */
async function people(path: string, options: CliOptions): Promise<PersonDto[]> {
  return jsonOut<PersonDto[]>(await runRoster(['people', 'list', '--workspace', path, '--json'], options)).sort((a, b) => a.id - b.id);
}

async function names(path: string, options: CliOptions): Promise<string[]> {
  return (await people(path, options)).map((p) => p.name);
}

describe('people copy and move', () => {
  it('copy: new ids in the target, names and creation times kept, likely duplicates counted; the source keeps everyone', async () => {
    const { options, path } = await workspaces({ Alpha: ['Ada Lovelace', 'Émile Zola', 'Grace Hopper'], Beta: ['ADA LOVELACE'] });
    const before = jsonOut<PersonDto[]>(await runRoster(['people', 'list', '--workspace', path('Alpha'), '--json'], options));
    const text = await ok(['people', 'copy', '--from', path('Alpha'), '--to', path('Beta'), '1', '2'], options);
    expect(text).toBe(
      'Copied 2 people to "Beta" (new ids 2-3). One of them has the same name as someone already in "Beta" (likely a duplicate).\n',
    );
    const copies = await people(path('Beta'), options);
    expect(copies.map((p) => [p.id, p.name])).toEqual([
      [1, 'ADA LOVELACE'],
      [2, 'Ada Lovelace'],
      [3, 'Émile Zola'],
    ]);
    const ada = before.find((p) => p.name === 'Ada Lovelace');
    expect(copies[1]?.createdAt).toBe(ada?.createdAt);
    expect(await names(path('Alpha'), options)).toEqual(['Ada Lovelace', 'Émile Zola', 'Grace Hopper']);
    // Found by search in the target at once.
    const found = jsonOut<PersonDto[]>(
      await runRoster(['people', 'list', '--workspace', path('Beta'), '--search', 'emile', '--json'], options),
    );
    expect(found.map((p) => p.name)).toEqual(['Émile Zola']);
  });

  it('move --json, --search and --all; the people leave the source', async () => {
    const { options, path } = await workspaces({ From: ['Anna Berg', 'Bo Berg', 'Cecilia Ek'], To: [] });
    const moved = jsonOut(
      await runRoster(['people', 'move', '--from', path('From'), '--to', path('To'), '--search', 'berg', '--json'], options),
    );
    expect(moved).toEqual({ moved: 2, duplicates: 0, firstId: 1, lastId: 2 });
    expect(await names(path('From'), options)).toEqual(['Cecilia Ek']);
    await ok(['people', 'move', '--from', path('From'), '--to', path('To'), '--all'], options);
    expect(await names(path('From'), options)).toEqual([]);
    expect(await names(path('To'), options)).toEqual(['Anna Berg', 'Bo Berg', 'Cecilia Ek']);
  });

  it('bad input is refused before anything changes, with its code and exit status', async () => {
    const { options, path } = await workspaces({ A: ['One', 'Two'], B: ['Three'] });
    const hashes = (): string[] => [sha256OfFile(path('A')), sha256OfFile(path('B'))];
    const before = hashes();
    const cases: [string[], number, RegExp][] = [
      [['people', 'move', '--from', path('A'), '--to', path('B'), '2', '9'], 2, /^PERSON_NOT_FOUND There is no person with id 9\.\n$/],
      [['people', 'copy', '--from', path('A'), '--to', path('A'), '1'], 2, /^INVALID_INPUT The two workspaces are the same file/],
      [['people', 'copy', '--from', path('A'), '--to', path('B')], 2, /^INVALID_INPUT Name the people: IDs, or --search TEXT, or --all/],
      [['people', 'copy', '--from', path('A'), '--to', path('B'), '--all', '1'], 2, /^INVALID_INPUT Name the people/],
      [['people', 'copy', '--from', path('A'), '1'], 2, /^INVALID_INPUT .*--into/],
      [['people', 'copy', '--from', path('A'), '--to', path('missing'), '1'], 2, /^WORKSPACE_NOT_FOUND /],
      [['people', 'copy', '--from', path('A'), '--to', path('B'), 'x'], 2, /^INVALID_INPUT /],
    ];
    for (const [args, code, stderr] of cases) {
      const result = await runRoster(args, options);
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.stderr, args.join(' ')).toMatch(stderr);
      expect(result.stdout).toBe('');
    }
    expect(hashes()).toEqual(before);
  });
});

describe('workspace merge', () => {
  it(
    'moves everyone, sends the empty source to the trash (restorable), ' + 'and --skip-duplicates leaves likely duplicates behind',
    async () => {
      const { options, path } = await workspaces({ Old: ['Ada', 'Grace', 'Alan'], Main: ['GRACE'], Side: ['Linus', 'alan'] });
      const skipped = jsonOut(
        await runRoster(['workspace', 'merge', path('Side'), '--into', path('Old'), '--skip-duplicates', '--json'], options),
      );
      expect(skipped).toEqual({ moved: 1, skipped: 1, duplicates: 1, trashed: false });
      expect(await names(path('Side'), options)).toEqual(['alan']);
      expect(existsSync(path('Side'))).toBe(true);

      const text = await ok(['workspace', 'merge', path('Old'), '--into', path('Main')], options);
      expect(text).toBe(
        'Moved 4 people from "Old" into "Main". One of them has the same name as someone already in "Main" (likely a duplicate). ' +
          '"Old" is empty now and was moved to Roster\'s trash (`roster workspace restore` brings it back).\n',
      );
      expect(await names(path('Main'), options)).toEqual(['GRACE', 'Ada', 'Grace', 'Alan', 'Linus']);
      expect(existsSync(path('Old'))).toBe(false);
      const list = jsonOut<{ name: string }[]>(await runRoster(['workspace', 'list', '--json'], options));
      expect(list.map((entry) => entry.name).sort()).toEqual(['Main', 'Side']);
      // In Roster's trash, from where the launcher restores it with its people gone to Main.
      const paths = dataPaths(options.dataDir);
      const catalog = new Catalog({ file: paths.catalogFile, trashDir: paths.trashDir, legacyFile: paths.legacyCatalogFile });
      try {
        const [trashed] = catalog.listTrash();
        expect(trashed?.name).toBe('Old');
        const restored = catalog.restoreFromTrash(trashed?.trashId ?? '');
        expect(restored.path).toBe(path('Old'));
      } finally {
        catalog.close();
      }
      expect(await names(path('Old'), options)).toEqual([]);
    },
  );
});
