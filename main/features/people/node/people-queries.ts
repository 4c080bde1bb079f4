// The list and count queries, in SQL on the workspace's own connection: the hottest
// code in the app (every scroll and keystroke), so each shape is chosen for a million
// rows (docs/benchmarks.md has the figures).
//
// Why not Prisma here: search matches the typed text literally (Prisma's `contains`
// becomes an unescaped LIKE on SQLite, where "%" and "_" match anything), and it uses
// an FTS5 index and plans Prisma cannot express.
//
// Search is a substring match over the folded key: the same rule for every path below,
// so results never depend on which path ran (a test compares them on generated data).
//   - terms of 3+ characters ask the trigram index (PersonSearch) for rows up to
//     searchPendingFrom and scan the rows above it (search-state.ts): exact at every
//     moment, however far the index has caught up;
//   - shorter terms, and files whose index is unusable (read-only and damaged), scan
//     the (nameKey, id) index with instr(); a read-only file whose keys may be stale
//     scans the names, folded as they are read (degradeSearch).
// A page of a search is read one of two ways, whichever touches fewer rows: through the
// matching ids sorted (few matches), or by walking the sort index and testing each key
// (many matches: the page is found after offset/density rows). Deep offsets are read
// from whichever end is nearer.

import type Database from 'better-sqlite3';
import { foldName } from '../../workspace/common/name-fold.js';
import type { ListPeopleQuery, PersonDto } from '../common/people-contract.js';
import { NO_PENDING, searchPendingFrom } from '../../workspace/node/search/search-state.js';
import { preparedOnce } from '../../../kernel/node/sqlite/statements.js';
import { lostCursor, sameKey, type Cursor } from './cursor.js';
import { storedTimeToIso } from '../../workspace/node/stored-time.js';

interface PersonSqlRow {
  id: number;
  name: string;
  nameKey: unknown;
  createdAt: unknown;
  updatedAt: unknown;
}

export interface ListedPerson {
  readonly dto: PersonDto;
  /** The sort column of the row exactly as SQLite returned it (text, or a number in a damaged file), for the next cursor. */
  readonly sortKey: unknown;
}

/** Index search serves terms of at least this many characters (trigrams). */
export const INDEXED_TERM_MIN = 3;
/** Below this many matches a page is read by sorting the matching ids. */
const SORT_MATCHES_BELOW = 2000;

function toListed(row: PersonSqlRow, sort: ListPeopleQuery['sort']): ListedPerson {
  return {
    dto: { id: row.id, name: row.name, createdAt: storedTimeToIso(row.createdAt), updatedAt: storedTimeToIso(row.updatedAt) },
    sortKey: sort === 'name' ? row.nameKey : row.createdAt,
  };
}

/** An FTS5 query for the literal text: one phrase, quotes doubled. */
function phrase(search: string): string {
  return `"${search.replaceAll('"', '""')}"`;
}

let searchUsable = new WeakMap<Database.Database, boolean>();

/**
 * How a file Roster cannot repair (read-only, with repairs pending: workspace-file.ts)
 * is searched: 'scan-keys' when only the index may be incomplete, 'fold-names' when
 * the stored keys may be stale too (written while a trigger was missing), so each name
 * is folded as it is read. Slower, and exact.
 */
export type DegradedSearch = 'scan-keys' | 'fold-names';
const degraded = new WeakMap<Database.Database, DegradedSearch>();
const FOLD_FUNCTION = 'roster_fold';

export function degradeSearch(db: Database.Database, mode: DegradedSearch): void {
  degraded.set(db, mode);
  if (mode === 'fold-names') db.function(FOLD_FUNCTION, { deterministic: true }, (name: unknown) => (typeof name === 'string' ? foldName(name) : ''));
}

/** What search matches against: the stored key, or (keys not trusted) the name folded now. */
function searchedKey(db: Database.Database, alias: string): string {
  return degraded.get(db) === 'fold-names' ? `${FOLD_FUNCTION}(${alias}"name")` : `${alias}"nameKey"`;
}

