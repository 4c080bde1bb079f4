// Repairs are never silent in the CLI: when another program dropped an index
// and a trigger, `roster migrate` says what it repaired (a "repaired" line, and
// `repaired` in --json), and any other command that opens the damaged file says so in
// one short note on stderr, while its own output stays clean.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PersonDto } from '../../../main/features/people/common/people-contract.js';
import { jsonOut, runRoster } from '../../support/cli.js';
import { makeTempDir, queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

// Every test runs `roster` several times: see test/support/loaded-machine.ts.
heavyTestFile();

afterAll(removeTempDirs);

const DAMAGE = 'DROP INDEX "Person_nameKey_id_idx"; DROP TRIGGER "Person_after_insert";';

async function damagedWorkspace(label: string): Promise<{ path: string; data: { dataDir: string } }> {
  const dir = makeTempDir(label);
  const data = { dataDir: join(dir, 'data') };
  const path = join(dir, 'team.roster');
  expect((await runRoster(['workspace', 'create', path], data)).code).toBe(0);
  expect((await runRoster(['people', 'add', '--workspace', path, 'Ada Lovelace', 'Grace Hopper'], data)).code).toBe(0);
  execFileSync('sqlite3', [path, DAMAGE]);
  return { path, data };
}

function objects(path: string): string[] {
  return queryFile<{ name: string }>(
    path,
    `SELECT name FROM sqlite_master WHERE name IN ('Person_nameKey_id_idx', 'Person_after_insert') ORDER BY name`,
  ).map((row) => row.name);
}

describe('roster migrate says what it repaired', () => {
  it('in its report, on stderr, and in --json (status "repaired"); a second run is up to date and quiet', async () => {
    const { path, data } = await damagedWorkspace('repair-migrate');
    const first = await runRoster(['migrate', path], data);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^repaired {4}${path.replaceAll('.', '\\.')} \\(.*Person_nameKey_id_idx.*\\)$`, 'm'));
    expect(first.stdout).toContain('Person_after_insert');
    expect(first.stderr).toContain('1 workspace: 0 migrated, 1 repaired, 0 already up to date.');
    expect(first.stdout).not.toContain('up to date  ');
    // One short note on stderr, as every command gives.
    expect(first.stderr).toMatch(/^note: workspace .*team\.roster: repaired what another program changed: .*Person_nameKey_id_idx.*\n/);
    expect(objects(path)).toEqual(['Person_after_insert', 'Person_nameKey_id_idx']);

    const again = jsonOut<{ status: string; repaired: string[] }[]>(await runRoster(['migrate', path, '--json'], data));
    expect(again).toEqual([
      { path, status: 'up-to-date', applied: [], repaired: [], restoredFrom: null, invalidNames: { count: 0, people: [] } },
    ]);
  });

  it('--json reports the repairs', async () => {
    const { path, data } = await damagedWorkspace('repair-json');
    const result = await runRoster(['migrate', path, '--json'], data);
    const [report] = jsonOut<{ path: string; status: string; applied: string[]; repaired: string[] }[]>(result);
    expect(report).toMatchObject({ path, status: 'repaired', applied: [] });
    expect(report?.repaired).toEqual(expect.arrayContaining(['Person_nameKey_id_idx', 'Person_after_insert']));
    // Under --json the note is a JSON line too.
    expect(result.stderr).toMatch(/^\{"note":\{"message":"workspace .*repaired/);
  });
});

describe('any command that opens a damaged file', () => {
  it('notes the repair in one line on stderr; its output is unchanged', async () => {
    const { path, data } = await damagedWorkspace('repair-list');
    const listed = await runRoster(['people', 'list', '--workspace', path, '--json'], data);
    expect(listed.code).toBe(0);
    expect(jsonOut<PersonDto[]>(listed).map((person) => person.name)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(listed.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(JSON.parse(listed.stderr).note.message).toMatch(/^workspace .*: repaired what another program changed: .*Person_after_insert/);
    // Repaired once: the next command has nothing to say.
    const quiet = await runRoster(['people', 'list', '--workspace', path], data);
    expect(quiet.stderr).toBe('');
  });
});
