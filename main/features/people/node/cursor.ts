// Keyset cursors: an opaque string that says where the previous page ended (the sort
// key and id of its last row) and the order it was read in, so that a cursor used with
// a different sort is refused instead of returning the wrong page.
//
// The key is the row's sort column exactly as stored (nameKey, or the createdAt or updatedAt value),
// never a re-serialised one: the next page compares it with the same column in SQL, so
// paging follows ORDER BY exactly, whatever another tool stored. Any stored key must
// page without skipping or repeating a row, and other tools store empty keys, keys of any length and, in a file
// whose triggers are gone, numbers or blobs. So a cursor carries:
//   - the key itself when it is text or a number that fits (KEY_INLINE_MAX_BYTES,
//     room for every key Roster can fold from a name it accepts: 256 × "ﷺ" is 8,448
//     bytes). The next page then continues from exactly there, even if that row was
//     renamed or deleted meanwhile;
//   - otherwise a digest of it: the next page reads the key back from the row (by id)
//     and uses it if it still has that digest. If that row changed, where the page
//     ended is no longer known, and the request is refused (INVALID_QUERY) rather than
//     guessed: a guess would skip or repeat rows.
// Either way, while the row is unchanged the next page compares against the stored
// value itself (a subquery by id, see people-queries.ts), so bytes SQLite holds that do
// not survive the trip through a JS string (invalid UTF-8, blobs) still page exactly.

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { RosterError } from '../../../kernel/common/errors.js';
import { CURSOR_MAX_LENGTH, SortDirection, SortKey } from '../common/people-contract.js';

/** Longest key (UTF-8 bytes of its JSON) a cursor carries itself; CURSOR_MAX_LENGTH leaves room for it in base64. */
const KEY_INLINE_MAX_BYTES = 16 * 1024;

/** What a cursor knows of the key: the value, or (too long, or not text or a number) its digest. */
export type CursorKey = string | number | { readonly digest: string };

const Digest = z.strictObject({ digest: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
const CursorData = z.tuple([
  SortKey,
  SortDirection,
  z.union([z.string().max(KEY_INLINE_MAX_BYTES), z.number(), Digest]),
  z.number().int().positive(),
]);

export interface Cursor {
  readonly sort: SortKey;
  readonly direction: SortDirection;
  readonly key: CursorKey;
  readonly id: number;
}

/** A digest of a stored value that tells its type apart (the text '1' is not the number 1). */
function keyDigest(value: unknown): string {
  const hash = createHash('sha256');
  if (typeof value === 'string') hash.update(`t:${value}`);
  else if (typeof value === 'number' || typeof value === 'bigint') hash.update(`n:${String(value)}`);
  else if (Buffer.isBuffer(value)) hash.update('b:').update(value);
  else hash.update('null');
  return hash.digest('base64url');
}

/** How a cursor refers to `value`, the sort column of a page's last row as read from SQLite. */
function cursorKey(value: unknown): CursorKey {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && Buffer.byteLength(JSON.stringify(value), 'utf8') <= KEY_INLINE_MAX_BYTES) return value;
  return { digest: keyDigest(value) };
}

/** Whether `stored` (read from the row now) is the value the cursor was made from. */
export function sameKey(stored: unknown, key: CursorKey): boolean {
  if (typeof key === 'object') return keyDigest(stored) === key.digest;
  return stored === key;
}

export function encodeCursor(sort: SortKey, direction: SortDirection, storedKey: unknown, id: number): string {
  const text = Buffer.from(JSON.stringify([sort, direction, cursorKey(storedKey), id]), 'utf8').toString('base64url');
  // Cannot happen (KEY_INLINE_MAX_BYTES bounds it): said loudly rather than sent as a cursor the next call refuses.
  if (text.length > CURSOR_MAX_LENGTH)
    throw new RosterError('INTERNAL', 'A cursor came out longer than the limit.', { length: text.length });
  return text;
}

export function decodeCursor(text: string, sort: SortKey, direction: SortDirection): Cursor {
  let parsed: z.infer<typeof CursorData>;
  try {
    parsed = CursorData.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new RosterError('INVALID_QUERY', 'cursor: not a cursor returned by a previous page.');
  }
  const [cursorSort, cursorDirection, key, id] = parsed;
  if (cursorSort !== sort || cursorDirection !== direction) {
    throw new RosterError('INVALID_QUERY', 'cursor: it belongs to a list in another order; start again without a cursor.');
  }
  return { sort, direction, key, id };
}

/** The next page cannot know where the last one ended (see the top of this file). */
export function lostCursor(id: number): RosterError {
  return new RosterError(
    'INVALID_QUERY',
    'cursor: the person the last page ended at was renamed or deleted since, ' +
      'and that name is too long to remember in a cursor; start again without a cursor.',
    { id },
  );
}
