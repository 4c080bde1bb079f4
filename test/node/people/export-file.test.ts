// Export to CSV and JSON: proper quoting, spreadsheet-formula protection, atomic
// replacement, and a round trip back through import; owner-only temp files that a
// later export cleans up; symlinks followed, FIFOs streamed into.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PersonDto } from '../../../main/features/people/common/people-contract.js';
import {
  csvCell,
  removeStaleExportTemps,
  writeExportFile,
  type ExportSource,
} from '../../../main/features/import-export/node/export-file.js';
import { readPeopleSnapshot } from '../../../main/features/import-export/node/snapshot-reader.js';
import { parseCsv } from '../../../main/features/import-export/node/import/csv-reader.js';
import { parseImportText } from '../../../main/features/import-export/node/import/name-rows.js';
import { createTempPeople, expectCode, type TempPeople } from '../../support/people-fixtures.js';
import { removeTempDirs } from '../../support/workspace-fixtures.js';

const awkward = [
  'Ada Lovelace',
  'Smith, John',
  'Say "Hi"',
  '=HYPERLINK("http://evil","x")',
  '+1 555',
  '-minus',
  '@handle',
  "'apostrophe",
  "'=both",
  'Zoë 😀',
  ' padded? no, trimmed ',
];

let ws: TempPeople;
beforeEach(async () => {
  ws = await createTempPeople();
  await ws.people.createMany({ names: awkward });
});
afterEach(() => ws.close());
afterAll(removeTempDirs);

/** A fresh snapshot of the test workspace (each export consumes one). */
function people(): ExportSource {
  return readPeopleSnapshot(ws.path);
}

describe('CSV cells', () => {
  it('quotes only when needed and protects formula starts', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a"b')).toBe('"a""b"');
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('=A1,B1')).toBe(`"'=A1,B1"`);
    expect(csvCell('+x')).toBe("'+x");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@x')).toBe("'@x");
    expect(csvCell("'x")).toBe("''x");
    expect(csvCell('a=b')).toBe('a=b');
  });
});

describe('writeExportFile', () => {
  it('writes CSV with the header, every person in id order, and no cell starting a formula', async () => {
    const path = join(ws.dir, 'out.csv');
    expect(await writeExportFile(people(), path, 'csv')).toEqual({ count: awkward.length });
    const text = readFileSync(path, 'utf8');
    // A UTF-8 byte order mark first, so Excel on Windows reads the accents right.
    expect(text.startsWith('\uFEFFid,name,createdAt,updatedAt\r\n')).toBe(true);
    const records = parseCsv(text);
    expect(records.length).toBe(awkward.length + 1);
    for (const record of records.slice(1)) {
      expect(record.fields.length).toBe(4);
      for (const cell of record.fields) expect(cell).not.toMatch(/^[=+\-@]/);
    }
    expect(records.slice(1).map((record) => Number(record.fields[0]))).toEqual(awkward.map((_, i) => i + 1));
  });

  it('round-trips names through CSV and JSON import exactly', async () => {
    const stored = awkward.map((name) => name.trim());
    for (const format of ['csv', 'json'] as const) {
      const path = join(ws.dir, `round.${format}`);
      await writeExportFile(people(), path, format);
      expect(parseImportText(readFileSync(path, 'utf8'), { format })).toEqual(stored);
    }
  });

  it('writes JSON as an array of {id, name, createdAt, updatedAt}', async () => {
    const path = join(ws.dir, 'out.json');
    await writeExportFile(people(), path, 'json');
    const data = JSON.parse(readFileSync(path, 'utf8')) as PersonDto[];
    expect(data.map((person) => Object.keys(person))).toEqual(awkward.map(() => ['id', 'name', 'createdAt', 'updatedAt']));
    expect(data[3]?.name).toBe('=HYPERLINK("http://evil","x")');
    expect(data[0]).toEqual(await ws.people.get({ id: 1 }));
  });

  it('writes a valid empty file for an empty workspace', async () => {
    await ws.people.delete({ ids: awkward.map((_, i) => i + 1) });
    await writeExportFile(people(), join(ws.dir, 'empty.json'), 'json');
    expect(JSON.parse(readFileSync(join(ws.dir, 'empty.json'), 'utf8'))).toEqual([]);
    await writeExportFile(people(), join(ws.dir, 'empty.csv'), 'csv');
    expect(readFileSync(join(ws.dir, 'empty.csv'), 'utf8')).toBe('\uFEFFid,name,createdAt,updatedAt\r\n');
    await writeExportFile(people(), join(ws.dir, 'plain.csv'), 'csv', { bom: false });
    expect(readFileSync(join(ws.dir, 'plain.csv'))).toEqual(Buffer.from('id,name,createdAt,updatedAt\r\n'));
  });

  it('leaves an existing file untouched and no temp file behind when the export fails midway', async () => {
    const folder = join(ws.dir, 'atomic');
    mkdirSync(folder);
    const path = join(folder, 'people.csv');
    writeFileSync(path, 'previous export\n');
    const failing: ExportSource = (async function* () {
      yield [{ id: 1, name: 'Half', createdAt: new Date(0).toISOString(), updatedAt: new Date(0).toISOString() }];
      throw new Error('disk on fire');
    })();
    await expect(writeExportFile(failing, path, 'csv')).rejects.toThrow('disk on fire');
    expect(readFileSync(path, 'utf8')).toBe('previous export\n');
    expect(readdirSync(folder)).toEqual(['people.csv']);
  });

  it('replaces an existing file on success, keeping its permissions; a new file is owner-only', async () => {
    const path = join(ws.dir, 'replace.csv');
    writeFileSync(path, 'old', { mode: 0o640 });
    await writeExportFile(people(), path, 'csv');
    expect(readFileSync(path, 'utf8')).toMatch(/^\uFEFFid,name/);
    expect(statSync(path).mode & 0o777).toBe(0o640);
    await writeExportFile(people(), join(ws.dir, 'new.csv'), 'csv');
    expect(statSync(join(ws.dir, 'new.csv')).mode & 0o777).toBe(0o600);
  });

  it('refuses a folder or a missing folder with BAD_PATH', async () => {
    await expectCode(writeExportFile(people(), ws.dir, 'csv'), 'BAD_PATH');
    await expectCode(writeExportFile(people(), join(ws.dir, 'no', 'such', 'x.csv'), 'csv'), 'BAD_PATH');
    expect(existsSync(join(ws.dir, 'no'))).toBe(false);
  });
});

