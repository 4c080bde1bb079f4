// Keyset cursors: an opaque string that encodes where the previous page ended (the
// sort key and id of its last row) and the order it was read in, so that a cursor
// used with a different sort is refused instead of returning the wrong page.
//
// The key is the row's sort column exactly as stored (nameKey, or the createdAt text),
// never a re-serialised value: the next page compares it with the same column in SQL,
// so paging follows ORDER BY exactly, whatever format another tool stored a time in.

import { z } from 'zod';
import { RosterError } from '../../common/errors.js';
import type { SortDirection, SortKey } from '../../common/people-contract.js';

const CursorData = z.tuple([z.enum(['name', 'created']), z.enum(['asc', 'desc']), z.string().max(1024), z.number().int().positive()]);

export interface Cursor {
  readonly sort: SortKey;
  readonly direction: SortDirection;
  readonly key: string;
  readonly id: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.direction, cursor.key, cursor.id]), 'utf8').toString('base64url');
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
  if (key === '') throw new RosterError('INVALID_QUERY', 'cursor: not a cursor returned by a previous page.');
  return { sort, direction, key, id };
}
