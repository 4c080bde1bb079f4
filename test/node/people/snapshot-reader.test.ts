// An export is a snapshot: one read transaction from the first row to the last. Two
// rows deleted together by another connection in the middle of an export are either
// both in the file or both absent, never one of them.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PersonDto } from '../../../main/features/people/common/people-contract.js';
import { writeExportFile, type ExportSource } from '../../../main/features/import-export/node/export-file.js';
import { readPeopleSnapshot } from '../../../main/features/import-export/node/snapshot-reader.js';
import { createTempPeople, expectCode, type TempPeople } from '../../support/people-fixtures.js';
import { removeTempDirs } from '../../support/workspace-fixtures.js';

const COUNT = 20_000;
const BATCH = 1000;

let ws: TempPeople;
beforeEach(async () => {
  ws = await createTempPeople('snapshot');
  await ws.people.insertValidated(Array.from({ length: COUNT }, (_, i) => `Person ${i + 1}`));
});
afterEach(() => ws.close());
afterAll(removeTempDirs);

/** Deletes ids 1 and COUNT in one transaction on a connection of its own (as another process would). */
function deleteFirstAndLast(): void {
  const other = new Database(ws.path, { timeout: 5000 });
  try {
    expect(other.prepare('DELETE FROM "Person" WHERE "id" IN (?, ?)').run(1, COUNT).changes).toBe(2);
  } finally {
    other.close();
  }
}

/** Passes batches through, running `midway` once after the first batch was handed on. */
async function* withChangeMidway(source: ExportSource, midway: () => void): AsyncGenerator<PersonDto[]> {
  let first = true;
  for await (const batch of source) {
    yield batch;
    if (first) {
      first = false;
      midway();
    }
  }
}

function exportedIds(path: string): number[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as PersonDto[]).map((person) => person.id);
}

describe('readPeopleSnapshot', () => {
  it('yields every person in id order, in batches, as the people list shows them', async () => {
    const batches: PersonDto[][] = [];
    for await (const batch of readPeopleSnapshot(ws.path, BATCH)) batches.push(batch);
    expect(batches).toHaveLength(COUNT / BATCH);
    expect(batches.every((batch) => batch.length === BATCH)).toBe(true);
    const all = batches.flat();
    expect(all.map((person) => person.id)).toEqual(Array.from({ length: COUNT }, (_, i) => i + 1));
    expect(all[41]).toEqual(await ws.people.get({ id: 42 }));
  });

  it('a delete of ids 1 and N committed mid-export is not seen at all: the file has both', async () => {
    const out = join(ws.dir, 'during.json');
    const { count } = await writeExportFile(withChangeMidway(readPeopleSnapshot(ws.path, BATCH), deleteFirstAndLast), out, 'json');
    expect(count).toBe(COUNT);
    const ids = exportedIds(out);
    expect(ids[0]).toBe(1);
    expect(ids.at(-1)).toBe(COUNT);
    expect(await ws.people.count()).toBe(COUNT - 2);
  });

  it('the same delete committed before the export starts: the file has neither', async () => {
    deleteFirstAndLast();
    const out = join(ws.dir, 'after.json');
    await writeExportFile(readPeopleSnapshot(ws.path, BATCH), out, 'json');
    const ids = exportedIds(out);
    expect(ids).toHaveLength(COUNT - 2);
    expect(ids.includes(1) || ids.includes(COUNT)).toBe(false);
  });

  it('does not block the shared workspace connection: the window can write while it reads', async () => {
    const seen: number[] = [];
    for await (const batch of readPeopleSnapshot(ws.path, BATCH)) {
      if (seen.length === 0) await ws.people.create({ name: 'Added meanwhile' });
      seen.push(...batch.map((person) => person.id));
    }
    expect(seen).toHaveLength(COUNT);
    expect(await ws.people.count()).toBe(COUNT + 1);
  });

  it('stops with CANCELLED when its signal is aborted, closing its connection', async () => {
    const controller = new AbortController();
    const reading = (async () => {
      for await (const _batch of readPeopleSnapshot(ws.path, BATCH, controller.signal)) controller.abort();
    })();
    await expectCode(reading, 'CANCELLED');
    // Its read transaction is over: a checkpoint can take the whole WAL.
    const other = new Database(ws.path);
    try {
      const [result] = other.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      expect(result?.busy).toBe(0);
    } finally {
      other.close();
    }
  });
});
