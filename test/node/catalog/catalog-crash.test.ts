// The catalog survives a crash mid-write: a child process adds entries as fast as it
// can and is killed with SIGKILL at varied moments; after every kill the catalog must
// open, and hold exactly the entries of the completed writes (each round a run of
// consecutive names, nothing torn, nothing from an earlier round lost).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../../main/features/catalog/node/catalog.js';
import { catalogDump } from '../../support/catalog-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'roster-catalog-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const writer = `
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog } from ${JSON.stringify(join(process.cwd(), 'main/features/catalog/node/catalog.ts'))};
const [dir, start] = process.argv.slice(2);
const catalog = new Catalog({ file: join(dir, 'catalog.db'), trashDir: join(dir, 'trash') });
catalog.list();
process.stdout.write('ready\\n');
for (let i = Number(start); ; i++) {
  const file = join(dir, 'w' + i + '.roster');
  writeFileSync(file, '');
  catalog.add(file, 'Workspace ' + i);
}
`;

function runAndKill(script: string, start: number, afterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir, String(start)], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), afterMs));
    child.on('error', reject);
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited without being killed (${String(signal)})`)),
    );
  });
}

describe('catalog crash safety', () => {
  it('is always a complete catalog after SIGKILL during writes', async () => {
    const script = join(dir, 'writer.mts');
    writeFileSync(script, writer);
    let expectedCount = 0;
    for (let round = 0; round < 8; round++) {
      await runAndKill(script, 1000 * round, 30 + round * 25);
      const catalog = new Catalog({ file: join(dir, 'catalog.db'), trashDir: join(dir, 'trash') });
      const entries = catalog.list();
      catalog.close();
      expect(entries.length).toBeGreaterThan(expectedCount);
      expect(catalogDump(join(dir, 'catalog.db')).workspaces).toHaveLength(entries.length);
      // Each round appends a run of consecutive names; nothing is lost or torn.
      const numbers = entries.map((entry) => Number(entry.name.replace('Workspace ', '')));
      const ofThisRound = numbers.filter((n) => n >= 1000 * round);
      expect(ofThisRound).toEqual(ofThisRound.map((_, i) => 1000 * round + i));
      expect(numbers.filter((n) => n < 1000 * round)).toHaveLength(expectedCount);
      expectedCount = entries.length;
    }
  });
});
