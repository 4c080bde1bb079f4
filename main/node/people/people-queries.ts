// The list and count queries, in SQL on the workspace's own connection.
//
// Why not Prisma here: search must match the typed text literally, and Prisma's
// `contains` becomes `LIKE '%…%'` without escaping on SQLite, so "%" or "_" in a
// search would match everything. Prisma has no way to say `instr()` or `ESCAPE`.
// These two queries are also the hottest in the app (every scroll and keystroke);
// cached prepared statements keep them close to the raw driver.

import type Database from 'better-sqlite3';
import type { ListPeopleQuery, PersonDto } from '../../common/people-contract.js';
import type { Cursor } from './cursor.js';

interface PersonSqlRow {
  id: number;
  name: string;
  nameKey: string;
  createdAt: string;
  updatedAt: string;
}

export interface ListedPerson {
  readonly dto: PersonDto;
  /** The sort key of the row, for the next cursor. */
  readonly sortKey: string;
}

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function prepared(db: Database.Database, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    // Prisma's adapter turns on BigInt integers for the whole connection; ids here fit.
    statement = db.prepare(sql).safeIntegers(false);
    cache.set(sql, statement);
  }
  return statement;
}

/** Prisma stores DateTime as "2026-11-23T20:22:19.720+00:00"; the wire form is ISO with Z. */
export function isoUtc(stored: string): string {
  return new Date(stored).toISOString();
}

function storedTimestamp(iso: string): string {
  return new Date(iso).toISOString().replace('Z', '+00:00');
}

function toListed(row: PersonSqlRow, sort: ListPeopleQuery['sort']): ListedPerson {
  return {
    dto: { id: row.id, name: row.name, createdAt: isoUtc(row.createdAt), updatedAt: isoUtc(row.updatedAt) },
    sortKey: sort === 'name' ? row.nameKey : isoUtc(row.createdAt),
  };
}

/**
 * One page in the requested order. `search` is already folded; the cursor already
 * decoded. Fetches `limit + 1` rows so the caller knows whether a next page exists.
 */
export function selectPage(db: Database.Database, query: ListPeopleQuery, search: string, cursor: Cursor | null): ListedPerson[] {
  const column = query.sort === 'name' ? '"nameKey"' : '"createdAt"';
  const direction = query.direction === 'asc' ? 'ASC' : 'DESC';
  const after = query.direction === 'asc' ? '>' : '<';
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (search !== '') {
    where.push('instr("nameKey", ?) > 0');
    params.push(search);
  }
  if (cursor) {
    // Row-value comparison: SQLite seeks the (key, id) index straight to the cursor.
    where.push(`(${column}, "id") ${after} (?, ?)`);
    params.push(query.sort === 'name' ? cursor.key : storedTimestamp(cursor.key), cursor.id);
  }
  const sql =
    `SELECT "id", "name", "nameKey", "createdAt", "updatedAt" FROM "Person"` +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY ${column} ${direction}, "id" ${direction} LIMIT ? OFFSET ?`;
  params.push(query.limit + 1, query.offset ?? 0);
  const rows = prepared(db, sql).all(...params) as PersonSqlRow[];
  return rows.map((row) => toListed(row, query.sort));
}

export function countPeople(db: Database.Database, search: string): number {
  if (search === '') return prepared(db, 'SELECT count(*) FROM "Person"').pluck().get() as number;
  return prepared(db, 'SELECT count(*) FROM "Person" WHERE instr("nameKey", ?) > 0').pluck().get(search) as number;
}
