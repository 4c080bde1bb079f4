// The page cache behind the people grid, against a fetcher that records its calls.
import { describe, expect, it } from 'vitest';
import { PageCache } from '../../../renderer/src/kernel/page-cache.js';

interface Deferred {
  offset: number;
  limit: number;
  resolve(rows: number[]): void;
  reject(error: Error): void;
}

function harness(options: { pageSize?: number; maxPages?: number } = {}) {
  const calls: Deferred[] = [];
  let updates = 0;
  const errors: unknown[] = [];
  const cache = new PageCache<number>({
    pageSize: options.pageSize ?? 10,
    maxPages: options.maxPages ?? 4,
    fetch: (offset, limit) =>
      new Promise((resolve, reject) => {
        calls.push({ offset, limit, resolve, reject });
      }),
    onUpdate: () => {
      updates++;
    },
    onError: (error) => errors.push(error),
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  const rows = (offset: number, limit: number, tag = 0) => Array.from({ length: limit }, (_, i) => tag + offset + i);
  return { cache, calls, errors, settle, rows, updates: () => updates };
}

describe('PageCache', () => {
  it('fetches each missing page once by offset and serves its rows', async () => {
    const { cache, calls, settle, rows, updates } = harness();
    cache.ensure(5, 25);
    cache.ensure(0, 29);
    expect(calls.map((call) => call.offset)).toEqual([0, 10, 20]);
    expect(cache.get(12)).toBeUndefined();
    for (const call of calls) call.resolve(rows(call.offset, call.limit));
    await settle();
    expect(cache.get(12)).toBe(12);
    expect(cache.isFresh(29)).toBe(true);
    expect(updates()).toBe(3);
    cache.ensure(0, 29);
    expect(calls).toHaveLength(3);
  });

  it('keeps stale rows on screen after invalidate until fresh ones arrive', async () => {
    const { cache, calls, settle, rows } = harness();
    cache.ensure(0, 9);
    calls[0]?.resolve(rows(0, 10));
    await settle();
    cache.invalidate();
    expect(cache.get(3)).toBe(3);
    expect(cache.isFresh(3)).toBe(false);
    cache.ensure(0, 9);
    expect(calls).toHaveLength(2);
    calls[1]?.resolve(rows(0, 10, 1000));
    await settle();
    expect(cache.get(3)).toBe(1003);
    expect(cache.isFresh(3)).toBe(true);
  });

  it('does not let a reply asked before a change count as fresh, nor overwrite newer data', async () => {
    const { cache, calls, settle, rows } = harness();
    cache.ensure(0, 9);
    cache.invalidate();
    cache.ensure(0, 9);
    expect(calls).toHaveLength(2);
    calls[1]?.resolve(rows(0, 10, 2000));
    await settle();
    calls[0]?.resolve(rows(0, 10, 1000));
    await settle();
    expect(cache.get(0)).toBe(2000);
    expect(cache.isFresh(0)).toBe(true);
  });

  it('evicts the least recently used pages beyond its limit', async () => {
    const { cache, calls, settle, rows } = harness({ maxPages: 4 });
    for (let page = 0; page < 6; page++) {
      cache.ensure(page * 10, page * 10 + 9);
      calls.at(-1)?.resolve(rows(page * 10, 10));
      await settle();
    }
    expect(cache.pagesHeld).toBe(4);
    expect(cache.get(0)).toBeUndefined();
    expect(cache.get(55)).toBe(55);
  });

  it('reports a failed fetch and asks again next time', async () => {
    const { cache, calls, errors, settle, rows } = harness();
    cache.ensure(0, 9);
    calls[0]?.reject(new Error('disk on fire'));
    await settle();
    expect(errors).toHaveLength(1);
    expect(cache.get(0)).toBeUndefined();
    cache.ensure(0, 9);
    expect(calls).toHaveLength(2);
    calls[1]?.resolve(rows(0, 10));
    await settle();
    expect(cache.get(0)).toBe(0);
  });

  it('drops replies after dispose', async () => {
    const { cache, calls, settle, rows, updates } = harness();
    cache.ensure(0, 9);
    cache.dispose();
    calls[0]?.resolve(rows(0, 10));
    await settle();
    expect(cache.get(0)).toBeUndefined();
    expect(updates()).toBe(0);
  });
});