const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
const DEAD_PID = 2 ** 22 + 4321; // above Linux's default pid_max: never a live process

describe('temporary files', () => {
  it('are owner-only while the export runs, named after the process', async () => {
    const folder = join(ws.dir, 'temp-mode');
    mkdirSync(folder);
    const seen: { name: string; mode: number }[] = [];
    const watching: ExportSource = (async function* () {
      yield [{ id: 1, name: 'Ada', createdAt: new Date(0).toISOString(), updatedAt: new Date(0).toISOString() }];
      for (const name of readdirSync(folder)) seen.push({ name, mode: statSync(join(folder, name)).mode & 0o777 });
    })();
    await writeExportFile(watching, join(folder, 'people.csv'), 'csv');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.name).toMatch(new RegExp(`^\\.people\\.csv\\.roster-export-${process.pid}-${HOST_TAG}-[0-9a-f]+\\.tmp$`));
    expect(seen[0]?.mode).toBe(0o600);
    expect(readdirSync(folder)).toEqual(['people.csv']);
  });

  it('left by a killed export are removed by the next export into that folder; live or foreign ones are kept', async () => {
    const folder = join(ws.dir, 'stale');
    mkdirSync(folder);
    const stale = `.people.csv.roster-export-${DEAD_PID}-${HOST_TAG}-abcdef.tmp`;
    const live = `.people.csv.roster-export-${process.ppid}-${HOST_TAG}-abcdef.tmp`;
    const otherHost = `.people.csv.roster-export-${DEAD_PID}-00000000-abcdef.tmp`;
    const unrelated = '.people.csv.tmp';
    for (const name of [stale, live, otherHost, unrelated]) writeFileSync(join(folder, name), 'Ada Lovelace\n');
    await writeExportFile(people(), join(folder, 'other.json'), 'json');
    expect(readdirSync(folder).sort()).toEqual([live, otherHost, unrelated, 'other.json'].sort());
    expect(removeStaleExportTemps(folder)).toBe(0);
  });

  it('a real export killed with SIGKILL leaves a temp file that the next export removes', async () => {
    const folder = join(ws.dir, 'killed');
    mkdirSync(folder);
    const script = join(ws.dir, 'slow-export.mts');
    writeFileSync(
      script,
      `import { writeExportFile } from ${JSON.stringify(join(process.cwd(), 'main/features/import-export/node/export-file.ts'))};
const source = (async function* () {
  yield [{ id: 1, name: 'Ada', createdAt: new Date(0).toISOString(), updatedAt: new Date(0).toISOString() }];
  process.stdout.write('writing\\n');
  await new Promise(() => setInterval(() => undefined, 1000));
})();
await writeExportFile(source, process.argv[2], 'csv');
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script, join(folder, 'people.csv')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const left = readdirSync(folder);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(new RegExp(`^\\.people\\.csv\\.roster-export-${child.pid}-`));
    expect(statSync(join(folder, left[0] as string)).mode & 0o777).toBe(0o600);
    await writeExportFile(people(), join(folder, 'people.csv'), 'csv');
    expect(readdirSync(folder)).toEqual(['people.csv']);
  });
});

describe('symlinks and FIFOs as the target', () => {
  it('writes through a symlink to its target and leaves the link a link', async () => {
    const real = join(ws.dir, 'real.csv');
    writeFileSync(real, 'old');
    const link = join(ws.dir, 'link.csv');
    symlinkSync(real, link);
    await writeExportFile(people(), link, 'csv');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(readFileSync(real, 'utf8')).toMatch(/^\uFEFFid,name/);
  });

  it('creates the target of a dangling symlink (relative too), keeping the link', async () => {
    mkdirSync(join(ws.dir, 'sub'));
    const link = join(ws.dir, 'dangling.json');
    symlinkSync(join('sub', 'made.json'), link);
    await writeExportFile(people(), link, 'json');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(ws.dir, 'sub', 'made.json'), 'utf8'))).toHaveLength(awkward.length);
  });

  it.skipIf(process.platform === 'win32')('streams into a FIFO (no temp file, no rename)', async () => {
    const fifo = join(ws.dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let received = '';
    reader.stdout.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    const closed = new Promise((resolve) => reader.once('close', resolve));
    expect(await writeExportFile(people(), fifo, 'csv')).toEqual({ count: awkward.length });
    await closed;
    expect(received.split('\r\n')[0]).toBe('\uFEFFid,name,createdAt,updatedAt');
    expect(received.split('\r\n')).toHaveLength(awkward.length + 2);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(ws.dir).filter((name) => name.includes('roster-export'))).toEqual([]);
  });
});
