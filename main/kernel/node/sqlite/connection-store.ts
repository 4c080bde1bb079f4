// What one SQLite connection keeps for itself, in one place that is passed around in
// plain sight: the statements prepared on it, and each feature's per-connection state.
// A store is made where its connection is opened (the workspace's own connection in
// main/features/workspace/node/workspace-file.ts, a worker task's in the task) and
// handed to the code that needs it. Its state therefore lives exactly as long as the
// connection, and no other connection sees it: not a worker's connection to the same
// file, not the connection a reopened file gets.
//
// Statements. Preparing costs far more than running a small query (about 11 µs with
// better-sqlite3 13, against a few µs to run it), so the queries that run on every
// list, count, search or change poll are prepared once per connection and reused.
// SQLite re-prepares a kept statement itself when the schema changes under it.
//
// Slots. The kernel knows no feature: a feature defines the key of its own state
// (defineSlot) next to the code that uses it, and each store makes that state on first
// use, once.

import type Database from 'better-sqlite3';

/** The key to one feature's per-connection state; define it once, at module level. */
export interface Slot<T> {
  /** Names the state in messages and while debugging. */
  readonly name: string;
  /** Makes a connection's value on its first use (it may prepare statements or create TEMP tables). */
  readonly init: (db: Database.Database) => T;
}

export function defineSlot<T>(name: string, init: (db: Database.Database) => T): Slot<T> {
  return Object.freeze({ name, init });
}

export class ConnectionStore {
  readonly db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  readonly #slots = new Map<Slot<unknown>, unknown>();

  constructor(db: Database.Database) {
    this.db = db;
  }

  /**
   * The statement for `sql`, prepared on its first use. Its integers come back as
   * numbers: Prisma's adapter turns on BigInt integers for the whole connection, and
   * the ids and counts Roster reads this way fit in a number.
   */
  statement(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql).safeIntegers(false);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** This connection's value for `key`, made by its `init` on first use. An `init` that throws is tried again next time. */
  slot<T>(key: Slot<T>): T {
    if (this.#slots.has(key)) return this.#slots.get(key) as T;
    const value = key.init(this.db);
    this.#slots.set(key, value);
    return value;
  }
}
