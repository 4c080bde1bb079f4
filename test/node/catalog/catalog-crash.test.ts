// The catalog survives a crash mid-write: a child process adds entries as fast as it
// can and is killed with SIGKILL at varied moments; after every kill the catalog must
// parse, and hold exactly the entries of some completed write (a prefix of the
// sequence the child was writing).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../../main/node/catalog/catalog.js';

const dir = mkdtempSync(join(tmpdir(), 'roster-catalog-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const writer = `
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog } from ${JSON.stringify(join(process.cwd(), 'main/node/catalog/catalog.ts'))};
const [dir, start] = process.argv.slice(2);
const catalog = new Catalog({ file: join(dir, 'catalog.json'), trashDir: join(dir, 'trash') });
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
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited without being killed (${String(signal)})`))));
  });
}

describe('catalog crash safety', () => {
  it('is always a complete, parseable catalog after SIGKILL during writes', async () => {
    const script = join(dir, 'writer.mts');
    writeFileSync(script, writer);
    const catalog = new Catalog({ file: join(dir, 'catalog.json'), trashDir: join(dir, 'trash') });
    let expectedCount = 0;
    for (let round = 0; round < 8; round++) {
      await runAndKill(script, 1000 * round, 30 + round * 25);
      const raw = readFileSync(join(dir, 'catalog.json'), 'utf8');
      const entries = JSON.parse(raw).workspaces as { name: string }[];
      expect(entries.length).toBeGreaterThan(expectedCount);
      expect(catalog.list()).toHaveLength(entries.length);
      // Each round appends a run of consecutive names; nothing is lost or torn.
      const numbers = entries.map((entry) => Number(entry.name.replace('Workspace ', '')));
      const ofThisRound = numbers.filter((n) => n >= 1000 * round);
      expect(ofThisRound).toEqual(ofThisRound.map((_, i) => 1000 * round + i));
      expect(numbers.filter((n) => n < 1000 * round)).toHaveLength(expectedCount);
      expectedCount = entries.length;
    }
  });
});
