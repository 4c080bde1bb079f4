// The owner a renderer view registers what it hooks into with (renderer/src/kernel/disposables.ts):
// listeners, subscriptions and timers are undone when it is disposed, newest first,
// each once; what is registered after that is undone at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Disposables } from '../../../renderer/src/kernel/disposables.js';

/** An EventTarget that counts the listeners on it. */
class CountingTarget extends EventTarget {
  listeners = 0;
  override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
    this.listeners++;
    super.addEventListener(...args);
  }
  override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>): void {
    this.listeners--;
    super.removeEventListener(...args);
  }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Disposables', () => {
  it('removes its listeners when disposed, with the capture flag they were added with', () => {
    const owner = new Disposables();
    const target = new EventTarget();
    const heard: string[] = [];
    owner.listen(target, 'ping', () => heard.push('bubble'));
    owner.listen(target, 'ping', () => heard.push('capture'), { capture: true });
    owner.listen(target, 'ping', () => heard.push('capture, boolean'), true);
    target.dispatchEvent(new Event('ping'));
    expect(heard).toEqual(['bubble', 'capture', 'capture, boolean']);
    expect(owner.size).toBe(3);
    owner.dispose();
    target.dispatchEvent(new Event('ping'));
    expect(heard).toHaveLength(3);
    expect(owner.size).toBe(0);
  });

  it('forgets a once listener that fired, and a listener released early', () => {
    const owner = new Disposables();
    const target = new CountingTarget();
    let heard = 0;
    owner.listen(target, 'ping', () => heard++, { once: true });
    const release = owner.listen(target, 'ping', () => heard++);
    expect(owner.size).toBe(2);
    target.dispatchEvent(new Event('ping'));
    expect(heard).toBe(2);
    expect(owner.size).toBe(1);
    release();
    release();
    expect(owner.size).toBe(0);
    target.dispatchEvent(new Event('ping'));
    expect(heard).toBe(2);
    owner.dispose();
    expect(target.listeners).toBe(0);
  });

  it('runs what it was given once, newest first, and still runs the rest when one throws', () => {
    const owner = new Disposables();
    const ran: string[] = [];
    owner.add(() => ran.push('first'));
    owner.add(() => {
      ran.push('second');
      throw new Error('second failed');
    });
    owner.add(() => ran.push('third'));
    expect(() => owner.dispose()).toThrow('second failed');
    expect(ran).toEqual(['third', 'second', 'first']);
    owner.dispose();
    expect(ran).toHaveLength(3);
    expect(owner.disposed).toBe(true);
  });

  it('an unsubscribe released early is not run again', () => {
    const owner = new Disposables();
    let unsubscribed = 0;
    const release = owner.add(() => unsubscribed++);
    release();
    owner.dispose();
    expect(unsubscribed).toBe(1);
  });

  it('clears a pending timeout when disposed, and forgets one that fired', () => {
    const owner = new Disposables();
    const ran: string[] = [];
    owner.timeout(() => ran.push('soon'), 10);
    owner.timeout(() => ran.push('later'), 1000);
    expect(owner.size).toBe(2);
    vi.advanceTimersByTime(10);
    expect(ran).toEqual(['soon']);
    expect(owner.size).toBe(1);
    owner.dispose();
    vi.advanceTimersByTime(5000);
    expect(ran).toEqual(['soon']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('after dispose, undoes at once what is registered: no listener, no timer, the unsubscribe runs', () => {
    const owner = new Disposables();
    owner.dispose();
    const target = new CountingTarget();
    owner.listen(target, 'ping', () => undefined);
    expect(target.listeners).toBe(0);
    let ran = false;
    owner.timeout(() => (ran = true), 1);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10);
    expect(ran).toBe(false);
    let unsubscribed = false;
    owner.add(() => (unsubscribed = true));
    expect(unsubscribed).toBe(true);
    expect(owner.size).toBe(0);
  });
});
