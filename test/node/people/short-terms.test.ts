// Search terms of one or two characters, served by the short-term index (PersonGram),
// give exactly what a plain scan of the stored folded keys gives: the same first page in
// name order (both directions) and the same count, for every 1- and 2-character piece
// of names in Latin (precomposed and decomposed accents), Cyrillic, Greek, CJK, Hangul,
// Arabic and emoji, and for pieces no name holds. Checked with every row pending, half
// caught up, fully indexed, and after other programs' inserts, renames and deletes by
// raw SQL, before and after Roster folds what they wrote. The index itself holds, per
// row, exactly the grams of the stored key.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { gramTokens } from '../../../main/features/workspace/node/search/gram-index.js';
import { indexPendingChunk } from '../../../main/features/workspace/node/search/search-state.js';
import { catchUpSearchTask } from '../../../main/features/workspace/node/search/search-catch-up.js';
import { keyDrainTask } from '../../../main/features/workspace/node/keys/key-drain-task.js';
import { ConnectionStore } from '../../../main/kernel/node/sqlite/connection-store.js';
import { InlineTaskRunner } from '../../../main/kernel/node/tasks/inline-runner.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { WorkspaceConnections } from '../../../main/features/workspace/node/workspace-connections.js';
import { createTempPeople, listQuery, type TempPeople } from '../../support/people-fixtures.js';
import { makeCurrentFile, makeTempDir, openOptions, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

/** A deterministic generator (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCRIPTS: Readonly<Record<string, readonly string[]>> = {
  latin: ['Émile', 'Zoë', 'José', 'Åsa', 'Søren', 'Łukasz', 'Straße', 'Núñez', 'Ada', 'Grace', 'Noah', 'O\u0301scar', 'Rene\u0301e'],
  cyrillic: ['Иван', 'Ольга', 'Фёдоров', 'Наталья', 'Смирнова', 'Йошкин', 'Петров', 'Анна'],
  greek: ['Γιώργος', 'ΣΟΦΙΑ', 'Νίκος', 'Ελένη', 'Παπαδόπουλος'],
  cjk: ['王', '李', '佐藤', '鈴木', '秀英', '美咲', '太郎', '张伟'],
  hangul: ['김', '이', '지훈', '민준', '서연', '\u1100\u1161\u11A8'],
  arabic: ['محمد', 'مُحَمَّد', 'فاطمة', 'عبدالله'],
  emoji: ['😀', '🎉', '👩‍💻', '🇫🇷', '👍🏽', '❤️'],
};

/** 60% Latin, 25% Cyrillic (enough for its letters to pass the small-match paths), the rest the other scripts. */
function generatedNames(count: number, seed: number): string[] {
  const next = random(seed);
  const pick = (script: string): string => {
    const pieces = SCRIPTS[script] as readonly string[];
    return pieces[Math.floor(next() * pieces.length)] as string;
  };
  return Array.from({ length: count }, (_, i) => {
    const roll = next();
    const script = roll < 0.6 ? 'latin' : roll < 0.85 ? 'cyrillic' : (['greek', 'cjk', 'hangul', 'arabic', 'emoji'][i % 5] as string);
    const words = [pick(script), pick(script)];
    if (next() < 0.1) words.push(pick('emoji'));
    return `${words.join(script === 'cjk' || script === 'hangul' ? '' : ' ')} ${i % 37}`;
  });
}

/** Every 1- and 2-character piece of a sample of stored keys, some raw forms the service folds, and pieces no key holds. */
function shortTerms(keys: readonly string[], seed: number): string[] {
  const next = random(seed);
  const out = new Set<string>(['ꙮ', '𓀀', 'qx', 'ж王', '🦊', 'É', 'e\u0301', 'Ё', 'Σ', 'ß', '\u1100', '한', 'ي', '1', '36']);
  for (let i = 0; i < 120; i++) {
    const chars = [...(keys[Math.floor(next() * keys.length)] as string)];
    for (let at = 0; at < chars.length; at++) {
      out.add(chars[at] as string);
      if (at + 1 < chars.length) out.add(`${chars[at] as string}${chars[at + 1] as string}`);
    }
  }
  return [...out].filter((term) => term.trim() !== '');
}

interface Expected {
  readonly count: number;
  readonly ascending: number[];
  readonly descending: number[];
  readonly newest: number[];
}

/** The plain scan over the stored folded keys, on a connection of its own. */
function scan(db: Database.Database, folded: string, limit: number): Expected {
  const page = (column: string, direction: string): number[] =>
    db
      .prepare(`SELECT "id" FROM "Person" WHERE instr("nameKey", ?) > 0 ORDER BY "${column}" ${direction}, "id" ${direction} LIMIT ?`)
      .pluck()
      .all(folded, limit) as number[];
  const count = db.prepare('SELECT count(*) FROM "Person" WHERE instr("nameKey", ?) > 0').pluck().get(folded) as number;
  return { count, ascending: page('nameKey', 'ASC'), descending: page('nameKey', 'DESC'), newest: page('createdAt', 'DESC') };
}

/** PersonGram holds, for each indexed row, exactly the grams of its stored key. */
function expectIndexMatchesKeys(raw: Database.Database): void {
  raw.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.grams_of_rows USING fts5vocab(main, 'PersonGram', 'instance')`);
  const indexed = new Map<number, string[]>();
  for (const row of raw.prepare('SELECT "doc", "term" FROM temp.grams_of_rows').all() as { doc: number; term: string }[]) {
    indexed.set(row.doc, [...(indexed.get(row.doc) ?? []), row.term]);
  }
  const rows = raw.prepare('SELECT "id", "nameKey" FROM "Person"').all() as { id: number; nameKey: string }[];
  let differing = 0;
  for (const row of rows) {
    const want = [...new Set(gramTokens(row.nameKey).split(' ').filter(Boolean))].sort().join(' ');
    if ((indexed.get(row.id) ?? []).sort().join(' ') !== want) differing++;
    indexed.delete(row.id);
  }
  expect(differing, 'rows whose grams differ from their key').toBe(0);
  expect([...indexed.keys()], 'grams of rows that no longer exist').toEqual([]);
}

describe('1- and 2-character terms in every script equal a plain scan of the folded keys', () => {
  let ws: TempPeople;
  let raw: Database.Database;
  const names = generatedNames(10_000, 5);
  const LIMIT = 50;
  let paths = { many: 0, few: 0, none: 0 };

  beforeAll(async () => {
    ws = await createTempPeople('short-terms');
    await ws.people.insertValidated(names);
    raw = new Database(ws.path);
    raw.pragma('busy_timeout = 5000');
  });
  afterAll(async () => {
    raw.close();
    await ws.close();
  });

  async function compareAll(label: string): Promise<void> {
    const keys = raw.prepare('SELECT "nameKey" FROM "Person" ORDER BY "id"').pluck().all() as string[];
    paths = { many: 0, few: 0, none: 0 };
    for (const term of shortTerms(keys, 17)) {
      const folded = foldName(term.trim());
      const expected = scan(raw, folded, LIMIT);
      if (expected.count >= 2000) paths.many++;
      else if (expected.count > 0) paths.few++;
      else paths.none++;
      expect(await ws.people.count({ search: term }), `${label}: count of "${term}"`).toBe(expected.count);
      const up = await ws.people.list(listQuery({ search: term, limit: LIMIT }));
      expect(
        up.items.map((person) => person.id),
        `${label}: first page of "${term}"`,
      ).toEqual(expected.ascending);
      const down = await ws.people.list(listQuery({ search: term, limit: LIMIT, direction: 'desc' }));
      expect(
        down.items.map((person) => person.id),
        `${label}: first page of "${term}", descending`,
      ).toEqual(expected.descending);
      const newest = await ws.people.list(listQuery({ search: term, limit: LIMIT, sort: 'created', direction: 'desc' }));
      expect(
        newest.items.map((person) => person.id),
        `${label}: first page of "${term}", newest first`,
      ).toEqual(expected.newest);
    }
    // The terms reach every path: thousands of matches, a few, none.
    expect(paths.many, `${label}: terms with 2000+ matches`).toBeGreaterThan(3);
    expect(paths.few, `${label}: terms with a few matches`).toBeGreaterThan(100);
    expect(paths.none, `${label}: absent terms`).toBeGreaterThan(3);
  }

  const pendingFrom = (): number | null => {
    const value = raw.prepare('SELECT "searchPendingFrom" FROM "RosterState"').pluck().get() as number | null;
    return value === null ? null : Number(value);
  };

  it('with every row pending (just imported)', async () => {
    expect(pendingFrom()).toBe(0);
    await compareAll('all pending');
  });

  it('half caught up', async () => {
    indexPendingChunk(new ConnectionStore(raw), 5000);
    expect(pendingFrom()).toBe(5000);
    await compareAll('half indexed');
  });

  it('fully indexed: the index holds the grams of every key', async () => {
    await new InlineTaskRunner().run(catchUpSearchTask, { path: ws.path });
    expect(pendingFrom()).toBeNull();
    expectIndexMatchesKeys(raw);
    await compareAll('indexed');
  });

  it('after inserts, renames and deletes by another program, before and after Roster folds them', async () => {
    const insert = raw.prepare('INSERT INTO "Person" ("name", "nameKey") VALUES (?, ?)');
    raw.transaction(() => {
      insert.run('Ёжик Σοφία 王小明 🦊', '');
      insert.run('Ünal 지훈 محمد', 'ünal 지훈 محمد');
      // Longer than the index splits into grams: found by testing the key itself.
      insert.run(`Long ${'ab'.repeat(700)} ꙮ`, '');
      raw.prepare(`INSERT INTO "Person" ("name", "nameKey") VALUES ('Ꙭ Ꙭ Jürgen', NULL)`).run();
      raw.prepare(`INSERT INTO "Person" ("name") VALUES ('ß 🇫🇷 Ελένη')`).run();
      raw.prepare(`UPDATE "Person" SET "name" = 'Ольга 佐藤' WHERE "id" IN (3, 4, 5)`).run();
      raw.prepare(`UPDATE "Person" SET "name" = 'Zoë Noah', "nameKey" = 'zoe noah' WHERE "id" = 6`).run();
      raw.prepare(`UPDATE "Person" SET "id" = 20000 WHERE "id" = 7`).run();
      raw.prepare(`DELETE FROM "Person" WHERE "id" % 10 = 1`).run();
    })();
    expectIndexMatchesKeys(raw);
    await compareAll('after outside writes');

    await new InlineTaskRunner().run(keyDrainTask, { path: ws.path });
    const stale = (raw.prepare('SELECT "name", "nameKey" FROM "Person"').all() as { name: string; nameKey: string }[]).filter(
      (row) => foldName(row.name) !== row.nameKey,
    );
    expect(stale, 'keys Roster left unfolded').toEqual([]);
    expectIndexMatchesKeys(raw);
    await compareAll('after the key drain');
  });
});

describe('a short-term index another program dropped', () => {
  it('is recreated on open, refilled by the catch-up, and search is exact before and after', async () => {
    const dir = makeTempDir('grams-dropped');
    const path = join(dir, 'dropped.roster');
    const names = generatedNames(3000, 9);
    makeCurrentFile(path, names, foldName);
    const raw = new Database(path);
    try {
      raw.exec('UPDATE "RosterState" SET "searchPendingFrom" = NULL; DROP TABLE "PersonGram"');
    } finally {
      raw.close();
    }
    const connections = new WorkspaceConnections(openOptions(dir));
    try {
      const lease = await connections.acquire(path);
      const people = new PersonService(lease);
      const check = async (label: string): Promise<void> => {
        for (const term of ['о', 'ов', '王', '지', 'e', 'é', '😀', 'ꙮ']) {
          const folded = foldName(term);
          const expected = names.map((name, i) => ({ id: i + 1, key: foldName(name) })).filter((row) => row.key.includes(folded));
          expect(await people.count({ search: term }), `${label}: count of "${term}"`).toBe(expected.length);
        }
      };
      expect(Number(lease.workspace.db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'PersonGram'`).pluck().get())).toBe(1);
      await check('recreated, every row pending');
      await new InlineTaskRunner().run(catchUpSearchTask, { path });
      await check('caught up');
      await lease.release();
    } finally {
      await connections.closeAll();
    }
  });
});

