// Every command as a script sees it: results on standard output and nothing else;
// messages on standard error; -q drops the messages (the results stay); --json prints
// the result as JSON and no message. Each command runs three times, each time on a
// fresh copy of the same two listed workspaces (Team: Ada Lovelace, Grace Hopper;
// Archive: empty), through the built CLI.

import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../../main/features/catalog/node/catalog.js';
import { dataPaths } from '../../../main/kernel/node/paths/data-paths.js';
import { runRoster, type CliOptions } from '../../support/cli.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

heavyTestFile();

interface Fixture {
  readonly dir: string;
  readonly options: CliOptions;
  readonly team: string;
  readonly archive: string;
  readonly trashDir: string;
}

let template: string;

beforeAll(async () => {
  const dir = makeTempDir('cli-streams-template');
  const options = { dataDir: join(dir, 'data') };
  template = join(dir, 'template.roster');
  expect((await runRoster(['workspace', 'create', template], options)).code).toBe(0);
  expect((await runRoster(['people', 'add', template, 'Ada Lovelace', 'Grace Hopper'], options)).code).toBe(0);
});
afterAll(removeTempDirs);

/** Two listed workspaces in a fresh folder, with a fresh data folder. */
function fixture(): Fixture {
  const dir = makeTempDir('cli-streams');
  const team = join(dir, 'team.roster');
  const archive = join(dir, 'archive.roster');
  copyFileSync(template, team);
  copyFileSync(template, archive);
  const layout = dataPaths(join(dir, 'data'));
  mkdirSync(layout.root, { recursive: true });
  const catalog = new Catalog({ file: layout.catalogFile, trashDir: layout.trashDir });
  try {
    catalog.add(team, 'Team');
    catalog.add(archive, 'Archive');
  } finally {
    catalog.close();
  }
  return { dir, options: { dataDir: layout.root }, team, archive, trashDir: layout.trashDir };
}

interface Case {
  readonly name: string;
  /** Untimed preparation, through the CLI too. */
  readonly before?: (f: Fixture) => Promise<void>;
  readonly args: (f: Fixture) => string[];
  /** Standard output without --json (the same with -q). */
  readonly stdout: (f: Fixture) => string | RegExp;
  /** Standard error without --json and -q: the message. */
  readonly message: (f: Fixture) => string;
  /** What --json prints on standard output. */
  readonly json: (value: unknown, f: Fixture) => void;
}

const PERSON_KEYS = ['id', 'name', 'createdAt', 'updatedAt'];
const ENTRY_KEYS = ['id', 'name', 'path', 'createdAt', 'lastOpenedAt', 'missing'];
const TIME = /^\d{4}-\d\d-\d\d \d\d:\d\dZ$/;

async function ok(args: string[], f: Fixture): Promise<void> {
  const result = await runRoster(args, f.options);
  expect(result.code, result.stderr).toBe(0);
}

