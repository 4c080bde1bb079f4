// The list and count queries, in SQL on the workspace's own connection: the hottest
// code in the app (every scroll and keystroke), so each shape is chosen for a million
// rows (docs/dev/benchmarks.md has the figures).
//
// Why not Prisma here: search matches the typed text literally (Prisma's `contains`
// becomes an unescaped LIKE on SQLite, where "%" and "_" match anything), and it uses
// an FTS5 index and plans Prisma cannot express.
//
// Search is a substring match over the folded key: the same rule for every path below,
// so results never depend on which path ran (tests compare them on generated data).
//   - terms of 3+ characters ask the trigram index (PersonSearch), terms of 1 or 2 the
//     short-term index (PersonGram: gram-index.ts), for rows up to searchPendingFrom,
//     and scan the rows above it (search-state.ts): exact at every moment, however far
//     the indexes have caught up;
//   - files whose indexes are unusable (read-only and damaged) scan the (nameKey, id)
//     index with instr(); a read-only file whose keys may be stale scans the names,
//     folded as they are read (search-state.ts: degradeSearch).
// A page of a search is read one of two ways: by walking the sort index and testing
// each key, which finds a page after offset/density rows when the matches are spread
// through the order, or through the matching ids, sorted. The walk is tried first only
// when the density promises a short one, and only for a bounded number of rows, so a
// frequent term whose matches all sort late (a Cyrillic letter among Latin names) costs
// at most a short walk more than sorting its ids. Deep offsets are read from whichever
// end is nearer.
//
// Column filters (a range of createdAt or updatedAt, people-filter.ts) combine with all
// of this the same way: a filtered page is a walk of the sort order testing the filter
// and the search, bounded as above, or else the smallest of the candidate sets (the
// search's ids, or one filter's index range) with the other conditions tested, sorted.
// Counts take the smallest candidate set too, picked by the cached counts of each.

import type { ListPeopleQuery, PersonDto } from '../common/people-contract.js';
import { hasSearchIndex, NO_PENDING, searchedKey, searchPendingFrom } from '../../workspace/node/search/search-state.js';
import { GRAM_TERM_MAX } from '../../workspace/node/search/gram-index.js';
import { countGramMatches, gramIds, hasGramIndex } from './short-terms.js';
import { defineSlot, type ConnectionStore } from '../../../kernel/node/sqlite/connection-store.js';
import { lostCursor, sameKey, type Cursor } from './cursor.js';
import { storedTimeToIso } from '../../workspace/node/stored-time.js';
import { storedText } from '../../workspace/node/stored-text.js';
import { allOf, rangeConditions, sortColumn, type SortColumn, type SqlPart, type StoredFilter, type StoredRange } from './people-filter.js';