describe('rows the catch-up indexed', () => {
  // The catch-up writes each row's grams from JavaScript and the delete trigger removes
  // them with SQL. With detail=none, a 'delete' that repeats a token the insert held
  // once ("cecilia" repeats "c", "i" and "ci") breaks the index, and the next write on
  // those tokens fails as "database disk image is malformed".
  it('leave the index cleanly when another program deletes or renames them', async () => {
    const ws = await createTempPeople('grams-delete');
    try {
      await ws.people.insertValidated(['Cecilia Ek', 'Anna Berg', 'Bo Berg', 'Ааааа', '王王王']);
      const raw = new Database(ws.path);
      try {
        raw.pragma('busy_timeout = 5000');
        // Every row pending, as after a bulk import, so that the catch-up indexes them.
        raw.exec(`INSERT INTO "PersonGram" ("PersonGram") VALUES ('delete-all');
          INSERT INTO "PersonSearch" ("PersonSearch") VALUES ('delete-all');
          UPDATE "RosterState" SET "searchPendingFrom" = 0`);
        await new InlineTaskRunner().run(catchUpSearchTask, { path: ws.path });
        expect(raw.prepare('SELECT "searchPendingFrom" FROM "RosterState"').pluck().get()).toBeNull();
        raw.prepare(`UPDATE "Person" SET "name" = 'Anna Anna', "nameKey" = 'anna anna' WHERE "id" = 2`).run();
        for (const id of [1, 4, 5]) raw.prepare('DELETE FROM "Person" WHERE "id" = ?').run(id);
        // Touching the same tokens again is where a mismatched 'delete' shows.
        raw.prepare(`UPDATE "Person" SET "name" = 'Bo Anna', "nameKey" = 'bo anna' WHERE "id" = 3`).run();
        raw.prepare(`INSERT INTO "Person" ("name", "nameKey") VALUES ('Cecilia Anna', 'cecilia anna')`).run();
        raw.prepare('DELETE FROM "Person" WHERE "id" = 6').run();
        raw.prepare(`INSERT INTO "PersonGram" ("PersonGram") VALUES ('integrity-check')`).run();
        expectIndexMatchesKeys(raw);
      } finally {
        raw.close();
      }
      expect(await ws.people.count({ search: 'an' })).toBe(2);
      expect(await ws.people.count({ search: 'ci' })).toBe(0);
    } finally {
      await ws.close();
    }
  });
});
