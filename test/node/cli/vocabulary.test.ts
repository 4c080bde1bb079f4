// One vocabulary: the workspace first, `SRC ... --into DST` between two, `--search TEXT`
// everywhere, with the spellings of the last release still accepted (same results)
// and refused when both are given. Distinct codes for what is not found; `migrate`
// calls a missing file "missing" both ways; CLI use counts as use in `workspace list`;
// and the wording a person reads is consistent.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogDump } from '../../support/catalog-fixtures.js';
import { jsonOut, runRoster, type CliOptions } from '../../support/cli.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

heavyTestFile();

interface Listed {
  name: string;
  path: string;
  lastOpenedAt: string | null;
}

let dir: string;
let options: CliOptions;
let team: string;
let archive: string;

beforeAll(async () => {
  dir = makeTempDir('cli-vocabulary');
  options = { dataDir: join(dir, 'data') };
  team = join(dir, 'team.roster');
  archive = join(dir, 'archive.roster');
  expect((await runRoster(['workspace', 'create', team, '--name', 'Team', '-q'], options)).code).toBe(0);
  expect((await runRoster(['workspace', 'create', archive, '--name', 'Archive', '-q'], options)).code).toBe(0);
  expect((await runRoster(['people', 'add', team, 'Ada Lovelace', 'Grace Hopper', 'Alan Turing', '-q'], options)).code).toBe(0);
});
afterAll(removeTempDirs);

describe('old spellings', () => {
  it('--workspace PATH, --from/--to and find TEXT give what the current spellings give', async () => {
    const pairs: [string[], string[]][] = [
      [
        ['people', 'list', team, '--search', 'a', '--json'],
        ['people', 'list', '--workspace', team, '--search', 'a', '--json'],
      ],
      [
        ['people', 'export', team, '--format', 'json'],
        ['people', 'export', '--workspace', team, '--format', 'json'],
      ],
      [
        ['people', 'find', '--search', 'grace', '--json'],
        ['people', 'find', 'grace', '--json'],
      ],
    ];
    for (const [now, old] of pairs) {
      const current = await runRoster(now, options);
      const before = await runRoster(old, options);
      expect(current.code, current.stderr).toBe(0);
      expect(before.code, before.stderr).toBe(0);
      expect(before.stdout).toBe(current.stdout);
      expect(before.stderr).toBe('');
    }
    const copied = jsonOut(await runRoster(['people', 'copy', '--from', team, '--to', archive, '1', '--json'], options));
    expect(copied).toEqual({ copied: 1, duplicates: 0, firstId: 1, lastId: 1 });
    const again = jsonOut(await runRoster(['people', 'copy', team, '2', '--into', archive, '--json'], options));
    expect(again).toEqual({ copied: 1, duplicates: 0, firstId: 2, lastId: 2 });
  });

  it('both spellings at once are refused (exit 2), before anything is read', async () => {
    const list = catalogDump(join(options.dataDir, 'catalog.db'));
    const cases: [string[], string][] = [
      [['people', 'copy', team, '1', '--into', archive, '--to', archive], '--to is the old spelling of --into; give only one of them.'],
      [['people', 'find', 'ada', '--search', 'ada'], 'Give TEXT once: as --search TEXT.'],
      [['people', 'list', team, '--workspace', team], `Unexpected argument "${team}" for \`roster people list\`.`],
    ];
    for (const [args, message] of cases) {
      const result = await runRoster(args, options);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`INVALID_INPUT ${message} Run \`roster help ${args.slice(0, 2).join(' ')}\` for usage.\n`);
    }
    expect(catalogDump(join(options.dataDir, 'catalog.db'))).toEqual(list);
  });
});

