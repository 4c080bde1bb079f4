// Reading the short-term index (PersonGram: main/features/workspace/node/search/gram-index.ts)
// for search terms of one or two characters: the matching ids and their exact count,
// with the rows above searchPendingFrom (not indexed yet) scanned, as for the trigram
// index (people-queries.ts).
//
// The count reads the gram's document count from an fts5vocab table over PersonGram, a
// read-only view SQLite computes from the index (tombstones of deleted rows included)
// without visiting the matches one by one through the virtual table: about 40% faster
// for the most frequent grams ("a" in two thirds of a million names: 15 ms against 25).
// It is created per connection in the temporary schema, so nothing is added to the file.

import { defineSlot, type ConnectionStore } from '../../../kernel/node/sqlite/connection-store.js';
import { GRAM_TABLE, gramQuery, LONG_KEY_TOKEN } from '../../workspace/node/search/gram-index.js';
import { NO_PENDING, searchPendingFrom } from '../../workspace/node/search/search-state.js';

const VOCAB_TABLE = 'roster_gram_vocab';
/** Indexed rows whose key is too long for grams (none, normally), tested one by one. */
const LONG_MATCHES =
  `SELECT l."id" FROM "Person" l WHERE l."id" IN (SELECT rowid FROM "${GRAM_TABLE}" WHERE "${GRAM_TABLE}" MATCH '"${LONG_KEY_TOKEN}"')` +
  ' AND instr(l."nameKey", ?) > 0';

/** What this connection knows about the short-term index: readable at all, and whether its vocab table exists. */
interface GramReading {
  usable: boolean | null;
  vocab: boolean | null;
}

const gramReading = defineSlot<GramReading>('people.gram-reading', () => ({ usable: null, vocab: null }));

/** Whether this connection's file has a readable short-term index (a file from before it, or damaged, has not). */
export function hasGramIndex(store: ConnectionStore): boolean {
  const reading = store.slot(gramReading);
  if (reading.usable === null) {
    try {
      store.db.prepare(`SELECT 1 FROM "${GRAM_TABLE}" WHERE "${GRAM_TABLE}" MATCH '"61"' LIMIT 1`).get();
      reading.usable = true;
    } catch {
      reading.usable = false;
    }
  }
  return reading.usable;
}

/** The ids `search` (1 or 2 folded characters) matches: indexed rows, then the pending tail. */
export function gramIds(store: ConnectionStore, search: string): { sql: string; params: (string | number)[] } {
  return {
    sql:
      `SELECT rowid AS "id" FROM "${GRAM_TABLE}" WHERE "${GRAM_TABLE}" MATCH ? UNION ALL ${LONG_MATCHES} UNION ALL ` +
      'SELECT "id" FROM "Person" WHERE "id" > ? AND instr("nameKey", ?) > 0',
    params: [gramQuery(search), search, searchPendingFrom(store), search],
  };
}

function hasVocab(store: ConnectionStore): boolean {
  const reading = store.slot(gramReading);
  if (reading.vocab === null) {
    try {
      store.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp."${VOCAB_TABLE}" USING fts5vocab(main, '${GRAM_TABLE}', 'row')`);
      reading.vocab = true;
    } catch {
      // A connection that cannot add to its temporary schema counts through the index itself.
      reading.vocab = false;
    }
  }
  return reading.vocab;
}

function indexedCount(store: ConnectionStore, search: string): number {
  if (hasVocab(store)) {
    const token = gramQuery(search).slice(1, -1);
    const count = store.statement(`SELECT "doc" FROM temp."${VOCAB_TABLE}" WHERE "term" = ?`).pluck().get(token) as number | undefined;
    return count ?? 0;
  }
  return store.statement(`SELECT count(*) FROM "${GRAM_TABLE}" WHERE "${GRAM_TABLE}" MATCH ?`).pluck().get(gramQuery(search)) as number;
}

/** How many people `search` (1 or 2 folded characters) matches, exactly. */
export function countGramMatches(store: ConnectionStore, search: string): number {
  const long = store.statement(`SELECT count(*) FROM (${LONG_MATCHES})`).pluck().get(search) as number;
  const indexed = indexedCount(store, search) + long;
  const pending = searchPendingFrom(store);
  if (pending === NO_PENDING) return indexed;
  const tail = store
    .statement('SELECT count(*) FROM "Person" WHERE "id" > ? AND instr("nameKey", ?) > 0')
    .pluck()
    .get(pending, search) as number;
  return indexed + tail;
}
