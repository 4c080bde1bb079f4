// The short-term index: PersonGram, an FTS5 table that lists, for each person, every
// distinct 1- and 2-code-point piece ("gram") of the folded key. A 1–2 character term
// is a substring of a key exactly when it is one of that key's grams, so the trigram
// index's blind spot (terms it cannot split into trigrams) is served by a lookup of one
// token instead of a scan of every key.
//
// Each gram is stored as the lowercase hex of its UTF-8 bytes, one space-separated
// token per gram: FTS5's "ascii" tokenizer then keeps every gram whole whatever script
// or symbol it holds (spaces, quotes, emoji parts included), and hex compares byte for
// byte, as instr() does. The table is contentless (the text lives in Person.nameKey)
// and keeps rowids only (detail=none: about a sixth of today's file at a million
// people, docs/dev/benchmarks.md). A row leaves it by a 'delete' that repeats its
// tokens, which the triggers compute again from the old key (the migration says why
// not contentless_delete), so the tokens computed here must be the ones the SQL
// computes.
//
// It follows the same rule as PersonSearch (search-state.ts): rows with an id above
// RosterState.searchPendingFrom are in neither index yet, and search scans them. The
// triggers (prisma/migrations/20261207020000_short_term_index/migration.sql) compute the
// grams in SQL for other programs' writes; the catch-up computes them here, in
// JavaScript, a quarter faster. Both give the same set of grams for any key stored as
// valid UTF-8 text or an integer (test/node/people/short-terms.test.ts compares them). A
// blob, a real or invalid UTF-8 in nameKey, which only a damaged file holds, may differ; at
// worst that leaves a stale gram for the row (a count one too high for that gram)
// until the index is rebuilt.

import type Database from 'better-sqlite3';
import { defineSlot, type ConnectionStore } from '../../../../kernel/node/sqlite/connection-store.js';

export const GRAM_TABLE = 'PersonGram';
/** The longest term the gram index serves, in code points. */
export const GRAM_TERM_MAX = 2;
/**
 * A key longer than this (in code points) is indexed by one token, LONG_KEY_TOKEN,
 * instead of its grams, and search tests such rows with instr(): a 50 MB name written
 * by another program would otherwise stall the write that indexes it. Roster's own
 * names have at most 256 code points. Not hex, so no gram's token.
 */
const LONG_KEY_CHARS = 1024;
export const LONG_KEY_TOKEN = 'long';

const GRAMS_FUNCTION = 'roster_grams';
/** Whether this connection has the JavaScript grams function (registered once: re-registering fails while a statement runs). */
const gramsFunction = defineSlot<{ registered: boolean }>('workspace.grams-function', () => ({ registered: false }));

function hexOf(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}

/** Each character's hex, remembered: names repeat a small alphabet, and encoding each piece anew cost more than indexing it. */
const charHex = new Map<string, string>();
const CHAR_HEX_MAX = 50_000;

function hexOfChar(char: string): string {
  let hex = charHex.get(char);
  if (hex === undefined) {
    hex = hexOf(char);
    if (charHex.size >= CHAR_HEX_MAX) charHex.clear();
    charHex.set(char, hex);
  }
  return hex;
}

/** The tokens PersonGram holds for a key: every 1- and 2-code-point piece, in hex, in the triggers' order. */
export function gramTokens(key: unknown): string {
  const text = typeof key === 'string' ? key : typeof key === 'number' || typeof key === 'bigint' ? String(key) : '';
  // More UTF-16 units than twice the limit means more code points than the limit: no need to split a huge key.
  if (text.length > 2 * LONG_KEY_CHARS) return LONG_KEY_TOKEN;
  const chars = [...text];
  if (chars.length > LONG_KEY_CHARS) return LONG_KEY_TOKEN;
  const hexes = chars.map(hexOfChar);
  // Exactly the sequence the triggers' SQL builds, repeats included: at each character,
  // the character, then the pair from there (the last character alone again). With
  // detail=none, a row's 'delete' that repeats a token its insert held once leaves the
  // index inconsistent, and a later write on those tokens fails as "database disk image
  // is malformed": the text must match the triggers', not only its set of tokens.
  const out: string[] = [];
  for (let i = 0; i < hexes.length; i++) {
    const hex = hexes[i] as string;
    out.push(hex);
    // UTF-8 encodes each character alone, so a pair's hex is its two characters' hex.
    out.push(i + 1 < hexes.length ? hex + (hexes[i + 1] as string) : hex);
  }
  return out.join(' ');
}

/** The FTS5 query for one gram: its token, quoted (hex needs no escaping). */
export function gramQuery(term: string): string {
  return `"${hexOf(term)}"`;
}

/** Adds rows `after` < id <= `last` to the gram index (they must not be in it: they were pending). */
export function indexGramsOfRange(store: ConnectionStore, after: number, last: number): void {
  const registration = store.slot(gramsFunction);
  if (!registration.registered) {
    store.db.function(GRAMS_FUNCTION, { deterministic: true }, gramTokens);
    registration.registered = true;
  }
  store
    .statement(
      `INSERT INTO "${GRAM_TABLE}" (rowid, "grams") SELECT "id", ${GRAMS_FUNCTION}("nameKey") FROM "Person" WHERE "id" > ? AND "id" <= ?`,
    )
    .run(after, last);
}

/** Empties the gram index (inside the caller's transaction), as a search index restart does. */
export function emptyGramIndex(db: Database.Database): void {
  db.exec(`INSERT INTO "${GRAM_TABLE}" ("${GRAM_TABLE}") VALUES ('delete-all')`);
}
