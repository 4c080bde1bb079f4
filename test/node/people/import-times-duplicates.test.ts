// What an import keeps and what it can leave out: a round trip through Roster's own CSV
// and JSON keeps every name, Added (createdAt) and Last changed (updatedAt), with new
// ids; a time that is not ISO 8601 is a problem on its line, never a wrong date; rows
// that look like people already here are counted by the preview and skipped on request;
// a file without a header row imports its first row too.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storedImportTime } from '../../../main/features/import-export/node/import/import-times.js';
import { importTask } from '../../../main/features/import-export/node/import/import-task.js';
import { previewTask } from '../../../main/features/import-export/node/import/preview-task.js';
import { PeopleFileService } from '../../../main/features/import-export/node/people-file-service.js';
import { InlineTaskRunner } from '../../../main/kernel/node/tasks/inline-runner.js';
import { createTempPeople, expectCode, type TempPeople } from '../../support/people-fixtures.js';
import { makeTempDir, queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

interface Row {
  id: number;
  name: string;
  createdAt: string;
  updatedAt: string;
}

function rows(path: string): Row[] {
  return queryFile<Row>(path, 'SELECT "id", "name", "createdAt", "updatedAt" FROM "Person" ORDER BY "id"');
}

/** A workspace whose people have times of their own, years apart (as another Roster's export would bring). */
async function peopleWithTimes(dir: string): Promise<TempPeople> {
  const source = await createTempPeople('source', dir);
  const file = join(dir, 'seed.csv');
  writeFileSync(
    file,
    'name,createdAt,updatedAt\n' +
      'Ada Lovelace,2019-03-04T05:06:07.089Z,2021-01-02T03:04:05.678Z\n' +
      '"Lima, Carla",2020-07-01T12:00:00+02:00,2020-07-01T12:00:00.5+02:00\n' +
      "'=Formula,2018-12-31T23:59:59.999Z,2018-12-31T23:59:59.999Z\n",
  );
  expect(await new PeopleFileService(source.lease).importFile({ file, format: 'csv' })).toBe(3);
  return source;
}

describe('a round trip through Roster’s own files', () => {
  it('CSV and JSON exports imported into other workspaces keep names, createdAt and updatedAt, with new ids', async () => {
    const dir = makeTempDir('round-trip');
    const source = await peopleWithTimes(dir);
    const original = rows(source.path);
    // Stored as Prisma stores times, converted to UTC.
    expect(original.map((row) => [row.createdAt, row.updatedAt])).toEqual([
      ['2019-03-04T05:06:07.089+00:00', '2021-01-02T03:04:05.678+00:00'],
      ['2020-07-01T10:00:00.000+00:00', '2020-07-01T10:00:00.500+00:00'],
      ['2018-12-31T23:59:59.999+00:00', '2018-12-31T23:59:59.999+00:00'],
    ]);
    for (const format of ['csv', 'json'] as const) {
      const out = join(dir, `people.${format}`);
      expect(await new PeopleFileService(source.lease).exportFile({ out, format })).toBe(3);
      const target = await createTempPeople(`target-${format}`, dir);
      // Someone already there, so the imported people cannot take the same ids by chance.
      await target.people.create({ name: 'Already Here' });
      const files = new PeopleFileService(target.lease);
      const preview = await new InlineTaskRunner().run(previewTask, { file: out, format, workspace: target.path });
      expect(preview).toMatchObject({ count: 3, problemCount: 0, keepsTimes: true });
      expect(await files.importFile({ file: out, format })).toBe(3);
      const imported = rows(target.path).slice(1);
      expect(imported.map(({ name, createdAt, updatedAt }) => ({ name, createdAt, updatedAt }))).toEqual(
        original.map(({ name, createdAt, updatedAt }) => ({ name, createdAt, updatedAt })),
      );
      expect(imported.map((row) => row.id)).not.toEqual(original.map((row) => row.id));
      // The app shows them as it shows any person's times.
      const listed = await target.people.get({ id: imported[0]?.id ?? 0 });
      expect(listed).toMatchObject({ name: 'Ada Lovelace', createdAt: '2019-03-04T05:06:07.089Z', updatedAt: '2021-01-02T03:04:05.678Z' });
      await target.close();
    }
    await source.close();
  });

  it('a file without times still gives everyone the import’s time, and the preview says nothing is kept', async () => {
    const dir = makeTempDir('no-times');
    const target = await createTempPeople('target', dir);
    const file = join(dir, 'names.csv');
    writeFileSync(file, 'id,name\n1,Ana\n2,Bo\n');
    const preview = await new InlineTaskRunner().run(previewTask, { file, format: 'csv' });
    expect(preview.keepsTimes).toBe(false);
    const before = Date.now();
    await new PeopleFileService(target.lease).importFile({ file, format: 'csv' });
    for (const row of rows(target.path)) {
      expect(Date.parse(row.createdAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(row.updatedAt).toBe(row.createdAt);
    }
    await target.close();
  });
});

describe('times that are not ISO 8601', () => {
  it('reads ISO 8601 with a zone and SQLite’s own form (UTC), and refuses everything else', () => {
    expect(storedImportTime('2026-12-07T16:11:47.123Z')).toBe('2026-12-07T16:11:47.123+00:00');
    // What CURRENT_TIMESTAMP and the sqlite3 shell write, and Roster reads as UTC.
    expect(storedImportTime('2026-12-07 16:11:47')).toBe('2026-12-07T16:11:47.000+00:00');
    expect(storedImportTime('2026-12-07 16:11:47.25')).toBe('2026-12-07T16:11:47.250+00:00');
    expect(storedImportTime('2026-12-07T17:11+01:00')).toBe('2026-12-07T16:11:00.000+00:00');
    expect(storedImportTime('2024-02-29T00:00:00-0530')).toBe('2024-02-29T05:30:00.000+00:00');
    expect(storedImportTime('0050-01-01T00:00:00Z')).toBe('0050-01-01T00:00:00.000+00:00');
    for (const bad of [
      '07/12/2026 16:11',
      '2026-12-07',
      '2026-12-07T16:11:47',
      '2026-12-07 16:11:47Z',
      '2026-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-12-07T24:00:00.000Z',
      '9999-12-31T23:00:00-05:00',
      'yesterday',
    ]) {
      expect(storedImportTime(bad), bad).toBeNull();
    }
  });

  it('a bad time stops the import with its line, adds nobody, and the preview lists it', async () => {
    const dir = makeTempDir('bad-times');
    const target = await createTempPeople('target', dir);
    const files = new PeopleFileService(target.lease);
    const csv = join(dir, 'spreadsheet.csv');
    writeFileSync(csv, 'name,createdAt,updatedAt\nAna,2020-01-01T00:00:00Z,2020-01-02T00:00:00Z\nBo,07/12/2026 16:11,\n');
    const error = await expectCode(files.importFile({ file: csv, format: 'csv' }), 'IMPORT_INVALID');
    expect(error.message).toBe('Line 3: createdAt "07/12/2026 16:11" is not a time in ISO 8601 form (like 2026-12-07T16:11:47.123Z).');
    const preview = await new InlineTaskRunner().run(previewTask, { file: csv, format: 'csv' });
    expect(preview.problems).toEqual([{ where: 'Line 3', message: expect.stringContaining('createdAt "07/12/2026 16:11"') }]);

    const backwards = join(dir, 'backwards.json');
    writeFileSync(backwards, JSON.stringify([{ name: 'Cy', createdAt: '2021-01-01T00:00:00Z', updatedAt: '2020-01-01T00:00:00Z' }]));
    expect((await expectCode(files.importFile({ file: backwards, format: 'json' }), 'IMPORT_INVALID')).message).toBe(
      'Index 0: updatedAt is before createdAt.',
    );
    const numeric = join(dir, 'numeric.json');
    writeFileSync(numeric, JSON.stringify([{ name: 'Di', createdAt: 1_600_000_000_000 }]));
    expect((await expectCode(files.importFile({ file: numeric, format: 'json' }), 'IMPORT_INVALID')).message).toBe(
      'Index 0: createdAt is not a string.',
    );
    expect(rows(target.path)).toEqual([]);
    await target.close();
  });

  it('an empty time cell gives that row the other time, or the import’s time when both are empty', async () => {
    const dir = makeTempDir('empty-times');
    const target = await createTempPeople('target', dir);
    const csv = join(dir, 'some.csv');
    writeFileSync(csv, 'name,createdAt,updatedAt\nAna,2020-01-01T00:00:00Z,\nBo,,2021-05-05T05:05:05Z\nCy,,\n');
    await new PeopleFileService(target.lease).importFile({ file: csv, format: 'csv' });
    const [ana, bo, cy] = rows(target.path);
    expect([ana?.createdAt, ana?.updatedAt]).toEqual(['2020-01-01T00:00:00.000+00:00', '2020-01-01T00:00:00.000+00:00']);
    expect([bo?.createdAt, bo?.updatedAt]).toEqual(['2021-05-05T05:05:05.000+00:00', '2021-05-05T05:05:05.000+00:00']);
    expect(cy?.createdAt.startsWith('2020') || cy?.createdAt.startsWith('2021')).toBe(false);
    await target.close();
  });
});

describe('rows that look like people already here', () => {
  it('are counted by the preview (workspace and earlier in the file), imported by default, skipped on request', async () => {
    const dir = makeTempDir('duplicates');
    const runner = new InlineTaskRunner();
    const file = join(dir, 'in.csv');
    // "ada lovelace" and "Grâce HOPPER" fold to people already here; the second "ALAN TURING" repeats the file.
    writeFileSync(file, 'name\nada lovelace\nAlan Turing\nALAN TURING\nGrâce HOPPER\nKen Thompson\n');
    const everyone = await createTempPeople('everyone', dir);
    await everyone.people.create({ name: 'Ada Lovelace' });
    await everyone.people.create({ name: 'Grace Hopper' });
    const preview = await runner.run(previewTask, { file, format: 'csv', workspace: everyone.path });
    expect(preview).toMatchObject({ count: 5, duplicates: 3, complete: true });
    expect(await new PeopleFileService(everyone.lease).importFile({ file, format: 'csv' })).toBe(5);
    expect(rows(everyone.path)).toHaveLength(7);

    const skipping = await createTempPeople('skipping', dir);
    await skipping.people.create({ name: 'Ada Lovelace' });
    await skipping.people.create({ name: 'Grace Hopper' });
    const result = await new PeopleFileService(skipping.lease).importFileResult({ file, format: 'csv', skipDuplicates: true });
    expect(result).toMatchObject({ count: 2, skipped: 3 });
    expect(rows(skipping.path).map((row) => row.name)).toEqual(['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Ken Thompson']);
    await everyone.close();
    await skipping.close();
  });

  it('at 60,000 rows: a partial preview estimates; the whole file is exact, and a skipping import leaves out as many', async () => {
    const dir = makeTempDir('duplicates-big');
    const target = await createTempPeople('target', dir);
    for (const name of ['Person 7', 'Person 70', 'Person 700']) await target.people.create({ name });
    const file = join(dir, 'big.csv');
    // Every tenth row repeats an earlier one; three rows match people already here.
    const lines = Array.from({ length: 60_000 }, (_, i) => `${i},Person ${i % 10 === 9 ? i - 9 : i},someone${i}@example.org`);
    writeFileSync(file, `id,name,email\n${lines.join('\n')}\n`);
    const runner = new InlineTaskRunner();
    const partial = await runner.run(previewTask, { file, format: 'csv', workspace: target.path, maxBytes: 1 });
    expect(partial.complete).toBe(false);
    // From the first MiB, scaled to the whole file: near the 6,003 there are.
    expect(partial.duplicates).toBeGreaterThan(5_000);
    expect(partial.duplicates).toBeLessThan(7_000);
    const whole = await runner.run(previewTask, { file, format: 'csv', workspace: target.path, maxBytes: 1, whole: true });
    expect(whole).toMatchObject({ complete: true, count: 60_000, duplicates: 6_000 + 3 });
    const result = await new PeopleFileService(target.lease).importFileResult({ file, format: 'csv', skipDuplicates: true });
    expect(result).toMatchObject({ count: whole.count - whole.duplicates, skipped: whole.duplicates });
    expect(rows(target.path)).toHaveLength(3 + result.count);
    await target.close();
  });
});

describe('a file without a header row', () => {
  it('with header: false its first row is a person too, in the preview and the import', async () => {
    const dir = makeTempDir('no-header');
    const target = await createTempPeople('target', dir);
    const file = join(dir, 'list.csv');
    writeFileSync(file, 'Ada Lovelace,ada@example.org\nGrace Hopper,grace@example.org\n');
    const runner = new InlineTaskRunner();
    const withHeader = await runner.run(previewTask, { file, format: 'csv' });
    expect(withHeader).toMatchObject({ count: 0, header: true });
    const preview = await runner.run(previewTask, { file, format: 'csv', header: false, column: 0 });
    expect(preview).toMatchObject({ count: 2, header: false, columns: ['', ''], nameColumn: 0, problemCount: 0 });
    expect(preview.rows.map((row) => row.where)).toEqual(['Line 1', 'Line 2']);
    await runner.run(importTask, { workspace: target.path, file, format: 'csv', header: false, column: 0 });
    expect(rows(target.path).map((row) => row.name)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(readFileSync(file, 'utf8')).toContain('Ada Lovelace');
    await target.close();
  });
});
