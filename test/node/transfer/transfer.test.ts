// Copying and moving people between two workspace files, through the task
// that does it and the settling that finishes or forgets a move cut off halfway. Real
// files, the real migrations; the crash points are the task's own step hooks (the
// SIGKILL test in transfer-kill.test.ts kills a real process at each of them).

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { countPeople } from '../../../main/features/people/node/people-queries.js';
import { ConnectionStore } from '../../../main/kernel/node/sqlite/connection-store.js';
import { runTransfer } from '../../../main/features/transfer/node/transfer-task.js';
import { settleTransfers } from '../../../main/features/transfer/node/transfer-settle.js';
import { decodeRanges, encodeRanges, toRanges } from '../../../main/features/transfer/node/id-ranges.js';
import { cutOffMove } from '../../support/transfer-fixtures.js';
import { expectRosterError, makeCurrentFile, makeTempDir, queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

const context = { signal: new AbortController().signal, progress: () => undefined };

interface Row {
  id: number;
  name: string;
  nameKey: string;
  createdAt: string;
  updatedAt: string;
}

function rows(path: string): Row[] {
  return queryFile<Row>(path, 'SELECT id, name, nameKey, createdAt, updatedAt FROM "Person" ORDER BY id');
}

function searchCount(path: string, text: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return countPeople(new ConnectionStore(db), foldName(text));
  } finally {
    db.close();
  }
}

function journal(path: string): { id: string; direction: string }[] {
  return queryFile(path, 'SELECT id, direction FROM "PersonTransfer" ORDER BY direction');
}

function pair(names: { source: string[]; target: string[] }): { dir: string; source: string; target: string } {
  const dir = makeTempDir('transfer');
  const source = join(dir, 'a.roster');
  const target = join(dir, 'b.roster');
  makeCurrentFile(source, names.source, foldName);
  makeCurrentFile(target, names.target, foldName);
  return { dir, source, target };
}

function setTimes(path: string, id: number, createdAt: string, updatedAt: string): void {
  const db = new Database(path);
  try {
    db.prepare('UPDATE "Person" SET "createdAt" = ?, "updatedAt" = ? WHERE "id" = ?').run(createdAt, updatedAt, id);
  } finally {
    db.close();
  }
}

describe('id ranges', () => {
  it('encode runs of ids and read back only what they wrote', () => {
    expect(toRanges([5, 1, 2, 3, 9, 2])).toEqual([
      [1, 3],
      [5, 5],
      [9, 9],
    ]);
    expect(decodeRanges(encodeRanges(toRanges([1, 2, 3, 7])))).toEqual([
      [1, 3],
      [7, 7],
    ]);
    for (const bad of ['', 'x', '{}', '[[3,1]]', '[[1,2],[2,3]]', '[[0,1]]', '[[1.5,2]]', '[[1]]', '[["1","2"]]', 5])
      expect(decodeRanges(bad)).toBeNull();
  });
});

describe('copy and move', () => {
  it('a copy keeps names and both times, gives new ids, folds keys, and counts likely duplicates', async () => {
    const { source, target } = pair({ source: ['Ada Lovelace', 'Émile Zola', 'Grace Hopper'], target: ['ADA LOVELACE', 'Alan Turing'] });
    setTimes(source, 2, '2020-01-02 03:04:05', '2021-02-03T04:05:06Z');
    const result = await runTransfer({ source, target, mode: 'copy', selection: { ids: [1, 2] } }, context);
    expect(result).toMatchObject({ copied: 2, duplicates: 1, skipped: 0, firstId: 3, lastId: 4, sourceRemaining: 3 });
    const copies = rows(target).slice(2);
    expect(copies.map((row) => [row.id, row.name, row.nameKey])).toEqual([
      [3, 'Ada Lovelace', foldName('Ada Lovelace')],
      [4, 'Émile Zola', foldName('Émile Zola')],
    ]);
    // Times kept, in Prisma's stored form.
    expect(copies[1]).toMatchObject({ createdAt: '2020-01-02T03:04:05.000+00:00', updatedAt: '2021-02-03T04:05:06.000+00:00' });
    expect(rows(source)).toHaveLength(3);
    expect(journal(source)).toEqual([]);
    expect(journal(target)).toEqual([]);
    // The stored count and the search index (after its catch-up) stay right.
    expect(queryFile(target, 'SELECT personCount FROM RosterState')).toEqual([{ personCount: 4 }]);
  });

  it('a move takes the people out of the source, leaves no journal, and keeps the counts', async () => {
    const { source, target } = pair({ source: ['One', 'Two', 'Three', 'Four'], target: ['Zero'] });
    const result = await runTransfer({ source, target, mode: 'move', selection: { ids: [2, 4] } }, context);
    expect(result).toMatchObject({
      copied: 2,
      duplicates: 0,
      sourceRemaining: 2,
      sourceIds: [
        [2, 2],
        [4, 4],
      ],
    });
    expect(rows(source).map((row) => row.name)).toEqual(['One', 'Three']);
    expect(rows(target).map((row) => row.name)).toEqual(['Zero', 'Two', 'Four']);
    expect(journal(source)).toEqual([]);
    expect(journal(target)).toEqual([]);
    expect(queryFile(source, 'SELECT personCount FROM RosterState')).toEqual([{ personCount: 2 }]);
    expect(searchCount(source, 'two')).toBe(0);
    expect(searchCount(target, 'two')).toBe(1);
  });

  it('moves everyone matching a search, except the excepted; skipping duplicates leaves them behind', async () => {
    const { source, target } = pair({ source: ['Anna Berg', 'Anna Lind', 'Bo Berg', 'anna lind', 'Cecilia'], target: ['ANNA LIND'] });
    const result = await runTransfer(
      { source, target, mode: 'move', selection: { matching: foldName('anna'), except: [1] }, skipDuplicates: true },
      context,
    );
    expect(result).toMatchObject({ copied: 0, duplicates: 2, skipped: 2 });
    expect(rows(source)).toHaveLength(5);
    const all = await runTransfer({ source, target, mode: 'move', selection: { matching: '', except: [] }, skipDuplicates: true }, context);
    expect(all).toMatchObject({ copied: 3, duplicates: 2, skipped: 2, sourceRemaining: 2 });
    expect(rows(source).map((row) => row.name)).toEqual(['Anna Lind', 'anna lind']);
    expect(rows(target).map((row) => row.name)).toEqual(['ANNA LIND', 'Anna Berg', 'Bo Berg', 'Cecilia']);
  });
});

