// A connection's store keeps that connection's prepared statements and each feature's
// per-connection state, and nothing of any other connection's: not another connection
// open on the same file at the same time, not the connection a file gets when it is
// closed and opened again.

import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConnectionStore, defineSlot } from '../../../main/kernel/node/sqlite/connection-store.js';
import { openSqlite, type Database } from '../../../main/kernel/node/sqlite/driver.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

/** A file with one table, so two connections can be opened on the same data. */
function makeFile(): string {
  const path = join(makeTempDir('store'), 'store.db');
  const db = openSqlite(path);
  db.exec('CREATE TABLE "t" ("id" INTEGER PRIMARY KEY, "v" TEXT)');
  db.prepare('INSERT INTO "t" ("v") VALUES (?), (?)').run('a', 'b');
  db.close();
  return path;
}

/** Runs `task` with two connections open on one file at once. */
function withTwoConnections<T>(task: (first: Database.Database, second: Database.Database) => T): T {
  const path = makeFile();
  const first = openSqlite(path);
  const second = openSqlite(path);
  try {
    return task(first, second);
  } finally {
    first.close();
    second.close();
  }
}

describe('ConnectionStore statements', () => {
  it('prepares a statement once per connection and hands the same one back', () => {
    withTwoConnections((first, second) => {
      const a = new ConnectionStore(first);
      const b = new ConnectionStore(second);
      const sql = 'SELECT count(*) FROM "t"';
      const kept = a.statement(sql);
      expect(a.statement(sql)).toBe(kept);
      expect(a.statement('SELECT "v" FROM "t" ORDER BY "id"')).not.toBe(kept);
      // Another connection, even to the same file, prepares its own.
      expect(b.statement(sql)).not.toBe(kept);
      expect(b.statement(sql)).toBe(b.statement(sql));
      expect(kept.database).toBe(first);
      expect(b.statement(sql).database).toBe(second);
    });
  });

  it('reads integers as numbers even on a connection set to BigInt', () => {
    withTwoConnections((db) => {
      db.defaultSafeIntegers(true);
      const store = new ConnectionStore(db);
      expect(store.statement('SELECT count(*) FROM "t"').pluck().get()).toBe(2);
      expect(db.prepare('SELECT count(*) FROM "t"').pluck().get()).toBe(2n);
    });
  });
});

describe('ConnectionStore slots', () => {
  it('makes a slot once per connection, from that connection, and keeps each connection’s apart', () => {
    const made: Database.Database[] = [];
    const counter = defineSlot('test.counter', (db) => {
      made.push(db);
      return { hits: 0 };
    });
    expect(counter.name).toBe('test.counter');
    withTwoConnections((first, second) => {
      const a = new ConnectionStore(first);
      const b = new ConnectionStore(second);
      a.slot(counter).hits++;
      a.slot(counter).hits++;
      b.slot(counter).hits++;
      expect(a.slot(counter).hits).toBe(2);
      expect(b.slot(counter).hits).toBe(1);
      expect(made).toEqual([first, second]);
    });
  });

  it('keeps slots with the same name apart: the key is the slot itself', () => {
    const one = defineSlot('test.same-name', () => ({ value: 'one' }));
    const two = defineSlot('test.same-name', () => ({ value: 'two' }));
    withTwoConnections((db) => {
      const store = new ConnectionStore(db);
      expect(store.slot(one).value).toBe('one');
      expect(store.slot(two).value).toBe('two');
    });
  });

  it('tries a slot whose setup failed again on the next use', () => {
    let attempts = 0;
    const flaky = defineSlot('test.flaky', () => {
      attempts++;
      if (attempts === 1) throw new Error('not yet');
      return { attempts };
    });
    withTwoConnections((db) => {
      const store = new ConnectionStore(db);
      expect(() => store.slot(flaky)).toThrow('not yet');
      expect(store.slot(flaky)).toEqual({ attempts: 2 });
      expect(store.slot(flaky)).toEqual({ attempts: 2 });
      expect(attempts).toBe(2);
    });
  });
});

describe('a closed connection', () => {
  it('takes its state with it: the file opened again starts with none', () => {
    const path = makeFile();
    const seen = defineSlot('test.seen', () => ({ values: [] as string[] }));
    const sql = 'SELECT "v" FROM "t" WHERE "id" = ?';

    const first = openSqlite(path);
    const before = new ConnectionStore(first);
    before.slot(seen).values.push(before.statement(sql).pluck().get(1) as string);
    const keptBefore = before.statement(sql);
    first.close();
    // The closed connection's statements are gone with it.
    expect(() => keptBefore.get(1)).toThrow(/not open/);

    const second = openSqlite(path);
    try {
      const after = new ConnectionStore(second);
      expect(after.slot(seen).values).toEqual([]);
      expect(after.statement(sql)).not.toBe(keptBefore);
      expect(after.statement(sql).pluck().get(2)).toBe('b');
      // And the old store still holds only what its own connection put there.
      expect(before.slot(seen).values).toEqual(['a']);
    } finally {
      second.close();
    }
  });
});