/** Whether this connection's file has a usable search index (a damaged read-only file may not). */
function hasSearchIndex(db: Database.Database): boolean {
  if (degraded.has(db)) return false;
  let usable = searchUsable.get(db);
  if (usable === undefined) {
    try {
      db.prepare(`SELECT 1 FROM "PersonSearch" WHERE "PersonSearch" MATCH '"abc"' LIMIT 1`).get();
      db.prepare('SELECT "searchPendingFrom" FROM "RosterState" WHERE "id" = 1').get();
      usable = true;
    } catch {
      usable = false;
    }
    searchUsable.set(db, usable);
  }
  return usable;
}

/** Forget what was learnt about connections' search indexes (after a repair). */
export function forgetSearchIndexState(): void {
  searchUsable = new WeakMap();
}

function usesIndex(db: Database.Database, search: string): boolean {
  return [...search].length >= INDEXED_TERM_MIN && hasSearchIndex(db);
}

/** How many people match `search` (already folded; '' for everyone). */
export function countPeople(db: Database.Database, search: string): number {
  if (search === '') return storedCount(db) ?? (preparedOnce(db, 'SELECT count(*) FROM "Person"').pluck().get() as number);
  if (!usesIndex(db, search)) return countByScan(db, search);
  const pending = searchPendingFrom(db);
  const indexed = preparedOnce(db, 'SELECT count(*) FROM "PersonSearch" WHERE "PersonSearch" MATCH ?').pluck().get(phrase(search)) as number;
  if (pending === NO_PENDING) return indexed;
  const tail = preparedOnce(db, 'SELECT count(*) FROM "Person" WHERE "id" > ? AND instr("nameKey", ?) > 0').pluck().get(pending, search) as number;
  return indexed + tail;
}

/**
 * A term the trigram index cannot serve (1 or 2 characters) costs a scan of every key.
 * The scan first collects matching ids, up to SORT_MATCHES_BELOW: when it finds fewer,
 * that one pass gave the exact count and the ids the page is then read from (no
 * second scan: a rare or absent short term costs one pass, not two). When it finds
 * more, the matches are dense, it stopped early, and the count scans on.
 */
const shortTermIds = new WeakMap<Database.Database, { readonly key: string; readonly ids: readonly number[] }>();

/** The state of the file as this connection sees it: what the stashed ids are valid for. */
function stateKey(db: Database.Database, search: string): string {
  const version = db.pragma('data_version', { simple: true });
  const changes = preparedOnce(db, 'SELECT total_changes()').pluck().get();
  return `${String(version)}:${String(changes)}:${search}`;
}

function countByScan(db: Database.Database, search: string): number {
  const key = searchedKey(db, '');
  const ids = preparedOnce(db, `SELECT "id" FROM "Person" WHERE instr(${key}, ?) > 0 LIMIT ?`).pluck().all(search, SORT_MATCHES_BELOW) as number[];
  if (ids.length < SORT_MATCHES_BELOW) {
    shortTermIds.set(db, { key: stateKey(db, search), ids });
    return ids.length;
  }
  return preparedOnce(db, `SELECT count(*) FROM "Person" WHERE instr(${key}, ?) > 0`).pluck().get(search) as number;
}

/**
 * RosterState.personCount, kept by the triggers: one page read instead of a million
 * index entries (a cold open of a million people). Null when not kept (NULL, or a
 * file without the column: a damaged read-only one).
 */
function storedCount(db: Database.Database): number | null {
  if (!hasSearchIndex(db)) return null;
  const value = preparedOnce(db, 'SELECT "personCount" FROM "RosterState" WHERE "id" = 1').pluck().get() as number | null | undefined;
  return typeof value === 'number' && value >= 0 ? value : null;
}

const COLUMNS = 'p."id", p."name", p."nameKey", p."createdAt", p."updatedAt"';

interface PageShape {
  readonly column: string;
  readonly direction: 'ASC' | 'DESC';
  readonly offset: number;
  readonly limit: number;
}

/**
 * One page in the requested order: `limit + 1` rows (so the caller knows whether a next
 * page exists), after `cursor` or at `offset`. `search` is already folded; `total` is
 * the number of matching rows (countPeople), read in the same transaction.
 */
