// A paging loop that makes no progress fails loudly: the loop helpers driven
// by made-up page sources, since a real workspace never produces such pages (that is
// the point: only a bug could). Each failure is INTERNAL, with the generic message,
// and what the loop saw is in the error's details and the log.

import { describe, expect, it } from 'vitest';
import { INTERNAL_MESSAGE, isRosterError, type RosterError } from '../../../main/kernel/common/errors.js';
import { assertAdvanced, collectPages, type CursorPage } from '../../../main/kernel/node/sqlite/paging.js';

interface Logged {
  readonly level: string;
  readonly message: string;
  readonly details: unknown;
}

/** A page source that serves `pages` in turn, recording the cursor and size it was asked with. */
function source(pages: readonly CursorPage<number>[]) {
  const asked: { cursor: string | undefined; want: number }[] = [];
  const fetch = (cursor: string | undefined, want: number): Promise<CursorPage<number>> => {
    asked.push({ cursor, want });
    const page = pages[asked.length - 1];
    if (!page) throw new Error(`asked for page ${asked.length}, which the test did not expect`);
    return Promise.resolve(page);
  };
  return { fetch, asked };
}

async function failure(promise: Promise<unknown>): Promise<RosterError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isRosterError(error)) throw new Error(`expected a RosterError, got ${String(error)}`);
  return error;
}

describe('collectPages', () => {
  it('reads every page in order and asks for no more than the limit', async () => {
    const { fetch, asked } = source([
      { items: [1, 2], nextCursor: 'a' },
      { items: [3, 4], nextCursor: 'b' },
      { items: [5], nextCursor: null },
    ]);
    expect(await collectPages(fetch, { loop: 'test', pageSize: 2 })).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([
      { cursor: undefined, want: 2 },
      { cursor: 'a', want: 2 },
      { cursor: 'b', want: 2 },
    ]);
    const limited = source([
      { items: [1, 2], nextCursor: 'a' },
      { items: [3], nextCursor: 'b' },
    ]);
    expect(await collectPages(limited.fetch, { loop: 'test', pageSize: 2, limit: 3 })).toEqual([1, 2, 3]);
    expect(limited.asked.map((call) => call.want)).toEqual([2, 1]);
  });

  it.each([
    [
      'the same cursor again',
      [
        { items: [1], nextCursor: 'a' },
        { items: [2], nextCursor: 'a' },
      ],
      /already used/,
    ],
    [
      'a cursor from two pages back (a cycle)',
      [
        { items: [1], nextCursor: 'a' },
        { items: [2], nextCursor: 'b' },
        { items: [3], nextCursor: 'a' },
      ],
      /already used/,
    ],
    [
      'an empty page that says there is more',
      [
        { items: [1], nextCursor: 'a' },
        { items: [], nextCursor: 'b' },
      ],
      /empty page/,
    ],
    ['an empty first page with a cursor', [{ items: [], nextCursor: 'a' }], /empty page/],
  ] as const)('%s: INTERNAL with the details logged, instead of spinning', async (_label, pages, reason) => {
    const { fetch, asked } = source(pages);
    const logged: Logged[] = [];
    const error = await failure(
      collectPages(fetch, {
        loop: 'people list',
        pageSize: 10,
        log: (level, message, details) => logged.push({ level, message, details }),
      }),
    );
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe(INTERNAL_MESSAGE);
    expect(error.details).toMatchObject({ stalled: 'people list', page: pages.length, reason: expect.stringMatching(reason) });
    expect(asked).toHaveLength(pages.length);
    expect(logged).toEqual([{ level: 'error', message: 'people list: paging made no progress', details: error.details }]);
  });

  it('a page that ends the walk may be empty', async () => {
    const { fetch } = source([
      { items: [1], nextCursor: 'a' },
      { items: [], nextCursor: null },
    ]);
    expect(await collectPages(fetch, { loop: 'test', pageSize: 1 })).toEqual([1]);
  });
});

describe('assertAdvanced (loops whose cursor is a growing id: export, refolding keys)', () => {
  it('passes a larger id and refuses the same or a smaller one with INTERNAL', () => {
    expect(() => assertAdvanced('export', 10, 11)).not.toThrow();
    for (const next of [10, 9, Number.NaN]) {
      let caught: unknown;
      try {
        assertAdvanced('export', 10, next);
      } catch (error) {
        caught = error;
      }
      expect(isRosterError(caught) && caught.code).toBe('INTERNAL');
      expect(isRosterError(caught) && caught.details).toMatchObject({ stalled: 'export', previous: 10 });
    }
  });
});