const cases: Case[] = [
  {
    name: 'workspace create',
    args: (f) => ['workspace', 'create', join(f.dir, 'new.roster'), '--name', 'New'],
    stdout: () => '',
    message: (f) => `Created workspace "New" at ${join(f.dir, 'new.roster')}.\n`,
    json: (value, f) => {
      expect(Object.keys(value as object)).toEqual(ENTRY_KEYS);
      expect(value).toMatchObject({ name: 'New', path: join(f.dir, 'new.roster'), lastOpenedAt: null, missing: false });
    },
  },
  {
    name: 'workspace list',
    args: () => ['workspace', 'list'],
    stdout: (f) => new RegExp(`^NAME +LAST OPENED +PATH\\n(Team|Archive) +- +${f.dir}/.*\\n(Team|Archive) +- +${f.dir}/.*\\n$`),
    message: () => '',
    json: (value) => {
      expect((value as object[]).map((entry) => Object.keys(entry))).toEqual([ENTRY_KEYS, ENTRY_KEYS]);
    },
  },
  {
    name: 'workspace rename',
    args: (f) => ['workspace', 'rename', f.team, 'Crew'],
    stdout: () => '',
    message: (f) => `Renamed the workspace at ${f.team} to "Crew".\n`,
    json: (value, f) => expect(value).toMatchObject({ name: 'Crew', path: f.team, missing: false }),
  },
  {
    name: 'workspace forget',
    args: (f) => ['workspace', 'forget', f.team],
    stdout: () => '',
    message: (f) => `Removed "Team" from the list; the file is still at ${f.team}.\n`,
    json: (value, f) => expect(value).toMatchObject({ name: 'Team', path: f.team, missing: false }),
  },
  {
    name: 'workspace delete',
    args: (f) => ['workspace', 'delete', f.team],
    stdout: () => '',
    message: (f) => `Moved "Team" to Roster's trash (${f.trashDir}).\n`,
    json: (value, f) => {
      expect(Object.keys(value as object)).toEqual(['trashId', 'name', 'originalPath', 'deletedAt', 'restorable']);
      expect(value).toMatchObject({ name: 'Team', originalPath: f.team, restorable: true });
    },
  },
  {
    name: 'workspace trash',
    before: (f) => ok(['workspace', 'delete', f.team, '-q'], f),
    args: () => ['workspace', 'trash'],
    stdout: (f) => new RegExp(`^NAME +DELETED +ID +PATH\\nTeam +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\dZ +[0-9a-f-]{36} +${f.team}\\n$`),
    message: () => '',
    json: (value, f) => {
      expect(Object.keys((value as object[])[0] as object)).toEqual(['trashId', 'name', 'originalPath', 'deletedAt']);
      expect(value).toMatchObject([{ name: 'Team', originalPath: f.team }]);
    },
  },
  {
    name: 'workspace restore',
    before: (f) => ok(['workspace', 'delete', f.team, '-q'], f),
    args: (f) => ['workspace', 'restore', f.team],
    stdout: () => '',
    message: (f) => `Restored "Team" to ${f.team}.\n`,
    json: (value, f) => expect(value).toMatchObject({ name: 'Team', path: f.team, missing: false }),
  },
  {
    name: 'workspace merge',
    before: (f) => ok(['people', 'delete', f.archive, '1', '2', '-q'], f),
    args: (f) => ['workspace', 'merge', f.team, '--into', f.archive],
    stdout: () => '',
    message: () =>
      'Moved 2 people from "Team" into "Archive". ' +
      '"Team" is empty now and was moved to Roster\'s trash (`roster workspace restore` brings it back).\n',
    json: (value) => expect(value).toEqual({ moved: 2, skipped: 0, duplicates: 0, trashed: true }),
  },
  {
    name: 'people add',
    args: (f) => ['people', 'add', f.team, 'Zoë Zola'],
    stdout: () => /^ID +NAME +CREATED\n3 +Zoë Zola +\d{4}-\d\d-\d\d \d\d:\d\dZ\n$/,
    message: () => 'Added 1 person.\n',
    json: (value) => {
      expect((value as object[]).map((person) => Object.keys(person))).toEqual([PERSON_KEYS]);
      expect(value).toMatchObject([{ id: 3, name: 'Zoë Zola' }]);
    },
  },
  {
    name: 'people list',
    args: (f) => ['people', 'list', f.team],
    stdout: () => /^ID +NAME +CREATED\n1 +Ada Lovelace +\S+ \S+\n2 +Grace Hopper +\S+ \S+\n$/,
    message: () => '',
    json: (value) => expect((value as { name: string }[]).map((person) => person.name)).toEqual(['Ada Lovelace', 'Grace Hopper']),
  },
  {
    name: 'people list (no match)',
    args: (f) => ['people', 'list', f.team, '--search', 'nobody'],
    stdout: () => '',
    message: () => 'No people match "nobody".\n',
    json: (value) => expect(value).toEqual([]),
  },
  {
    name: 'people update',
    args: (f) => ['people', 'update', f.team, '1', 'Ada King'],
    stdout: () => '',
    message: () => 'Renamed person 1 to "Ada King".\n',
    json: (value) => {
      expect(Object.keys(value as object)).toEqual(PERSON_KEYS);
      expect(value).toMatchObject({ id: 1, name: 'Ada King' });
    },
  },
  {
    name: 'people delete',
    args: (f) => ['people', 'delete', f.team, '2'],
    stdout: () => '',
    message: () => 'Deleted 1 person.\n',
    json: (value) => expect(value).toMatchObject([{ id: 2, name: 'Grace Hopper' }]),
  },
  {
    name: 'people import',
    before: async (f) => writeFileSync(join(f.dir, 'in.csv'), 'name\nAlan Turing\nEmmy Noether\n'),
    args: (f) => ['people', 'import', f.team, join(f.dir, 'in.csv')],
    stdout: () => '',
    message: () => 'Imported 2 people.\n',
    json: (value) => expect(value).toEqual({ imported: 2 }),
  },
  {
    name: 'people export (to a file)',
    args: (f) => ['people', 'export', f.team, '--out', join(f.dir, 'out.json')],
    stdout: () => '',
    message: (f) => `Exported 2 people to ${join(f.dir, 'out.json')}.\n`,
    json: (value, f) => expect(value).toEqual({ exported: 2, path: join(f.dir, 'out.json') }),
  },
  {
    name: 'people export (to standard output)',
    args: (f) => ['people', 'export', f.team, '--format', 'csv'],
    stdout: () => /^id,name,createdAt,updatedAt\n1,Ada Lovelace,\S+,\S+\n2,Grace Hopper,\S+,\S+\n$/,
    message: () => '',
    // On standard output the rows are the result, --json or not.
    json: () => undefined,
  },
  {
    name: 'people copy',
    args: (f) => ['people', 'copy', f.team, '1', '--into', f.archive],
    stdout: () => '',
    message: () =>
      'Copied 1 person to "Archive" (new id 3). This person has the same name as someone already in "Archive" (likely a duplicate).\n',
    json: (value) => expect(value).toEqual({ copied: 1, duplicates: 1, firstId: 3, lastId: 3 }),
  },
  {
    name: 'people move',
    before: (f) => ok(['people', 'delete', f.archive, '1', '-q'], f),
    args: (f) => ['people', 'move', f.team, '--all', '--into', f.archive],
    stdout: () => '',
    message: () =>
      'Moved 2 people to "Archive" (new ids 3-4). One of them has the same name as someone already in "Archive" (likely a duplicate).\n',
    json: (value) => expect(value).toEqual({ moved: 2, duplicates: 1, firstId: 3, lastId: 4 }),
  },
  {
    name: 'people find',
    before: (f) => ok(['people', 'delete', f.archive, '1', '-q'], f),
    args: () => ['people', 'find', '--search', 'ada'],
    stdout: (f) => `Team (${f.team}): 1 person\n  ID  NAME\n  1   Ada Lovelace\n\n`,
    message: () => 'Found 1 person in 1 of 2 workspaces.\n',
    json: (value, f) =>
      expect(value).toMatchObject({
        text: 'ada',
        searched: 2,
        matches: 1,
        workspaces: [
          { name: 'Team', path: f.team, state: 'ok', count: 1, people: [{ id: 1, name: 'Ada Lovelace' }] },
          { name: 'Archive', count: 0 },
        ],
      }),
  },
  {
    name: 'migrate',
    args: (f) => ['migrate', f.team],
    stdout: (f) => `up to date  ${f.team}\n`,
    message: () => '1 workspace: 0 migrated, 1 already up to date.\n',
    json: (value, f) =>
      expect(value).toEqual([
        { path: f.team, status: 'up-to-date', applied: [], repaired: [], restoredFrom: null, invalidNames: { count: 0, people: [] } },
      ]),
  },
];

