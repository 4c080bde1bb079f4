// Renderer error reports in main: a flooding window costs a few log lines a minute,
// lines cannot be forged, and the log is written after the reply (not inside it).

import { describe, expect, it } from 'vitest';
import type { LogLevel } from '../../../main/kernel/node/ipc/ports.js';
import { RateLimit } from '../../../main/kernel/node/log/rate-limit.js';
import { RENDERER_REPORTS_BURST, rendererErrorSink } from '../../../main/app/node/renderer-errors.js';

function recorder(): {
  log: (level: LogLevel, message: string, details?: unknown) => void;
  lines: { level: LogLevel; message: string; details: unknown }[];
} {
  const lines: { level: LogLevel; message: string; details: unknown }[] = [];
  return { lines, log: (level, message, details) => lines.push({ level, message, details }) };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('rate limit', () => {
  it('lets a burst through, then one per interval, and counts what it dropped', () => {
    let now = 0;
    const limit = new RateLimit({ burst: 3, perMinute: 6, now: () => now });
    expect([limit.take(), limit.take(), limit.take()]).toEqual([{ droppedBefore: 0 }, { droppedBefore: 0 }, { droppedBefore: 0 }]);
    expect(limit.take()).toBeNull();
    expect(limit.take()).toBeNull();
    now += 9_999;
    expect(limit.take()).toBeNull();
    now += 1;
    expect(limit.take()).toEqual({ droppedBefore: 3 });
    expect(limit.take()).toBeNull();
  });
});

describe('renderer error sink', () => {
  it('a page sending 10,000 reports in a second writes at most the burst, and says later how many it dropped', async () => {
    let now = 0;
    const { log, lines } = recorder();
    const sink = rendererErrorSink(7, log, () => now);
    for (let i = 0; i < 10_000; i++) sink({ kind: 'error', message: `flood ${i}` });
    // Nothing is written while the request is being answered.
    expect(lines).toEqual([]);
    await flush();
    expect(lines).toHaveLength(RENDERER_REPORTS_BURST);
    now += 60_000;
    sink({ kind: 'unhandledrejection', message: 'later' });
    await flush();
    expect(lines.slice(-2).map((line) => line.message)).toEqual([
      'renderer of window 7: 9990 more error reports were dropped (rate limit)',
      'renderer of window 7: unhandled rejection: later',
    ]);
  });

  it('keeps each report on one line: line breaks and control characters cannot forge log lines', async () => {
    const { log, lines } = recorder();
    rendererErrorSink(1, log)({ kind: 'error', message: 'a\n2026-01-01T00:00:00.000Z ERROR forged\u0007', stack: 'Error: a\n  at b' });
    await flush();
    expect(lines).toEqual([
      {
        level: 'error',
        message: 'renderer of window 1: uncaught error: a ⏎ 2026-01-01T00:00:00.000Z ERROR forged\\u0007',
        details: { stack: 'Error: a ⏎   at b' },
      },
    ]);
  });
});