describe('copy and move: refusals, cancelling and undo', () => {
  it('refuses unknown ids (all or nothing), the same file, and an undo whose rows changed', async () => {
    const { dir, source, target } = pair({ source: ['A', 'B'], target: [] });
    const before = rows(target);
    const error = await expectRosterError(
      runTransfer({ source, target, mode: 'move', selection: { ids: [1, 7, 8] } }, context),
      'PERSON_NOT_FOUND',
    );
    expect(error.message).toBe('There are no people with ids 7, 8.');
    await expectRosterError(
      runTransfer({ source, target: join(dir, 'a.roster'), mode: 'copy', selection: { ids: [1] } }, context),
      'INVALID_INPUT',
    );
    await expectRosterError(
      runTransfer({ source, target, mode: 'move', selection: { ids: [1] }, expectDigest: '1:abc' }, context),
      'UNDO_CONFLICT',
    );
    expect(rows(target)).toEqual(before);
    expect(rows(source)).toHaveLength(2);
    expect(journal(source)).toEqual([]);
  });

  it('a cancelled move changes nothing in either file', async () => {
    const { source, target } = pair({ source: Array.from({ length: 12_000 }, (_, i) => `P${i}`), target: [] });
    const controller = new AbortController();
    const cancelling = { signal: controller.signal, progress: () => controller.abort() };
    await expectRosterError(
      runTransfer({ source, target, mode: 'move', selection: { matching: '', except: [] } }, cancelling),
      'CANCELLED',
    );
    expect(rows(source)).toHaveLength(12_000);
    expect(rows(target)).toHaveLength(0);
    expect(journal(source)).toEqual([]);
  });

  it('puts people back under their old ids when asked (an undone move), refusing ids in use', async () => {
    const { source, target } = pair({ source: ['Ada', 'Bob', 'Cyd'], target: ['Xia'] });
    const moved = await runTransfer({ source, target, mode: 'move', selection: { ids: [1, 3] } }, context);
    const back = {
      source: target,
      target: source,
      mode: 'move' as const,
      selection: { ids: [2, 3] },
      targetIds: [
        [1, 1],
        [3, 3],
      ] as const,
      expectDigest: moved.digest,
    };
    await expectRosterError(runTransfer({ ...back, targetIds: [[1, 2]] }, context), 'UNDO_CONFLICT');
    const result = await runTransfer(back, context);
    expect(result).toMatchObject({ copied: 2, firstId: null });
    expect(rows(source).map((row) => [row.id, row.name])).toEqual([
      [1, 'Ada'],
      [2, 'Bob'],
      [3, 'Cyd'],
    ]);
    expect(rows(target).map((row) => row.name)).toEqual(['Xia']);
    expect(searchCount(source, 'cyd')).toBe(1);
    expect(searchCount(target, 'cyd')).toBe(0);
  });
});

describe('a move cut off at every step is finished or forgotten by the next open, and nobody is lost', () => {
  const names = Array.from({ length: 11_000 }, (_, i) => `Person ${i}`);
  // What settling must find at each point: nothing to do, a move to forget, or one to finish.
  const steps = {
    opened: 'nothing',
    'journal written': 'forgotten',
    'source locked': 'forgotten',
    'target locked': 'forgotten',
    'copied batch': 'forgotten',
    'target committed': 'finished',
    'removed batch': 'finished',
    'source committed': 'nothing',
    done: 'nothing',
  } as const;

  for (const [stopAt, expected] of Object.entries(steps)) {
    it(`stopped at “${stopAt}”`, async () => {
      const frozenPair = await cutOffMove(stopAt, { source: names, target: ['Already here'] });
      const settled = settleTransfers({ path: frozenPair.source });
      const inSource = rows(frozenPair.source).map((row) => row.name);
      const inTarget = rows(frozenPair.target)
        .map((row) => row.name)
        .filter((name) => name !== 'Already here');
      // Everyone is somewhere, and nobody is in both once settled.
      expect(new Set([...inSource, ...inTarget])).toEqual(new Set(names));
      expect(inSource.length + inTarget.length).toBe(names.length);
      expect(journal(frozenPair.source)).toEqual([]);
      expect(settled.pending).toBe(0);
      expect({ finished: settled.finished, forgotten: settled.forgotten }).toEqual({
        finished: expected === 'finished' ? 1 : 0,
        forgotten: expected === 'forgotten' ? 1 : 0,
      });
      if (expected === 'finished') expect(inTarget).toHaveLength(names.length);
      if (expected !== 'finished' && stopAt !== 'source committed' && stopAt !== 'done') expect(inSource).toHaveLength(names.length);
    });
  }
});