function expectOut(actual: string, expected: string | RegExp, label: string): void {
  if (typeof expected === 'string') expect(actual, label).toBe(expected);
  else expect(actual, label).toMatch(expected);
}

describe('results on standard output, messages on standard error, -q and --json', () => {
  it.each(cases)('$name', async (c) => {
    const plain = fixture();
    await c.before?.(plain);
    const text = await runRoster(c.args(plain), plain.options);
    expect(text.code, text.stderr).toBe(0);
    expectOut(text.stdout, c.stdout(plain), 'stdout');
    expect(text.stderr, 'stderr').toBe(c.message(plain));

    const quiet = fixture();
    await c.before?.(quiet);
    const silenced = await runRoster([...c.args(quiet), '-q'], quiet.options);
    expect(silenced.code, silenced.stderr).toBe(0);
    expectOut(silenced.stdout, c.stdout(quiet), 'stdout with -q');
    expect(silenced.stderr, 'stderr with -q').toBe('');

    const scripted = fixture();
    await c.before?.(scripted);
    const json = await runRoster([...c.args(scripted), '--json'], scripted.options);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr, 'stderr with --json').toBe('');
    if (c.name === 'people export (to standard output)') expectOut(json.stdout, c.stdout(scripted), 'stdout with --json');
    else c.json(JSON.parse(json.stdout), scripted);
  });

  it('a table shows times in UTC, and "-" for a workspace never used', async () => {
    const f = fixture();
    const listed = await runRoster(['people', 'list', f.team], f.options);
    for (const line of listed.stdout.trimEnd().split('\n').slice(1)) expect(line.split(/ {2,}/)[2]).toMatch(TIME);
  });
});
