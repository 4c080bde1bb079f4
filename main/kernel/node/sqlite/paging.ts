// Loops that read rows page by page, and what they do when a page does not move them
// on. A paging loop that makes no progress is a bug that must fail loudly, not spin.
// A cursor that comes back again, or a page that adds nothing while it says
// there is more, would otherwise loop until memory runs out (which is what a broken
// cursor once did to `roster people list --desc`). So the loop stops with INTERNAL,
// whose message is the generic one, and says what it saw in the error's details and
// the log.

import { createHash } from 'node:crypto';
import { INTERNAL_MESSAGE, RosterError } from '../../common/errors.js';

export type PagingLog = (level: 'info' | 'warn' | 'error', message: string, details?: unknown) => void;

/** The error a stalled loop throws (and logs, when it has a log). */
export function stalled(loop: string, details: Record<string, unknown>, log?: PagingLog): RosterError {
  const error = new RosterError('INTERNAL', INTERNAL_MESSAGE, { stalled: loop, ...details });
  log?.('error', `${loop}: paging made no progress`, error.details);
  return error;
}

/** For a loop whose cursor is an id that must grow with every page. */
export function assertAdvanced(loop: string, previous: number, next: number, log?: PagingLog): void {
  if (!(next > previous)) throw stalled(loop, { previous, next }, log);
}

export interface CursorPage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export interface CollectOptions {
  /** Names the loop in the error and the log. */
  readonly loop: string;
  /** Largest page to ask for. */
  readonly pageSize: number;
  /** Stop after this many items (default: all). */
  readonly limit?: number;
  readonly log?: PagingLog;
}

function digest(cursor: string): string {
  return createHash('sha256').update(cursor).digest('base64url');
}

/** What the details show of a cursor: enough to debug, not a whole name. */
function preview(cursor: string | undefined): string | null {
  return cursor === undefined ? null : cursor.length > 120 ? `${cursor.slice(0, 120)}… (${cursor.length} characters)` : cursor;
}

/**
 * Reads pages from `fetch` (given the previous page's cursor, undefined for the first,
 * and how many items to ask for) until the last page or `limit` items. Throws INTERNAL
 * if a cursor comes back that was already used, or a page with a next cursor is empty.
 */
export async function collectPages<T>(
  fetch: (cursor: string | undefined, want: number) => Promise<CursorPage<T>>,
  options: CollectOptions,
): Promise<T[]> {
  const limit = options.limit ?? Infinity;
  const items: T[] = [];
  // Digests, not the cursors: a cursor can be kilobytes, and a walk a thousand pages.
  const used = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page++) {
    const result = await fetch(cursor, Math.min(options.pageSize, limit - items.length));
    items.push(...result.items);
    const next = result.nextCursor;
    if (next === null || items.length >= limit) return items;
    if (result.items.length === 0) {
      throw stalled(
        options.loop,
        { page, reason: 'an empty page said there was more', cursor: preview(cursor), nextCursor: preview(next), items: items.length },
        options.log,
      );
    }
    const key = digest(next);
    if (used.has(key)) {
      throw stalled(
        options.loop,
        { page, reason: 'a cursor came back that was already used', nextCursor: preview(next), items: items.length },
        options.log,
      );
    }
    used.add(key);
    cursor = next;
  }
}