interface PersonSqlRow {
  id: number;
  /** Text, unless another program stored a BLOB or a number (stored-text.ts). */
  name: unknown;
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
const INDEXED_TERM_MIN = 3;
/** Below this many matches a page is read by sorting the matching ids. */
const SORT_MATCHES_BELOW = 2000;
/**
 * A walk of the sort index is tried when it should find the page within this many times
 * the rows the term's density predicts, and stops there (then the ids are sorted). A
 * walk reads a row of the name index in about a tenth of the time a sort spends on one
 * matching id (docs/dev/benchmarks.md), so even a wasted walk stays small.
 */
const WALK_SLACK = 8;
/** The least a walk is allowed, however dense: cheap, and it covers uneven spreads. */
const WALK_MIN_ROWS = 4000;

/** A count of the people a search and a filter match, by the caller's cache (the plans below ask for the parts). */
export type Counter = (search: string, filter: StoredFilter) => number;

function toListed(row: PersonSqlRow, sort: ListPeopleQuery['sort']): ListedPerson {
  const sortKey = sort === 'name' ? row.nameKey : sort === 'created' ? row.createdAt : row.updatedAt;
  return {
    dto: { id: row.id, name: storedText(row.name), createdAt: storedTimeToIso(row.createdAt), updatedAt: storedTimeToIso(row.updatedAt) },
    sortKey,
  };
}

/** An FTS5 query for the literal text: one phrase, quotes doubled. */
function phrase(search: string): string {
  return `"${search.replaceAll('"', '""')}"`;
}

function usesIndex(store: ConnectionStore, search: string): boolean {
  return [...search].length >= INDEXED_TERM_MIN && hasSearchIndex(store);
}

/** A term of 1 or 2 characters in a file whose short-term index can be read. */
function usesGrams(store: ConnectionStore, search: string): boolean {
  const length = [...search].length;
  return length >= 1 && length <= GRAM_TERM_MAX && hasSearchIndex(store) && hasGramIndex(store);
}

/** The ids matching `search` from whichever index serves it (with the pending rows scanned), or null when none does. */
function indexedIds(store: ConnectionStore, search: string): { sql: string; params: Param[] } | null {
  if (usesGrams(store, search)) return gramIds(store, search);
  if (!usesIndex(store, search)) return null;
  return {
    sql:
      'SELECT rowid AS "id" FROM "PersonSearch" WHERE "PersonSearch" MATCH ? UNION ALL ' +
      'SELECT "id" FROM "Person" WHERE "id" > ? AND instr("nameKey", ?) > 0',
    params: [phrase(search), searchPendingFrom(store), search],
  };
}

/**
 * How many people match `search` (already folded; '' for everyone) and `filter`.
 * `counter` counts the parts a filtered count picks its plan by (cached by the caller).
 */
export function countPeople(store: ConnectionStore, search: string, filter: StoredFilter = [], counter?: Counter): number {
  if (filter.length > 0) return countFiltered(store, search, filter, counter ?? ((s, f) => countPeople(store, s, f)));
  if (search === '') return storedCount(store) ?? (store.statement('SELECT count(*) FROM "Person"').pluck().get() as number);
  if (usesGrams(store, search)) return countGramMatches(store, search);
  if (!usesIndex(store, search)) return countByScan(store, search);
  const pending = searchPendingFrom(store);
  const indexed = store.statement('SELECT count(*) FROM "PersonSearch" WHERE "PersonSearch" MATCH ?').pluck().get(phrase(search)) as number;
  if (pending === NO_PENDING) return indexed;
  const tail = store
    .statement('SELECT count(*) FROM "Person" WHERE "id" > ? AND instr("nameKey", ?) > 0')
    .pluck()
    .get(pending, search) as number;
  return indexed + tail;
}

/** The candidate set a filtered count or page starts from: the search's ids or one filter range's. */
interface Source {
  /** The condition that reads the set (an index range, or ids IN the search's). */
  readonly where: SqlPart;
  /** The rest, tested on each candidate (never from an index). */
  readonly rest: SqlPart;
}

/** The smallest candidate set for `search` and `filter` (filter not empty), by their counts. */
function smallestSource(store: ConnectionStore, search: string, filter: StoredFilter, counter: Counter): Source {
  const test: SqlPart = search === '' ? { sql: '', params: [] } : { sql: `instr(${searchedKey(store, 'p.')}, ?) > 0`, params: [search] };
  let best: { size: number; source: Source } | null = null;
  const ids = search === '' ? null : indexedIds(store, search);
  if (ids !== null) {
    best = {
      size: counter(search, []),
      source: { where: { sql: `p."id" IN (${ids.sql})`, params: ids.params }, rest: rangeConditions(filter, 'p.', null) },
    };
  }
  for (const range of filter) {
    const size = filter.length === 1 && ids === null && best === null ? 0 : counter('', [range]);
    if (best === null || size < best.size) {
      const where = rangeConditions([range], 'p.', range.column);
      const others = rangeConditions(
        filter.filter((other) => other !== range),
        'p.',
        null,
      );
      best = { size, source: { where, rest: allOf(others, test) } };
    }
  }
  return (best as { source: Source }).source;
}

/** A range is counted up to this many rows where only a plan needs its size: index-only, a millisecond or two. */
const RANGE_COUNTED_UP_TO = 20_000;

/**
 * How many people a range holds, for picking a plan: exact below RANGE_COUNTED_UP_TO,
 * else estimated from where the range falls between the column's first and last time
 * (spread evenly). `exact` says which.
 */
export function rangeSize(store: ConnectionStore, range: StoredRange): { size: number; exact: boolean } {
  const where = rangeConditions([range], 'p.', range.column);
  const counted = store
    .statement(`SELECT count(*) FROM (SELECT 1 FROM "Person" p WHERE ${where.sql} LIMIT ?)`)
    .pluck()
    .get(...where.params, RANGE_COUNTED_UP_TO) as number;
  if (counted < RANGE_COUNTED_UP_TO) return { size: counted, exact: true };
  // Two index seeks; a million people's count is kept by the triggers (storedCount).
  const ends = store
    .statement(`SELECT (SELECT min(${range.column}) FROM "Person") AS first, (SELECT max(${range.column}) FROM "Person") AS last`)
    .get() as { first: unknown; last: unknown };
  const rows = storedCount(store) ?? counted * 2;
  const time = (value: unknown): number => (typeof value === 'string' ? Date.parse(value) : Number.NaN);
  const [first, last] = [time(ends.first), time(ends.last)];
  if (!(last > first)) return { size: Math.max(counted, rows / 2), exact: false };
  const from = range.from === null ? first : Math.max(first, time(range.from));
  const to = range.to === null ? last : Math.min(last, time(range.to));
  return { size: Math.max(counted, (rows * Math.max(0, to - from)) / (last - first)), exact: false };
}

function countFiltered(store: ConnectionStore, search: string, filter: StoredFilter, counter: Counter): number {
  const { where, rest } = smallestSource(store, search, filter, counter);
  const all = allOf(where, rest);
  return store
    .statement(`SELECT count(*) FROM "Person" p WHERE ${all.sql}`)
    .pluck()
    .get(...all.params) as number;
}

/**
 * In a file whose indexes cannot be read (read-only and damaged), a search costs a scan
 * of every key. The scan first collects matching ids, up to SORT_MATCHES_BELOW: when it finds fewer,
 * that one pass gave the exact count and the ids the page is then read from (no
 * second scan: a rare or absent short term costs one pass, not two). When it finds
 * more, the matches are dense, it stopped early, and the count scans on. The ids are
 * kept per connection (the last such scan only), with the state of the file they were
 * read in.
 */
interface ShortTermScan {
  readonly key: string;
  readonly ids: readonly number[];
}
const shortTermIds = defineSlot<{ stashed: ShortTermScan | null }>('people.short-term-ids', () => ({ stashed: null }));

/** The state of the file as this connection sees it: what the stashed ids are valid for. */
function stateKey(store: ConnectionStore, search: string): string {
  const version = store.db.pragma('data_version', { simple: true });
  const changes = store.statement('SELECT total_changes()').pluck().get();
  return `${String(version)}:${String(changes)}:${search}`;
}

function countByScan(store: ConnectionStore, search: string): number {
  const key = searchedKey(store, '');
  const ids = store
    .statement(`SELECT "id" FROM "Person" WHERE instr(${key}, ?) > 0 LIMIT ?`)
    .pluck()
    .all(search, SORT_MATCHES_BELOW) as number[];
  if (ids.length < SORT_MATCHES_BELOW) {
    store.slot(shortTermIds).stashed = { key: stateKey(store, search), ids };
    return ids.length;
  }
  return store.statement(`SELECT count(*) FROM "Person" WHERE instr(${key}, ?) > 0`).pluck().get(search) as number;
}

/**
 * RosterState.personCount, kept by the triggers: one page read instead of a million
 * index entries (a cold open of a million people). Null when not kept (NULL, or a
 * file without the column: a damaged read-only one).
 */
function storedCount(store: ConnectionStore): number | null {
  if (!hasSearchIndex(store)) return null;
  const value = store.statement('SELECT "personCount" FROM "RosterState" WHERE "id" = 1').pluck().get() as number | null | undefined;
  return typeof value === 'number' && value >= 0 ? value : null;
}

const COLUMNS = 'p."id", p."name", p."nameKey", p."createdAt", p."updatedAt"';

interface PageShape {
  readonly column: SortColumn;
  readonly direction: 'ASC' | 'DESC';
  readonly offset: number;
  readonly limit: number;
}

/**
 * One page in the requested order: `limit + 1` rows (so the caller knows whether a next
 * page exists), after `cursor` or at `offset`. `search` is already folded; `total` is
 * the number of matching rows (countPeople, with `filtered`'s filter), read in the same
 * transaction; `filtered.counter` counts the parts a filtered page picks its plan by.
 */
export function selectPage(
  store: ConnectionStore,
  query: ListPeopleQuery,
  search: string,
  cursor: Cursor | null,
  total: number,
  filtered: { readonly filter: StoredFilter; readonly counter: Counter; readonly exact?: boolean } = {
    filter: [],
    counter: (s, f) => countPeople(store, s, f),
  },
): ListedPerson[] {
  const { filter } = filtered;
  // An estimated total (a filtered count not made yet) plans the page but never places it.
  const exact = filtered.exact ?? true;
  const column = sortColumn(query.sort);
  const wanted = query.limit + 1;
  let offset = query.offset ?? 0;
  let direction: 'ASC' | 'DESC' = query.direction === 'asc' ? 'ASC' : 'DESC';
  let limit = wanted;
  let reversed = false;
  // Far half (offset paging only): read from the other end, then turn the rows around.
  if (exact && cursor === null && offset > total / 2 && offset < total) {
    reversed = true;
    direction = direction === 'ASC' ? 'DESC' : 'ASC';
    const end = total - offset; // rows from the far end up to and including the page's first row
    offset = Math.max(0, end - wanted);
    limit = Math.min(wanted, end);
  }
  const shape: PageShape = { column, direction, offset, limit };
  const rows =
    filter.length > 0 && (search !== '' || filter.some((range) => range.column !== column))
      ? pageFiltered(store, shape, { search, filter, counter: filtered.counter }, cursor, exact ? total : null)
      : search === ''
        ? pageOfAll(store, shape, cursor, filter)
        : pageOfSearch(store, shape, search, cursor, total);
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
function keysetCondition(store: ConnectionStore, shape: PageShape, cursor: Cursor | null, alias: string): { sql: string; params: Param[] } {
  if (!cursor) return { sql: '', params: [] };
  const after = shape.direction === 'ASC' ? '>' : '<';
  const row = store.statement(`SELECT ${shape.column} AS k FROM "Person" WHERE "id" = ?`).get(cursor.id) as { k: unknown } | undefined;
  if (row !== undefined && sameKey(row.k, cursor.key)) {
    return {
      sql: `(${alias}${shape.column}, ${alias}"id") ${after} ((SELECT ${shape.column} FROM "Person" WHERE "id" = ?), ?)`,
      params: [cursor.id, cursor.id],
    };
  }
  if (typeof cursor.key === 'object') throw lostCursor(cursor.id);
  // Row-value comparison: SQLite seeks the (key, id) index straight to the cursor.
  return { sql: `(${alias}${shape.column}, ${alias}"id") ${after} (?, ?)`, params: [cursor.key, cursor.id] };
}

/** A page of everyone, or of everyone in a range of the sort column itself (`filter` holds no other). */
function pageOfAll(store: ConnectionStore, shape: PageShape, cursor: Cursor | null, filter: StoredFilter): PersonSqlRow[] {
  const { column, direction } = shape;
  const where = allOf(keysetCondition(store, shape, cursor, ''), rangeConditions(filter, '', column));
  // Offsets are walked in the covering (key, id) index alone; only the page's rows are
  // then read from the table (twice as fast as OFFSET over full rows at a million).
  const sql =
    `SELECT ${COLUMNS} FROM (SELECT "id", ${column} AS k FROM "Person"${where.sql ? ` WHERE ${where.sql}` : ''}` +
    ` ORDER BY ${column} ${direction}, "id" ${direction} LIMIT ? OFFSET ?) AS page` +
    ` JOIN "Person" p ON p."id" = page."id" ORDER BY page.k ${direction}, page."id" ${direction}`;
  return store.statement(sql).all(...where.params, shape.limit, shape.offset) as PersonSqlRow[];
}

/**
 * A page of a search and a filter, or of a filter on another column than the sort's:
 * a bounded walk of the sort order when the density promises a short one (within the
 * sort column's own range when it is filtered), else the smallest candidate set, sorted.
 */
function pageFiltered(
  store: ConnectionStore,
  shape: PageShape,
  where: { readonly search: string; readonly filter: StoredFilter; readonly counter: Counter },
  cursor: Cursor | null,
  total: number | null,
): PersonSqlRow[] {
  if (total === 0) return [];
  const { search, filter, counter } = where;
  const { column, direction } = shape;
  const own = filter.filter((range) => range.column === column);
  const others = filter.filter((range) => range.column !== column);
  const budget = filteredWalkBudget(store, shape, own, counter, total ?? estimatedTotal(store, search, filter, counter));
  if (budget !== null) {
    const test: SqlPart = search === '' ? { sql: '', params: [] } : { sql: `instr(${searchedKey(store, 'p.')}, ?) > 0`, params: [search] };
    const domain = allOf(keysetCondition(store, shape, cursor, 'p.'), rangeConditions(own, 'p.', column));
    const walked = boundedWalk(store, shape, domain, allOf(rangeConditions(others, 'p.', null), test), budget);
    if (walked !== null) return walked;
  }
  // Sorted candidates: the keyset is tested on each (`+`), so SQLite reads the source's index, not the sort's.
  const { where: source, rest } = smallestSource(store, search, filter, counter);
  const all = allOf(source, rest, keysetCondition(store, shape, cursor, '+p.'));
  const order = `+p.${column} ${direction}, +p."id" ${direction}`;
  const sql = `SELECT ${COLUMNS} FROM "Person" p WHERE ${all.sql} ORDER BY ${order} LIMIT ? OFFSET ?`;
  return store.statement(sql).all(...all.params, shape.limit, shape.offset) as PersonSqlRow[];
}

/** How many people `search` and `filter` match, estimated from the sizes of the parts (as if independent). */
function estimatedTotal(store: ConnectionStore, search: string, filter: StoredFilter, counter: Counter): number {
  const everyone = storedCount(store) ?? counter('', []);
  if (everyone === 0) return 0;
  let share = search === '' ? 1 : counter(search, []) / everyone;
  for (const range of filter) share *= counter('', [range]) / everyone;
  return share * everyone;
}

/** As walkBudget, for a filtered page: the walk reads each row from the table, within the sort column's range if filtered. */
function filteredWalkBudget(
  store: ConnectionStore,
  shape: PageShape,
  own: readonly StoredRange[],
  counter: Counter,
  total: number,
): number | null {
  if (total < SORT_MATCHES_BELOW) return null;
  const rows = own.length > 0 ? counter('', own) : (storedCount(store) ?? counter('', []));
  const predicted = ((shape.offset + shape.limit) * rows) / total;
  // A walked row costs what a sorted candidate does (a table read each), and the
  // smallest candidate set holds at least `total`: walk only when it promises far fewer.
  if (predicted * 2 > total) return null;
  return Math.ceil(Math.min(total, Math.max(WALK_MIN_ROWS, predicted * WALK_SLACK)));
}

function pageOfSearch(store: ConnectionStore, shape: PageShape, search: string, cursor: Cursor | null, total: number): PersonSqlRow[] {
  const keyset = keysetCondition(store, shape, cursor, 'p.');
  const ids = indexedIds(store, search);
  if (ids === null) return pageOfScan(store, shape, search, keyset, total);
  if (total === 0) return [];
  const budget = walkBudget(store, shape, total);
  const walked = budget === null ? null : boundedWalk(store, shape, keyset, { sql: 'instr(p."nameKey", ?) > 0', params: [search] }, budget);
  if (walked !== null) return walked;
  // Take the matching ids from the index (and the pending tail), sort those.
  const { column, direction } = shape;
  const sql =
    `SELECT ${COLUMNS} FROM "Person" p WHERE p."id" IN (${ids.sql})${keyset.sql ? ` AND ${keyset.sql}` : ''}` +
    ` ORDER BY p.${column} ${direction}, p."id" ${direction} LIMIT ? OFFSET ?`;
  return store.statement(sql).all(...ids.params, ...keyset.params, shape.limit, shape.offset) as PersonSqlRow[];
}

/**
 * How many rows of the sort index a walk may read for this page, or null when sorting
 * the ids is cheaper anyway: few matches, or a density that predicts a long walk.
 */
function walkBudget(store: ConnectionStore, shape: PageShape, total: number): number | null {
  if (total < SORT_MATCHES_BELOW) return null;
  const rows = storedCount(store);
  if (rows === null) return null;
  const predicted = ((shape.offset + shape.limit) * rows) / total;
  // The name walk reads only the covering (nameKey, id) index; the createdAt walk also
  // reads each row's key from the table, as the id sort does.
  const cap = shape.column === '"nameKey"' ? total * 4 : total / 2;
  if (predicted * WALK_SLACK > cap) return null;
  return Math.ceil(Math.min(cap, Math.max(WALK_MIN_ROWS, predicted * WALK_SLACK)));
}

/**
 * The page by walking at most `budget` rows of the sort order from where the page
 * starts, or null when those rows did not hold it (the matches sort elsewhere). The
 * walk's end is found first, in the index alone, so the walk itself is one ordered
 * range that SQLite stops reading as soon as the page is full.
 */
function boundedWalk(store: ConnectionStore, shape: PageShape, domain: SqlPart, match: SqlPart, budget: number): PersonSqlRow[] | null {
  const { column, direction } = shape;
  const order = ` ORDER BY p.${column} ${direction}, p."id" ${direction}`;
  const where = domain.sql ? ` WHERE ${domain.sql}` : '';
  const end = store
    .statement(`SELECT p.${column} AS k, p."id" AS id FROM "Person" p${where}${order} LIMIT 1 OFFSET ?`)
    .get(...domain.params, budget - 1) as { k: unknown; id: number } | undefined;
  const within: SqlPart =
    end === undefined
      ? { sql: '', params: [] }
      : { sql: `(p.${column}, p."id") ${direction === 'ASC' ? '<=' : '>='} (?, ?)`, params: [end.k as Param, end.id] };
  const all = allOf(match, domain, within);
  const sql = `SELECT ${COLUMNS} FROM "Person" p WHERE ${all.sql}${order} LIMIT ? OFFSET ?`;
  const rows = store.statement(sql).all(...all.params, shape.limit, shape.offset) as PersonSqlRow[];
  // Without an end the walk reached the last row: whatever it found is the whole answer.
  return rows.length === shape.limit || end === undefined ? rows : null;
}

/** A page without a usable index: the stashed ids of a short term's count, or a walk of the sort order. */
function pageOfScan(
  store: ConnectionStore,
  shape: PageShape,
  search: string,
  keyset: { sql: string; params: Param[] },
  total: number,
): PersonSqlRow[] {
  const { column, direction } = shape;
  const conditions = keyset.sql ? ` AND ${keyset.sql}` : '';
  const { stashed } = store.slot(shortTermIds);
  if (stashed && total < SORT_MATCHES_BELOW && stashed.key === stateKey(store, search)) {
    // A short term with few matches: the ids its count found (countByScan).
    if (stashed.ids.length === 0) return [];
    const sql =
      `SELECT ${COLUMNS} FROM "Person" p WHERE p."id" IN (SELECT value FROM json_each(?))${conditions}` +
      ` ORDER BY p.${column} ${direction}, p."id" ${direction} LIMIT ? OFFSET ?`;
    return store.statement(sql).all(JSON.stringify(stashed.ids), ...keyset.params, shape.limit, shape.offset) as PersonSqlRow[];
  }
  // Many matches: walk the sort order and test each key; dense matches fill a page
  // after a few hundred rows.
  const sql =
    `SELECT ${COLUMNS} FROM "Person" p WHERE instr(${searchedKey(store, 'p.')}, ?) > 0${conditions}` +
    ` ORDER BY p.${column} ${direction}, p."id" ${direction} LIMIT ? OFFSET ?`;
  return store.statement(sql).all(search, ...keyset.params, shape.limit, shape.offset) as PersonSqlRow[];
}

/**
 * The ids of every person matching `search` (already folded; '' for everyone),
 * ascending: what a bulk action on "all matching" works on. The
 * same rule as countPeople and the pages, so the action reaches exactly the people the
 * window counted. Meant for a task's own connection: it reads every match.
 */
export function matchingIds(store: ConnectionStore, search: string, filter: StoredFilter = []): number[] {
  if (filter.length > 0) {
    // A task's own connection, no cache: the candidate set is picked by counting its parts here.
    const { where, rest } = smallestSource(store, search, filter, (s, f) => countPeople(store, s, f));
    const all = allOf(where, rest);
    return store
      .statement(`SELECT p."id" FROM "Person" p WHERE ${all.sql} ORDER BY p."id"`)
      .pluck()
      .all(...all.params) as number[];
  }
  let ids: number[];
  if (search === '') {
    ids = store.statement('SELECT "id" FROM "Person" ORDER BY "id"').pluck().all() as number[];
    return ids;
  }
  const indexed = indexedIds(store, search);
  if (indexed !== null) {
    // The index's ids (up to searchPendingFrom) and the scanned tail (above it) never overlap.
    ids = store
      .statement(`SELECT "id" FROM (${indexed.sql}) ORDER BY 1`)
      .pluck()
      .all(...indexed.params) as number[];
    return ids;
  }
  return store.statement('SELECT "id" FROM "Person" WHERE instr("nameKey", ?) > 0 ORDER BY "id"').pluck().all(search) as number[];
}

/**
 * Where person `id` is in the whole list in this order (0-based), or null when there
 * is no such person: the rows before it, counted in the (key, id) index.
 */
export function positionOf(
  store: ConnectionStore,
  id: number,
  sort: ListPeopleQuery['sort'],
  direction: ListPeopleQuery['direction'],
): number | null {
  const column = sortColumn(sort);
  const row = store.statement(`SELECT ${column} AS k FROM "Person" WHERE "id" = ?`).get(id) as { k: unknown } | undefined;
  if (!row) return null;
  const before = direction === 'asc' ? '<' : '>';
  return store.statement(`SELECT count(*) FROM "Person" WHERE (${column}, "id") ${before} (?, ?)`).pluck().get(row.k, id) as number;
}

/**
 * How many of these ids are people that `search` (folded) and `filter` match, by the same
 * rule as the count: what an "all matching" selection with some people left out still holds.
 */
export function countMatchingAmong(store: ConnectionStore, search: string, filter: StoredFilter, ids: readonly number[]): number {
  const ranges = rangeConditions(filter, 'p.', null);
  const key = searchedKey(store, 'p.');
  return store
    .statement(
      `SELECT count(*) FROM "Person" p WHERE p."id" IN (SELECT value FROM json_each(?)) AND instr(${key}, ?) > 0` +
        (ranges.sql ? ` AND ${ranges.sql}` : ''),
    )
    .pluck()
    .get(JSON.stringify(ids), search, ...ranges.params) as number;
}

/**
 * These people, in id order, read by SQL as the list reads them: for the single-person
 * paths when Prisma cannot read a row because another program stored its name as a
 * BLOB (Prisma's P2023; stored-text.ts gives such a name its stand-in).
 */
export function peopleByIds(store: ConnectionStore, ids: readonly number[]): PersonDto[] {
  const rows = store
    .statement(`SELECT ${COLUMNS} FROM "Person" p WHERE p."id" IN (SELECT value FROM json_each(?)) ORDER BY p."id"`)
    .all(JSON.stringify(ids)) as PersonSqlRow[];
  return rows.map((row) => toListed(row, 'name').dto);
}
