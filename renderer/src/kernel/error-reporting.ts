// Uncaught errors and unhandled promise rejections go to main's log (main.log), so a
// bug report can include what went wrong in a window. Limited here (a burst of 5,
// then one every 10 seconds, identical messages once a minute) and again in main,
// which does not trust the page to limit itself.

import { roster } from './api.js';

const BURST = 5;
const REFILL_MS = 10_000;
const REPEAT_MS = 60_000;
const MESSAGE_MAX = 2000;
const STACK_MAX = 8000;

function text(value: unknown, max: number): string {
  const raw = typeof value === 'string' ? value : value instanceof Error ? `${value.name}: ${value.message}` : safeString(value);
  return raw.length <= max ? raw : `${raw.slice(0, max - 1)}…`;
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return 'an unprintable value';
  }
}

export function installErrorReporting(): void {
  let tokens = BURST;
  let refilledAt = performance.now();
  const lastSent = new Map<string, number>();

  function send(kind: 'error' | 'unhandledrejection', message: string, error: unknown, source?: string): void {
    const now = performance.now();
    tokens = Math.min(BURST, tokens + (now - refilledAt) / REFILL_MS);
    refilledAt = now;
    const previous = lastSent.get(message);
    if (tokens < 1 || (previous !== undefined && now - previous < REPEAT_MS)) return;
    tokens -= 1;
    lastSent.set(message, now);
    if (lastSent.size > 100) lastSent.delete(lastSent.keys().next().value as string);
    const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack.slice(0, STACK_MAX) : undefined;
    try {
      void roster()
        .app.reportError({
          kind,
          message: text(message, MESSAGE_MAX),
          ...(stack ? { stack } : {}),
          ...(source ? { source: source.slice(0, 500) } : {}),
        })
        .catch(() => undefined);
    } catch {
      // No way to reach main: nothing more to do.
    }
  }

  window.addEventListener('error', (event) => {
    const source = event.filename ? `${event.filename}:${event.lineno}:${event.colno}` : undefined;
    send('error', text(event.message || event.error, MESSAGE_MAX), event.error, source);
  });
  window.addEventListener('unhandledrejection', (event) => {
    send('unhandledrejection', text(event.reason, MESSAGE_MAX), event.reason);
  });
}
