// Uncaught errors and unhandled rejections from renderers, into the main log.
//
// A renderer already limits what it sends (renderer/src/kernel/error-reporting.ts),
// but main cannot trust a page: each window gets its own token bucket here too, so a
// page that floods the channel costs a few log lines a minute, never the disk. Lines
// are cut to a fixed length and control characters are escaped, so a report cannot
// forge other lines of the log. Writing goes through the Logger port after the IPC
// reply is sent (setImmediate), so the renderer never waits on the log.

import type { z } from 'zod';
import type { RendererErrorReport } from '../common/app-api.js';
import type { Logger } from '../../kernel/node/ipc/ports.js';
import { RateLimit } from '../../kernel/node/log/rate-limit.js';

/** Per window: a burst of 10 reports, then one every 6 seconds. */
export const RENDERER_REPORTS_BURST = 10;
const RENDERER_REPORTS_PER_MINUTE = 10;
const LINE_MAX = 2000;

function oneLine(text: string, max = LINE_MAX): string {
  const flat = text.replace(/\r?\n/g, ' ⏎ ').replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

export type RendererErrorSink = (report: z.output<typeof RendererErrorReport>) => null;

/** The handler for one window's `app:reportError`. */
export function rendererErrorSink(windowId: number, log: Logger, now?: () => number): RendererErrorSink {
  const limit = new RateLimit({ burst: RENDERER_REPORTS_BURST, perMinute: RENDERER_REPORTS_PER_MINUTE, ...(now ? { now } : {}) });
  return (report) => {
    const taken = limit.take();
    if (taken === null) return null;
    const where = report.source ? ` at ${oneLine(report.source, 500)}` : '';
    const lines = [
      `renderer of window ${windowId}: ${report.kind === 'error' ? 'uncaught error' : 'unhandled rejection'}: ` +
        `${oneLine(report.message)}${where}`,
    ];
    if (taken.droppedBefore > 0)
      lines.unshift(`renderer of window ${windowId}: ${taken.droppedBefore} more error reports were dropped (rate limit)`);
    const stack = report.stack ? oneLine(report.stack, 8000) : undefined;
    setImmediate(() => {
      for (const [i, line] of lines.entries()) log('error', line, i === lines.length - 1 && stack ? { stack } : undefined);
    });
    return null;
  };
}
