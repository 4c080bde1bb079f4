// --json on every command, errors included: a failure prints nothing on standard
// output and exactly one line on standard error, {"error": {"code", "message"}}, with
// the exit status of its code; and a refused command writes nothing (the workspace
// files and the list of workspaces are byte for byte as they were). The same failures
// without --json are the classic one-line `CODE message`.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogDump } from '../../support/catalog-fixtures.js';
import { runRoster, type CliOptions } from '../../support/cli.js';
import { makeTempDir, removeTempDirs, snapshot } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

heavyTestFile();

let dir: string;
let options: CliOptions;
let team: string;
let other: string;

beforeAll(async () => {
  dir = makeTempDir('cli-json-errors');
  options = { dataDir: join(dir, 'data') };
  team = join(dir, 'team.roster');
  other = join(dir, 'other.roster');
  for (const path of [team, other]) expect((await runRoster(['workspace', 'create', path, '-q'], options)).code).toBe(0);
  expect((await runRoster(['people', 'add', team, 'Ada Lovelace', 'Grace Hopper', '-q'], options)).code).toBe(0);
  writeFileSync(join(dir, 'notes.txt'), 'not a workspace\n');
});
afterAll(removeTempDirs);

/** [label, arguments, exit status, code, message] */
const failures: [string, () => string[], number, string, () => string][] = [
  [
    'workspace create: another extension',
    () => ['workspace', 'create', join(dir, 'x.txt')],
    2,
    'BAD_PATH',
    () => 'A workspace file must end in .roster, .sqlite, .sqlite3 or .db; x.txt does not.',
  ],
  [
    'workspace list: an unknown flag',
    () => ['workspace', 'list', '--all'],
    2,
    'INVALID_INPUT',
    () => 'Unknown option --all for `roster workspace list`. Run `roster help workspace list` for usage.',
  ],
  [
    'workspace rename: not listed',
    () => ['workspace', 'rename', join(dir, 'nope.roster'), 'X'],
    2,
    'WORKSPACE_NOT_LISTED',
    () => `${join(dir, 'nope.roster')} is not in the list of workspaces.`,
  ],
  [
    'workspace forget: not listed',
    () => ['workspace', 'forget', join(dir, 'nope.roster')],
    2,
    'WORKSPACE_NOT_LISTED',
    () => `${join(dir, 'nope.roster')} is not in the list of workspaces.`,
  ],
  [
    'workspace delete: no such file',
    () => ['workspace', 'delete', join(dir, 'nope.roster')],
    2,
    'WORKSPACE_NOT_FOUND',
    () => `There is no workspace file at ${join(dir, 'nope.roster')}, and it is not in the list.`,
  ],
  [
    'workspace delete: not a workspace',
    () => ['workspace', 'delete', join(dir, 'notes.txt')],
    2,
    'BAD_PATH',
    () =>
      `${join(dir, 'notes.txt')} is not a workspace file (.roster, .sqlite, .sqlite3 or .db holding SQLite); ` +
      `only those go to Roster's trash.`,
  ],
  [
    'workspace trash: an argument',
    () => ['workspace', 'trash', 'x'],
    2,
    'INVALID_INPUT',
    () => 'Unexpected argument "x" for `roster workspace trash`. Run `roster help workspace trash` for usage.',
  ],
  [
    'workspace restore: not in the trash',
    () => ['workspace', 'restore', team],
    2,
    'NOT_IN_TRASH',
    () => `Nothing from ${team} is in Roster's trash; \`roster workspace trash\` lists what is.`,
  ],
  [
    'workspace merge: into itself',
    () => ['workspace', 'merge', team, '--into', team],
    2,
    'INVALID_INPUT',
    () => 'The two workspaces are the same file; give another one with --into.',
  ],
  ['people add: an empty name', () => ['people', 'add', team, 'Fine', ' '], 2, 'INVALID_NAME', () => 'Name 2: A name cannot be empty.'],
  [
    'people list: no such workspace',
    () => ['people', 'list', join(dir, 'nope.roster')],
    2,
    'WORKSPACE_NOT_FOUND',
    () => `There is no workspace file at ${join(dir, 'nope.roster')}.`,
  ],
  [
    'people update: no such person',
    () => ['people', 'update', team, '99', 'X'],
    2,
    'PERSON_NOT_FOUND',
    () => 'There is no person with id 99.',
  ],
  [
    'people delete: one unknown id',
    () => ['people', 'delete', team, '1', '99'],
    2,
    'PERSON_NOT_FOUND',
    () => 'There is no person with id 99.',
  ],
  [
    'people import: no such file',
    () => ['people', 'import', team, join(dir, 'none.csv')],
    2,
    'FILE_NOT_FOUND',
    () => `There is no file at ${join(dir, 'none.csv')}.`,
  ],
  [
    'people export: over a workspace',
    () => ['people', 'export', team, '--out', other],
    2,
    'TARGET_REFUSED',
    () => `${other} ends in .roster, which Roster opens as a workspace; export to a .csv or .json file instead.`,
  ],
  [
    'people copy: an unknown id',
    () => ['people', 'copy', team, '1', '99', '--into', other],
    2,
    'PERSON_NOT_FOUND',
    () => 'There is no person with id 99.',
  ],
  [
    'people move: no --into',
    () => ['people', 'move', team, '1'],
    2,
    'INVALID_INPUT',
    () => '`roster people move` needs --into. Run `roster help people move` for usage.',
  ],
  ['people find: blank text', () => ['people', 'find', '--search', '  '], 2, 'INVALID_INPUT', () => 'Type part of a name to find people.'],
  [
    'migrate: neither paths nor --all',
    () => ['migrate'],
    2,
    'INVALID_INPUT',
    () => 'Give either workspace paths or --all. Run `roster help migrate` for usage.',
  ],
  [
    'an unknown command',
    () => ['people', 'frobnicate'],
    2,
    'INVALID_INPUT',
    () => 'There is no command "people frobnicate". Run `roster help people` for usage.',
  ],
];