export function selectPage(db: Database.Database, query: ListPeopleQuery, search: string, cursor: Cursor | null, total: number): ListedPerson[] {
  const column = query.sort === 'name' ? '"nameKey"' : '"createdAt"';
  const wanted = query.limit + 1;
  let offset = query.offset ?? 0;
  let direction: 'ASC' | 'DESC' = query.direction === 'asc' ? 'ASC' : 'DESC';
  let limit = wanted;
  let reversed = false;
  // Far half (offset paging only): read from the other end, then turn the rows around.
  if (cursor === null && offset > total / 2 && offset < total) {
    reversed = true;
    direction = direction === 'ASC' ? 'DESC' : 'ASC';
    const end = total - offset; // rows from the far end up to and including the page's first row
    offset = Math.max(0, end - wanted);
    limit = Math.min(wanted, end);
  }
  const shape: PageShape = { column, direction, offset, limit };
  const rows = search === '' ? pageOfAll(db, shape, cursor) : pageOfSearch(db, shape, search, cursor, total);
  if (reversed) rows.reverse();
  return rows.map((row) => toListed(row, query.sort));
}

type Param = string | number;

/**
 * Where the page after `cursor` starts. While the row the cursor names still holds the
 * key it was made from, the comparison is with that stored value itself (a subquery by
 * id: exact whatever bytes or type SQLite holds, and the (key, id) index is still
 * sought directly); if it was renamed or deleted, with the key the cursor carries.
 * Runs inside the page's read transaction, so the check and the page agree.
 */
function keysetCondition(db: Database.Database, shape: PageShape, cursor: Cursor | null, alias: string): { sql: string; params: Param[] } {
  if (!cursor) return { sql: '', params: [] };
  const after = shape.direction === 'ASC' ? '>' : '<';
  const row = preparedOnce(db, `SELECT ${shape.column} AS k FROM "Person" WHERE "id" = ?`).get(cursor.id) as { k: unknown } | undefined;
  if (row !== undefined && sameKey(row.k, cursor.key)) {
    return { sql: `(${alias}${shape.column}, ${alias}"id") ${after} ((SELECT ${shape.column} FROM "Person" WHERE "id" = ?), ?)`, params: [cursor.id, cursor.id] };
  }
  if (typeof cursor.key === 'object') throw lostCursor(cursor.id);
  // Row-value comparison: SQLite seeks the (key, id) index straight to the cursor.
  return { sql: `(${alias}${shape.column}, ${alias}"id") ${after} (?, ?)`, params: [cursor.key, cursor.id] };
}

function pageOfAll(db: Database.Database, shape: PageShape, cursor: Cursor | null): PersonSqlRow[] {
  const { column, direction } = shape;
  const keyset = keysetCondition(db, shape, cursor, '');
  // Offsets are walked in the covering (key, id) index alone; only the page's rows are
  // then read from the table (twice as fast as OFFSET over full rows at a million).
  const sql =
    `SELECT ${COLUMNS} FROM (SELECT "id", ${column} AS k FROM "Person"${keyset.sql ? ` WHERE ${keyset.sql}` : ''}` +
    ` ORDER BY ${column} ${direction}, "id" ${direction} LIMIT ? OFFSET ?) AS page` +
    ` JOIN "Person" p ON p."id" = page."id" ORDER BY page.k ${direction}, page."id" ${direction}`;
  return preparedOnce(db, sql).all(...keyset.params, shape.limit, shape.offset) as PersonSqlRow[];
}

