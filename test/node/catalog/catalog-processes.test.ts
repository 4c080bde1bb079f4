// The catalog shared by real processes: parallel `roster` commands lose no entry and
// leave no trashed file without its record, and a process killed with SIGKILL in the
// middle of moving files to the trash leaves only states the launcher can restore.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../../main/features/catalog/node/catalog.js';
import { catalogDump } from '../../support/catalog-fixtures.js';
import { runRoster, type CliOptions } from '../../support/cli.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

/** Runs `count` commands one after another; resolves with their exit codes and stderr. */
async function sequence(
  argsFor: (i: number) => string[],
  count: number,
  options: CliOptions,
): Promise<{ code: number | null; stderr: string }[]> {
  const results: { code: number | null; stderr: string }[] = [];
  for (let i = 0; i < count; i++) results.push(await runRoster(argsFor(i), options));
  return results;
}

function catalogAt(data: string): Catalog {
  return new Catalog({ file: join(data, 'catalog.db'), trashDir: join(data, 'trash') });
}

/** Every folder in trash/ has a 'trashed' record, and every record's file is in its folder. */
function expectTrashConsistent(data: string): void {
  const records = catalogDump(join(data, 'catalog.db')).trash;
  const folders = existsSync(join(data, 'trash')) ? readdirSync(join(data, 'trash')).sort() : [];
  expect(records.map((record) => record['trash_id']).sort()).toEqual(folders);
  for (const record of records) {
    expect(record['state']).toBe('trashed');
    expect(existsSync(join(data, 'trash', String(record['trash_id']), String(record['file_name'])))).toBe(true);
  }
}

describe('several roster processes at once', () => {
  it('8 processes creating 4 workspaces each keep all 32 entries', async () => {
    const dir = makeTempDir('catalog-creates');
    const options = { dataDir: join(dir, 'data') };
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, p) => sequence((i) => ['workspace', 'create', join(dir, `p${p}-w${i}.roster`)], 4, options)),
    );
    for (const result of runs.flat()) expect(result.code, result.stderr).toBe(0);
    const listed = (await runRoster(['workspace', 'list', '--json'], options)).stdout;
    const paths = (JSON.parse(listed) as { path: string }[]).map((entry) => entry.path).sort();
    expect(paths).toEqual(Array.from({ length: 32 }, (_, n) => join(dir, `p${Math.floor(n / 4)}-w${n % 4}.roster`)).sort());
  });

  it('4 processes deleting and 4 creating at once leave every trashed file with its record', async () => {
    const dir = makeTempDir('catalog-delete-create');
    const options = { dataDir: join(dir, 'data') };
    const doomed = Array.from({ length: 12 }, (_, i) => join(dir, `doomed-${i}.roster`));
    for (const path of doomed) expect((await runRoster(['workspace', 'create', path], options)).code).toBe(0);

    const runs = await Promise.all([
      ...Array.from({ length: 4 }, (_, p) => sequence((i) => ['workspace', 'delete', doomed[p * 3 + i] as string], 3, options)),
      ...Array.from({ length: 4 }, (_, p) => sequence((i) => ['workspace', 'create', join(dir, `new-${p}-${i}.roster`)], 3, options)),
    ]);
    for (const result of runs.flat()) expect(result.code, result.stderr).toBe(0);

    const data = options.dataDir;
    expectTrashConsistent(data);
    const catalog = catalogAt(data);
    try {
      expect(
        catalog
          .listTrash()
          .map((entry) => entry.originalPath)
          .sort(),
      ).toEqual([...doomed].sort());
      expect(
        catalog
          .list()
          .map((entry) => entry.path)
          .sort(),
      ).toEqual(Array.from({ length: 12 }, (_, n) => join(dir, `new-${Math.floor(n / 3)}-${n % 3}.roster`)).sort());
      for (const path of doomed) expect(existsSync(path)).toBe(false);
    } finally {
      catalog.close();
    }
  });
});

const mover = (catalogModule: string): string => `
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog } from ${JSON.stringify(catalogModule)};
const [dir, data, start] = process.argv.slice(2);
const catalog = new Catalog({ file: join(data, 'catalog.db'), trashDir: join(data, 'trash') });
catalog.list();
process.stdout.write('ready\\n');
for (let i = Number(start); ; i++) {
  const file = join(dir, 'w' + i + '.roster');
  writeFileSync(file, 'content of ' + i);
  catalog.moveToTrash(catalog.add(file).id);
}
`;

function runAndKill(script: string, dir: string, data: string, start: number, afterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir, data, String(start)], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), afterMs));
    child.on('error', reject);
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`mover exited without being killed (${String(signal)})`)),
    );
  });
}

describe('SIGKILL while moving workspaces to the trash', () => {
  it('every file is either where it was or in the trash with a restorable record', async () => {
    const dir = makeTempDir('catalog-kill-trash');
    const data = join(dir, 'data');
    const script = join(dir, 'mover.mts');
    writeFileSync(script, mover(join(process.cwd(), 'main/features/catalog/node/catalog.ts')));
    const rounds = 10;
    for (let round = 0; round < rounds; round++) {
      await runAndKill(script, dir, data, round * 10_000, 30 + round * 11);
    }
    // Opening the catalog settles whatever the kills left half-way.
    const catalog = catalogAt(data);
    try {
      const trashed = catalog.listTrash();
      expectTrashConsistent(data);
      const written = readdirSync(dir).filter((name) => /^w\d+\.roster$/.test(name));
      const inTrash = new Set(trashed.map((entry) => entry.originalPath));
      // A file at its path is not also claimed by a trash record (except in the
      // cross-disk case, impossible here), and the trash holds the rest.
      for (const name of written) expect(inTrash.has(join(dir, name))).toBe(false);
      expect(trashed.length).toBeGreaterThan(rounds);

      // Restore them all: every file comes back whole, under its own name.
      for (const entry of trashed) {
        const restored = catalog.restoreFromTrash(entry.trashId);
        const number = /w(\d+)\.roster$/.exec(restored.path)?.[1];
        expect(readFileSync(restored.path, 'utf8')).toBe(`content of ${number}`);
      }
      expect(catalog.listTrash()).toEqual([]);
      expect(readdirSync(join(data, 'trash'))).toEqual([]);
    } finally {
      catalog.close();
    }
  });
});
