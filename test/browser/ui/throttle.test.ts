// The search box's throttle: a key after a pause searches at once; fast typing sends one
// search per window, with the last text typed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from '../../../renderer/src/kernel/dom.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('throttle', () => {
  it('runs the first call at once, then the latest call once per window', () => {
    const calls: string[] = [];
    const search = throttle(40, (text: string) => calls.push(text));
    search('a');
    expect(calls).toEqual(['a']);
    vi.advanceTimersByTime(10);
    search('an');
    vi.advanceTimersByTime(10);
    search('ann');
    expect(calls).toEqual(['a']);
    vi.advanceTimersByTime(20);
    expect(calls).toEqual(['a', 'ann']);
    vi.advanceTimersByTime(100);
    search('anne');
    expect(calls).toEqual(['a', 'ann', 'anne']);
  });

  it('flush runs the pending call now and cancel drops it', () => {
    const calls: string[] = [];
    const search = throttle(40, (text: string) => calls.push(text));
    search('a');
    search('ab');
    search.flush();
    expect(calls).toEqual(['a', 'ab']);
    search('abc');
    search.cancel();
    vi.advanceTimersByTime(100);
    expect(calls).toEqual(['a', 'ab']);
  });
});