describe('a failure under --json', () => {
  it.each(failures)('%s', async (_label, args, status, code, message) => {
    const files = [team, other].map(snapshot);
    const list = catalogDump(join(options.dataDir, 'catalog.db'));
    const result = await runRoster([...args(), '--json'], options);
    expect(result.code, result.stderr).toBe(status);
    expect(result.stdout).toBe('');
    expect(result.stderr.endsWith('\n')).toBe(true);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    const error = JSON.parse(result.stderr) as unknown;
    expect(error).toEqual({ error: { code, message: expect.any(String) } });
    expect((error as { error: { message: string } }).error.message.startsWith(message().replace(/ Run `.*` for usage\.$/, ''))).toBe(true);
    // Nothing was written.
    expect([team, other].map(snapshot)).toEqual(files);
    expect(catalogDump(join(options.dataDir, 'catalog.db'))).toEqual(list);

    // Without --json: the same code and message on one line.
    const plain = await runRoster(args(), options);
    expect(plain.code).toBe(status);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toBe(`${code} ${(error as { error: { message: string } }).error.message}\n`);
  });

  it('a migrate failure is in the report on standard output, not on standard error', async () => {
    const missing = join(dir, 'gone.roster');
    const result = await runRoster(['migrate', missing, '--json'], options);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([
      {
        path: missing,
        status: 'missing',
        applied: [],
        repaired: [],
        restoredFrom: null,
        invalidNames: { count: 0, people: [] },
        error: { code: 'WORKSPACE_NOT_FOUND', message: `There is no workspace file at ${missing}.` },
      },
    ]);
  });

  it('ROSTER_DEBUG adds the details as a JSON line after the error', async () => {
    const notAFolder = join(dir, 'data-is-a-file');
    writeFileSync(notAFolder, 'x');
    const result = await runRoster(['workspace', 'list', '--json'], { dataDir: notAFolder, env: { ROSTER_DEBUG: '1' } });
    expect(result.code).toBe(1);
    const lines = result.stderr
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toEqual({
      error: {
        code: 'INTERNAL',
        message: 'Something went wrong inside Roster. Run the command again with ROSTER_DEBUG=1 to see the details.',
      },
    });
    expect(Object.keys(lines[1] ?? {})).toEqual(['debug']);
  });
});
