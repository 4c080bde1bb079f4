// The seed scenario, verbatim, through the built CLI: two workspaces, both start
// empty; "George Washington" is added to A and "Thomas Jefferson" to B; each lists
// only its own person.

import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { PersonDto } from '../../../main/features/people/common/people-contract.js';
import { jsonOut, runRoster } from '../../support/cli.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

// The test runs `roster` several times: see test/support/loaded-machine.ts.
heavyTestFile();

afterAll(removeTempDirs);

it('two workspaces each list only their own person (CLI)', async () => {
  const dataDir = makeTempDir('cli-seed');
  const options = { dataDir };
  const a = join(dataDir, 'A.roster');
  const b = join(dataDir, 'B.roster');

  expect((await runRoster(['workspace', 'create', a], options)).code).toBe(0);
  expect((await runRoster(['workspace', 'create', b], options)).code).toBe(0);

  expect(jsonOut(await runRoster(['people', 'list', '--workspace', a, '--json'], options))).toEqual([]);
  expect(jsonOut(await runRoster(['people', 'list', '--workspace', b, '--json'], options))).toEqual([]);

  expect((await runRoster(['people', 'add', '--workspace', a, 'George Washington'], options)).code).toBe(0);
  expect((await runRoster(['people', 'add', '--workspace', b, 'Thomas Jefferson'], options)).code).toBe(0);

  const listA = jsonOut<PersonDto[]>(await runRoster(['people', 'list', '--workspace', a, '--json'], options));
  const listB = jsonOut<PersonDto[]>(await runRoster(['people', 'list', '--workspace', b, '--json'], options));
  expect(listA.map((person) => person.name)).toEqual(['George Washington']);
  expect(listB.map((person) => person.name)).toEqual(['Thomas Jefferson']);
  for (const person of [...listA, ...listB]) {
    expect(Object.keys(person)).toEqual(['id', 'name', 'createdAt', 'updatedAt']);
  }

  // The human table shows the same.
  const table = await runRoster(['people', 'list', '--workspace', a], options);
  expect(table.stdout).toContain('George Washington');
  expect(table.stdout).not.toContain('Thomas Jefferson');
});
