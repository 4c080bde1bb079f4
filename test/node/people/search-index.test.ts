// Search through the FTS5 trigram index gives exactly what a plain scan with the same
// fold gives: on generated awkward names, for terms of every length, whether
// the index is complete, empty (every row pending) or half caught up, and after writes
// from Roster and from other tools. Paging by offset (read from the nearer end) and by
// cursor visits every row once, in order.

import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import type { PersonDto } from '../../../main/features/people/common/people-contract.js';
import type { PersonService } from '../../../main/features/people/node/person-service.js';
import { indexPendingChunk } from '../../../main/features/workspace/node/search/search-state.js';
import { ConnectionStore } from '../../../main/kernel/node/sqlite/connection-store.js';
import { InlineTaskRunner } from '../../../main/kernel/node/tasks/inline-runner.js';
import { catchUpSearchTask } from '../../../main/features/workspace/node/search/search-catch-up.js';
import { keyDrainTask } from '../../../main/features/workspace/node/keys/key-drain-task.js';
import { createTempPeople, listQuery, type TempPeople } from '../../support/people-fixtures.js';
import { removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

/** A deterministic generator (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state |= 0;
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'Émile',
  'ÉMILE',
  'Straße',
  'STRASSE',
  'GROẞE',
  'ﬁsh',
  'ﬂoor',
  'Ｆｕｌｌ',
  'Ｗｉｄｔｈ',
  'Νίκος',
  'ΣΟΦΙΑ',
  'Łukasz',
  'Øyvind',
  'Đorđe',
  'Æsir',
  'Œuvre',
  'İstanbul',
  'ısparta',
  'Ёлка',
  'Йошка',
  'カス',
  'ガス',
  'ｶｽ',
  'सीता',
  'सत',
  '김민준',
  'محمد',
  'مُحَمَّد',
  '😀',
  '🦊🎉',
  '👩‍👩‍👧',
  '100%',
  'a_b',
  '%_%',
  "O'Brien",
  '"Quoted"',
  'back\\slash',
  '[bracket]',
  '*star*',
  '?q',
  'naïve café',
  'Zoë',
  'José',
  'ñandú',
  'x',
  'ab',
];

function generatedNames(count: number, seed = 7): string[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const parts = 1 + Math.floor(next() * 3);
    const words = Array.from({ length: parts }, () => PIECES[Math.floor(next() * PIECES.length)] as string);
    return `${words.join(next() < 0.2 ? '' : ' ')} ${i % 50}`.trim();
  });
}

/** Terms people type: pieces of real keys (1 to 6 characters), whole words, misses, specials. */
function terms(names: readonly string[], seed = 11): string[] {
  const next = random(seed);
  const out = new Set<string>([
    '%',
    '_',
    '"',
    "'",
    '\\',
    '[',
    '*',
    '?',
    'zzz',
    'q',
    'ss',
    'σ',
    'ガ',
    'カ',
    '😀',
    'ab',
    'a_b',
    '%_%',
    '0',
    '49',
  ]);
  for (let i = 0; i < 150; i++) {
    const key = [...foldName(names[Math.floor(next() * names.length)] as string)];
    const length = 1 + Math.floor(next() * 6);
    const start = Math.floor(next() * Math.max(1, key.length - length));
    out.add(key.slice(start, start + length).join(''));
  }
  for (const piece of PIECES) out.add(piece);
  return [...out].filter((term) => term.trim() !== '');
}

/** Every id the service lists for `search`, walking cursors (and checking order as it goes). */
async function allIds(people: PersonService, search: string): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await people.list(listQuery({ search, limit: 500, ...(cursor ? { cursor } : {}) }));
    ids.push(...page.items.map((person) => person.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
}

function scanIds(rows: readonly { id: number; name: string }[], search: string): number[] {
  const folded = foldName(search.trim());
  return rows.filter((row) => foldName(row.name).includes(folded)).map((row) => row.id);
}

describe('search equals a plain scan with the same fold', () => {
  let ws: TempPeople;
  let rows: { id: number; name: string }[];
  const names = generatedNames(3000);

  beforeAll(async () => {
    ws = await createTempPeople('search');
    await ws.people.insertValidated(names);
    // A new file's ids start at 1, in import order.
    rows = names.map((name, i) => ({ id: i + 1, name }));
  });
  afterAll(() => ws.close());

  async function compareAll(label: string): Promise<void> {
    for (const term of terms(names)) {
      const expected = scanIds(rows, term).sort((a, b) => a - b);
      const listed = await allIds(ws.people, term);
      expect(new Set(listed).size, `${label}: "${term}" lists a row twice`).toBe(listed.length);
      expect(
        [...listed].sort((a, b) => a - b),
        `${label}: "${term}"`,
      ).toEqual(expected);
      expect(await ws.people.count({ search: term }), `${label}: count of "${term}"`).toBe(expected.length);
    }
  }

  const pendingFrom = (): number | null => {
    const value = ws.lease.workspace.db.prepare('SELECT "searchPendingFrom" FROM "RosterState"').pluck().get() as bigint | null;
    return value === null ? null : Number(value);
  };

  it('with every row pending (just imported: the index has not caught up)', async () => {
    expect(pendingFrom()).toBe(0);
    await compareAll('all pending');
  });

  it('half caught up', async () => {
    const db = new Database(ws.path);
    try {
      db.pragma('busy_timeout = 2000');
      // One chunk of 1500 rows, indexed by the catch-up's own step.
      indexPendingChunk(new ConnectionStore(db), 1500);
    } finally {
      db.close();
    }
    expect(pendingFrom()).toBe(1500);
    await compareAll('half indexed');
  });

  it('fully indexed, then after renames, deletes and inserts by Roster and by another program', async () => {
    await new InlineTaskRunner().run(catchUpSearchTask, { path: ws.path });
    expect(pendingFrom()).toBeNull();
    await compareAll('indexed');

    // Roster's own writes.
    const renamed = await ws.people.update({ id: 10, name: 'Ångström Łódź' });
    rows[9] = { id: renamed.id, name: renamed.name };
    await ws.people.delete({ ids: [20, 21] });
    rows = rows.filter((row) => row.id !== 20 && row.id !== 21);
    const added = await ws.people.create({ name: 'Sørensen ẞtraße' });
    rows.push({ id: added.id, name: added.name });
    // Another program, with and without keys, through the triggers.
    const other = new Database(ws.path);
    try {
      other.pragma('busy_timeout = 2000');
      other.prepare(`UPDATE "Person" SET "name" = 'Renamed Outside', "nameKey" = 'renamed outside' WHERE id = 30`).run();
      other.prepare(`DELETE FROM "Person" WHERE id = 31`).run();
      const inserted = other.prepare(`INSERT INTO "Person" ("name", "nameKey") VALUES ('Outside Émile', 'outside émile')`).run();
      rows = rows.filter((row) => row.id !== 31).map((row) => (row.id === 30 ? { id: 30, name: 'Renamed Outside' } : row));
      rows.push({ id: Number(inserted.lastInsertRowid), name: 'Outside Émile' });
    } finally {
      other.close();
    }
    // Roster folds what the other program left unfolded (here: the accent in "émile").
    await new InlineTaskRunner().run(keyDrainTask, { path: ws.path });
    await compareAll('after writes');
  });
});

describe('paging', () => {
  let ws: TempPeople;
  const names = generatedNames(1200, 3);
  let all: PersonDto[];

  beforeAll(async () => {
    ws = await createTempPeople('paging');
    await ws.people.insertValidated(names);
    await new InlineTaskRunner().run(catchUpSearchTask, { path: ws.path });
    all = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await ws.people.list(listQuery({ limit: 1000, ...(cursor ? { cursor } : {}) }));
      all.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
  });
  afterAll(() => ws.close());

  it('the cursor walk visits every person once, ordered by folded name then id', () => {
    expect(all).toHaveLength(names.length);
    const keys = all.map((person) => [foldName(person.name), person.id] as const);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    expect(keys).toEqual(sorted);
  });

  it.each(['asc', 'desc'] as const)(
    'offset pages (%s) match the same slice of the full order, at the start, the middle, the far end and past it',
    async (direction) => {
      const ordered = direction === 'asc' ? all : [...all].reverse();
      for (const offset of [0, 1, 99, 100, 599, 600, 601, 1000, 1099, 1100, 1150, 1199, 1200, 1500]) {
        for (const limit of [1, 50, 100]) {
          const page = await ws.people.list(listQuery({ direction, offset, limit }));
          expect(
            page.items.map((p) => p.id),
            `${direction} offset ${offset} limit ${limit}`,
          ).toEqual(ordered.slice(offset, offset + limit).map((p) => p.id));
        }
      }
    },
  );

  it('offset pages of a search, with many and with few matches, match a scan', async () => {
    for (const search of ['e', 'emile', 'straße', '😀', 'ガス', '49']) {
      const expected = all.filter((person) => foldName(person.name).includes(foldName(search)));
      for (const offset of [0, 10, Math.floor(expected.length / 2), Math.max(0, expected.length - 5)]) {
        const page = await ws.people.list(listQuery({ search, offset, limit: 20 }));
        expect(
          page.items.map((p) => p.id),
          `"${search}" offset ${offset}`,
        ).toEqual(expected.slice(offset, offset + 20).map((p) => p.id));
      }
    }
  });
});
