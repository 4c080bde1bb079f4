// `roster people find TEXT [--limit N] [--json]`, run as a child process over
// real files: every catalogued workspace, with an older, a foreign and a missing one
// among them; text and JSON output, exit codes, and nothing written.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../../main/features/catalog/node/catalog.js';
import { jsonOut, runRoster, type CliOptions } from '../../support/cli.js';
import { execOnFile, makeTempDir, makeV1File, removeTempDirs, snapshot, type FileSnapshot } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

// Every test runs `roster` several times: see test/support/loaded-machine.ts.
heavyTestFile();

interface FoundWorkspace {
  id: string;
  name: string;
  path: string;
  state: string;
  count: number;
  people: { id: number; name: string }[];
}

let dir: string;
let options: CliOptions;
let team: string;
let club: string;
let old: string;
let foreign: string;
let before: Record<string, FileSnapshot>;

beforeAll(async () => {
  dir = makeTempDir('cli-find');
  options = { dataDir: join(dir, 'data') };
  team = join(dir, 'team.roster');
  club = join(dir, 'club.roster');
  expect((await runRoster(['workspace', 'create', team, '--name', 'The Team'], options)).code).toBe(0);
  expect((await runRoster(['workspace', 'create', club, '--name', 'Book Club'], options)).code).toBe(0);
  expect((await runRoster(['people', 'add', '--workspace', team, 'Émile Zola', 'Ada Lovelace', 'Emil Nolde'], options)).code).toBe(0);
  expect((await runRoster(['people', 'add', '--workspace', club, 'Grace Hopper', 'EMILIA Clarke'], options)).code).toBe(0);
  old = join(dir, 'old.roster');
  makeV1File(old, ['Emily Old']);
  foreign = join(dir, 'notes.db');
  execOnFile(foreign, 'CREATE TABLE notes (body TEXT)');
  const gone = join(dir, 'gone.roster');
  expect((await runRoster(['workspace', 'create', gone, '--name', 'Gone'], options)).code).toBe(0);
  rmSync(gone);
  const catalog = new Catalog({ file: join(options.dataDir, 'catalog.db'), trashDir: join(options.dataDir, 'trash') });
  catalog.add(old, 'Old Club');
  catalog.add(foreign, 'Notes');
  catalog.close();
  before = Object.fromEntries([team, club, old, foreign].map((path) => [path, snapshot(path)]));
});
afterAll(removeTempDirs);

describe('roster people find', () => {
  it('prints the matches of every workspace and the state of those it could not search', async () => {
    const result = await runRoster(['people', 'find', 'emil'], options);
    expect(result.stderr).toBe('Found 3 people in 2 of 5 workspaces.\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`The Team (${team}): 2 people\n  ID  NAME\n  3   Emil Nolde\n  1   Émile Zola\n`);
    expect(result.stdout).toContain(`Book Club (${club}): 1 person\n  ID  NAME\n  2   EMILIA Clarke\n`);
    expect(result.stdout).toContain(`Old Club (${old}): made by an older Roster; \`roster migrate PATH\` upgrades it`);
    expect(result.stdout).toContain(`Notes (${foreign}): not a Roster workspace`);
    expect(result.stdout).toContain('Gone (');
    expect(result.stdout).toContain('the file is missing');
    for (const [path, was] of Object.entries(before)) expect(snapshot(path), path).toEqual(was);
  });

  it('--json gives every workspace in list order with its state, count and people', async () => {
    const found = jsonOut<{ text: string; searched: number; matches: number; workspaces: FoundWorkspace[] }>(
      await runRoster(['people', 'find', 'EMIL', '--json'], options),
    );
    expect(found).toMatchObject({ text: 'EMIL', searched: 5, matches: 3 });
    const byName = Object.fromEntries(found.workspaces.map((w) => [w.name, w]));
    expect(found.workspaces).toHaveLength(5);
    expect(byName['The Team']).toMatchObject({
      path: team,
      state: 'ok',
      count: 2,
      people: [
        { id: 3, name: 'Emil Nolde' },
        { id: 1, name: 'Émile Zola' },
      ],
    });
    expect(byName['Book Club']).toMatchObject({ state: 'ok', count: 1, people: [{ id: 2, name: 'EMILIA Clarke' }] });
    expect(byName['Old Club']).toMatchObject({ state: 'needs-upgrade', count: 0, people: [] });
    expect(byName['Notes']).toMatchObject({ state: 'foreign', count: 0, people: [] });
    expect(byName['Gone']).toMatchObject({ state: 'missing', count: 0, people: [] });
    expect(Object.keys(found.workspaces[0] as object)).toEqual(['id', 'name', 'path', 'state', 'count', 'people']);
  });

  it('--limit caps the people listed, never the count; no match is still success', async () => {
    const limited = jsonOut<{ workspaces: FoundWorkspace[] }>(await runRoster(['people', 'find', 'e', '--limit', '1', '--json'], options));
    const teamGroup = limited.workspaces.find((w) => w.name === 'The Team');
    expect(teamGroup).toMatchObject({ count: 3, people: [{ id: 2, name: 'Ada Lovelace' }] });
    const text = await runRoster(['people', 'find', 'e', '--limit', '1'], options);
    expect(text.stdout).toContain(`The Team (${team}): 3 people, the first one shown (--limit 3 shows them all)`);
    const none = await runRoster(['people', 'find', 'nobody'], options);
    expect(none.code).toBe(0);
    expect(none.stderr).toBe('No one found in 5 workspaces.\n');
  });

  it('refuses bad input with exit 2 before reading anything', async () => {
    for (const args of [
      ['people', 'find'],
      ['people', 'find', '   '],
      ['people', 'find', 'a', 'b'],
      ['people', 'find', 'a', '--limit', '0'],
      ['people', 'find', 'a', '--nope'],
    ]) {
      const result = await runRoster(args, options);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^INVALID_INPUT /);
      expect(result.stdout).toBe('');
    }
    const help = await runRoster(['help', 'people', 'find'], options);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--json');
    expect(help.stdout).toContain('needs-upgrade');
    expect((await runRoster(['help'], options)).stdout).toContain('people find --search TEXT');
  });
});
