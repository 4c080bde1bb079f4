// Names another program wrote: a table shows them escaped and cut without breaking its
// columns while --json gives them exactly; and the one naming rule holds on every path:
// copy, move and merge refuse a name Roster would refuse (INVALID_NAME, naming the
// person, nothing changed), as add, update and import do, and `roster migrate` reports
// such names without changing them.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOut, runRoster, type CliOptions } from '../../support/cli.js';
import { execOnFile, makeTempDir, removeTempDirs, sha256OfFile } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

heavyTestFile();

const LONG = `Hubert ${'Blaine'.repeat(49)}`; // 301 characters
const TABBED = 'Ada\tLovelace\nCountess';
// Refused by the naming rules, but another program may store it; it would reverse the
// rest of a table's line.
const REVERSED = 'evil\u202Etxt.exe';
const RLO =
  'A name cannot contain text-direction controls, which make it show as something else: U+202E RIGHT-TO-LEFT OVERRIDE after "evil".';

let dir: string;
let options: CliOptions;
let team: string;
let archive: string;

/** A person stored by another program, past Roster's checks. */
function storeOutside(path: string, name: string): void {
  execOnFile(
    path,
    `INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES ('${name.replaceAll("'", "''")}', ` +
      `'', '2026-01-02T03:04:05.000+00:00', '2026-01-02T03:04:05.000+00:00')`,
  );
}

beforeAll(async () => {
  dir = makeTempDir('cli-name-rule');
  options = { dataDir: join(dir, 'data') };
  team = join(dir, 'team.roster');
  archive = join(dir, 'archive.roster');
  for (const path of [team, archive]) expect((await runRoster(['workspace', 'create', path, '-q'], options)).code).toBe(0);
  expect((await runRoster(['people', 'add', team, 'Grace Hopper', '-q'], options)).code).toBe(0);
  for (const name of [LONG, TABBED, REVERSED]) storeOutside(team, name);
  // Opened once by Roster, which folds the keys of what the other program wrote.
  expect((await runRoster(['people', 'list', team, '-q'], options)).code).toBe(0);
});
afterAll(removeTempDirs);

describe('tables and --json', () => {
  it(
    'a table escapes tabs, line breaks and direction controls, ' + 'and cuts a long name to 60 characters; its columns stay aligned',
    async () => {
      const result = await runRoster(['people', 'list', team, '--sort', 'created'], options);
      expect(result.code, result.stderr).toBe(0);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(5);
      // By creation time: the three the other program stored (on 2 January) come first.
      expect(lines[1]).toMatch(new RegExp(`^2 +${LONG.slice(0, 59)}… +2026-01-02 03:04Z$`));
      expect(lines[2]).toMatch(/^3 +Ada\\tLovelace\\nCountess +2026-01-02 03:04Z$/);
      expect(lines[3]).toMatch(/^4 +evil\\u\{202e\}txt\.exe +2026-01-02 03:04Z$/);
      expect(lines[4]).toMatch(/^1 +Grace Hopper +\S+ \S+Z$/);
      // Every row's time starts in the same column.
      const at = new Set(lines.slice(1).map((line) => line.search(/\d{4}-\d\d-\d\d /)));
      expect(at.size).toBe(1);
    },
  );

  it('--json gives the exact stored names', async () => {
    const people = jsonOut<{ name: string }[]>(await runRoster(['people', 'list', team, '--sort', 'created', '--json'], options));
    expect(people.map((person) => person.name)).toEqual([LONG, TABBED, REVERSED, 'Grace Hopper']);
  });

  it('find escapes the names it lists too', async () => {
    const result = await runRoster(['people', 'find', '--search', 'lovelace'], options);
    expect(result.stdout).toContain('  3   Ada\\tLovelace\\nCountess\n');
  });
});

describe('one rule on every path', () => {
  it('copy, move and merge refuse a name the rule refuses: INVALID_NAME naming the person, exit 2, both files unchanged', async () => {
    const hashes = (): string[] => [sha256OfFile(team), sha256OfFile(archive)];
    const before = hashes();
    const cases: [string[], RegExp][] = [
      [
        ['people', 'copy', team, '--all', '--into', archive],
        new RegExp(
          "^INVALID_NAME The name of person 2 breaks Roster's naming rules: A name can have at most 256 characters; " +
            'this one has 301\\. Rename them first; nothing was copied or moved\\.\\n$',
        ),
      ],
      [
        ['people', 'move', team, '3', '--into', archive],
        new RegExp(
          "^INVALID_NAME The name of person 3 breaks Roster's naming rules: " +
            'A name cannot contain tabs, line breaks or other control characters\\. ',
        ),
      ],
      [['workspace', 'merge', team, '--into', archive], /^INVALID_NAME The name of person 2 /],
    ];
    for (const [args, stderr] of cases) {
      const result = await runRoster(args, options);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(stderr);
      expect(hashes()).toEqual(before);
    }
    // The direction override is refused too, naming the character.
    const reversed = await runRoster(['people', 'copy', team, '4', '--into', archive], options);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain('U+202E RIGHT-TO-LEFT OVERRIDE after "evil"');
    expect(hashes()).toEqual(before);
    // The people whose names are fine still copy.
    const copied = jsonOut(await runRoster(['people', 'copy', team, '1', '--into', archive, '--json'], options));
    expect(copied).toEqual({ copied: 1, duplicates: 0, firstId: 1, lastId: 1 });
  });

  it('update refuses to keep a name the rule refuses, as add does', async () => {
    for (const args of [
      ['people', 'update', team, '2', LONG],
      ['people', 'add', team, LONG],
    ]) {
      const result = await runRoster(args, options);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('INVALID_NAME A name can have at most 256 characters; this one has 301.\n');
    }
  });

  it('exported, such a name makes the import refuse the file at its line, as the rule says', async () => {
    const file = join(dir, 'everyone.csv');
    expect((await runRoster(['people', 'export', team, '--out', file, '-q'], options)).code).toBe(0);
    const other = join(dir, 'other.roster');
    expect((await runRoster(['workspace', 'create', other, '-q'], options)).code).toBe(0);
    const result = await runRoster(['people', 'import', other, file], options);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('IMPORT_INVALID Line 3: A name can have at most 256 characters; this one has 301.\n');
  });

  it('migrate reports the names that break the rule, changing none', async () => {
    const before = jsonOut<{ name: string }[]>(await runRoster(['people', 'list', team, '--json'], options));
    const text = await runRoster(['migrate', team], options);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toBe(
      [
        `up to date  ${team}`,
        "            3 names break Roster's naming rules; rename with `roster people update`:",
        '              id 2: A name can have at most 256 characters; this one has 301.',
        '              id 3: A name cannot contain tabs, line breaks or other control characters.',
        `              id 4: ${RLO}`,
        '',
      ].join('\n'),
    );
    expect(text.stderr).toBe('1 workspace: 0 migrated, 1 already up to date. 3 stored names break the naming rules.\n');
    const json = jsonOut<{ invalidNames: unknown }[]>(await runRoster(['migrate', team, '--json'], options));
    expect(json[0]?.invalidNames).toEqual({
      count: 3,
      people: [
        { id: 2, message: 'A name can have at most 256 characters; this one has 301.' },
        { id: 3, message: 'A name cannot contain tabs, line breaks or other control characters.' },
        { id: 4, message: RLO },
      ],
    });
    expect(jsonOut(await runRoster(['people', 'list', team, '--json'], options))).toEqual(before);
  });
});
