// An export killed mid-way leaves its hidden, owner-only temp file of names beside the
// target; the next start of Roster (any command that opens Roster's data folder) removes
// it through the export ledger (export-ledger.ts), leaves the target as it was, and never
// touches the temp file of an export that is still running.

import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_TAG } from '../../../main/features/import-export/node/export-ledger.js';
import { collect, runRoster, spawnRoster, type CliOptions } from '../../support/cli.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

// A 200,000-person workspace and several `roster` processes: see test/support/loaded-machine.ts.
heavyTestFile();

const PEOPLE = 200_000;
let dir: string;
let options: CliOptions;
let workspace: string;

beforeAll(async () => {
  dir = makeTempDir('cli-killed-export');
  options = { dataDir: join(dir, 'data') };
  workspace = join(dir, 'big.roster');
  expect((await runRoster(['workspace', 'create', workspace], options)).code).toBe(0);
  const csv = join(dir, 'people.csv');
  writeFileSync(csv, `name\n${Array.from({ length: PEOPLE }, (_, i) => `Exported Person ${i}`).join('\n')}\n`);
  expect((await runRoster(['people', 'import', workspace, csv], options)).code).toBe(0);
}, 300_000);
afterAll(removeTempDirs);

const isTemp = (name: string): boolean => /^\.target\.csv\.roster-export-\d+-[0-9a-f]{8}-[0-9a-f]+\.tmp$/.test(name);

describe('an export killed mid-way', () => {
  it('leaves a hidden temp file that the next roster command removes; the target is untouched', async () => {
    const out = join(dir, 'out');
    mkdirSync(out);
    const target = join(out, 'target.csv');
    writeFileSync(target, 'the export before\n');
    // Kill the export the moment its temp file appears (an event, not a fixed wait).
    const watcher = watch(out);
    const child = spawnRoster(['people', 'export', workspace, '--out', target], options);
    const ended = collect(child);
    await new Promise<void>((resolve, reject) => {
      let done = false;
      const check = (): void => {
        if (!done && readdirSync(out).some(isTemp)) {
          done = true;
          child.kill('SIGKILL');
          resolve();
        }
      };
      watcher.on('change', check);
      child.on('exit', () => {
        if (!done) reject(new Error('the export ended before its temp file was seen'));
        done = true;
      });
      check();
    });
    watcher.close();
    expect((await ended).signal).toBe('SIGKILL');
    const left = readdirSync(out).filter(isTemp);
    expect(left).toHaveLength(1);
    expect(statSync(join(out, left[0] as string)).mode & 0o777).toBe(0o600);

    // Any other command: here one that does not even touch that folder or workspace.
    expect((await runRoster(['workspace', 'list', '--json'], options)).code).toBe(0);
    expect(readdirSync(out).filter(isTemp)).toEqual([]);
    expect(readFileSync(target, 'utf8')).toBe('the export before\n');
    expect(readdirSync(join(options.dataDir, 'exports'))).toEqual([]);
  }, 120_000);

  it('never removes the temp file of an export whose process still runs', async () => {
    const out = join(dir, 'live');
    mkdirSync(out);
    // As a running export (this test's own process) would have noted it.
    const temp = join(out, `.target.csv.roster-export-${process.pid}-${HOST_TAG}-00aa11bb22cc.tmp`);
    writeFileSync(temp, 'being written\n', { mode: 0o600 });
    const ledger = join(options.dataDir, 'exports');
    mkdirSync(ledger, { recursive: true });
    const entry = join(ledger, `${process.pid}-${HOST_TAG}-00aa11bb22cc.json`);
    writeFileSync(entry, JSON.stringify({ temp }), { mode: 0o600 });
    expect((await runRoster(['workspace', 'list', '--json'], options)).code).toBe(0);
    expect(existsSync(temp)).toBe(true);
    expect(existsSync(entry)).toBe(true);
  });
});