function pageOfSearch(db: Database.Database, shape: PageShape, search: string, cursor: Cursor | null, total: number): PersonSqlRow[] {
  const { column, direction } = shape;
  const keyset = keysetCondition(db, shape, cursor, 'p.');
  const conditions = keyset.sql ? ` AND ${keyset.sql}` : '';
  if (usesIndex(db, search) && total < SORT_MATCHES_BELOW) {
    // Few matches: take their ids from the index (and the pending tail), sort those.
    const sql =
      `SELECT ${COLUMNS} FROM "Person" p WHERE p."id" IN (` +
      `SELECT rowid FROM "PersonSearch" WHERE "PersonSearch" MATCH ? UNION ALL ` +
      `SELECT "id" FROM "Person" WHERE "id" > ? AND instr("nameKey", ?) > 0)${conditions}` +
      ` ORDER BY p.${column} ${direction}, p."id" ${direction} LIMIT ? OFFSET ?`;
    return preparedOnce(db, sql).all(phrase(search), searchPendingFrom(db), search, ...keyset.params, shape.limit, shape.offset) as PersonSqlRow[];
  }
  const stashed = shortTermIds.get(db);
  if (stashed && total < SORT_MATCHES_BELOW && stashed.key === stateKey(db, search)) {
    // A short term with few matches: the ids its count found (countByScan).
    if (stashed.ids.length === 0) return [];
    const sql =
      `SELECT ${COLUMNS} FROM "Person" p WHERE p."id" IN (SELECT value FROM json_each(?))${conditions}` +
      ` ORDER BY p.${column} ${direction}, p."id" ${direction} LIMIT ? OFFSET ?`;
    return preparedOnce(db, sql).all(JSON.stringify(stashed.ids), ...keyset.params, shape.limit, shape.offset) as PersonSqlRow[];
  }
  // Many matches (or no index): walk the sort order and test each key; dense matches
  // fill a page after a few hundred rows.
  const sql =
    `SELECT ${COLUMNS} FROM "Person" p WHERE instr(${searchedKey(db, 'p.')}, ?) > 0${conditions}` +
    ` ORDER BY p.${column} ${direction}, p."id" ${direction} LIMIT ? OFFSET ?`;
  return preparedOnce(db, sql).all(search, ...keyset.params, shape.limit, shape.offset) as PersonSqlRow[];
}

/**
 * The ids of every person matching `search` (already folded; '' for everyone),
 * ascending: what a bulk action on "all matching" works on (issue 12, defect 6). The
 * same rule as countPeople and the pages, so the action reaches exactly the people the
 * window counted. Meant for a task's own connection: it reads every match.
 */
export function matchingIds(db: Database.Database, search: string): number[] {
  let ids: number[];
  if (search === '') {
    ids = preparedOnce(db, 'SELECT "id" FROM "Person" ORDER BY "id"').pluck().all() as number[];
    return ids;
  }
  if (usesIndex(db, search)) {
    ids = preparedOnce(
      db,
      'SELECT rowid FROM "PersonSearch" WHERE "PersonSearch" MATCH ? UNION SELECT "id" FROM "Person" WHERE "id" > ? AND instr("nameKey", ?) > 0 ORDER BY 1',
    )
      .pluck()
      .all(phrase(search), searchPendingFrom(db), search) as number[];
    return ids;
  }
  return preparedOnce(db, 'SELECT "id" FROM "Person" WHERE instr("nameKey", ?) > 0 ORDER BY "id"').pluck().all(search) as number[];
}

/**
 * Where person `id` is in the whole list in this order (0-based), or null when there
 * is no such person: the rows before it, counted in the (key, id) index.
 */
export function positionOf(db: Database.Database, id: number, sort: ListPeopleQuery['sort'], direction: ListPeopleQuery['direction']): number | null {
  const column = sort === 'name' ? '"nameKey"' : '"createdAt"';
  const row = preparedOnce(db, `SELECT ${column} AS k FROM "Person" WHERE "id" = ?`).get(id) as { k: unknown } | undefined;
  if (!row) return null;
  const before = direction === 'asc' ? '<' : '>';
  return preparedOnce(db, `SELECT count(*) FROM "Person" WHERE (${column}, "id") ${before} (?, ?)`).pluck().get(row.k, id) as number;
}

/**
 * How many of these ids are people that `search` (folded) matches, by the same rule as
 * the count: what an "all matching" selection with some people left out still holds.
 */
export function countMatchingAmong(db: Database.Database, search: string, ids: readonly number[]): number {
  const key = searchedKey(db, '');
  return preparedOnce(db, `SELECT count(*) FROM "Person" WHERE "id" IN (SELECT value FROM json_each(?)) AND instr(${key}, ?) > 0`).pluck().get(JSON.stringify(ids), search) as number;
}
