// Prepared statements kept per connection, for the queries that run on every list,
// count, search or change poll. Preparing costs far more than running a small query
// (about 11 µs with better-sqlite3 13, against a few µs to run it), so a hot query is
// prepared once per connection and reused. SQLite re-prepares a kept statement itself
// when the schema changes under it.

import type Database from 'better-sqlite3';

const kept = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * The statement for `sql` on `db`, prepared on first use. Its integers come back as
 * numbers: Prisma's adapter turns on BigInt integers for the whole connection, and the
 * ids and counts Roster reads this way fit in a number.
 */
export function preparedOnce(db: Database.Database, sql: string): Database.Statement {
  let statements = kept.get(db);
  if (!statements) {
    statements = new Map();
    kept.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql).safeIntegers(false);
    statements.set(sql, statement);
  }
  return statement;
}
