// Entry point of a task worker thread (bundled as dist/main/task-worker.cjs). It runs
// one task at a time for the main thread, with connections of its own, so nothing a
// task does (a whole-file check, an import, an upgrade) holds the main event loop.

import { parentPort } from 'node:worker_threads';
import { asRosterError } from '../../kernel/node/sqlite/sqlite-errors.js';
import { appTaskRegistry } from './task-registry.js';
import type { FromWorker, ToWorker, WireError } from '../../kernel/node/tasks/worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('task-worker must run as a worker thread');

const registry = appTaskRegistry();
const running = new Map<number, AbortController>();

function send(message: FromWorker): void {
  port?.postMessage(message);
}

function wireError(error: unknown): WireError {
  const mapped = asRosterError(error);
  const cause = mapped.cause ?? error;
  let details: Record<string, unknown> | undefined;
  try {
    details = mapped.details === undefined ? undefined : structuredClone({ ...mapped.details });
  } catch {
    details = undefined;
  }
  return {
    code: mapped.code,
    message: mapped.message,
    ...(details ? { details } : {}),
    ...(cause instanceof Error && cause.stack ? { stack: cause.stack } : {}),
  };
}

async function run(id: number, name: string, input: unknown): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  try {
    const task = registry.get(name);
    if (!task) throw new Error(`unknown task ${name}`);
    // The main thread typed the input against this same definition before sending it.
    const output = await task.handler(input as never, {
      signal: controller.signal,
      progress: (progress: unknown) => send({ type: 'progress', id, progress }),
    });
    send({ type: 'done', id, output });
  } catch (error) {
    send({ type: 'failed', id, error: wireError(error) });
  } finally {
    running.delete(id);
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'run') void run(message.id, message.name, message.input);
  else running.get(message.id)?.abort();
});