describe('what is not found has its own code', () => {
  it('a person, a workspace file, an import file, a list entry and a trash entry', async () => {
    const cases: [string[], string, string][] = [
      [['people', 'update', team, '99', 'X'], 'PERSON_NOT_FOUND', 'There is no person with id 99.'],
      [['people', 'list', join(dir, 'nope.roster')], 'WORKSPACE_NOT_FOUND', `There is no workspace file at ${join(dir, 'nope.roster')}.`],
      [['people', 'import', team, join(dir, 'nope.csv')], 'FILE_NOT_FOUND', `There is no file at ${join(dir, 'nope.csv')}.`],
      [
        ['workspace', 'rename', join(dir, 'nope.roster'), 'X'],
        'WORKSPACE_NOT_LISTED',
        `${join(dir, 'nope.roster')} is not in the list of workspaces.`,
      ],
      [
        ['workspace', 'restore', join(dir, 'nope.roster')],
        'NOT_IN_TRASH',
        `Nothing from ${join(dir, 'nope.roster')} is in Roster's trash; \`roster workspace trash\` lists what is.`,
      ],
    ];
    for (const [args, code, message] of cases) {
      const result = await runRoster([...args, '--json'], options);
      expect(result.code, args.join(' ')).toBe(2);
      expect(JSON.parse(result.stderr)).toEqual({ error: { code, message } });
    }
  });

  it('migrate: a missing file is "missing" whether named or found with --all; named, it is a failure (exit 2)', async () => {
    const data = { dataDir: join(dir, 'migrate-data') };
    const gone = join(dir, 'gone.roster');
    expect((await runRoster(['workspace', 'create', gone, '-q'], data)).code).toBe(0);
    rmSync(gone);
    const expected = {
      path: gone,
      status: 'missing',
      applied: [],
      repaired: [],
      restoredFrom: null,
      invalidNames: { count: 0, people: [] },
      error: { code: 'WORKSPACE_NOT_FOUND', message: `There is no workspace file at ${gone}.` },
    };
    const named = await runRoster(['migrate', gone, '--json'], data);
    expect(named.code).toBe(2);
    expect(JSON.parse(named.stdout)).toEqual([expected]);
    const all = await runRoster(['migrate', '--all', '--json'], data);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual([expected]);
    const text = await runRoster(['migrate', gone], data);
    expect(text.stdout).toBe(`missing     ${gone}\n`);
    expect(text.stderr).toBe(
      `WORKSPACE_NOT_FOUND ${gone}: There is no workspace file at ${gone}.\n1 workspace: 0 migrated, 0 already up to date, 1 missing.\n`,
    );
  });
});

describe('workspace list counts CLI use', () => {
  it('a people command that succeeds sets "last opened"; a failed one and migrate do not', async () => {
    const data = { dataDir: join(dir, 'use-data') };
    const used = join(dir, 'used.roster');
    const idle = join(dir, 'idle.roster');
    for (const path of [used, idle]) expect((await runRoster(['workspace', 'create', path, '-q'], data)).code).toBe(0);
    const lastOpened = async (): Promise<Record<string, string | null>> =>
      Object.fromEntries(
        jsonOut<Listed[]>(await runRoster(['workspace', 'list', '--json'], data)).map((entry) => [entry.path, entry.lastOpenedAt]),
      );
    expect(await lastOpened()).toEqual({ [used]: null, [idle]: null });
    expect((await runRoster(['people', 'update', idle, '1', 'X'], data)).code).toBe(2);
    expect((await runRoster(['migrate', idle], data)).code).toBe(0);
    expect((await runRoster(['people', 'list', used], data)).code).toBe(0);
    const after = await lastOpened();
    expect(after[idle]).toBeNull();
    expect(after[used]).toMatch(/^\d{4}-\d\d-\d\dT/);
    const table = await runRoster(['workspace', 'list'], data);
    expect(table.stdout.split('\n')[1]).toMatch(/^used +\d{4}-\d\d-\d\d \d\d:\d\dZ +/);
    expect(table.stdout.split('\n')[2]).toMatch(/^idle +- +/);
  });
});

describe('wording', () => {
  it('choices are listed quoted, with "or"', async () => {
    const result = await runRoster(['people', 'import', team, join(dir, 'x.csv'), '--separator', ':'], options);
    expect(result.stderr).toBe(
      'INVALID_INPUT --separator must be ",", ";", "tab" or "|"; got ":". Run `roster help people import` for usage.\n',
    );
  });

  it('messages use straight quotes, also for the core messages the app sets in typographic ones', async () => {
    writeFileSync(`${team}-wal`, '');
    try {
      const result = await runRoster(['workspace', 'delete', team], options);
      expect(result.code).toBe(75);
      expect(result.stderr).toBe(
        'WORKSPACE_BUSY "Team" is open in Roster or another program, or was not closed properly. ' +
          'Close it (or open and close it once), then delete it.\n',
      );
      expect(result.stderr).not.toMatch(/[“”‘’]/);
    } finally {
      rmSync(`${team}-wal`);
    }
  });

  it('find says how many are shown and which --limit shows them all', async () => {
    const result = await runRoster(['people', 'find', '--search', 'a', '--limit', '1'], options);
    expect(result.stdout).toContain(`Team (${team}): 3 people, the first one shown (--limit 3 shows them all)\n`);
    const two = await runRoster(['people', 'find', '--search', 'a', '--limit', '2'], options);
    expect(two.stdout).toContain(`Team (${team}): 3 people, the first 2 shown (--limit 3 shows them all)\n`);
  });
});
